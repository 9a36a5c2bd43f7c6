/* netns.c - see netns.h. */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int sf_netns_current(struct sf_err *err)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return sf_err_errno(err, "open /proc/self/ns/net");
	return fd;
}

int sf_netns_new(struct sf_err *err)
{
	if (unshare(CLONE_NEWNET) < 0)
		return sf_err_errno(err, "unshare(CLONE_NEWNET)");
	return sf_netns_current(err);
}

int sf_netns_enter(int fd, struct sf_err *err)
{
	if (setns(fd, CLONE_NEWNET) < 0)
		return sf_err_errno(err, "setns(CLONE_NEWNET)");
	return 0;
}

int sf_sysctl_write(const char *name, const char *value, struct sf_err *err)
{
	char path[512];
	size_t i, n;
	int fd;
	ssize_t w;

	n = (size_t)snprintf(path, sizeof(path), "/proc/sys/%s", name);
	if (n >= sizeof(path) || strstr(name, "..") || strchr(name, '/'))
		return sf_err_set(err, "sysctl '%s': not a sysctl name", name);
	for (i = strlen("/proc/sys/"); i < n; i++)
		if (path[i] == '.')
			path[i] = '/';
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return sf_err_errno(err, "sysctl %s", name);
	w = write(fd, value, strlen(value));
	close(fd);
	if (w < 0)
		return sf_err_errno(err, "sysctl %s=%s", name, value);
	return 0;
}

static int ethtool_set(int sock, const char *ifname, unsigned cmd, const char *what, struct sf_err *err)
{
	struct ethtool_value ev = { .cmd = cmd, .data = 0 };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&ev;
	if (ioctl(sock, SIOCETHTOOL, &ifr) < 0 && errno != EOPNOTSUPP)
		return sf_err_errno(err, "%s: switch off %s", ifname, what);
	return 0;
}

int sf_offloads_off(const char *ifname, struct sf_err *err)
{
	/* veth offloads transmit checksums: without this the target's segments
	 * cross the link with partial checksums and every one would look bad.
	 * TSO/GSO off so a segment on the wire is what the stack sized. */
	static const struct { unsigned cmd; const char *what; } offloads[] = {
		{ ETHTOOL_STXCSUM, "tx checksum offload" },
		{ ETHTOOL_SSG, "scatter-gather" },
		{ ETHTOOL_STSO, "TCP segmentation offload" },
		{ ETHTOOL_SGSO, "generic segmentation offload" },
		{ ETHTOOL_SGRO, "generic receive offload" },
	};
	size_t i;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (sock < 0)
		return sf_err_errno(err, "socket for ethtool");
	for (i = 0; i < sizeof(offloads) / sizeof(offloads[0]); i++)
		if (ethtool_set(sock, ifname, offloads[i].cmd, offloads[i].what, err) < 0)
			goto cleanup;
	rc = 0;
cleanup:
	close(sock);
	return rc;
}

static void exec_shell(const char *command, int out_fd)
{
	/* Never outlive synfin, even if it is SIGKILLed mid-setup. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setpgid(0, 0);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

static double mono_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + now.tv_nsec / 1e9;
}

/* Keep the first bytes of what fd has to give now, without blocking. */
static void take_output(int fd, char *buf, size_t cap, size_t *used)
{
	char tmp[512];
	ssize_t r;

	while ((r = read(fd, tmp, sizeof(tmp))) > 0)
		if (*used + 1 < cap) {
			size_t take = (size_t)r < cap - 1 - *used ? (size_t)r : cap - 1 - *used;
			memcpy(buf + *used, tmp, take);
			*used += take;
			buf[*used] = 0;
		}
}

/* Wait for the shell to exit (not for its output to close: something it
 * left in the background may hold the pipe), collecting its output.
 * Returns 0 with *status, or -1 at the deadline. */
static int wait_shell(pid_t pid, int fd, char *buf, size_t cap, double deadline, int *status)
{
	size_t used = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (waitpid(pid, status, WNOHANG) == pid) {
			take_output(fd, buf, cap, &used);
			return 0;
		}
		if (mono_now() > deadline)
			return -1;
		if (poll(&p, 1, 20) > 0)
			take_output(fd, buf, cap, &used);
	}
}

int sf_run_command(const char *command, int timeout_s, struct sf_err *err)
{
	char out[600] = "";
	int pipefd[2], status = 0, done;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) < 0)
		return sf_err_errno(err, "pipe for '%s'", command);
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return sf_err_errno(err, "fork for '%s'", command);
	}
	if (pid == 0)
		exec_shell(command, pipefd[1]);
	close(pipefd[1]);
	done = wait_shell(pid, pipefd[0], out, sizeof(out), mono_now() + timeout_s, &status);
	close(pipefd[0]);
	/* Nothing a setup command starts may outlive it: it would hold the
	 * target's namespace after synfin is gone. */
	kill(-pid, SIGKILL);
	if (done < 0) {
		waitpid(pid, &status, 0);
		return sf_err_set(err, "command '%s' did not finish within %d s", command, timeout_s);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return sf_err_set(err, "command '%s' failed (%s %d): %s", command,
				  WIFEXITED(status) ? "exit" : "signal",
				  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), out);
	return 0;
}
