/*
 * tester_pool.h - the tester's namespace of linux-netns, kept from one test
 * to the next in the same process, so that the capture socket living in it
 * can be kept too (capture_pool.h): that saves a test the two RCU grace
 * periods of a new AF_PACKET ring, most of its setup and teardown.
 *
 * Only the tester's side is reused; every test still gets a fresh target
 * namespace and a fresh veth pair. The tester's namespace holds nothing a
 * test can change: no address, IPv6 off, no socket but the capture one,
 * and its veth end, which is brought down and renamed out of the way when
 * the test ends (the kernel deletes it with the target's namespace). So
 * what a test leaves behind (sockets, sysctls, nft rules, qdiscs on its
 * links) is in the target's namespace and goes with it.
 */
#ifndef SYNFIN_TESTER_POOL_H
#define SYNFIN_TESTER_POOL_H

#include "error.h"

/*
 * A tester namespace with no link but lo, the thread moved into it: the one
 * this process parked, or a fresh one with IPv6 off. Returns a descriptor
 * that holds it, or -1.
 */
int sf_tester_ns_take(struct sf_err *err);

/*
 * After its test: retire link ifname in the namespace held by fd (down,
 * renamed) and keep fd for the next test; closes fd when that fails (and
 * whatever was parked before). The thread's namespace is unchanged.
 */
void sf_tester_ns_park(int fd, const char *ifname);

#endif
