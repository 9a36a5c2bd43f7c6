/* report_run.c - see report_run.h. */
#include "report_run.h"

#include <sys/utsname.h>
#include <time.h>

#include "render.h"
#include "results.h"

static double clock_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int sf_report_begin(struct sf_report_run *rr, const struct sf_run_config *cfg, struct sf_err *err)
{
	rr->start_wall = clock_of(CLOCK_REALTIME);
	rr->start_mono = clock_of(CLOCK_MONOTONIC);
	return sf_results_open(cfg->report_dir, err);
}

static json_t *families(int family)
{
	return family ? json_pack("[i]", family) : json_pack("[i, i]", 4, 6);
}

static json_t *target_opts(const struct sf_target_opts *o)
{
	json_t *a = json_array();
	char kv[700];
	int i;

	for (i = 0; a && i < o->n; i++) {
		snprintf(kv, sizeof(kv), "%s=%s", o->kv[i].key, o->kv[i].value);
		json_array_append_new(a, json_string(kv));
	}
	return a;
}

/* "2026-12-01T20:29:27Z" */
static void iso_time(double t, char *buf, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The run's metadata. The linux-netns target is this machine's kernel, so
 * its version is the kernel's; each test's record adds how its agent named
 * itself. */
static json_t *run_meta(const struct sf_report_run *rr, const struct sf_run_config *cfg)
{
	struct utsname u;
	char start[32];

	if (uname(&u) < 0)
		u.sysname[0] = u.release[0] = u.version[0] = u.machine[0] = 0;
	iso_time(rr->start_wall, start, sizeof(start));
	return json_pack("{s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s}, s:o, s:o, s:s?, s:b, s:i, s:f, s:s, s:f, s:f}",
			 "target", "name", cfg->target->name, "version", u.release,
			 "kernel", "sysname", u.sysname, "release", u.release, "version", u.version, "machine", u.machine,
			 "families", families(cfg->family), "target_options", target_opts(&cfg->opts),
			 "filter", cfg->filter, "slow", cfg->slow, "jobs", cfg->jobs, "timeout", cfg->test_timeout,
			 "start", start, "start_epoch", rr->start_wall,
			 "duration", clock_of(CLOCK_MONOTONIC) - rr->start_mono);
}

int sf_report_end(struct sf_report_run *rr, const struct sf_run_config *cfg, int n, struct sf_err *err)
{
	json_t *run = run_meta(rr, cfg);
	int rc;

	if (!run)
		return sf_err_set(err, "out of memory (or a target option that is not UTF-8) in the run's metadata");
	rc = sf_results_write(cfg->report_dir, run, n, err);
	json_decref(run);
	if (rc < 0)
		return -1;
	return sf_render(cfg->report_dir, err);
}
