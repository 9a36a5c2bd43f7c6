/* testbed.c - see testbed.h. */
#include "testbed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "netlink.h"
#include "netns.h"

const char *const sf_testbed_tester_addr[2] = { "198.18.0.1", "2001:2::1" };
const char *const sf_testbed_target_addr[2][SF_TARGET_ADDRS] = {
	{ "198.18.0.2", "198.18.0.3" },
	{ "2001:2::2", "2001:2::3" },
};
const uint8_t sf_testbed_tester_mac[6] = { 0x02, 0x53, 0x46, 0x00, 0x00, 0x01 };
const uint8_t sf_testbed_target_mac[6] = { 0x02, 0x53, 0x46, 0x00, 0x00, 0x02 };

void sf_testbed_fill(struct sf_target *t)
{
	int fam = t->family == 6 ? 1 : 0, i;

	sf_addr_parse(sf_testbed_tester_addr[fam], &t->tester_addr);
	sf_addr_parse(sf_testbed_tester_addr[0], &t->probe_tester);
	sf_addr_parse(sf_testbed_target_addr[0][0], &t->probe_target);
	for (i = 0; i < SF_TARGET_ADDRS; i++)
		sf_addr_parse(sf_testbed_target_addr[fam][i], &t->target_addr[i]);
	memcpy(t->tester_mac, sf_testbed_tester_mac, SF_ETH_ALEN);
	memcpy(t->target_mac, sf_testbed_target_mac, SF_ETH_ALEN);
	snprintf(t->ifname, sizeof(t->ifname), "%s", SF_TESTBED_TESTER_IF);
}

int sf_testbed_tester_veth(const char *peer, int peer_netns_fd, unsigned mtu, struct sf_err *err)
{
	int fd = sf_netns_new(err);

	if (fd < 0)
		return -1;
	/* No IPv6 on the tester's links at all: its kernel neither answers
	 * nor solicits for the addresses synfin plays. */
	if (sf_sysctl_write("net.ipv6.conf.all.disable_ipv6", "1", err) < 0 ||
	    sf_sysctl_write("net.ipv6.conf.default.disable_ipv6", "1", err) < 0 ||
	    sf_nl_veth_create(SF_TESTBED_TESTER_IF, peer, peer_netns_fd, err) < 0 ||
	    /* Offloads on, the capture ring's frames are sized for 64 KiB
	     * aggregates and it holds a few dozen (see linux-netns). */
	    sf_offloads_off(SF_TESTBED_TESTER_IF, err) < 0 ||
	    sf_nl_link_up(SF_TESTBED_TESTER_IF, sf_testbed_tester_mac, mtu, err) < 0) {
		close(fd);
		return sf_err_prefix(err, "tester namespace");
	}
	return fd;
}

const char *sf_target_opt(const struct sf_target_opts *o, const char *key)
{
	const char *v = NULL;
	int i;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->kv[i].key, key))
			v = o->kv[i].value;
	return v;
}

int sf_testbed_parse_mtu(const struct sf_target_opts *o, unsigned *mtu, struct sf_err *err)
{
	const char *v = sf_target_opt(o, "mtu");
	unsigned long n;
	char *end;

	*mtu = 1500;
	if (!v)
		return 0;
	n = strtoul(v, &end, 10);
	if (!*v || *end || n < 68 || n > 65535)
		return sf_err_set(err, "target option mtu=%s: want a number from 68 to 65535", v);
	*mtu = (unsigned)n;
	return 0;
}
