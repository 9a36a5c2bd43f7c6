/* agent_command.c - see agent_command.h. */
#include "agent_command.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent_client.h"

extern char **environ;

/* environ followed by env: the strings are borrowed, the array is owned. */
static char **build_env(const char *const env[])
{
	size_t n = 0, m = 0, i;
	char **out;

	while (environ[n])
		n++;
	while (env && env[m])
		m++;
	out = calloc(n + m + 1, sizeof(*out));
	if (!out)
		return NULL;
	for (i = 0; i < n; i++)
		out[i] = environ[i];
	for (i = 0; i < m; i++)
		out[n + i] = (char *)env[i];
	return out;
}

/* The child, between clone and exec: only async-signal-safe calls. */
static void exec_command(const char *command, char **envp, int sock)
{
	static const char msg[] = "synfin: cannot run /bin/sh for the agent command\n";
	struct pollfd p = { .fd = sock, .events = 0 };

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* synfin may have died before the prctl: its end of the socketpair is
	 * then closed, and nobody would ever stop us. */
	if (poll(&p, 1, 0) == 1 && (p.revents & POLLHUP))
		_exit(1);
	dup2(sock, STDIN_FILENO);
	dup2(sock, STDOUT_FILENO);
	execve("/bin/sh", (char *const[]){ "sh", "-c", (char *)command, NULL }, envp);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

int sf_agent_command_start(const char *command, const char *const env[], int *fd, pid_t *pid, struct sf_err *err)
{
	char **envp = build_env(env);
	int sv[2];
	long child;

	if (!envp)
		return sf_err_set(err, "out of memory");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		free(envp);
		return sf_err_errno(err, "socketpair for '%s'", command);
	}
	/* clone() as fork() plus CLONE_NEWPID: only the child is in the new PID
	 * namespace, synfin's own later children are not. */
	child = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, 0);
	if (child == 0)
		exec_command(command, envp, sv[1]);
	free(envp);
	close(sv[1]);
	if (child < 0) {
		close(sv[0]);
		return sf_err_errno(err, "clone (new PID namespace) for '%s'", command);
	}
	*fd = sv[0];
	*pid = (pid_t)child;
	return 0;
}

/* Say how the command ended, without reaping it: sf_agent_stop() does. */
static void describe_exit(pid_t pid, char *buf, size_t len)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	snprintf(buf, len, "did not answer");
	if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0 || info.si_pid != pid)
		return;
	if (info.si_code == CLD_EXITED)
		snprintf(buf, len, "exited with status %d", info.si_status);
	else
		snprintf(buf, len, "was killed by signal %d", info.si_status);
}

int sf_agent_command_ready(int fd, pid_t pid, const char *command, int timeout_ms, struct sf_err *err)
{
	struct sf_agent_reply reply;
	char how[64];
	int ok;

	if (sf_agent_call(fd, "ping", timeout_ms, &reply, err) < 0) {
		/* EOF arrives as the shell exits: give it a moment to be reaped. */
		usleep(50 * 1000);
		describe_exit(pid, how, sizeof(how));
		return sf_err_prefix(err, "agent command '%s' %s before answering ping (it must serve the "
				     "protocol of targets/AGENT.md on stdin/stdout)", command, how);
	}
	ok = reply.ok;
	sf_agent_reply_free(&reply);
	if (!ok)
		return sf_err_set(err, "agent command '%s' answered ping with an error", command);
	return 0;
}
