/*
 * report_run.h - what `synfin run --report DIR` adds to a run besides TAP
 * and pcaps: results.json (reports/results.h) with the run's metadata, then
 * junit.xml and index.html rendered from it (reports/render.h).
 */
#ifndef SYNFIN_REPORT_RUN_H
#define SYNFIN_REPORT_RUN_H

#include "runner.h"

/* Monotonic and wall-clock start of the run, taken by sf_report_begin. */
struct sf_report_run {
	double start_wall, start_mono;
};

int sf_report_begin(struct sf_report_run *rr, const struct sf_run_config *cfg, struct sf_err *err);

/* results.json from the n tests' records (one per test, however many
 * points it has: a test with cells has one per cell), then junit.xml and
 * index.html. */
int sf_report_end(struct sf_report_run *rr, const struct sf_run_config *cfg, int n, struct sf_err *err);

#endif
