#!/usr/bin/env python3
# offloads-off.py IFNAME: switch off checksum and segmentation offloads of a
# veth end (SIOCETHTOOL, as synfin's netns.c does), so the segments a kernel
# sends there cross the link with full checksums, at the size it chose.
# tests/integration/remote.sh uses it for the namespace that plays the host.
import ctypes, fcntl, socket, struct, sys

SIOCETHTOOL = 0x8946
# ETHTOOL_STXCSUM, ETHTOOL_SSG, ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO
for cmd in (0x17, 0x19, 0x1F, 0x24, 0x2C):
    value = ctypes.create_string_buffer(struct.pack("II", cmd, 0))
    ifreq = struct.pack("16sP", sys.argv[1].encode(), ctypes.addressof(value)).ljust(40, b"\0")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, SIOCETHTOOL, ifreq)
