/*
 * test_netns.c - anonymous network namespaces and their knobs
 * (targets/linux-netns/netns.h).
 *
 * Everything that changes a namespace runs in a forked child, so this
 * process's own namespace is never touched. The child checks, and reports
 * through its exit status (0, or the number of the check that failed) and a
 * one-line message on a pipe; the parent asserts on both. Namespace tests
 * need root and are skipped without it (the program then exits 77, which
 * CTest shows as skipped); sf_run_command needs nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2() */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netns.h"

#define FIN_TIMEOUT "/proc/sys/net/ipv4/tcp_fin_timeout"

/* ---- the child's side ------------------------------------------------------ */

static int report_fd = -1;

/* Fail check `code` with a message for the parent; never returns. */
static void child_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

static void child_fail(int code, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	ssize_t w;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w = write(report_fd, msg, strlen(msg));
	(void)w; /* nothing more to do if the parent is not listening */
	_exit(code);
}

static ino_t ns_inode(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return st.st_ino;
}

static ino_t fd_inode(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return 0;
	return st.st_ino;
}

/* The first line of a small file, without its newline. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* ---- the parent's side ----------------------------------------------------- */

struct outcome {
	int code;        /* exit status, or 128 + signal */
	char msg[1200];  /* what the child said before it failed */
};

/* Run fn(arg) in a child and collect how it ended. */
static void in_child(void (*fn)(const void *), const void *arg, struct outcome *o)
{
	int p[2], status = 0;
	ssize_t n;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	assert_int_equal(pipe2(p, O_CLOEXEC), 0); /* not inherited by what the child runs */
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		fn(arg);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], o->msg, sizeof(o->msg) - 1);
	o->msg[n > 0 ? n : 0] = 0;
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	o->code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (o->code != 0)
		print_error("child failed check %d: %s\n", o->code, o->msg);
}

/* cmocka counts a skip as no failure; main() turns any into exit 77 so
 * that CTest (SKIP_RETURN_CODE) shows the program as skipped, not passed. */
static int skipped;

static void need_root(void)
{
	if (geteuid() != 0) {
		print_message("not root: namespace test skipped\n");
		skipped++;
		skip();
	}
}

/* ---- sf_netns_new / current / enter ----------------------------------------- */

static void child_new_namespace(const void *arg)
{
	ino_t parent = *(const ino_t *)arg, now;
	struct sf_err err = { "" };
	int old_fd, new_fd, cur_fd;

	old_fd = sf_netns_current(&err);
	if (old_fd < 0)
		child_fail(1, "sf_netns_current: %s", err.msg);
	if (fd_inode(old_fd) != parent)
		child_fail(2, "sf_netns_current holds inode %lu, not ours %lu",
			   (unsigned long)fd_inode(old_fd), (unsigned long)parent);
	new_fd = sf_netns_new(&err);
	if (new_fd < 0)
		child_fail(3, "sf_netns_new: %s", err.msg);
	now = ns_inode("/proc/self/ns/net");
	if (now == 0 || now == parent)
		child_fail(4, "after sf_netns_new the namespace inode is %lu, the parent's is %lu",
			   (unsigned long)now, (unsigned long)parent);
	if (fd_inode(new_fd) != now)
		child_fail(5, "sf_netns_new's descriptor holds inode %lu, not the new namespace %lu",
			   (unsigned long)fd_inode(new_fd), (unsigned long)now);
	cur_fd = sf_netns_current(&err);
	if (cur_fd < 0 || fd_inode(cur_fd) != now)
		child_fail(6, "sf_netns_current in the new namespace: %s", err.msg);
	if (!(fcntl(new_fd, F_GETFD) & FD_CLOEXEC))
		child_fail(7, "the namespace descriptor is not close-on-exec");
	if (sf_netns_enter(old_fd, &err) < 0)
		child_fail(8, "sf_netns_enter(old): %s", err.msg);
	if (ns_inode("/proc/self/ns/net") != parent)
		child_fail(9, "sf_netns_enter did not go back to the parent's namespace");
	if (sf_netns_enter(new_fd, &err) < 0 || ns_inode("/proc/self/ns/net") != now)
		child_fail(10, "sf_netns_enter(new): %s", err.msg);
	if (sf_netns_enter(-1, &err) != -1 || !strstr(err.msg, "setns"))
		child_fail(11, "sf_netns_enter(-1) did not fail with a setns message: '%s'", err.msg);
	close(old_fd);
	close(new_fd);
	close(cur_fd);
}

