/*
 * agent_command.h - an agent that is a user's shell command (the stack and
 * remote backends): `sh -c COMMAND` whose stdin/stdout carry the agent
 * protocol (targets/AGENT.md), started so that nothing it starts outlives
 * the test, and checked to answer before a test uses it.
 */
#ifndef SYNFIN_AGENT_COMMAND_H
#define SYNFIN_AGENT_COMMAND_H

#include <sys/types.h>

#include "error.h"

/* The most environment variables a backend passes (NAME=VALUE strings). */
#define SF_AGENT_COMMAND_MAX_ENV 32

/*
 * Start `sh -c command` in the current network namespace with synfin's
 * environment plus `env` (NULL-terminated NAME=VALUE strings), stdin and
 * stdout one end of a socketpair (*fd is the other), stderr synfin's.
 * The shell is the init of a PID namespace of its own: when it dies the
 * kernel kills everything it started (background helpers included), and it
 * dies with synfin (PR_SET_PDEATHSIG, even on SIGKILL). Stop it with
 * sf_agent_stop() like any agent.
 */
int sf_agent_command_start(const char *command, const char *const env[], int *fd, pid_t *pid, struct sf_err *err);

/*
 * Wait for the command to answer `ping` within timeout_ms. A command that
 * exits first, or answers something else, is an error that says so (with
 * its exit status), never a hang.
 */
int sf_agent_command_ready(int fd, pid_t pid, const char *command, int timeout_ms, struct sf_err *err);

#endif
