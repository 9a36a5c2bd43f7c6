/*
 * decode.h - Ethernet, ARP, IPv4, IPv6, TCP (with options), UDP and enough
 * ICMP/ICMPv6 to read what synfin's scripts look at.
 *
 * Every read of captured bytes goes through the checked accessors of
 * bytes.h: a short or malformed frame is an ordinary outcome, a decode
 * error with a reason that quotes the offending value, never a crash.
 */
#ifndef SYNFIN_DECODE_H
#define SYNFIN_DECODE_H

#include "error.h"
#include "packet.h"

/*
 * Decode one Ethernet frame. On success fills *pkt (tcp.payload points into
 * `frame`) and returns 0. On a malformed frame returns -1 with err saying
 * which layer and why, e.g. "tcp: data offset 3 words is below the minimum 5".
 * Checksums are verified (IPv4 header, TCP, ICMP, ICMPv6) and reported in the
 * *_checksum_ok fields; a bad checksum is not a decode error. The transport
 * checksum of a fragment covers bytes that are not in it, so it is not
 * verified and reads as good (ip.fragment says so); a later fragment
 * (frag_offset != 0) has no transport header and leaves l4 NONE.
 */
int sf_decode(const uint8_t *frame, size_t len, struct sf_packet *pkt, struct sf_err *err);

/* Decode TCP options from `opts` (n bytes) into tcp->options. -1 on a
 * malformed option (length below 2, running past the header...). */
int sf_decode_tcp_options(const uint8_t *opts, size_t n, struct sf_tcp *tcp, struct sf_err *err);

/* "198.18.0.1" or "2001:2::1". buf must hold 46 bytes. */
const char *sf_addr_str(const struct sf_addr *a, char *buf, size_t len);
/* Parse either family; returns 0 or -1. */
int sf_addr_parse(const char *s, struct sf_addr *a);
int sf_addr_equal(const struct sf_addr *a, const struct sf_addr *b);

/* tcpdump-style flags, e.g. "S.", "F.", "R", "P." into buf (>= 9 bytes).
 * Letters in tcpdump's order F S R P . U E W; no flags gives "none". */
const char *sf_tcp_flags_str(uint8_t flags, char *buf, size_t len);

#endif
