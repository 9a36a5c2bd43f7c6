/*
 * bare_pair.h - the bare baselines' link: the same two namespaces and veth
 * pair that the linux-netns target builds for a test, made with the same
 * netlink calls, but with no agent, no capture, no ARP probe and no Lua.
 * What a bare program measures on it is the floor synfin is compared to.
 */
#ifndef SYNFIN_BENCH_BARE_PAIR_H
#define SYNFIN_BENCH_BARE_PAIR_H

#include <stdint.h>

#define BARE_TESTER_IF "sf-tester"
#define BARE_TARGET_IF "sf-target"

struct bare_pair {
	int home_fd, tester_fd, target_fd; /* network namespaces */
};

extern const uint8_t bare_tester_mac[6], bare_target_mac[6];

/* Create both namespaces and the link, as the target does; the thread is
 * left in the tester's namespace. With `neigh`, the target gets a static
 * ARP entry for the tester (the bare program answers no ARP). Exits the
 * program with a message on failure: a baseline has no caller to tell. */
void bare_pair_open(struct bare_pair *p, int neigh);
/* Back home and drop both namespaces (the kernel frees the link). */
void bare_pair_close(struct bare_pair *p);
/* Run `fn` with this thread in the target's namespace. */
void bare_in_target(struct bare_pair *p, void (*fn)(void *), void *arg);

/* Milliseconds / seconds on the monotonic clock. */
double bare_now(void);
/* The value at quantile q (0..1) of n samples (sorts them). */
double bare_quantile(double *v, int n, double q);

#endif
