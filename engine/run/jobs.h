/*
 * jobs.h - tests run in parallel, their TAP printed in order.
 *
 * Each test point (or a test's run of them: a test with cells prints one
 * per cell) is reserved in order and gets its own TAP writer, already
 * numbered, that writes into a private buffer. A test body runs in a child
 * process (each test has its own namespaces, so tests do not see each
 * other); its buffer is printed when every point before it has been. The
 * TAP stream is the same whatever the parallelism and whatever order the
 * points are started in (a point is printed when it and all before it are
 * done), and a child dies with
 * synfin (PR_SET_PDEATHSIG), taking its agent and namespaces with it.
 */
#ifndef SYNFIN_JOBS_H
#define SYNFIN_JOBS_H

#include <stddef.h>
#include <sys/types.h>

#include "tap.h"

struct sf_job {
	FILE *buf;            /* the point's TAP, until printed */
	struct sf_tap tap;    /* numbered writer into buf */
	pid_t pid;            /* running child, or 0 */
	int pidfd;            /* readable when it exits (or -1: poll briefly) */
	double deadline;      /* monotonic seconds; the child is killed after it */
	double limit;         /* seconds it was given */
	int done;
	int beside;           /* ran in a slot beside the max others (a timer test) */
	int points;           /* top-level points its TAP holds (a test with cells: one a cell) */
	char desc[1024];      /* for the point, should the child die without printing it */
};

struct sf_jobs {
	int max;              /* children at once; 1: run inline, no fork */
	double margin;        /* seconds a child may take beyond its test's own limit */
	struct sf_tap *out;   /* the main stream (numbers and failures counted there) */
	struct sf_job *job;
	size_t n, cap, printed;
	int points;           /* points reserved so far, over every job */
	int running;          /* children in the max slots */
	int beside;           /* children in the slots beside them (up to max more) */
};

void sf_jobs_init(struct sf_jobs *j, int max, double margin, struct sf_tap *out);

/* Reserve the next test point. NULL when out of memory or when no temporary
 * file could be made for its TAP: nothing is printed and no point is
 * counted, so the caller must report it. */
struct sf_tap *sf_jobs_begin(struct sf_jobs *j);
/* The same for a job that prints `points` top-level points (numbered from
 * its writer's count + 1 on): a test with cells. */
struct sf_tap *sf_jobs_begin_points(struct sf_jobs *j, int points);

/* The reserved point was written here, in this process. */
void sf_jobs_end_inline(struct sf_jobs *j);

/* Run fn(arg, tap) for reserved point number index (0: the first
 * reserved): in a child process, or inline when max is 1. fn writes the
 * point (and its subtest) through tap. The child is killed after limit
 * seconds plus the margin. With beside, it takes one of max further slots
 * rather than one of the max: for a test that mostly sleeps on a kernel
 * timer, so that it overlaps with the others instead of holding their
 * slot. */
void sf_jobs_spawn(struct sf_jobs *j, size_t index, int beside, void (*fn)(void *arg, struct sf_tap *tap),
		   void *arg, const char *desc, double limit);

/* Whether a spawn in that kind of slot would start at once. */
int sf_jobs_slot_free(const struct sf_jobs *j, int beside);

/* Wait until a child ends (at once when none runs). */
void sf_jobs_wait(struct sf_jobs *j);

/* Wait for every child and print what is left. */
void sf_jobs_finish(struct sf_jobs *j);

#endif
