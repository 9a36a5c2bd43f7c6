#!/usr/bin/env python3
# tap-relay.py STACK_TAP KERNEL_TAP: copy Ethernet frames both ways between
# two tap devices, opened by name (IFF_TAP | IFF_NO_PI). With the kernel's
# addresses on KERNEL_TAP, this makes the Linux kernel a "userspace stack"
# on synfin's tap: exactly one process reads and writes the tap, as a user's
# stack would. Used by kernel-tap; it exits when either tap goes away.
import fcntl, os, select, struct, sys

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000

def attach(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd

a, b = attach(sys.argv[1]), attach(sys.argv[2])
peer = {a: b, b: a}
while True:
    for fd in select.select([a, b], [], [])[0]:
        frame = os.read(fd, 65536)
        if not frame:
            sys.exit(0)
        try:
            os.write(peer[fd], frame)
        except OSError:
            pass  # the other side not up yet: a lost frame, as on a wire
