/*
 * netlink.c - rtnetlink requests through libmnl (see netlink.h).
 *
 * libmnl rather than hand-rolled nlmsghdr arithmetic: it does the attribute
 * alignment and the ACK parsing, which are easy to get subtly wrong.
 */
#include "netlink.h"

#include "decode.h"

#define OPER_UP 6 /* IF_OPER_UP (RFC 2863); linux/if.h clashes with net/if.h */

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Send one request and wait for its ACK; the kernel's errno becomes the error. */
static int nl_talk(struct nlmsghdr *nlh, const char *what, struct sf_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	unsigned portid;
	int ret, rc = -1;

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return sf_err_errno(err, "netlink: socket for %s", what);
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		sf_err_errno(err, "netlink: bind for %s", what);
		goto cleanup;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (unsigned)time(NULL);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		sf_err_errno(err, "netlink: send %s", what);
		goto cleanup;
	}
	ret = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret > 0)
		ret = mnl_cb_run(buf, (size_t)ret, nlh->nlmsg_seq, portid, NULL, NULL);
	if (ret < 0) {
		sf_err_errno(err, "netlink: %s", what);
		goto cleanup;
	}
	rc = 0;
cleanup:
	mnl_socket_close(nl);
	return rc;
}

static int ifindex_of(const char *ifname, struct sf_err *err)
{
	unsigned idx = if_nametoindex(ifname);

	if (!idx)
		return sf_err_errno(err, "no interface '%s'", ifname);
	return (int)idx;
}

int sf_nl_veth_create(const char *name, const char *peer, int peer_netns_fd, struct sf_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *linkinfo, *data, *peerinfo;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peerinfo = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer's attributes follow its own ifinfomsg header. */
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	mnl_attr_nest_end(nlh, peerinfo);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	if (nl_talk(nlh, "create veth pair", err) < 0)
		return sf_err_prefix(err, "veth %s <-> %s", name, peer);
	return 0;
}

int sf_nl_link_up(const char *ifname, const uint8_t *mac, unsigned mtu, struct sf_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	int idx = ifindex_of(ifname, err);

	if (idx < 0)
		return -1;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = IFF_UP;
	if (mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, SF_ETH_ALEN, mac);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (nl_talk(nlh, "set link up", err) < 0)
		return sf_err_prefix(err, "%s (mtu %u)", ifname, mtu);
	return 0;
}

/* One RTM_NEWLINK on link idx: flags (under mask) and, if given, a new name. */
static int link_set(int idx, unsigned mask, unsigned flags, const char *name, const char *what, struct sf_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	ifm->ifi_change = mask;
	ifm->ifi_flags = flags;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_talk(nlh, what, err);
}

int sf_nl_link_retire(const char *ifname, const char *newname, struct sf_err *err)
{
	int idx = ifindex_of(ifname, err);

	/* Down first: the kernel renames no running link. */
	if (idx < 0 || link_set(idx, IFF_UP, 0, NULL, "set link down", err) < 0 ||
	    link_set(idx, 0, 0, newname, "rename link", err) < 0)
		return sf_err_prefix(err, "retire %s as %s", ifname, newname);
	return 0;
}

int sf_nl_addr_add(const char *ifname, const struct sf_addr *addr, unsigned prefix, int secondary,
		   struct sf_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], text[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	int idx = ifindex_of(ifname, err);
	size_t alen = addr->family == 6 ? 16 : 4;

	if (idx < 0)
		return -1;
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = addr->family == 6 ? AF_INET6 : AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned)idx;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_flags = addr->family == 6 ? IFA_F_NODAD : 0;
	mnl_attr_put(nlh, IFA_LOCAL, alen, addr->bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, addr->bytes);
	if (addr->family == 6)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	if (addr->family == 6 && secondary) {
		struct ifa_cacheinfo ci = { .ifa_prefered = 0, .ifa_valid = 0xffffffffU };
		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	if (nl_talk(nlh, "add address", err) < 0)
		return sf_err_prefix(err, "%s/%u on %s", sf_addr_str(addr, text, sizeof(text)), prefix, ifname);
	return 0;
}

/* Operational state, and -1 instead while the link's qdisc is still
 * "noop": linkwatch sets the state up first and activates the queue after
 * (linkwatch_do_dev()), and until then the link drops what it is given. */
