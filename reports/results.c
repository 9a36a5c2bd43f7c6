/* results.c - see results.h. */
#include "results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"

static void point_path(const char *dir, int number, char *buf, size_t len)
{
	snprintf(buf, len, "%s/.points/%04d.json", dir, number);
}

/* Write j to path through a temporary file, so a reader (or a process
 * killed half-way) never sees half a record. Takes j's reference. */
static int dump_atomic(json_t *j, const char *path, size_t flags, struct sf_err *err)
{
	char tmp[4200];
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	rc = json_dump_file(j, tmp, flags | JSON_SORT_KEYS);
	json_decref(j);
	if (rc < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		return sf_err_errno(err, "cannot write %s", path);
	}
	return 0;
}

int sf_results_open(const char *dir, struct sf_err *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/.points", dir);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return sf_err_errno(err, "cannot create %s", path);
	return 0;
}

/* "a,b" (or "a; b") as a JSON array of strings. */
static json_t *split(const char *text, const char *sep)
{
	json_t *a = json_array();
	const char *p = text ? text : "", *q;

	while (a && *p) {
		q = strstr(p, sep);
		if (!q)
			q = p + strlen(p);
		json_array_append_new(a, json_stringn(p, (size_t)(q - p)));
		p = *q ? q + strlen(sep) : q;
	}
	return a;
}

/* A stub's cells, each with the stub's verdict: [{"id": ..., "verdict": ...}]. */
static json_t *stub_cells(const char *ids, const char *verdict)
{
	json_t *a = split(ids, "\n");
	size_t i;

	for (i = 0; a && i < json_array_size(a); i++)
		json_array_set_new(a, i, json_pack("{s:O, s:s}", "id", json_array_get(a, i), "verdict", verdict));
	return a;
}

int sf_results_stub(const char *dir, const struct sf_point_info *p, const char *verdict, const char *text,
		    struct sf_err *err)
{
	char path[4096];
	json_t *j = json_pack("{s:i, s:s, s:s, s:s, s:o, s:o, s:s}", "number", p->number, "id", p->id, "script",
			      p->script, "name", p->name, "claims", split(p->claims, ","), "rfc", split(p->rfc, "; "),
			      "verdict", verdict);

	if (!j)
		return sf_err_set(err, "out of memory (or a name that is not UTF-8) in the record of %s", p->id);
	if (p->family)
		json_object_set_new(j, "family", json_integer(p->family));
	if (p->cells && *p->cells)
		json_object_set_new(j, "cells", stub_cells(p->cells, verdict));
	if (!strcmp(verdict, "skip"))
		json_object_set_new(j, "skip_reason", json_string(text ? text : ""));
	else
		json_object_set_new(j, "failure", json_pack("{s:s, s:{s:s}}", "name", "the test did not run to its end",
							       "diag", "message", text ? text : ""));
	point_path(dir, p->record, path, sizeof(path));
	return dump_atomic(j, path, JSON_COMPACT, err);
}

int sf_results_point(const char *dir, int record, lua_State *L, int idx, struct sf_err *err)
{
	char path[4096];
	json_t *j = sf_json_from_lua(L, idx, err);

	if (!j)
		return sf_err_prefix(err, "the record of test %d", record);
	point_path(dir, record, path, sizeof(path));
	return dump_atomic(j, path, JSON_COMPACT, err);
}

/* Point n's record, or (its file unreadable) a failed one saying so. */
static json_t *load_point(const char *dir, int number)
{
	char path[4096];
	json_error_t e;
	json_t *j;

	point_path(dir, number, path, sizeof(path));
	j = json_load_file(path, 0, &e);
	if (j) {
		unlink(path);
		return j;
	}
	return json_pack("{s:i, s:s, s:s, s:{s:s, s:{s:s}}}", "number", number, "id", "?", "verdict", "fail",
			 "failure", "name", "no record of this test", "diag", "message", e.text);
}

int sf_results_write(const char *dir, json_t *run, int n, struct sf_err *err)
{
	char path[4096];
	json_t *tests = json_array(), *j;
	int i;

	for (i = 1; tests && i <= n; i++)
		json_array_append_new(tests, load_point(dir, i));
	j = json_pack("{s:{s:s, s:s}, s:O, s:o}", "synfin", "version", SYNFIN_VERSION, "schema", "synfin-results-1",
		      "run", run, "tests", tests);
	if (!j)
		return sf_err_set(err, "out of memory putting results.json together");
	snprintf(path, sizeof(path), "%s/.points", dir);
	rmdir(path); /* empty now, unless a stray file is left: then kept, harmless */
	snprintf(path, sizeof(path), "%s/results.json", dir);
	return dump_atomic(j, path, JSON_INDENT(1), err);
}
