/*
 * tap.h - TAP version 13 output (testanything.org/tap-version-13-specification).
 *
 * One test point per synfin test (a test with cells: one per cell); the
 * assertions inside a test are an indented subtest (the form prove and TAP::Parser understand), and a
 * failure carries a YAML diagnostics block. Output goes to a stream and,
 * optionally, to a copy (the --report file).
 */
#ifndef SYNFIN_TAP_H
#define SYNFIN_TAP_H

#include <stdio.h>

struct sf_tap {
	FILE *out;
	FILE *copy;      /* may be NULL */
	int count;       /* top-level points so far */
	int failed;      /* top-level points not ok (TODO not counted) */
	int buffered;    /* a job's buffer: flushed before each wait (engine/wait.h), not per line */
};

enum sf_tap_directive { SF_TAP_NONE, SF_TAP_SKIP, SF_TAP_TODO };

void sf_tap_init(struct sf_tap *t, FILE *out, FILE *copy);
void sf_tap_version(struct sf_tap *t);

/* "ok N - desc # SKIP reason" at the given depth (0 top level, 1 subtest).
 * '#' and newlines in desc are escaped so the line stays one test point. */
void sf_tap_point(struct sf_tap *t, int depth, int ok, int number, const char *desc,
		  enum sf_tap_directive dir, const char *reason);
/* Top-level point with automatic numbering and failure counting. */
int sf_tap_test(struct sf_tap *t, int ok, const char *desc, enum sf_tap_directive dir, const char *reason);

/* A YAML block after a point; `yaml` is "key: value" lines, newline separated. */
void sf_tap_yaml(struct sf_tap *t, int depth, const char *yaml);
/* "# text" lines (each line of text gets its own '#'). */
void sf_tap_diag(struct sf_tap *t, int depth, const char *text);
void sf_tap_subtest(struct sf_tap *t, int depth, const char *name);
void sf_tap_plan(struct sf_tap *t, int depth, int n, const char *skip_reason);

#endif
