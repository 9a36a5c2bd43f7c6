/*
 * target_remote.c - a remote Linux host as the target.
 *
 * The tester works on the local interface if= in synfin's own namespace:
 * it plays addresses the local kernel does not own there (198.18.0.1 and
 * 2001:2::1 unless tester_addr4=/tester_addr6= say otherwise) and answers
 * ARP and ND for them itself, as on the default target. The host's
 * addresses are options; its MAC is mac= or learnt by ARP or ND for the
 * test's address (addr4 or addr6). One host serves every test in turn,
 * so tests run one at a time (.serial), and reset= (a command run here
 * before each test) clears what the last test left on the host:
 * TIME_WAIT, orphans, their retransmissions.
 * The README lists what to check on the tester's side so that its kernel
 * sends no RST of its own.
 */
#include "target_remote.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent_command.h"
#include "decode.h"
#include "link.h"
#include "neighbour.h"
#include "netns.h"
#include "testbed.h"

#define READY_TIMEOUT_MS 15000 /* an ssh login */
#define NEIGH_TIMEOUT_MS 3000
#define RESET_TIMEOUT_S 15

static const char *const known[] = { "if",  "agent", "addr4", "addr4_2", "addr6", "addr6_2",
				     "mac", "tester_addr4", "tester_addr6", "mtu", "reset" };

static int parse_mac(const char *text, uint8_t mac[SF_ETH_ALEN])
{
	unsigned b[SF_ETH_ALEN];
	char tail;
	int i;

	if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6)
		return -1;
	for (i = 0; i < SF_ETH_ALEN; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int check_addr(const struct sf_target_opts *o, const char *key, int family, struct sf_err *err)
{
	const char *v = sf_target_opt(o, key);
	struct sf_addr a;

	if (v && (sf_addr_parse(v, &a) < 0 || a.family != family))
		return sf_err_set(err, "remote: target option %s=%s: want an IPv%d address", key, v, family);
	return 0;
}

static int check_opts(const struct sf_target_opts *o, struct sf_err *err)
{
	uint8_t mac[SF_ETH_ALEN];
	unsigned mtu;
	size_t k;
	int i;

	for (i = 0; i < o->n; i++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(o->kv[i].key, known[k]))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return sf_err_set(err, "remote: unknown target option '%s' (known: if, agent, addr4, addr4_2, "
					       "addr6, addr6_2, mac, tester_addr4, tester_addr6, mtu, reset)", o->kv[i].key);
	}
	if (!sf_target_opt(o, "if") || !sf_target_opt(o, "agent"))
		return sf_err_set(err, "remote: the target needs if=INTERFACE (the local one facing the host) and "
				       "agent=COMMAND (e.g. agent='ssh root@host synfin-agent')");
	if (strlen(sf_target_opt(o, "if")) >= IFNAMSIZ)
		return sf_err_set(err, "remote: if=%s: not an interface name", sf_target_opt(o, "if"));
	if (!sf_target_opt(o, "addr4") && !sf_target_opt(o, "addr6"))
		return sf_err_set(err, "remote: give the host's address: addr4= and/or addr6=");
	if (sf_target_opt(o, "mac") && parse_mac(sf_target_opt(o, "mac"), mac) < 0)
		return sf_err_set(err, "remote: target option mac=%s: want six hex bytes aa:bb:cc:dd:ee:ff",
				  sf_target_opt(o, "mac"));
	if (check_addr(o, "addr4", 4, err) < 0 || check_addr(o, "addr4_2", 4, err) < 0 ||
	    check_addr(o, "tester_addr4", 4, err) < 0 || check_addr(o, "addr6", 6, err) < 0 ||
	    check_addr(o, "addr6_2", 6, err) < 0 || check_addr(o, "tester_addr6", 6, err) < 0)
		return -1;
	return sf_testbed_parse_mtu(o, &mtu, err);
}

static int local_mac(const char *ifname, uint8_t mac[SF_ETH_ALEN], struct sf_err *err)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (s < 0)
		return sf_err_errno(err, "socket");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	rc = ioctl(s, SIOCGIFHWADDR, &ifr);
	close(s);
	if (rc < 0)
		return sf_err_errno(err, "interface %s", ifname);
	memcpy(mac, ifr.ifr_hwaddr.sa_data, SF_ETH_ALEN);
	return 0;
}