static void test_new_namespace(void **state)
{
	ino_t parent = ns_inode("/proc/self/ns/net");
	struct outcome o;

	(void)state;
	need_root();
	assert_int_not_equal(parent, 0);
	in_child(child_new_namespace, &parent, &o);
	assert_int_equal(o.code, 0);
	/* and ours is where it was */
	assert_int_equal(ns_inode("/proc/self/ns/net"), parent);
}

/* ---- sf_sysctl_write ------------------------------------------------------ */

struct sysctl_case {
	ino_t parent_ns;
	const char *value;
};

/* Leave the parent's namespace, or stop before writing anything. */
static void child_enter_new_namespace(ino_t parent_ns)
{
	struct sf_err err = { "" };

	if (sf_netns_new(&err) < 0)
		child_fail(1, "sf_netns_new: %s", err.msg);
	if (ns_inode("/proc/self/ns/net") == parent_ns)
		child_fail(1, "sf_netns_new left us in the parent's namespace: not writing sysctls there");
}

static void child_sysctl(const void *arg)
{
	const struct sysctl_case *c = arg;
	const char *value = c->value;
	struct sf_err err = { "" };
	char got[64];

	child_enter_new_namespace(c->parent_ns);
	if (sf_sysctl_write("net.ipv4.tcp_fin_timeout", value, &err) < 0)
		child_fail(2, "sf_sysctl_write: %s", err.msg);
	if (read_line(FIN_TIMEOUT, got, sizeof(got)) < 0)
		child_fail(3, "cannot read back %s: %s", FIN_TIMEOUT, strerror(errno));
	if (strcmp(got, value) != 0)
		child_fail(4, "%s reads '%s' in the new namespace, expected '%s'", FIN_TIMEOUT, got, value);
	/* A value the kernel refuses is an error naming the sysctl and value. */
	err.msg[0] = 0;
	if (sf_sysctl_write("net.ipv4.tcp_fin_timeout", "abc", &err) != -1)
		child_fail(5, "writing 'abc' to net.ipv4.tcp_fin_timeout succeeded");
	if (!strstr(err.msg, "net.ipv4.tcp_fin_timeout") || !strstr(err.msg, "abc"))
		child_fail(6, "refused value: message '%s' names neither sysctl nor value", err.msg);
}

static void test_sysctl_in_namespace(void **state)
{
	char before[64], after[64];
	struct sysctl_case c;
	struct outcome o;

	(void)state;
	need_root();
	assert_int_equal(read_line(FIN_TIMEOUT, before, sizeof(before)), 0);
	c.parent_ns = ns_inode("/proc/self/ns/net");
	c.value = strcmp(before, "7") ? "7" : "8";
	in_child(child_sysctl, &c, &o);
	assert_int_equal(o.code, 0);
	assert_int_equal(read_line(FIN_TIMEOUT, after, sizeof(after)), 0);
	assert_string_equal(after, before); /* the parent's namespace is untouched */
}

static void child_bad_sysctl_names(const void *arg)
{
	static const char *const bad[] = { "net/../x", "no.such.sysctl", "net..ipv4", "net.ipv4/../../x" };
	struct sf_err err = { "" };
	size_t i;

	child_enter_new_namespace(*(const ino_t *)arg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.msg[0] = 0;
		if (sf_sysctl_write(bad[i], "1", &err) != -1)
			child_fail(10 + (int)i, "sf_sysctl_write('%s') succeeded", bad[i]);
		if (!strstr(err.msg, bad[i]))
			child_fail(20 + (int)i, "sf_sysctl_write('%s'): message '%s' does not name it", bad[i], err.msg);
		/* Path-like names are refused as names, before any file is opened. */
		if (strstr(bad[i], "/") || strstr(bad[i], ".."))
			if (!strstr(err.msg, "not a sysctl name"))
				child_fail(30 + (int)i, "sf_sysctl_write('%s'): '%s', expected 'not a sysctl name'",
					   bad[i], err.msg);
	}
}

static void test_sysctl_bad_names(void **state)
{
	ino_t parent = ns_inode("/proc/self/ns/net");
	struct outcome o;

	(void)state;
	need_root();
	in_child(child_bad_sysctl_names, &parent, &o);
	assert_int_equal(o.code, 0);
}

