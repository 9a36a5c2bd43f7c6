/*
 * netlink.h - the few rtnetlink requests synfin needs, through libmnl:
 * create a veth pair whose peer lives in another namespace, bring a link up
 * with a MAC and an MTU, add an address. Each request acts on the network
 * namespace the calling thread is in when it is made.
 */
#ifndef SYNFIN_NETLINK_H
#define SYNFIN_NETLINK_H

#include <stdint.h>

#include "error.h"
#include "packet.h"

/* Create veth `name` here with its peer `peer` moved into the namespace
 * open at `peer_netns_fd`. */
int sf_nl_veth_create(const char *name, const char *peer, int peer_netns_fd, struct sf_err *err);

/* Set a link's MAC (NULL: leave), MTU (0: leave) and bring it up. */
int sf_nl_link_up(const char *ifname, const uint8_t *mac, unsigned mtu, struct sf_err *err);

/* Bring a link down and rename it to newname, leaving its name free for a
 * new one at once. Down, the link delivers nothing more, and a packet
 * socket bound to it is unhooked without waiting for an RCU grace period
 * (packet_notifier(), NETDEV_DOWN), so binding that socket elsewhere is
 * cheap (capture_pool.h). */
int sf_nl_link_retire(const char *ifname, const char *newname, struct sf_err *err);

/* Add addr/prefix to ifname. IPv6 addresses are added with IFA_F_NODAD so
 * they are usable at once (the link is private, no duplicate can exist).
 * A `secondary` address is never picked as a source: for IPv6 it is added
 * deprecated (preferred lifetime 0, RFC 6724 rule 3); IPv4 already treats
 * a second address in the same subnet as secondary. */
int sf_nl_addr_add(const char *ifname, const struct sf_addr *addr, unsigned prefix, int secondary,
		   struct sf_err *err);

/* Wait until ifname's operational state is UP (the kernel's linkwatch has
 * activated it: before that its queue discards what is sent), at most
 * timeout_ms. */
int sf_nl_wait_up(const char *ifname, int timeout_ms, struct sf_err *err);

/* Wait until every one of the n addresses is local here (the kernel's
 * route to it is RTN_LOCAL), at most timeout_ms. An IPv6 address, even one
 * added with IFA_F_NODAD, is tentative until the kernel's addrconf work has
 * run (on a workqueue), and its local route is added only then: a segment
 * to it that comes before is dropped (RFC 4862 5.4). Woken by the kernel's
 * route notifications, not by a timer. */
int sf_nl_wait_local(const struct sf_addr *addrs, int n, int timeout_ms, struct sf_err *err);

#endif
