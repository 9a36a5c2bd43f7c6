/*
 * results.h - results.json (its schema: reports/RESULTS.md), put together
 * from one record per test (per test point; a test with cells has one
 * record for all its points).
 *
 * Tests run in child processes, so each point's record is a file,
 * DIR/.points/NNNN.json: the parent writes a stub when it reserves the
 * point (what it knows: id, claims, family), and the process that runs the
 * test replaces it with the full record (sf_results_point). A point whose
 * process died keeps its stub, marked failed, so results.json still has
 * every test. At the end sf_results_write joins them in order, under the
 * run's metadata, and removes the point files.
 */
#ifndef SYNFIN_RESULTS_H
#define SYNFIN_RESULTS_H

#include <jansson.h>
#include <lua.h>

#include "error.h"

/* What the parent knows of a point before it runs. */
struct sf_point_info {
	int number;            /* its TAP point (a test with cells: its first cell's) */
	int record;            /* its place in results.json's tests, from 1 */
	const char *id;        /* "close/orderly-close: the test's name" */
	const char *script;    /* "close/orderly-close" */
	const char *name;      /* the test's name */
	int family;            /* 4 or 6; 0 for a script that did not load */
	const char *claims;    /* "S2.1,S2.3" */
	const char *rfc;       /* "RFC 9293 3.10.4; RFC 9293 3.6" */
	const char *cells;     /* a test with cells: their ids, a line each; else "" or NULL */
};

/* Make DIR/.points. */
int sf_results_open(const char *dir, struct sf_err *err);

/* The stub of a point: verdict "skip" (with reason) or "fail" (with message). */
int sf_results_stub(const char *dir, const struct sf_point_info *p, const char *verdict, const char *text,
		    struct sf_err *err);

/* The full record number `record`: the Lua table at idx. */
int sf_results_point(const char *dir, int record, lua_State *L, int idx, struct sf_err *err);

/* DIR/results.json: {"synfin": ..., "run": run (a reference taken), "tests": [1..n]}. */
int sf_results_write(const char *dir, json_t *run, int n, struct sf_err *err);

#endif
