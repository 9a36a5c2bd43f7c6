/* target.c - the backend list, target options and the agent process. */
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "target_linux_netns.h"
#include "target_remote.h"
#include "target_stack.h"


const struct sf_target_ops *const sf_targets[] = {
	&sf_target_linux_netns,
	&sf_target_stack,
	&sf_target_lwip,
	&sf_target_gvisor,
	&sf_target_remote,
	NULL,
};

const char *sf_target_can(const struct sf_target_ops *ops)
{
	return ops->can ? ops->can : "addr2,ipv6,tuple_state,sockopts,timers,settings";
}

const struct sf_target_ops *sf_target_find(const char *name)
{
	size_t i;

	for (i = 0; sf_targets[i]; i++)
		if (!strcmp(sf_targets[i]->name, name))
			return sf_targets[i];
	return NULL;
}

int sf_target_opts_add_kv(struct sf_target_opts *o, const char *key, const char *value, struct sf_err *err)
{
	if (o->n >= SF_TARGET_MAX_OPTS)
		return sf_err_set(err, "too many target options (at most %d)", SF_TARGET_MAX_OPTS);
	if (strlen(key) >= sizeof(o->kv[0].key) || strlen(value) >= sizeof(o->kv[0].value))
		return sf_err_set(err, "target option '%s' is too long", key);
	snprintf(o->kv[o->n].key, sizeof(o->kv[0].key), "%s", key);
	snprintf(o->kv[o->n].value, sizeof(o->kv[0].value), "%s", value);
	o->n++;
	return 0;
}

int sf_target_opts_add(struct sf_target_opts *o, const char *text, struct sf_err *err)
{
	const char *eq = strchr(text, '=');
	char key[128];

	if (!eq || eq == text)
		return sf_err_set(err, "target option '%s' is not KEY=VALUE", text);
	if ((size_t)(eq - text) >= sizeof(key))
		return sf_err_set(err, "target option '%s': key too long", text);
	memcpy(key, text, (size_t)(eq - text));
	key[eq - text] = 0;
	return sf_target_opts_add_kv(o, key, eq + 1, err);
}

const char *sf_agent_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("SYNFIN_AGENT");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n <= 0)
		return "synfin-agent";
	path[n] = 0;
	slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, 32, "synfin-agent");
	return path;
}

int sf_agent_spawn(const char *const argv[], int *fd, pid_t *pid, struct sf_err *err)
{
	int sv[2];
	pid_t child;
	char parent[32];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return sf_err_errno(err, "socketpair for the agent");
	/* The agent checks this against getppid() after its prctl(), closing
	 * the window where synfin dies between fork and PR_SET_PDEATHSIG. */
	snprintf(parent, sizeof(parent), "%d", (int)getpid());
	child = fork();
	if (child < 0) {
		close(sv[0]);
		close(sv[1]);
		return sf_err_errno(err, "fork for the agent");
	}
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setenv("SYNFIN_AGENT_PARENT", parent, 1);
		dup2(sv[1], STDIN_FILENO);
		dup2(sv[1], STDOUT_FILENO);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "synfin: cannot run agent %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(sv[1]);
	*fd = sv[0];
	*pid = child;
	return 0;
}

void sf_agent_stop(int fd, pid_t pid)
{
	int i, status;

	if (fd >= 0) {
		/* Read the agent's answer to quit (until it closes), so it never
		 * writes into a closed socket; bounded by the poll timeout. */
		if (write(fd, "quit\n", 5) == 5) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			char buf[64];
			while (poll(&p, 1, 1000) > 0 && read(fd, buf, sizeof(buf)) > 0)
				;
		}
		close(fd);
	}
	if (pid <= 0)
		return;
	for (i = 0; i < 100; i++) { /* 1 s grace */
		if (waitpid(pid, &status, WNOHANG) == pid)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

void sf_target_release(struct sf_target *t, int target_netns_fd)
{
	sf_agent_stop(t->agent_fd, t->agent_pid);
	t->agent_fd = -1;
	t->agent_pid = 0;
	if (t->tester_netns_fd >= 0)
		close(t->tester_netns_fd);
	t->tester_netns_fd = -1;
	if (target_netns_fd >= 0)
		close(target_netns_fd);
}
