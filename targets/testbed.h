/*
 * testbed.h - what the local backends (linux-netns, stack) share: the one
 * address plan (benchmarking ranges only; remote takes its defaults for the
 * tester too) and the tester's half of the link (a fresh namespace whose
 * kernel has IPv6 off, and a veth end in it without an address, so that
 * the tester's kernel never answers).
 */
#ifndef SYNFIN_TESTBED_H
#define SYNFIN_TESTBED_H

#include <stdint.h>

#include "error.h"
#include "target.h"

#define SF_TESTBED_TESTER_IF "sf-tester"
#define SF_TESTBED_PREFIX4 24
#define SF_TESTBED_PREFIX6 64
#define SF_TESTBED_LINK_UP_MS 3000
#define SF_IPV6_MIN_MTU 1280 /* RFC 8200 5 */

/* RFC 2544's 198.18.0.0/15 and RFC 5180's 2001:2::/48 only. */
extern const char *const sf_testbed_tester_addr[2];             /* [0] IPv4, [1] IPv6 */
extern const char *const sf_testbed_target_addr[2][SF_TARGET_ADDRS];
extern const uint8_t sf_testbed_tester_mac[6], sf_testbed_target_mac[6];

/* Fill t's addresses, MACs, probe and ifname (the tester's veth) from the plan. */
void sf_testbed_fill(struct sf_target *t);

/*
 * Make the tester's namespace (returned, also entered: the thread is left
 * in it) with veth SF_TESTBED_TESTER_IF up at `mtu`, whose peer `peer` is
 * created in the namespace held by peer_netns_fd.
 */
int sf_testbed_tester_veth(const char *peer, int peer_netns_fd, unsigned mtu, struct sf_err *err);

/* mtu=N from the options (default 1500), checked. */
int sf_testbed_parse_mtu(const struct sf_target_opts *o, unsigned *mtu, struct sf_err *err);

/* The value of option `key` (the last one given), or NULL. */
const char *sf_target_opt(const struct sf_target_opts *o, const char *key);

#endif
