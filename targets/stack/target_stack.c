/*
 * target_stack.c - a user's own stack as the target.
 *
 * Per test, as linux-netns: a tester namespace and a target namespace. The
 * target namespace's kernel is kept out of the way: IPv6 off on every
 * interface (disable_ipv6), no IPv4 address anywhere but lo, so it never
 * answers a frame of the test. The user's stack attaches to one interface
 * there:
 *   link=veth  sf-target, the far end of the tester's veth pair (the stack
 *              reads and writes it with AF_PACKET, AF_XDP, pcap...);
 *   link=tap   sf-tap, a tap device the stack opens by name; the tester
 *              captures and injects on the tap's kernel side, in the target
 *              namespace (no veth then: the tap is the link).
 * The stack's agent command (cmd=) runs there with the addresses it must
 * use in SYNFIN_* variables (targets/AGENT.md, "Write your own agent").
 */
#include "target_stack.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "agent_command.h"
#include "netlink.h"
#include "netns.h"
#include "testbed.h"

#define TARGET_IF "sf-target"
#define TAP_IF "sf-tap"
#define READY_TIMEOUT_MS 10000

struct stack_priv {
	int target_netns_fd;
	int tap;
	char fault[32]; /* fault=, passed on as SYNFIN_FAULT; "": none */
	char env_text[SF_AGENT_COMMAND_MAX_ENV][160];
	const char *env[SF_AGENT_COMMAND_MAX_ENV + 1];
};

static int check_opts(const struct sf_target_opts *o, struct sf_err *err)
{
	static const char *const known[] = { "cmd", "link", "mtu", "fault" };
	const char *link = sf_target_opt(o, "link");
	const char *fault = sf_target_opt(o, "fault");
	unsigned mtu;
	int i;
	size_t k;

	for (i = 0; i < o->n; i++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(o->kv[i].key, known[k]))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return sf_err_set(err, "stack: unknown target option '%s' (known: cmd, link, mtu, fault)", o->kv[i].key);
	}
	if (!sf_target_opt(o, "cmd") || !*sf_target_opt(o, "cmd"))
		return sf_err_set(err, "stack: the target needs cmd=COMMAND, the agent of your stack "
				       "(e.g. --target-opt cmd='./my-agent'; see targets/AGENT.md)");
	if (link && strcmp(link, "veth") && strcmp(link, "tap"))
		return sf_err_set(err, "stack: target option link=%s: want veth or tap", link);
	if (fault && strcmp(fault, "drop-rst") && strcmp(fault, "drop-fin-after-first"))
		return sf_err_set(err, "stack: target option fault=%s: want drop-rst or drop-fin-after-first", fault);
	return sf_testbed_parse_mtu(o, &mtu, err);
}

/* A persistent tap in the current namespace, for the stack to open by name
 * (TUNSETIFF with IFF_TAP | IFF_NO_PI); it goes with the namespace. */
static int tap_create(const char *name, struct sf_err *err)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC), rc = -1;

	/* Root in synfin's user namespace has no say over the machine's
	 * files: only the device's mode lets a normal user's run open it. */
	if (fd < 0 && errno == EACCES)
		return sf_err_errno(err, "open /dev/net/tun (a normal user's run needs it mode 0666, udev's default)");
	if (fd < 0)
		return sf_err_errno(err, "open /dev/net/tun");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETPERSIST, 1) < 0)
		sf_err_errno(err, "create tap %s", name);
	else
		rc = 0;
	close(fd);
	return rc;
}

static void add_env(struct stack_priv *p, int *n, const char *name, const char *value)
{
	if (*n >= SF_AGENT_COMMAND_MAX_ENV)
		return;
	snprintf(p->env_text[*n], sizeof(p->env_text[0]), "%s=%s", name, value);
	p->env[*n] = p->env_text[*n];
	(*n)++;
	p->env[*n] = NULL;
}

