/*
 * runner.h - running scripts: for each test, a fresh target, a link, the
 * test's Lua function, one TAP test point; afterwards nothing left.
 */
#ifndef SYNFIN_RUNNER_H
#define SYNFIN_RUNNER_H

#include <stdio.h>

#include "scripts.h"
#include "target.h"

struct sf_run_config {
	const struct sf_target_ops *target;
	struct sf_target_opts opts;   /* from --target-opt */
	int family;                   /* 4 or 6; 0: each test over both */
	const char *report_dir;       /* NULL: no report */
	const char *filter;           /* NULL: every test */
	int slow;                     /* run tests marked slow */
	double test_timeout;          /* seconds per test */
	int jobs;                     /* tests at once, each in a child process; 1: in this process */
	FILE *out;                    /* TAP goes here (stdout) */
};

/* Run every test of every script. Returns the exit status: 0 all passed,
 * 1 some failed, 2 setup error (err says what to do). */
int sf_run(const struct sf_run_config *cfg, const struct sf_script_list *scripts, struct sf_err *err);

/* Exit early, with advice, when this process cannot make namespaces. */
int sf_run_preflight(struct sf_err *err);

#endif
