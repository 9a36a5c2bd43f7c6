/*
 * summary.h - one line per decoded packet, in the style of `tcpdump -n`,
 * for diagnostics, golden tests and reports. Decoding is decode.h's job;
 * this module only prints what the decoder filled.
 */
#ifndef SYNFIN_SUMMARY_H
#define SYNFIN_SUMMARY_H

#include <stddef.h>

#include "packet.h"

/*
 * One tcpdump -n style line for a decoded packet, e.g.
 *   IP 198.18.0.1.40000 > 198.18.0.2.80: Flags [S], seq 1000, win 64240,
 *     options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0
 *   ARP, Request who-has 198.18.0.2 tell 198.18.0.1
 *   IP6 2001:2::2 > 2001:2::1: ICMP6, packet too big, mtu 1280, original ...
 * followed by notes such as " [bad tcp cksum]". Writes at most len bytes
 * (always NUL-terminated when len > 0) and returns the length the whole
 * line needs, as snprintf does.
 */
int sf_packet_summary(const struct sf_packet *pkt, char *buf, size_t len);

#endif