/* The host's MAC by ARP (RFC 826) or ND (RFC 4861 7.2.2) for the test's address. */
static int resolve_mac(struct sf_target *t, struct sf_err *err)
{
	struct sf_link lk;
	int rc = -1;

	memset(&lk, 0, sizeof(lk));
	if (sf_link_open(&lk, t->ifname, -1, t->tester_mac, &t->tester_addr, err) < 0 ||
	    sf_link_set_filter(&lk, "arp or icmp6", err) < 0)
		goto cleanup;
	rc = sf_neigh_resolve(&lk, &t->tester_addr, &t->target_addr[0], NEIGH_TIMEOUT_MS, t->target_mac, err);
	if (rc < 0)
		sf_err_prefix(err, "learning the host's MAC on %s (or give mac=)", t->ifname);
cleanup:
	sf_link_close(&lk);
	return rc;
}

static void opt_addr(const struct sf_target_opts *o, const char *key, const char *dflt, struct sf_addr *a)
{
	const char *v = sf_target_opt(o, key);

	memset(a, 0, sizeof(*a));
	if (v || dflt)
		sf_addr_parse(v ? v : dflt, a);
}

static int fill(struct sf_target *t, const struct sf_target_opts *o, struct sf_err *err)
{
	int v6 = t->family == 6;

	snprintf(t->ifname, sizeof(t->ifname), "%s", sf_target_opt(o, "if"));
	opt_addr(o, v6 ? "tester_addr6" : "tester_addr4", sf_testbed_tester_addr[v6], &t->tester_addr);
	opt_addr(o, v6 ? "addr6" : "addr4", NULL, &t->target_addr[0]);
	opt_addr(o, v6 ? "addr6_2" : "addr4_2", NULL, &t->target_addr[1]);
	if (!t->target_addr[0].family)
		return sf_err_set(err, "an IPv%d test needs the host's addr%d=", t->family, t->family);
	/* The link check asks in the test's family: a host may have only one. */
	t->probe_tester = t->tester_addr;
	t->probe_target = t->target_addr[0];
	if (sf_testbed_parse_mtu(o, &t->mtu, err) < 0 || local_mac(t->ifname, t->tester_mac, err) < 0)
		return -1;
	if (sf_target_opt(o, "mac"))
		return parse_mac(sf_target_opt(o, "mac"), t->target_mac);
	return resolve_mac(t, err);
}

static void remote_close(struct sf_target *t)
{
	sf_target_release(t, -1);
}

static int remote_open(struct sf_target *t, const struct sf_target_opts *o, struct sf_err *err)
{
	const char *agent = sf_target_opt(o, "agent");
	const char *env[] = { NULL };

	t->tester_netns_fd = -1;
	t->agent_fd = -1;
	t->priv = NULL;
	if (check_opts(o, err) < 0 || fill(t, o, err) < 0 ||
	    (sf_target_opt(o, "reset") && sf_run_command(sf_target_opt(o, "reset"), RESET_TIMEOUT_S, err) < 0) ||
	    sf_agent_command_start(agent, env, &t->agent_fd, &t->agent_pid, err) < 0 ||
	    sf_agent_command_ready(t->agent_fd, t->agent_pid, agent, READY_TIMEOUT_MS, err) < 0) {
		remote_close(t);
		return sf_err_prefix(err, "remote");
	}
	return 0;
}

const struct sf_target_ops sf_target_remote = {
	.name = "remote",
	.summary = "a Linux host that is not this machine, on a local interface without an address; its "
		   "agent reached by a command over another path (tests run one at a time)",
	.options = "if=INTERFACE (required, local, facing the host); agent=COMMAND (required, sh -c here, "
		   "e.g. 'ssh root@host synfin-agent'); addr4=, addr4_2=, addr6=, addr6_2= (the host's "
		   "addresses: addr4 or addr6 required); mac=MAC (else learnt by ARP or ND); tester_addr4=, "
		   "tester_addr6= (default 198.18.0.1, 2001:2::1); mtu=N (default 1500); reset=COMMAND (sh -c "
		   "here before each test, to clear the host's connections, e.g. 'ssh root@host ss -K dst "
		   "198.18.0.1')",
	/* The host's configuration is its owner's: no sysctl, setup command
	 * or MTU change from here. */
	.can = "addr2,ipv6,tuple_state,sockopts,timers,settings",
	.check_opts = check_opts,
	.open = remote_open,
	.close = remote_close,
	.serial = 1,
	.host_network = 1,
};
