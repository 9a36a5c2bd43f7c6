/*
 * target_linux_netns.c - the default target: this machine's own Linux
 * stack in a private network namespace, behind a veth pair.
 *
 * Per test: a fresh anonymous target namespace joined by a fresh veth pair
 * to the tester's namespace, which is kept from one test to the next in
 * the same process (tester_pool.h: nothing in it outlives a test but the
 * capture socket). The tester's end carries no IP address, so the tester's own
 * kernel never answers for the tester's addresses; synfin does (ARP, ND).
 * Namespaces are held only by descriptors and by the agent process, so the
 * kernel reclaims them, veth included, however synfin ends.
 */
#include "target_linux_netns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "netlink.h"
#include "netns.h"
#include "testbed.h"
#include "tester_pool.h"

#define TARGET_IF "sf-target"
#define SETUP_TIMEOUT_S 20

struct netns_priv {
	int target_netns_fd;
};

/* sysctl=NAME=VALUE[,NAME=VALUE...]: each written (write=1) or only
 * checked for its shape (write=0). */
static int apply_sysctl_list(const char *list, int write, struct sf_err *err)
{
	char copy[sizeof(((struct sf_target_opts *)0)->kv[0].value)], *save = NULL, *item, *eq;

	snprintf(copy, sizeof(copy), "%s", list);
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq || eq == item || !eq[1])
			return sf_err_set(err, "target option sysctl=%s: want NAME=VALUE[,NAME=VALUE...], not '%s'",
					  list, item);
		*eq = 0;
		if (write && sf_sysctl_write(item, eq + 1, err) < 0)
			return sf_err_prefix(err, "target option sysctl=%s", list);
	}
	return 0;
}

static int check_keys(const struct sf_target_opts *o, struct sf_err *err)
{
	unsigned mtu;
	int i;

	if (sf_testbed_parse_mtu(o, &mtu, err) < 0)
		return -1;
	for (i = 0; i < o->n; i++) {
		const char *k = o->kv[i].key;

		if (strcmp(k, "mtu") && strcmp(k, "setup") && strcmp(k, "sysctl") && strncmp(k, "sysctl.", 7))
			return sf_err_set(err, "linux-netns: unknown target option '%s' (known: mtu, setup, sysctl, "
					       "sysctl.NAME)", k);
		if (!strcmp(k, "sysctl") && apply_sysctl_list(o->kv[i].value, 0, err) < 0)
			return -1;
	}
	return 0;
}

static int apply_sysctls(const struct sf_target_opts *o, struct sf_err *err)
{
	int i;

	/* No DAD anywhere: the link is private and a test must not wait. */
	if (sf_sysctl_write("net.ipv6.conf.all.accept_dad", "0", err) < 0 ||
	    sf_sysctl_write("net.ipv6.conf.default.accept_dad", "0", err) < 0)
		return -1;
	/* In the order given: the command line's first, then the test's own,
	 * so a test's sysctl overrides the user's configuration. */
	for (i = 0; i < o->n; i++) {
		if (!strcmp(o->kv[i].key, "sysctl") && apply_sysctl_list(o->kv[i].value, 1, err) < 0)
			return -1;
		if (!strncmp(o->kv[i].key, "sysctl.", 7) &&
		    sf_sysctl_write(o->kv[i].key + 7, o->kv[i].value, err) < 0)
			return sf_err_prefix(err, "target option %s", o->kv[i].key);
	}
	return 0;
}

static int setup_target_link(struct sf_target *t, struct sf_err *err)
{
	int fam, i;

	if (sf_nl_link_up("lo", NULL, 0, err) < 0 ||
	    sf_offloads_off(TARGET_IF, err) < 0 ||
	    sf_nl_link_up(TARGET_IF, t->target_mac, t->mtu, err) < 0)
		return -1;
	for (fam = 0; fam < 2; fam++)
		for (i = 0; i < SF_TARGET_ADDRS; i++) {
			if (fam == 1 && t->mtu < SF_IPV6_MIN_MTU)
				continue; /* the kernel refuses IPv6 on such a link */
			struct sf_addr a;

			sf_addr_parse(sf_testbed_target_addr[fam][i], &a);
			if (sf_nl_addr_add(TARGET_IF, &a, fam ? SF_TESTBED_PREFIX6 : SF_TESTBED_PREFIX4, i > 0, err) < 0)
				return -1;
		}
	return 0;
}

static int run_setup_commands(const struct sf_target_opts *o, struct sf_err *err)
{
	int i;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->kv[i].key, "setup") && sf_run_command(o->kv[i].value, SETUP_TIMEOUT_S, err) < 0)
			return sf_err_prefix(err, "target option setup");
	return 0;
}

/* Everything that runs with this thread inside the new namespaces. */
static int build_namespaces(struct sf_target *t, struct netns_priv *p, const struct sf_target_opts *o,
			    struct sf_err *err)
{
	const char *argv[] = { sf_agent_path(), NULL };