/* ---- sf_run_command ------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_run_command_ok(void **state)
{
	struct sf_err err = { "" };

	(void)state;
	assert_int_equal(sf_run_command("echo hi", 5, &err), 0);
	assert_int_equal(sf_run_command("true", 5, &err), 0);
}

static void test_run_command_exit_status(void **state)
{
	struct sf_err err = { "" };

	(void)state;
	assert_int_equal(sf_run_command("exit 3", 5, &err), -1);
	assert_non_null(strstr(err.msg, "'exit 3'"));
	assert_non_null(strstr(err.msg, "(exit 3)"));
	/* the status is the command's, not read off the command text */
	assert_int_equal(sf_run_command("false", 5, &err), -1);
	assert_non_null(strstr(err.msg, "'false'"));
	assert_non_null(strstr(err.msg, "(exit 1)"));
}

/* The message carries what the command said, stdout and stderr (text
 * computed by the shell, so it cannot come from the quoted command). */
static void test_run_command_output_quoted(void **state)
{
	struct sf_err err = { "" };

	(void)state;
	assert_int_equal(sf_run_command("echo out$((6*7)); echo err$((5*5)) >&2; exit 2", 5, &err), -1);
	assert_non_null(strstr(err.msg, "(exit 2)"));
	assert_non_null(strstr(err.msg, "out42"));
	assert_non_null(strstr(err.msg, "err25"));
}

static void test_run_command_signal(void **state)
{
	struct sf_err err = { "" };

	(void)state;
	assert_int_equal(sf_run_command("kill -TERM $$", 5, &err), -1);
	assert_non_null(strstr(err.msg, "(signal 15)"));
}

static void test_run_command_timeout(void **state)
{
	struct sf_err err = { "" };
	double t0 = now_s(), elapsed;

	(void)state;
	assert_int_equal(sf_run_command("sleep 10", 1, &err), -1);
	elapsed = now_s() - t0;
	if (elapsed < 0.9 || elapsed > 2.5)
		print_error("'sleep 10' with a 1 s timeout returned after %.2f s\n", elapsed);
	assert_true(elapsed >= 0.9 && elapsed <= 2.5);
	assert_non_null(strstr(err.msg, "'sleep 10'"));
	assert_non_null(strstr(err.msg, "did not finish within 1 s"));
}

/*
 * At the timeout the command's whole process group goes, not only the
 * shell: "sleep 10; ..." makes the shell fork the sleep. The child is a
 * subreaper, so an orphaned sleep comes back to it, to be reaped (killed)
 * or found still running. (The shell may also reap the sleep itself in
 * the instant before its own SIGKILL lands, so none may come back.)
 */
static void child_timeout_kills_group(const void *arg)
{
	struct sf_err err = { "" };
	double deadline;
	int status;
	pid_t pid;

	(void)arg;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		child_fail(1, "PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	if (sf_run_command("sleep 10; echo never", 1, &err) != -1 || !strstr(err.msg, "did not finish within 1 s"))
		child_fail(2, "sf_run_command: expected a timeout, got '%s'", err.msg);
	deadline = now_s() + 1.0;
	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
				child_fail(3, "a process of the command ended with status 0x%x, not SIGKILL", status);
		} else if (pid < 0 && errno == ECHILD) {
			break;
		} else if (now_s() > deadline) {
			child_fail(4, "a process of the timed-out command is still running 1 s later");
		} else {
			usleep(10 * 1000);
		}
	}
}

static void test_run_command_timeout_kills_group(void **state)
{
	struct outcome o;

	(void)state;
	in_child(child_timeout_kills_group, NULL, &o);
	assert_int_equal(o.code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_namespace),
		cmocka_unit_test(test_sysctl_in_namespace),
		cmocka_unit_test(test_sysctl_bad_names),
		cmocka_unit_test(test_run_command_ok),
		cmocka_unit_test(test_run_command_exit_status),
		cmocka_unit_test(test_run_command_output_quoted),
		cmocka_unit_test(test_run_command_signal),
		cmocka_unit_test(test_run_command_timeout),
		cmocka_unit_test(test_run_command_timeout_kills_group),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	return failed ? 1 : skipped ? 77 : 0;
}