static int operstate_attr(const struct nlattr *attr, void *data)
{
	int *state = data;

	if (mnl_attr_get_type(attr) == IFLA_OPERSTATE && mnl_attr_validate(attr, MNL_TYPE_U8) >= 0 && state[1] == 0)
		state[0] = mnl_attr_get_u8(attr);
	if (mnl_attr_get_type(attr) == IFLA_QDISC && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0 &&
	    !strcmp(mnl_attr_get_str(attr), "noop")) {
		state[0] = -1;
		state[1] = 1;
	}
	return MNL_CB_OK;
}

static int operstate_msg(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), operstate_attr, data);
	return MNL_CB_OK;
}

/* IFLA_OPERSTATE of one link (RFC 2863 values, IF_OPER_UP = 6), or -1. */
static int operstate(int idx, struct sf_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	int state[2] = { -1, 0 }, ret; /* the state, and whether the queue is still noop */

	if (!nl)
		return sf_err_errno(err, "netlink: socket for link state");
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = (unsigned)time(NULL);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	ret = mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ? -1 : (int)mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	if (ret > 0)
		ret = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret > 0)
		ret = mnl_cb_run(buf, (size_t)ret, nlh->nlmsg_seq, mnl_socket_get_portid(nl), operstate_msg, state);
	mnl_socket_close(nl);
	if (ret < 0)
		return sf_err_errno(err, "netlink: link state");
	return state[0] < 0 ? 0 : state[0]; /* a noop queue: not up yet (IF_OPER_UNKNOWN) */
}

int sf_nl_wait_up(const char *ifname, int timeout_ms, struct sf_err *err)
{
	int idx = ifindex_of(ifname, err), waited, state = -1;

	if (idx < 0)
		return -1;
	for (waited = 0; waited <= timeout_ms; waited += 5) {
		state = operstate(idx, err);
		if (state < 0)
			return -1;
		if (state == OPER_UP)
			return 0;
		nanosleep(&(struct timespec){ .tv_nsec = 5 * 1000 * 1000 }, NULL);
	}
	return sf_err_set(err, "%s did not come up within %d ms (operational state %d)", ifname, timeout_ms, state);
}

static int route_type_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWROUTE)
		*(int *)data = rtm->rtm_type;
	return MNL_CB_OK;
}

/* The type of the route this namespace takes to addr now (RTN_LOCAL: it is
 * ours and usable), or -1. */
static int route_type(struct mnl_socket *nl, const struct sf_addr *addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	unsigned seq = (unsigned)time(NULL);
	int type = -1, ret;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = addr->family == 6 ? AF_INET6 : AF_INET;
	rtm->rtm_dst_len = addr->family == 6 ? 128 : 32;
	mnl_attr_put(nlh, RTA_DST, addr->family == 6 ? 16 : 4, addr->bytes);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	ret = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret > 0)
		ret = mnl_cb_run(buf, (size_t)ret, seq, mnl_socket_get_portid(nl), route_type_msg, &type);
	return ret < 0 ? -1 : type;
}

int sf_nl_wait_local(const struct sf_addr *addrs, int n, int timeout_ms, struct sf_err *err)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE), *events = mnl_socket_open(NETLINK_ROUTE);
	int i = 0, waited, rc = -1;
	char text[64];

	if (!nl || !events) {
		sf_err_errno(err, "netlink: socket for routes");
		goto cleanup;
	}
	/* Subscribed before the first look: a route added after it wakes the poll. */
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(events, RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE, MNL_SOCKET_AUTOPID) < 0) {
		sf_err_errno(err, "netlink: bind for routes");
		goto cleanup;
	}
	for (waited = 0; waited <= timeout_ms; waited += 10) {
		struct pollfd p = { .fd = mnl_socket_get_fd(events), .events = POLLIN };
		char drain[MNL_SOCKET_BUFFER_SIZE];

		while (i < n && route_type(nl, &addrs[i]) == RTN_LOCAL)
			i++;
		if (i == n) {
			rc = 0;
			goto cleanup;
		}
		if (poll(&p, 1, 10) > 0) /* woken by a route change; 10 ms at most */
			recv(p.fd, drain, sizeof(drain), MSG_DONTWAIT);
	}
	sf_err_set(err, "%s is not a local address after %d ms", sf_addr_str(&addrs[i], text, sizeof(text)), timeout_ms);
cleanup:
	if (nl)
		mnl_socket_close(nl);
	if (events)
		mnl_socket_close(events);
	return rc;
}
