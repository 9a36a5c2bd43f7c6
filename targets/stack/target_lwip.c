/*
 * target_lwip.c - "lwip": lwIP 2.1.3 (Debian's liblwip) as the target, a
 * preset of "stack" whose command is synfin-lwip-agent (targets/lwip/),
 * built beside synfin when liblwip-dev is installed.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "target_stack.h"

#define LWIP_AGENT "synfin-lwip-agent"

/* synfin-lwip-agent beside the running synfin. */
static const char *agent_path(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof(LWIP_AGENT) - 1);
	char *slash;

	if (n <= 0)
		return LWIP_AGENT;
	path[n] = 0;
	slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof(LWIP_AGENT) + 1, "%s", LWIP_AGENT);
	return path;
}

static int check_opts(const struct sf_target_opts *o, struct sf_err *err)
{
	static const char *const known[] = { "link", "mtu", "fault" };
	struct sf_target_opts full = *o;
	int i;
	size_t k;

	for (i = 0; i < o->n; i++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(o->kv[i].key, known[k]))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return sf_err_set(err, "lwip: unknown target option '%s' (known: link, mtu, fault)", o->kv[i].key);
	}
	if (access(agent_path(), X_OK) < 0)
		return sf_err_set(err, "lwip: %s is not built (install liblwip-dev, then rebuild synfin)", agent_path());
	if (sf_target_opts_add_kv(&full, "cmd", "x", err) < 0)
		return -1;
	return sf_target_stack.check_opts(&full, err);
}

static int open_lwip(struct sf_target *t, const struct sf_target_opts *o, struct sf_err *err)
{
	struct sf_target_opts full = *o;
	char cmd[PATH_MAX + 8];

	/* sh -c runs it: quote the path. */
	snprintf(cmd, sizeof(cmd), "'%s'", agent_path());
	if (sf_target_opts_add_kv(&full, "cmd", cmd, err) < 0)
		return -1;
	return sf_target_stack_open(t, &full, err);
}

const struct sf_target_ops sf_target_lwip = {
	.name = "lwip",
	.summary = "lwIP 2.1.3 (Debian's liblwip, tcpip thread, IPv4 and IPv6) on the far end of a veth pair "
		   "or a tap: the stack target with synfin-lwip-agent as its command",
	.options = "link=veth|tap (default veth); mtu=N (default 1500); fault=drop-rst|drop-fin-after-first "
		   "(the agent's link drops every RST, or every FIN after the first, on purpose)",
	/* What a stack target can do (target_stack.c); the agent's ENOSYS and
	 * ENOPROTOOPT tell the rest. */
	.can = "mtu,addr2,ipv6,tuple_state,sockopts,timers,settings",
	.check_opts = check_opts,
	.open = open_lwip,
	.close = sf_target_stack_close,
};
