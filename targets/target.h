/*
 * target.h - how a target is reached and driven, behind one ops table.
 *
 * A target backend prepares, for one test, a link the tester can put
 * frames on (an interface, in a namespace) and an agent the engine can send
 * socket commands to (targets/AGENT.md). linux-netns is the default; a
 * remote host over a named interface or a userspace stack on a veth/tap
 * are further backends with the same ops.
 */
#ifndef SYNFIN_TARGET_H
#define SYNFIN_TARGET_H

#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "packet.h"

#define SF_TARGET_MAX_OPTS 64
#define SF_TARGET_ADDRS 2 /* the target's main address and a second one (S9.1) */

/* KEY=VALUE options, from the command line (--target-opt) and the script. */
struct sf_target_opts {
	int n;
	struct { char key[128]; char value[512]; } kv[SF_TARGET_MAX_OPTS];
};

/* Append; -1 when full or when `text` has no '='. */
int sf_target_opts_add(struct sf_target_opts *o, const char *text, struct sf_err *err);
int sf_target_opts_add_kv(struct sf_target_opts *o, const char *key, const char *value, struct sf_err *err);

struct sf_target {
	const struct sf_target_ops *ops;
	int family;                 /* 4 or 6: the addresses the test uses */
	/* The tester's side of the link. */
	int tester_netns_fd;        /* namespace to open the link in; -1: current */
	char ifname[32];
	uint8_t tester_mac[SF_ETH_ALEN];
	struct sf_addr tester_addr;
	/* The target's side. */
	uint8_t target_mac[SF_ETH_ALEN];
	struct sf_addr target_addr[SF_TARGET_ADDRS];
	unsigned mtu;
	/* Addresses to check the link end to end with before a test, by ARP
	 * or ND by their family (family 0: the backend has none, no check). */
	struct sf_addr probe_tester, probe_target;
	/* The agent: write commands to agent_fd, read answers from it. */
	int agent_fd;
	pid_t agent_pid;
	void *priv;
};

struct sf_target_ops {
	const char *name;
	const char *summary;  /* one line for --help */
	const char *options;  /* the KEY=VALUE options it takes, for --help */
	/* Refuse unknown keys and bad values before anything runs. */
	int (*check_opts)(const struct sf_target_opts *opts, struct sf_err *err);
	int (*open)(struct sf_target *t, const struct sf_target_opts *opts, struct sf_err *err);
	void (*close)(struct sf_target *t);
	/* What the backend lets a test do, as a comma-separated list of the
	 * capability names of docs/LUA-API.md ("Needs"): sysctl, setup, mtu,
	 * addr2, ipv6, tuple_state, sockopts, timers, settings. A test that
	 * needs one not listed is SKIP before its target is opened. An agent
	 * may still refuse a request (ENOSYS) or an option (ENOPROTOOPT) at
	 * run time: that is SKIP too (lua/synfin/agent.lua). */
	const char *can;
	/* 1: one target serves every test (a remote host), so tests run one
	 * at a time whatever -j says. */
	int serial;
	/* 1: the link is an interface of the machine's own network namespace
	 * (a remote host), so a normal user's run gets no user namespace of
	 * its own (it could not reach that interface from one). */
	int host_network;
};

/* ops->can, or for a backend that declares none what every agent-driven
 * target has (its agent answers ENOSYS/ENOPROTOOPT for the rest): no
 * sysctl, setup command or MTU change is assumed. */
const char *sf_target_can(const struct sf_target_ops *ops);

/* NULL-terminated list of the backends built in. */
extern const struct sf_target_ops *const sf_targets[];
const struct sf_target_ops *sf_target_find(const char *name);

/* Start `argv` as the target's agent in the current namespace, connected
 * by a socketpair; it is killed if synfin dies (PR_SET_PDEATHSIG). */
int sf_agent_spawn(const char *const argv[], int *fd, pid_t *pid, struct sf_err *err);
/* Ask the agent to quit, then reap it; SIGKILL after a short grace. */
void sf_agent_stop(int fd, pid_t pid);

/* What every namespace backend's close does: stop t's agent, close the
 * tester's namespace and the target's (target_netns_fd; -1 for none). The
 * backend frees its own priv. */
void sf_target_release(struct sf_target *t, int target_netns_fd);

/* The synfin-agent binary next to the running synfin (or $SYNFIN_AGENT). */
const char *sf_agent_path(void);

#endif
