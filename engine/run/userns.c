/* userns.c - see userns.h. */
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The first line of a /proc file as a number; -1 when it cannot be read. */
static long read_proc_long(const char *path)
{
	char buf[32];
	long v = -1;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f) || sscanf(buf, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Why unshare(CLONE_NEWUSER) failed with errno e, and how to enable it. */
static const char *why_refused(int e, char *buf, size_t len)
{
	long max = read_proc_long("/proc/sys/user/max_user_namespaces");

	if (e == ENOSPC && max == 0)
		return "user.max_user_namespaces is 0; enable them with "
		       "`sudo sysctl -w user.max_user_namespaces=10000`";
	if (e == ENOSPC) {
		snprintf(buf, len, "the limit of user namespaces (user.max_user_namespaces = %ld) is reached "
			 "for this user or a namespace above it; raise it with `sudo sysctl -w "
			 "user.max_user_namespaces=10000`", max);
		return buf;
	}
	if (e == EPERM && read_proc_long("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return "kernel.unprivileged_userns_clone is 0; enable them with "
		       "`sudo sysctl -w kernel.unprivileged_userns_clone=1`";
	if (e == EPERM && read_proc_long("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return "AppArmor restricts them (kernel.apparmor_restrict_unprivileged_userns = 1); allow them "
		       "with `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` or an AppArmor "
		       "profile for synfin that grants `userns,`";
	if (e == EPERM)
		return "a seccomp filter or a security module refused it (a container's default profile does), "
		       "or synfin runs chrooted; allow unshare(CLONE_NEWUSER) for it";
	if (e == EINVAL)
		return "this kernel has no user namespaces (CONFIG_USER_NS)";
	if (e == EUSERS)
		return "user namespaces are nested 32 deep already";
	return "see user_namespaces(7)";
}

static int write_file(const char *path, const char *text, struct sf_err *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;
	size_t n = strlen(text);

	if (fd < 0)
		return sf_err_errno(err, "open %s", path);
	if (write(fd, text, n) != (ssize_t)n)
		rc = sf_err_errno(err, "write '%.*s' to %s", (int)n - 1, text, path);
	close(fd);
	return rc;
}

/* uid and gid to 0 inside, one each; setgroups must be denied before an
 * unprivileged process may write gid_map (user_namespaces(7), "The
 * /proc/[pid]/setgroups file"). */
static int map_root(uid_t uid, gid_t gid, struct sf_err *err)
{
	char line[64];

	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)uid);
	if (write_file("/proc/self/uid_map", line, err) < 0)
		return -1;
	if (write_file("/proc/self/setgroups", "deny\n", err) < 0)
		return -1;
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)gid);
	return write_file("/proc/self/gid_map", line, err);
}

int sf_userns_enter(int own_netns, struct sf_err *err)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char why[256];

	if (uid == 0)
		return 0;
	if (unshare(CLONE_NEWUSER | (own_netns ? CLONE_NEWNET : 0)) < 0) {
		int e = errno;

		return sf_err_set(err, "uid %u is not root, so synfin needs a user namespace of its own, and "
				       "creating one failed (%s): %s; or run synfin as root (sudo)",
				  (unsigned)uid, strerror(e), why_refused(e, why, sizeof(why)));
	}
	if (map_root(uid, gid, err) < 0)
		return sf_err_prefix(err, "user namespace");
	return 1;
}
