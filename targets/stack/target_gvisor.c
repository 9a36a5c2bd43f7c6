/*
 * target_gvisor.c - gVisor's netstack as the target: the stack backend
 * (target_stack.c) with cmd= set to the gVisor agent that CMake builds with
 * go beside synfin (targets/gvisor/agent/). The options are the stack's but
 * cmd: link=veth|tap, mtu=N, fault=drop-rst|drop-fin-after-first.
 * Declared in target_stack.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "target_stack.h"
#include "testbed.h"

#define GVISOR_AGENT "synfin-gvisor-agent"

/* The agent beside the running synfin, or $SYNFIN_GVISOR_AGENT. */
static const char *agent_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("SYNFIN_GVISOR_AGENT");
	const char *synfin_agent = sf_agent_path();
	const char *slash = strrchr(synfin_agent, '/');

	if (env && *env)
		return env;
	if (!slash)
		return GVISOR_AGENT;
	snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - synfin_agent), synfin_agent, GVISOR_AGENT);
	return path;
}

/* opts with cmd= the gVisor agent; cmd= of the user's is refused. */
static int preset(const struct sf_target_opts *o, struct sf_target_opts *out, struct sf_err *err)
{
	char cmd[PATH_MAX + 8];

	if (sf_target_opt(o, "cmd"))
		return sf_err_set(err, "gvisor: the target runs its own agent, cmd= is not an option "
				       "(use --target stack for another command)");
	if (access(agent_path(), X_OK) < 0)
		return sf_err_set(err, "gvisor: %s was not built (CMake builds it when go and "
				       "golang-gvisor-gvisor-dev are installed: apt-get install golang-go "
				       "golang-gvisor-gvisor-dev, then rebuild)", agent_path());
	*out = *o;
	snprintf(cmd, sizeof(cmd), "exec '%s'", agent_path());
	return sf_target_opts_add_kv(out, "cmd", cmd, err);
}

static int check_opts(const struct sf_target_opts *o, struct sf_err *err)
{
	struct sf_target_opts full;

	if (preset(o, &full, err) < 0)
		return -1;
	return sf_target_stack.check_opts(&full, err);
}

static int open_gvisor(struct sf_target *t, const struct sf_target_opts *o, struct sf_err *err)
{
	struct sf_target_opts full;

	if (preset(o, &full, err) < 0)
		return -1;
	return sf_target_stack_open(t, &full, err);
}

const struct sf_target_ops sf_target_gvisor = {
	.name = "gvisor",
	.summary = "gVisor's userspace TCP/IP stack (netstack) on a veth end or a tap in a target namespace, "
		   "driven by synfin-gvisor-agent (targets/gvisor/)",
	.options = "link=veth|tap (default veth: netstack reads the veth end through AF_PACKET; tap: a tap "
		   "device); mtu=N (default 1500); fault=drop-rst|drop-fin-after-first (the agent's link "
		   "drops every RST netstack sends, or every FIN after the first)",
	/* What a stack target can do (target_stack.c); the agent's ENOSYS and
	 * ENOPROTOOPT tell the rest. */
	.can = "mtu,addr2,ipv6,tuple_state,sockopts,timers,settings",
	.check_opts = check_opts,
	.open = open_gvisor,
	.close = sf_target_stack_close,
};
