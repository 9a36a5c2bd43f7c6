/*
 * capture_pool.h - one capture socket kept from one test to the next.
 *
 * Opening and closing an AF_PACKET socket with a ring costs two RCU grace
 * periods in the kernel (packet_set_ring() and packet_release() both call
 * synchronize_net(), some 15 ms each here): most of a test's setup and
 * teardown. So a link's pcap handle is parked when its test ends, and the
 * next test in the same process takes it back if its link is on an
 * interface of the same name in the same namespace (the warm tester
 * namespace of linux-netns, whose veth is new for every test).
 *
 * Taking it back makes it as a fresh one: the pending socket error is
 * cleared, every frame left in the ring is dropped, the socket is bound to
 * the interface's ifindex now (a new veth has a new one) and put in
 * promiscuous mode on it again. The filter and the recording are the
 * link's, set per test. Binding costs no grace period when the socket's
 * old interface is down (the kernel unhooked it then) or is the same one.
 *
 * A handle parked by another process (a forked job inherited it) is never
 * used: it is closed in that process, which leaves the parent's alone.
 */
#ifndef SYNFIN_CAPTURE_POOL_H
#define SYNFIN_CAPTURE_POOL_H

#include <pcap/pcap.h>
#include <sys/types.h>

/* Which namespace a socket lives in: its /proc/self/ns/net inode. */
struct sf_ns_id {
	dev_t dev;
	ino_t ino;
};

/* The id of the namespace held by fd; 0 on success. */
int sf_ns_id_of(int fd, struct sf_ns_id *id);

/* ifname's MTU here, or 0. libpcap sizes each slot of the ring for a frame
 * of the MTU it saw when the handle was activated (for 64 KiB when the
 * interface has offloads on): a handle is taken again only for a link
 * whose MTU is no larger, or its frames would be cut. */
unsigned sf_if_mtu(const char *ifname);

/*
 * The parked handle, if it was parked by this process for ifname in the
 * namespace `ns`, for an MTU at least ifname's now, and could be made
 * fresh, with the MTU it was activated for in *ring_mtu; NULL otherwise
 * (then the caller opens one). Must be called inside that namespace.
 */
pcap_t *sf_capture_pool_take(const char *ifname, const struct sf_ns_id *ns, unsigned *ring_mtu);

/* Park p (activated on ifname in ns when its MTU was mtu) for the next
 * test; closes what was parked before. */
void sf_capture_pool_park(pcap_t *p, const char *ifname, const struct sf_ns_id *ns, unsigned mtu);

/* Close the parked handle, if any (the end of a run). */
void sf_capture_pool_flush(void);

#endif
