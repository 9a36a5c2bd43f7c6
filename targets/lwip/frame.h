/*
 * frame.h - the few fields of an Ethernet frame the lwIP agent's link
 * looks at before lwIP does: which netif a received frame is for, and the
 * TCP flags of an outgoing one (the fault switch). Received frames are
 * untrusted bytes: every read is bounds-checked against the length
 * (tests/fuzz/fuzz_lwip_frame.c). No lwIP header here, so it is fuzzed alone.
 */
#ifndef SYNFIN_LWIP_FRAME_H
#define SYNFIN_LWIP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The TCP header's offset in an Ethernet frame of len bytes, or 0 when the
 * frame is not TCP over IPv4, or over IPv6 without extension headers, with
 * a whole 20-byte TCP header. */
size_t frame_tcp_offset(const uint8_t *f, size_t len);

/* The TCP flags byte of a TCP frame, or -1 when it is none. */
int frame_tcp_flags(const uint8_t *f, size_t len);

/* Whether a received frame is ARP about, or IPv4 to, the IPv4 address a4
 * (4 bytes, network order). */
bool frame_is_for_ipv4(const uint8_t *f, size_t len, const uint8_t a4[4]);

#endif
