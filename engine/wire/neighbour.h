/*
 * neighbour.h - learning a neighbour's link-layer address on a link: ARP
 * (RFC 826) for an IPv4 address, neighbour discovery (RFC 4861 7.2.2) for
 * an IPv6 one. The link check before each test uses it (a stack without
 * IPv4 answers no ARP), and so does the remote target to learn its host's
 * MAC from addr4 or addr6.
 */
#ifndef SYNFIN_NEIGHBOUR_H
#define SYNFIN_NEIGHBOUR_H

#include <stdint.h>

#include "error.h"
#include "link.h"

/*
 * Ask for `target` from `tester` (same family) every 100 ms until it
 * answers, at most timeout_ms: an ARP request (broadcast), or a neighbour
 * solicitation to its solicited-node group. 0 with its MAC in mac (from
 * the ARP sender or the advertisement's target link-layer address option,
 * else the frame's source), -1 when it did not answer in time or on error.
 */
int sf_neigh_resolve(struct sf_link *lk, const struct sf_addr *tester, const struct sf_addr *target,
		     int timeout_ms, uint8_t mac[SF_ETH_ALEN], struct sf_err *err);

#endif
