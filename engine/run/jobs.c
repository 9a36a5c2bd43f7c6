/* jobs.c - see jobs.h. */
#include "jobs.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <poll.h>
#include <sys/syscall.h>

#define FALLBACK_POLL_MS 20 /* only when the kernel has no pidfd_open (< 5.3) */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Each point's TAP is a temporary file, open from its reservation to its
 * printing, and a run reserves every point before it starts the first: a
 * suite of more than about a thousand points needs more descriptors than
 * the usual soft limit. The hard limit is ours to take. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

void sf_jobs_init(struct sf_jobs *j, int max, double margin, struct sf_tap *out)
{
	memset(j, 0, sizeof(*j));
	j->max = max < 1 ? 1 : max;
	j->margin = margin;
	j->out = out;
	raise_fd_limit();
}

struct sf_tap *sf_jobs_begin(struct sf_jobs *j)
{
	return sf_jobs_begin_points(j, 1);
}

struct sf_tap *sf_jobs_begin_points(struct sf_jobs *j, int points)
{
	struct sf_job *jb;

	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 64;
		jb = realloc(j->job, cap * sizeof(*jb));
		if (!jb)
			return NULL;
		j->job = jb;
		j->cap = cap;
	}
	jb = &j->job[j->n];
	memset(jb, 0, sizeof(*jb));
	jb->pidfd = -1;
	jb->buf = tmpfile();
	if (!jb->buf)
		return NULL;
	/* Lines wait here until the test's next wait (engine/wait.h), a
	 * write per 16 KiB at most; BUFSIZ's 4 KiB was a write per hundred
	 * assertions, one in a hundred of a round-trip loop's. */
	setvbuf(jb->buf, NULL, _IOFBF, 16 * 1024);
	sf_tap_init(&jb->tap, jb->buf, NULL);
	jb->tap.buffered = 1;
	jb->tap.count = j->points; /* points before this one: it prints number points + 1 on */
	jb->points = points;
	j->points += points;
	j->n++;
	return &jb->tap;
}

/* Copy every finished point, in order, to the main stream. */
static void print_ready(struct sf_jobs *j)
{
	while (j->printed < j->n && j->job[j->printed].done) {
		struct sf_job *jb = &j->job[j->printed];
		char line[4096];

		rewind(jb->buf);
		while (fgets(line, sizeof(line), jb->buf)) {
			fputs(line, j->out->out);
			if (j->out->copy)
				fputs(line, j->out->copy);
		}
		fflush(j->out->out);
		if (j->out->copy)
			fflush(j->out->copy);
		fclose(jb->buf);
		j->out->count += jb->points;
		j->out->failed += jb->tap.failed;
		j->printed++;
	}
}

static void done_inline(struct sf_jobs *j, size_t index)
{
	j->job[index].done = 1;
	print_ready(j);
}

void sf_jobs_end_inline(struct sf_jobs *j)
{
	done_inline(j, j->n - 1);
}

/* The top-level points a job's buffer holds already. */
static int printed_points(FILE *buf)
{
	char line[4096];
	int n = 0;

	rewind(buf);
	while (fgets(line, sizeof(line), buf))
		n += !strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7);
	fseek(buf, 0, SEEK_END);
	return n;
}

/* A child that died before printing its points: each one it did not
 * print says so, so the stream keeps the plan's count. */