	t->tester_netns_fd = sf_tester_ns_take(err);
	if (t->tester_netns_fd < 0)
		return -1;
	p->target_netns_fd = sf_netns_new(err);
	if (p->target_netns_fd < 0 || apply_sysctls(o, err) < 0)
		return -1;
	if (sf_netns_enter(t->tester_netns_fd, err) < 0 ||
	    sf_nl_veth_create(SF_TESTBED_TESTER_IF, TARGET_IF, p->target_netns_fd, err) < 0 ||
	    sf_offloads_off(SF_TESTBED_TESTER_IF, err) < 0 ||
	    sf_nl_link_up(SF_TESTBED_TESTER_IF, t->tester_mac, t->mtu, err) < 0)
		return -1;
	/* The IPv6 addresses usable (sf_nl_wait_local) before the setup
	 * commands, which may take IPv6 off the link (a smaller MTU). */
	if (sf_netns_enter(p->target_netns_fd, err) < 0 || setup_target_link(t, err) < 0 ||
	    (t->family == 6 && t->mtu >= SF_IPV6_MIN_MTU &&
	     sf_nl_wait_local(t->target_addr, SF_TARGET_ADDRS, SF_TESTBED_LINK_UP_MS, err) < 0) ||
	    run_setup_commands(o, err) < 0 || sf_nl_wait_up(TARGET_IF, SF_TESTBED_LINK_UP_MS, err) < 0)
		return -1;
	/* Until linkwatch activates the tester's end, its queue drops the
	 * first frames a test sends: wait for it. */
	if (sf_netns_enter(t->tester_netns_fd, err) < 0 || sf_nl_wait_up(SF_TESTBED_TESTER_IF, SF_TESTBED_LINK_UP_MS, err) < 0)
		return -1;
	if (sf_netns_enter(p->target_netns_fd, err) < 0)
		return -1;
	if (sf_agent_spawn(argv, &t->agent_fd, &t->agent_pid, err) < 0)
		return sf_err_prefix(err, "agent %s", argv[0]);
	return 0;
}

static void netns_close(struct sf_target *t)
{
	struct netns_priv *p = t->priv;
	int tester = t->tester_netns_fd;

	/* The tester's namespace (and the capture socket in it) serves the
	 * next test; the target's goes, and the veth pair with it. The agent
	 * stops first: what its exit makes the target send (a FIN, a RST) is
	 * in the capture ring or on its way, and dropped when the socket is
	 * taken again. The veth is retired before the target's namespace is
	 * let go, which would delete it under us. */
	t->tester_netns_fd = -1;
	sf_target_release(t, -1);
	sf_tester_ns_park(tester, SF_TESTBED_TESTER_IF);
	if (p && p->target_netns_fd >= 0)
		close(p->target_netns_fd);
	free(p);
	t->priv = NULL;
}

static int netns_open(struct sf_target *t, const struct sf_target_opts *o, struct sf_err *err)
{
	struct netns_priv *p = calloc(1, sizeof(*p));
	int home, rc = -1;

	if (!p)
		return sf_err_set(err, "out of memory");
	p->target_netns_fd = -1;
	t->priv = p;
	t->tester_netns_fd = -1;
	t->agent_fd = -1;
	if (check_keys(o, err) < 0 || sf_testbed_parse_mtu(o, &t->mtu, err) < 0)
		goto cleanup;
	if (t->family == 6 && t->mtu < SF_IPV6_MIN_MTU) {
		sf_err_set(err, "linux-netns: mtu=%u is below IPv6's minimum link MTU of %d (RFC 8200 5)", t->mtu,
			   SF_IPV6_MIN_MTU);
		goto cleanup;
	}
	sf_testbed_fill(t);
	home = sf_netns_current(err);
	if (home < 0) {
		sf_err_prefix(err, "linux-netns");
		goto cleanup;
	}
	rc = build_namespaces(t, p, o, err);
	if (sf_netns_enter(home, rc < 0 ? NULL : err) < 0)
		rc = -1;
	close(home);
	if (rc < 0)
		sf_err_prefix(err, "linux-netns");
cleanup:
	if (rc < 0)
		netns_close(t); /* frees t->priv, whichever step failed */
	return rc;
}

const struct sf_target_ops sf_target_linux_netns = {
	.name = "linux-netns",
	.summary = "this machine's Linux stack in a private network namespace behind a veth pair (default)",
	.options = "mtu=N (link MTU, default 1500); sysctl.NAME=VALUE (in the target namespace, e.g. "
		   "sysctl.net.ipv4.tcp_fin_timeout=5); sysctl=NAME=VALUE[,NAME=VALUE...] (the same, several at "
		   "once; a test's own sysctl overrides it); setup=COMMAND (sh -c in the target namespace before "
		   "the test, e.g. an nft rule; repeatable, run in order)",
	.can = "sysctl,setup,mtu,addr2,ipv6,tuple_state,sockopts,timers,settings",
	.check_opts = check_keys,
	.open = netns_open,
	.close = netns_close,
};