static void mac_text(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* What the command is told (documented in targets/AGENT.md). */
static void build_env(struct sf_target *t, struct stack_priv *p, const char *ifname)
{
	char buf[64];
	int n = 0;

	add_env(p, &n, "SYNFIN_IF", ifname);
	add_env(p, &n, "SYNFIN_LINK", p->tap ? "tap" : "veth");
	mac_text(t->target_mac, buf, sizeof(buf));
	add_env(p, &n, "SYNFIN_MAC", buf);
	snprintf(buf, sizeof(buf), "%u", t->mtu);
	add_env(p, &n, "SYNFIN_MTU", buf);
	snprintf(buf, sizeof(buf), "%d", t->family);
	add_env(p, &n, "SYNFIN_FAMILY", buf);
	add_env(p, &n, "SYNFIN_ADDR4", sf_testbed_target_addr[0][0]);
	add_env(p, &n, "SYNFIN_ADDR4_2", sf_testbed_target_addr[0][1]);
	add_env(p, &n, "SYNFIN_PREFIX4", "24");
	add_env(p, &n, "SYNFIN_ADDR6", sf_testbed_target_addr[1][0]);
	add_env(p, &n, "SYNFIN_ADDR6_2", sf_testbed_target_addr[1][1]);
	add_env(p, &n, "SYNFIN_PREFIX6", "64");
	add_env(p, &n, "SYNFIN_TESTER_ADDR4", sf_testbed_tester_addr[0]);
	add_env(p, &n, "SYNFIN_TESTER_ADDR6", sf_testbed_tester_addr[1]);
	mac_text(t->tester_mac, buf, sizeof(buf));
	add_env(p, &n, "SYNFIN_TESTER_MAC", buf);
	add_env(p, &n, "SYNFIN_AGENT", sf_agent_path());
	if (*p->fault)
		add_env(p, &n, "SYNFIN_FAULT", p->fault);
}

/* The target namespace's kernel: no IPv6 on any interface, lo up only. */
static int quiet_kernel(struct sf_err *err)
{
	if (sf_sysctl_write("net.ipv6.conf.all.disable_ipv6", "1", err) < 0 ||
	    sf_sysctl_write("net.ipv6.conf.default.disable_ipv6", "1", err) < 0 ||
	    sf_nl_link_up("lo", NULL, 0, err) < 0)
		return sf_err_prefix(err, "target namespace");
	return 0;
}

static int build_veth(struct sf_target *t, struct stack_priv *p, struct sf_err *err)
{
	t->tester_netns_fd = sf_testbed_tester_veth(TARGET_IF, p->target_netns_fd, t->mtu, err);
	if (t->tester_netns_fd < 0)
		return -1;
	if (sf_netns_enter(p->target_netns_fd, err) < 0 || sf_offloads_off(TARGET_IF, err) < 0 ||
	    sf_nl_link_up(TARGET_IF, t->target_mac, t->mtu, err) < 0 ||
	    sf_nl_wait_up(TARGET_IF, SF_TESTBED_LINK_UP_MS, err) < 0)
		return -1;
	if (sf_netns_enter(t->tester_netns_fd, err) < 0 ||
	    sf_nl_wait_up(SF_TESTBED_TESTER_IF, SF_TESTBED_LINK_UP_MS, err) < 0)
		return -1;
	return sf_netns_enter(p->target_netns_fd, err);
}

/* The tap's kernel side is the tester's end: it carries the tester's MAC. */
static int build_tap(struct sf_target *t, struct stack_priv *p, struct sf_err *err)
{
	if (tap_create(TAP_IF, err) < 0 || sf_offloads_off(TAP_IF, err) < 0 ||
	    sf_nl_link_up(TAP_IF, t->tester_mac, t->mtu, err) < 0)
		return -1;
	t->tester_netns_fd = dup(p->target_netns_fd);
	if (t->tester_netns_fd < 0)
		return sf_err_errno(err, "dup");
	snprintf(t->ifname, sizeof(t->ifname), "%s", TAP_IF);
	return 0;
}

static int start_stack(struct sf_target *t, struct stack_priv *p, const char *cmd, struct sf_err *err)
{
	build_env(t, p, p->tap ? TAP_IF : TARGET_IF);
	if (sf_agent_command_start(cmd, p->env, &t->agent_fd, &t->agent_pid, err) < 0 ||
	    sf_agent_command_ready(t->agent_fd, t->agent_pid, cmd, READY_TIMEOUT_MS, err) < 0)
		return -1;
	/* A tap has carrier only while the stack holds it open. */
	if (p->tap && sf_nl_wait_up(TAP_IF, SF_TESTBED_LINK_UP_MS, err) < 0)
		return sf_err_prefix(err, "the stack did not attach to tap %s (it must open it before answering ping)",
				     TAP_IF);
	return 0;
}

static int build(struct sf_target *t, struct stack_priv *p, const struct sf_target_opts *o, struct sf_err *err)
{
	p->target_netns_fd = sf_netns_new(err);
	if (p->target_netns_fd < 0 || quiet_kernel(err) < 0)
		return -1;
	if ((p->tap ? build_tap(t, p, err) : build_veth(t, p, err)) < 0)
		return -1;
	return start_stack(t, p, sf_target_opt(o, "cmd"), err);
}

void sf_target_stack_close(struct sf_target *t)
{
	struct stack_priv *p = t->priv;

	sf_target_release(t, p ? p->target_netns_fd : -1);
	free(p);
	t->priv = NULL;
}

int sf_target_stack_open(struct sf_target *t, const struct sf_target_opts *o, struct sf_err *err)
{
	struct stack_priv *p = calloc(1, sizeof(*p));
	const char *link;
	int home = -1, rc = -1;

	if (!p)
		return sf_err_set(err, "out of memory");
	p->target_netns_fd = -1;
	t->priv = p;
	t->tester_netns_fd = -1;
	t->agent_fd = -1;
	link = sf_target_opt(o, "link");
	p->tap = link && !strcmp(link, "tap");
	snprintf(p->fault, sizeof(p->fault), "%s", sf_target_opt(o, "fault") ? sf_target_opt(o, "fault") : "");
	if (check_opts(o, err) < 0 || sf_testbed_parse_mtu(o, &t->mtu, err) < 0)
		goto cleanup;
	if (t->family == 6 && t->mtu < SF_IPV6_MIN_MTU) {
		sf_err_set(err, "mtu=%u is below IPv6's minimum link MTU of %d (RFC 8200 5)", t->mtu, SF_IPV6_MIN_MTU);
		goto cleanup;
	}
	sf_testbed_fill(t);
	/* The link check asks in the test's family (ARP, or ND for IPv6): a
	 * user's stack may have no IPv4 at all, and then answers no ARP. */
	t->probe_tester = t->tester_addr;
	t->probe_target = t->target_addr[0];
	home = sf_netns_current(err);
	if (home < 0)
		goto cleanup;
	rc = build(t, p, o, err);
	if (sf_netns_enter(home, rc < 0 ? NULL : err) < 0)
		rc = -1;
	close(home);
cleanup:
	if (rc < 0) {
		sf_err_prefix(err, "stack");
		sf_target_stack_close(t);
	}
	return rc;
}

const struct sf_target_ops sf_target_stack = {
	.name = "stack",
	.summary = "your own TCP stack on an address-less interface in a target namespace, driven by your "
		   "agent command (targets/AGENT.md)",
	.options = "cmd=COMMAND (required: sh -c in the target namespace, speaks the agent protocol on "
		   "stdin/stdout; addresses in SYNFIN_* variables); link=veth|tap (default veth: the far end "
		   "of a veth pair; tap: a tap device sf-tap the stack opens); mtu=N (default 1500); fault=drop-rst|drop-fin-after-first (SYNFIN_FAULT for the agent's "
		   "link to drop those segments on purpose, if it supports it)",
	/* The stack is the user's: no sysctl or setup command reaches it. What
	 * its agent lacks it answers ENOSYS/ENOPROTOOPT to, and that is SKIP. */
	.can = "mtu,addr2,ipv6,tuple_state,sockopts,timers,settings",
	.check_opts = check_opts,
	.open = sf_target_stack_open,
	.close = sf_target_stack_close,
};