static void killed(struct sf_job *jb, int status, double after)
{
	char msg[160];
	int left = jb->points - printed_points(jb->buf);

	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		snprintf(msg, sizeof(msg), "message: 'killed after its time limit of %.0f s'", after);
	else
		snprintf(msg, sizeof(msg), "message: 'the test process died (%s %d)'",
			 WIFSIGNALED(status) ? "signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	jb->tap.count += jb->points - left;
	for (; left > 0; left--) {
		sf_tap_test(&jb->tap, 0, jb->desc, SF_TAP_NONE, NULL);
		sf_tap_yaml(&jb->tap, 0, msg);
	}
}

static void collect(struct sf_jobs *j, pid_t pid, int status)
{
	size_t i;

	for (i = j->printed; i < j->n; i++) {
		struct sf_job *jb = &j->job[i];

		if (jb->pid != pid)
			continue;
		/* The child counted its failures (exit 0/1); its buffer holds
		 * its output. Any other end means it never printed its point. */
		fseek(jb->buf, 0, SEEK_END);
		jb->tap.failed = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
			killed(jb, status, jb->limit);
		jb->pid = 0;
		if (jb->pidfd >= 0)
			close(jb->pidfd);
		jb->pidfd = -1;
		jb->done = 1;
		if (jb->beside)
			j->beside--;
		else
			j->running--;
		return;
	}
}

/* Sleep until a running child exits or the nearest deadline passes: the
 * children's pidfds become readable when they exit, so a free slot is
 * refilled at once rather than at the next tick of a polling loop. */
static void wait_any(struct sf_jobs *j)
{
	struct pollfd p[64];
	double next = mono() + 1;
	nfds_t n = 0;
	size_t i;

	for (i = j->printed; i < j->n && n < 64; i++) {
		struct sf_job *jb = &j->job[i];

		if (!jb->pid)
			continue;
		if (jb->pidfd < 0) { /* no pidfd: poll */
			n = 0;
			next = mono() + FALLBACK_POLL_MS / 1e3;
			break;
		}
		p[n++] = (struct pollfd){ .fd = jb->pidfd, .events = POLLIN };
		next = jb->deadline < next ? jb->deadline : next;
	}
	poll(p, n, next > mono() ? (int)((next - mono()) * 1e3) + 1 : 0);
}

/* Reap finished children; with `block`, wait until at least one is. */
static void reap(struct sf_jobs *j, int block)
{
	for (;;) {
		int status, got = 0;
		pid_t pid;
		size_t i;

		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			collect(j, pid, status);
			got = 1;
		}
		for (i = j->printed; i < j->n; i++)
			if (j->job[i].pid && mono() > j->job[i].deadline)
				kill(j->job[i].pid, SIGKILL);
		print_ready(j);
		if (!block || got || j->running + j->beside == 0)
			return;
		wait_any(j);
	}
}

void sf_jobs_spawn(struct sf_jobs *j, size_t index, int beside, void (*fn)(void *arg, struct sf_tap *tap),
		   void *arg, const char *desc, double limit)
{
	struct sf_job *jb = &j->job[index];
	int *slots = beside ? &j->beside : &j->running;
	pid_t parent = getpid(), pid;

	snprintf(jb->desc, sizeof(jb->desc), "%s", desc);
	if (j->max == 1) {
		fn(arg, &jb->tap);
		done_inline(j, index);
		return;
	}
	while (*slots >= j->max)
		reap(j, 1);
	fflush(NULL); /* nothing buffered may be written twice */
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(2);
		fn(arg, &jb->tap);
		fflush(NULL);
		_exit(jb->tap.failed ? 1 : 0); /* 0/1: the point is in the buffer */
	}
	if (pid < 0) { /* no process to spare: run it here */
		fn(arg, &jb->tap);
		done_inline(j, index);
		return;
	}
	jb->pid = pid;
	jb->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	jb->limit = limit + j->margin;
	jb->deadline = mono() + jb->limit;
	jb->beside = beside;
	(*slots)++;
	reap(j, 0);
}

int sf_jobs_slot_free(const struct sf_jobs *j, int beside)
{
	return j->max == 1 || (beside ? j->beside : j->running) < j->max;
}

void sf_jobs_wait(struct sf_jobs *j)
{
	reap(j, 1);
}

void sf_jobs_finish(struct sf_jobs *j)
{
	while (j->running + j->beside > 0)
		reap(j, 1);
	print_ready(j);
	free(j->job);
	j->job = NULL;
	j->n = j->cap = j->printed = 0;
}
