/* runner.c - see runner.h. */
#include "runner.h"

#include <errno.h>
#include <fnmatch.h>
#include <lauxlib.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture_pool.h"
#include "decode.h"
#include "link.h"
#include "lua_agent.h"
#include "lua_link.h"
#include "lua_tap.h"
#include "lua_state.h"
#include "lua_table.h"
#include "jobs.h"
#include "progress.h"
#include "report_run.h"
#include "results.h"
#include "tap.h"

/* Inbound frames worth a script's attention; router solicitations and MLD
 * (behind a hop-by-hop header, so never plain icmp6) stay out. */
#define LINK_CHECK_MS 3000
#define CAPTURE_FILTER "inbound and (arp or tcp or udp or icmp or (icmp6 and ip6[40] != 133))"

struct runner {
	const struct sf_run_config *cfg;
	struct sf_tap tap;
	struct sf_jobs jobs;
	FILE *tap_copy;
	FILE *transitions; /* DIR/transitions.tsv: test id, diagram edge exercised */
	struct sf_report_run report;
	int dry;           /* only count the points (planned), run nothing */
	int planned;
	int records;       /* tests reserved: results.json's records */
	struct pending *pending; /* the points planned, to run */
	size_t npending, cap;
	size_t script;     /* the plan pass's place: script index, */
	lua_Integer test;  /* and test index in it */
};

static int selected(const struct sf_run_config *cfg, const char *id);
static int selected_cells(lua_State *L, int def, const struct sf_run_config *cfg, int push);

/* A YAML block with one single-quoted message (YAML doubles a quote). */
static void yaml_message(struct sf_tap *t, int depth, const char *key, const char *msg)
{
	size_t n = strlen(key) + 2 * strlen(msg) + 8, o;
	char *buf = malloc(n), *p;
	const char *s;

	if (!buf)
		return;
	o = (size_t)snprintf(buf, n, "%s: '", key);
	for (s = msg, p = buf + o; *s; s++) {
		if (*s == '\'')
			*p++ = '\'';
		*p++ = *s == '\n' ? ' ' : *s;
	}
	*p++ = '\'';
	*p = 0;
	sf_tap_yaml(t, depth, buf);
	free(buf);
}

static void report_failure(struct sf_tap *tap, const char *desc, const char *message)
{
	sf_tap_test(tap, 0, desc, SF_TAP_NONE, NULL);
	yaml_message(tap, 0, "message", message);
}

/* The point's record for results.json, when there is a report: a stub
 * (failed with this message, or skipped for this reason) ... */
static void record_stub(const struct runner *r, const struct sf_point_info *info, const char *verdict,
			const char *text)
{
	struct sf_err err;

	if (r->cfg->report_dir && sf_results_stub(r->cfg->report_dir, info, verdict, text, &err) < 0)
		fprintf(stderr, "synfin: %s\n", err.msg);
}

/* ... or the record the test's run left in its result table (at -1). */
static void record_result(lua_State *L, const struct runner *r, int record)
{
	struct sf_err err;

	if (!r->cfg->report_dir)
		return;
	lua_getfield(L, -1, "record");
	if (lua_istable(L, -1) && sf_results_point(r->cfg->report_dir, record, L, -1, &err) < 0)
		fprintf(stderr, "synfin: %s\n", err.msg);
	lua_pop(L, 1);
}

static const char *field_str(lua_State *L, int t, const char *k, char *buf, size_t len)
{
	lua_getfield(L, t, k);
	snprintf(buf, len, "%s", lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "");
	lua_pop(L, 1);
	return buf;
}

static int field_bool(lua_State *L, int t, const char *k)
{
	int v;

	lua_getfield(L, t, k);
	v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

/* The script's own target options (def._target_opts, "KEY=VALUE" strings)
 * come after the command line's, so a test can set what it needs. */
static int merge_opts(lua_State *L, int def, const struct sf_target_opts *base, struct sf_target_opts *out,
		      struct sf_err *err)
{
	lua_Integer i, n;

	*out = *base;
	lua_getfield(L, def, "_target_opts");
	n = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		if (sf_target_opts_add(out, lua_tostring(L, -1) ? lua_tostring(L, -1) : "", err) < 0) {
			lua_pop(L, 2);
			return -1;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 0;
}

static void push_side(lua_State *L, const struct sf_addr *a, const struct sf_addr *a2, const uint8_t *mac)
{
	char buf[64];

	lua_createtable(L, 0, 4);
	sf_lua_set_str(L, "addr", sf_addr_str(a, buf, sizeof(buf)));
	if (a2)
		sf_lua_set_str(L, "addr2", sf_addr_str(a2, buf, sizeof(buf)));
	sf_lua_set_mac(L, "mac", mac);
}

static void push_env(lua_State *L, int number, const struct sf_target *t, const char *id, const char *pcap,
		     const struct sf_point_info *info)
{
	lua_createtable(L, 0, 14);
	sf_lua_set_str(L, "test_id", info->id);
	sf_lua_set_str(L, "script", info->script);
	sf_lua_set_bool(L, "report", pcap != NULL); /* a record for results.json too */
	lua_pushinteger(L, t->family);
	lua_setfield(L, -2, "family");
	lua_pushinteger(L, number);
	lua_setfield(L, -2, "number");
	sf_lua_set_str(L, "id", id);
	if (pcap)
		sf_lua_set_str(L, "pcap", pcap);
	push_side(L, &t->tester_addr, NULL, t->tester_mac);
	lua_setfield(L, -2, "tester");
	push_side(L, &t->target_addr[0], &t->target_addr[1], t->target_mac);
	sf_lua_set_str(L, "name", t->ops->name);
	sf_lua_set_str(L, "can", sf_target_can(t->ops));
	lua_pushinteger(L, t->mtu);
	lua_setfield(L, -2, "mtu");
	lua_setfield(L, -2, "target");
}

static void pcap_path(struct runner *r, int number, const char *id, char *buf, size_t len)
{
	char slug[128];
	size_t i;

	snprintf(slug, sizeof(slug), "%s", id);
	for (i = 0; slug[i]; i++)
		if (!((slug[i] >= 'a' && slug[i] <= 'z') || (slug[i] >= 'A' && slug[i] <= 'Z') ||
		      (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-' || slug[i] == '.'))
			slug[i] = '_';
	snprintf(buf, len, "%s/pcap/%03d-%s.pcap", r->cfg->report_dir, number, slug);
}

#define DESC_LEN 1024
#define PCAP_ID_LEN 700

/* One test in one family, as a job: what run_prepared needs. */
struct prepared {
	lua_State *L;
	int def;
	struct runner *r;
	const char *id;       /* with the family: the pcap's and the transitions' name */
	const char *desc;
	struct sf_target_opts opts;
	int family;
	double timeout;       /* the test's own `timeout`, or --timeout */
	int cells;            /* its top-level points when it names cells (def.cells), else 0 */
	char cell_ids[2048];  /* those cells' ids, a line each (info.cells) */
	struct sf_point_info info; /* for results.json */
};

/* ---- a test with cells: one top-level point per cell ----------------------
 * A test that names its cells (def.cells, the matrix's) prints one point
 * per cell it checks, not one for itself: the plan counts them from the
 * definition, and synfin._run's result carries each one's verdict
 * (result.cells). Its assertions stay one subtest, before the first cell. */

/* The cells test def checks in this run: all of them when the filter
 * selects the test (or there is none), else those the filter names.
 * Their count; their ids in buf, a line each (as many as fit). */
static int cell_list(lua_State *L, int def, const struct sf_run_config *cfg, const char *test_id, char *buf,
		     size_t len)
{
	lua_Integer i, n;
	int all = selected(cfg, test_id), count = 0;
	size_t used = 0;

	*buf = 0;
	lua_getfield(L, def, "cells");
	n = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
	for (i = 1; i <= n; i++) {
		const char *id;

		lua_rawgeti(L, -1, i);
		id = lua_tostring(L, -1);
		if (id && (all || selected(cfg, id))) {
			count++;
			if (used + strlen(id) + 2 < len)
				used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "\n" : "", id);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return count;
}

/* "ID (IPv4)": a cell's point, named by its id alone (for a point decided
 * without running it). */
static void cell_desc(const struct prepared *p, const char *id, char *buf, size_t len)
{
	snprintf(buf, len, "%s", id);
	if (p->r->cfg->family == 0)
		snprintf(buf + strlen(buf), len - strlen(buf), " (IPv%d)", p->family);
}

/* Every cell's point with the same verdict: the test did not run (or not to
 * its end), so no cell is known to hold, or all are skipped for one reason.
 * Ids that did not fit in cell_ids are named by their place. */
static void cells_now(const struct prepared *p, struct sf_tap *tap, const char *skip, const char *failure)
{
	const char *id = p->cell_ids;
	char desc[DESC_LEN], name[DESC_LEN];
	int i;

	for (i = 1; i <= p->cells; i++) {
		size_t n = strcspn(id, "\n");

		if (n)
			snprintf(name, sizeof(name), "%.*s", (int)n, id);
		else
			snprintf(name, sizeof(name), "%s: cell %d of %d", p->info.id, i, p->cells);
		id += n + (id[n] == '\n');
		cell_desc(p, name, desc, sizeof(desc));
		if (failure)
			report_failure(tap, desc, failure);
		else
			sf_tap_test(tap, 1, desc, SF_TAP_SKIP, skip);
	}
}

/* One cell's point from its verdict (a table at -1: name, ok, skip, todo, yaml). */
static void report_cell(lua_State *L, const struct prepared *p, struct sf_tap *tap)
{
	char name[DESC_LEN], skip[512], todo[512], yaml[8192], desc[DESC_LEN];
	int ok = field_bool(L, -1, "ok");

	field_str(L, -1, "name", name, sizeof(name));
	field_str(L, -1, "skip", skip, sizeof(skip));
	field_str(L, -1, "todo", todo, sizeof(todo));
	field_str(L, -1, "yaml", yaml, sizeof(yaml));
	cell_desc(p, name, desc, sizeof(desc));
	if (*todo)
		sf_tap_test(tap, 0, desc, SF_TAP_TODO, todo);
	else
		sf_tap_test(tap, ok, desc, *skip ? SF_TAP_SKIP : SF_TAP_NONE, skip);
	if (!ok && *yaml)
		sf_tap_yaml(tap, 0, yaml);
}

/* The cells' points from the result table at -1 (its `cells` list). The
 * plan promised p->cells points: a verdict missing from the list is a
 * failed point, so the stream keeps its count. */
static void report_cells(lua_State *L, const struct prepared *p, struct sf_tap *tap)
{
	int i;

	lua_getfield(L, -1, "cells");
	for (i = 1; i <= p->cells; i++) {
		if (lua_istable(L, -1))
			lua_rawgeti(L, -1, i);
		else
			lua_pushnil(L);
		if (lua_istable(L, -1)) {
			report_cell(L, p, tap);
		} else {
			char desc[DESC_LEN];

			snprintf(desc, sizeof(desc), "%s: cell %d of %d", p->desc, i, p->cells);
			report_failure(tap, desc, "synfin._run returned no verdict for this cell (its result.cells)");
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}


/* Call synfin._run(def, env) with link/agent/tap handles; leaves the result table. */
static int call_test(const struct prepared *p, struct sf_tap *tap, struct sf_target *t, struct sf_link *lk,
		     const char *pcap, struct sf_err *err)
{
	lua_State *L = p->L;
	struct sf_link_handle *lh;
	struct sf_agent_handle *ah;
	struct sf_tap_handle *th;
	int rc;

	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin");
	if (sf_lua_pcall(L, 1, 1, err) < 0)
		return -1;
	lua_getfield(L, -1, "_run");
	lua_remove(L, -2);
	lua_pushvalue(L, p->def);
	push_env(L, tap->count + 1, t, p->id, pcap, &p->info);
	if (p->r->cfg->filter && !selected(p->r->cfg, p->info.id)) {
		selected_cells(L, p->def, p->r->cfg, 1); /* the filter named cells, not the test */
		lua_setfield(L, -2, "cells");
	}
	lh = sf_lua_push_link(L, lk);
	lua_setfield(L, -2, "link");
	ah = sf_lua_push_agent(L, t->agent_fd);
	lua_setfield(L, -2, "agent");
	th = sf_lua_push_tap(L, tap);
	lua_setfield(L, -2, "tap");
	sf_lua_set_deadline(L, p->timeout);
	rc = sf_lua_pcall(L, 2, 1, err);
	sf_lua_set_deadline(L, 0);
	lh->lk = NULL; /* the handles die with the test */
	ah->fd = -1;
	th->tap = NULL;
	return rc;
}

/* Record the diagram edges the test took on the target (its result's
 * `transitions` list), for the state-diagram coverage report. */
static void record_transitions(lua_State *L, struct runner *r, const char *id)
{
	lua_Integer i, n;

	if (!r->transitions)
		return;
	lua_getfield(L, -1, "transitions");
	n = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		fprintf(r->transitions, "%s\t%s\n", id, lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	fflush(r->transitions);
}

/* Print the top-level point from the table synfin._run returned. */
static void report_result(lua_State *L, struct sf_tap *tap, const char *desc)
{
	char skip[512], documented[512], yaml[8192];
	int ok = field_bool(L, -1, "ok");

	field_str(L, -1, "skip", skip, sizeof(skip));
	field_str(L, -1, "documented", documented, sizeof(documented));
	field_str(L, -1, "yaml", yaml, sizeof(yaml));
	if (*documented)
		sf_tap_test(tap, 0, desc, SF_TAP_TODO, documented);
	else
		sf_tap_test(tap, ok, desc, *skip ? SF_TAP_SKIP : SF_TAP_NONE, skip);
	if (!ok && *yaml)
		sf_tap_yaml(tap, 0, yaml);
}

static int open_link(struct runner *r, struct sf_target *t, struct sf_link *lk, const char *pcap,
		     struct sf_err *err)
{
	if (sf_link_open(lk, t->ifname, t->tester_netns_fd, t->tester_mac, &t->tester_addr, err) < 0 ||
	    sf_link_set_filter(lk, CAPTURE_FILTER, err) < 0)
		return -1;
	if (t->probe_target.family && sf_link_probe(lk, &t->probe_tester, &t->probe_target, LINK_CHECK_MS, err) < 0)
		return -1;
	if (r->cfg->report_dir && sf_link_record(lk, pcap, err) < 0)
		return -1;
	return 0;
}

/* The test could not run (to its end): its point fails, or every cell's. */
static void fail_test(const struct prepared *p, struct sf_tap *tap, const char *msg)
{
	if (p->cells)
		cells_now(p, tap, NULL, msg);
	else
		report_failure(tap, p->desc, msg);
}

/* The test itself: a fresh target, a link, the Lua body, its TAP point (or its cells'). */
static void run_prepared(void *arg, struct sf_tap *tap)
{
	const struct prepared *p = arg;
	struct sf_target t = { .ops = p->r->cfg->target, .family = p->family };
	struct sf_link lk;
	struct sf_err err;
	char pcap[4096] = "";

	memset(&lk, 0, sizeof(lk));
	if (p->r->cfg->report_dir)
		pcap_path(p->r, tap->count + 1, p->id, pcap, sizeof(pcap));
	if (t.ops->open(&t, &p->opts, &err) < 0) {
		fail_test(p, tap, err.msg);
		record_stub(p->r, &p->info, "fail", err.msg);
		return;
	}
	if (open_link(p->r, &t, &lk, pcap, &err) < 0 || call_test(p, tap, &t, &lk, *pcap ? pcap : NULL, &err) < 0) {
		fail_test(p, tap, err.msg);
		record_stub(p->r, &p->info, "fail", err.msg);
	} else {
		record_transitions(p->L, p->r, p->id);
		record_result(p->L, p->r, p->info.record);
		if (p->cells)
			report_cells(p->L, p, tap);
		else
			report_result(p->L, tap, p->desc);
		lua_pop(p->L, 1);
	}
	sf_link_close(&lk);
	t.ops->close(&t);
}

/* A job that only fails its points. */
struct failed_job {
	const char *desc, *msg;
	int points;
};

static void run_failed(void *arg, struct sf_tap *tap)
{
	const struct failed_job *f = arg;
	int i;

	for (i = 0; i < f->points; i++)
		report_failure(tap, f->desc, f->msg);
}

static int selected(const struct sf_run_config *cfg, const char *id)
{
	if (!cfg->filter)
		return 1;
	if (strpbrk(cfg->filter, "*?["))
		return fnmatch(cfg->filter, id, 0) == 0;
	return strstr(id, cfg->filter) != NULL;
}

/* A test may name the cells it checks (def.cells, ids such as the
 * matrix's "matrix/ESTABLISHED/RST/inside"): a filter that selects one of
 * them selects the test, which then runs those cells only. Counts the
 * cells the filter selects; with `push`, leaves them on the stack as a set
 * { [id] = true }. */
static int selected_cells(lua_State *L, int def, const struct sf_run_config *cfg, int push)
{
	lua_Integer i, n;
	int count = 0;

	if (push)
		lua_newtable(L);
	lua_getfield(L, def, "cells");
	n = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
	for (i = 1; i <= n; i++) {
		const char *id;

		lua_rawgeti(L, -1, i);
		id = lua_tostring(L, -1);
		if (id && selected(cfg, id)) {
			count++;
			if (push) {
				lua_pushboolean(L, 1);
				lua_setfield(L, -4, id);
			}
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return count;
}

/* Reserve the point of test desc. A test that cannot get one is not run,
 * and the run fails: a test must not vanish from the stream unnoticed. */
static struct sf_tap *begin_point(struct runner *r, const char *desc, int points)
{
	struct sf_tap *tap = sf_jobs_begin_points(&r->jobs, points);

	if (!tap) {
		fprintf(stderr, "synfin: %s: not run (out of memory or no temporary file for its TAP)\n", desc);
		r->tap.failed++;
	}
	return tap;
}

/* The planning pass only counts the points (a test's one, or its
 * cells'); the running pass takes the test's TAP slot and numbers it.
 * NULL when there is nothing more to do for it. */
static struct sf_tap *reserve_point(struct runner *r, const char *desc, struct sf_point_info *info, int points)
{
	struct sf_tap *tap;

	if (r->dry) {
		r->planned += points;
		return NULL;
	}
	tap = begin_point(r, desc, points);
	if (tap) {
		info->number = tap->count + 1;
		info->record = ++r->records;
	}
	return tap;
}

/* A point decided here (skipped, or failed before running): written inline. */
static void point_now(struct runner *r, const char *desc, struct sf_point_info *info, const char *skip,
		      const char *failure)
{
	struct sf_tap *tap = reserve_point(r, desc, info, 1);

	if (!tap)
		return;
	if (failure)
		report_failure(tap, desc, failure);
	else
		sf_tap_test(tap, 1, desc, SF_TAP_SKIP, skip);
	record_stub(r, info, failure ? "fail" : "skip", failure ? failure : skip);
	sf_jobs_end_inline(&r->jobs);
}


/* A point reserved in the plan pass, to be run in the run pass. */
struct pending {
	size_t script;        /* index in the script list */
	lua_Integer test;     /* index in the script's synfin._tests */
	int family;
	size_t index;         /* its job, counted from 0 */
	int number, record;   /* its (first) point's number, its record's (sf_point_info) */
	int points;           /* 1, or its cells' count */
	double waits;         /* the test's `waits`: seconds asleep on kernel timers */
	char desc[DESC_LEN];
};

/* What a test is called, from its definition: the same in both passes. */
struct test_names {
	char name[256], claims[256], rfc[512], id[600];
	struct sf_point_info info;
};

static void name_test(lua_State *L, int def, const struct sf_script *s, struct test_names *n)
{
	field_str(L, def, "name", n->name, sizeof(n->name));
	field_str(L, def, "_claims_text", n->claims, sizeof(n->claims));
	field_str(L, def, "_rfc_text", n->rfc, sizeof(n->rfc));
	snprintf(n->id, sizeof(n->id), "%s: %s", s->id, n->name);
	n->info = (struct sf_point_info){ .id = n->id, .script = s->id, .name = n->name, .claims = n->claims,
					  .rfc = n->rfc };
}

static double field_num(lua_State *L, int t, const char *k, double dflt)
{
	double v;

	lua_getfield(L, t, k);
	v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : dflt;
	lua_pop(L, 1);
	return v;
}

/* The job of test def in one family, but for its target options. */
static void prepare(lua_State *L, int def, struct runner *r, const struct sf_point_info *info, int family,
		    struct prepared *p, char *desc, char *pcap_id)
{
	const char *id = info->id, *claims = info->claims;

	*p = (struct prepared){ .L = L, .def = def, .r = r, .id = pcap_id, .desc = desc, .family = family,
				.info = *info };
	p->info.family = family;
	snprintf(desc, DESC_LEN, "%s%s%s%s", id, *claims ? " [" : "", claims, *claims ? "]" : "");
	if (r->cfg->family == 0) /* both families in this run: say which */
		snprintf(desc + strlen(desc), DESC_LEN - strlen(desc), " (IPv%d)", family);
	snprintf(pcap_id, PCAP_ID_LEN, "%s-ipv%d", id, family);
	p->timeout = field_num(L, def, "timeout", r->cfg->test_timeout);
	p->cells = cell_list(L, def, r->cfg, id, p->cell_ids, sizeof(p->cell_ids));
	p->info.cells = p->cell_ids;
}

static int add_pending(struct runner *r, const struct prepared *p, size_t index)
{
	struct pending *q;

	if (r->npending == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;

		q = realloc(r->pending, cap * sizeof(*q));
		if (!q)
			return -1;
		r->pending = q;
		r->cap = cap;
	}
	q = &r->pending[r->npending++];
	*q = (struct pending){ .script = r->script, .test = r->test, .family = p->family, .index = index,
			       .number = p->info.number, .record = p->info.record, .points = p->cells ? p->cells : 1,
			       .waits = field_num(p->L, p->def, "waits", 0) };
	snprintf(q->desc, sizeof(q->desc), "%s", p->desc);
	return 0;
}

/* A test's points decided in the plan pass (skipped, or failed before
 * running): its one, or each of its cells'. */
static void plan_now(struct runner *r, struct prepared *p, const char *skip, const char *failure)
{
	struct sf_tap *tap;

	if (!p->cells)
		return point_now(r, p->desc, &p->info, skip, failure);
	tap = reserve_point(r, p->desc, &p->info, p->cells);
	if (!tap)
		return;
	cells_now(p, tap, skip, failure);
	record_stub(r, &p->info, failure ? "fail" : "skip", failure ? failure : skip);
	sf_jobs_end_inline(&r->jobs);
}

/* The plan pass, for one test in one address family: its point reserved
 * (or written now, when it is skipped or cannot run), to be run later. */
static void plan_test_family(lua_State *L, int def, struct runner *r, const struct sf_point_info *info,
			     int family)
{
	char desc[DESC_LEN], pcap_id[PCAP_ID_LEN], lacks[512];
	struct prepared p;
	struct sf_tap *tap;
	struct sf_err err;

	prepare(L, def, r, info, family, &p, desc, pcap_id);
	if (field_bool(L, def, "slow") && !r->cfg->slow)
		return plan_now(r, &p, "slow test (run with --slow)", NULL);
	/* A need the target lacks is SKIP with the reason, before anything runs. */
	if (sf_lua_unmet_need(L, def, sf_target_can(r->cfg->target), family, lacks, sizeof(lacks)))
		return plan_now(r, &p, lacks, NULL);
	if (merge_opts(L, def, &r->cfg->opts, &p.opts, &err) < 0)
		return plan_now(r, &p, NULL, err.msg);
	/* The command line's options passed check_opts in main(); when the
	 * test's own (a Linux sysctl, setup=) are what the target refuses, the
	 * test cannot run its checks there: a skip with the reason, not a
	 * failure of the target's setup. */
	if (r->cfg->target->check_opts(&p.opts, &err) < 0) {
		char why[sizeof(err.msg) + 64];
		snprintf(why, sizeof(why), "target %s cannot take this test's target options: %s",
			 r->cfg->target->name, err.msg);
		return plan_now(r, &p, why, NULL);
	}
	tap = reserve_point(r, desc, &p.info, p.cells ? p.cells : 1);
	if (!tap)
		return;
	/* Should its process die, the point keeps this record. */
	record_stub(r, &p.info, "fail", "the test's process ended without a result (killed after its time limit?)");
	sf_tap_subtest(tap, 1, desc);
	if (add_pending(r, &p, r->jobs.n - 1) < 0) {
		fail_test(&p, tap, "not run: out of memory");
		sf_jobs_end_inline(&r->jobs);
	}
}

static void plan_test(lua_State *L, int def, struct runner *r, const struct sf_script *s)
{
	static const int both[] = { 4, 6 };
	struct test_names n;
	int i;

	name_test(L, def, s, &n);
	if (!selected(r->cfg, n.id) && selected_cells(L, def, r->cfg, 0) == 0)
		return;
	for (i = 0; i < 2; i++)
		if (r->cfg->family == 0 || r->cfg->family == both[i])
			plan_test_family(L, def, r, &n.info, both[i]);
}

/* A fresh Lua state with script s loaded, its tests' list at index 1. */
static lua_State *load_tests(const struct sf_script *s, struct sf_err *err)
{
	lua_State *L = sf_lua_new_state(err);

	if (L && (sf_lua_load_script(L, s->path, err) < 0 || sf_lua_push_tests(L, err) < 0)) {
		lua_close(L);
		return NULL;
	}
	return L;
}

static void plan_file(struct runner *r, const struct sf_script *s)
{
	struct sf_err err;
	lua_State *L = load_tests(s, &err);
	char desc[1200];
	lua_Integer n;

	if (!L) {
		/* One not ok naming file:line; the scripts after it still run. */
		struct sf_point_info info = { .id = desc, .script = s->id, .name = "script did not load" };

		snprintf(desc, sizeof(desc), "%s: script did not load: %.1000s", s->id, err.msg);
		if (selected(r->cfg, s->id))
			point_now(r, desc, &info, NULL, err.msg);
		return;
	}
	n = (lua_Integer)lua_rawlen(L, 1);
	for (r->test = 1; r->test <= n; r->test++) {
		lua_rawgeti(L, 1, r->test);
		plan_test(L, lua_gettop(L), r, s);
		lua_settop(L, 1);
	}
	lua_close(L);
}

/* The run pass, for one planned point: its job, from its test's
 * definition at the top of L's stack. */
static void run_pending(lua_State *L, struct runner *r, const struct sf_script *s, const struct pending *q)
{
	char desc[DESC_LEN], pcap_id[PCAP_ID_LEN];
	struct test_names n;
	struct prepared p;
	struct sf_err err;
	int def = lua_gettop(L);

	name_test(L, def, s, &n);
	prepare(L, def, r, &n.info, q->family, &p, desc, pcap_id);
	p.info.number = q->number;
	p.info.record = q->record;
	if (merge_opts(L, def, &r->cfg->opts, &p.opts, &err) < 0) { /* it did in the plan pass */
		struct failed_job f = { q->desc, err.msg, q->points };

		return sf_jobs_spawn(&r->jobs, q->index, 0, run_failed, &f, q->desc, 0);
	}
	sf_jobs_spawn(&r->jobs, q->index, q->waits > 0, run_prepared, &p, desc, p.timeout);
}

/* A run of planned points, pending[next .. end), and its Lua state. */
struct queue {
	size_t next, end, loaded;
	lua_State *L;
};

/* Timer tests first, longest first, the others in their order: each of
 * them sleeps for seconds in its own slot beside the -j others, so the
 * longest must not be the last to start. */
static int by_waits(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->waits != y->waits)
		return x->waits < y->waits ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Run the next point of a queue, in the queue's own Lua state. */
static void run_next(struct runner *r, const struct sf_script_list *scripts, struct queue *qu)
{
	const struct pending *q = &r->pending[qu->next++];
	struct sf_err err = { .msg = "" };

	if (q->script != qu->loaded) { /* one state per script, as long as its tests come in a row */
		if (qu->L)
			lua_close(qu->L);
		qu->L = load_tests(&scripts->items[q->script], &err);
		qu->loaded = q->script;
	}
	if (!qu->L) { /* it loaded in the plan pass: changed since? */
		struct failed_job f = { q->desc, err.msg, q->points };

		sf_jobs_spawn(&r->jobs, q->index, 0, run_failed, &f, q->desc, 0);
		return;
	}
	lua_rawgeti(qu->L, 1, q->test);
	run_pending(qu->L, r, &scripts->items[q->script], q);
	lua_settop(qu->L, 1);
}

/* Two queues, each filling its own slots: the timer tests (sorted first)
 * and the rest. Neither waits for the other's slot. */
static void run_planned(struct runner *r, const struct sf_script_list *scripts)
{
	struct queue timers = { .loaded = (size_t)-1 }, rest = { .loaded = (size_t)-1 };

	if (r->cfg->jobs > 1 && r->npending) /* at -j 1 the order is the stream's: nothing overlaps (and qsort wants a list) */
		qsort(r->pending, r->npending, sizeof(*r->pending), by_waits);
	while (rest.next < r->npending && r->pending[rest.next].waits > 0 && r->cfg->jobs > 1)
		rest.next++;
	timers.end = rest.next;
	rest.end = r->npending;
	while (timers.next < timers.end || rest.next < rest.end) {
		if (timers.next < timers.end && sf_jobs_slot_free(&r->jobs, 1))
			run_next(r, scripts, &timers);
		else if (rest.next < rest.end && sf_jobs_slot_free(&r->jobs, 0))
			run_next(r, scripts, &rest);
		else
			sf_jobs_wait(&r->jobs);
	}
	if (timers.L) /* children run on copies of them (fork) */
		lua_close(timers.L);
	if (rest.L)
		lua_close(rest.L);
}

static int open_report(struct runner *r, struct sf_err *err)
{
	char path[4096];

	if (!r->cfg->report_dir)
		return 0;
	snprintf(path, sizeof(path), "%s/pcap", r->cfg->report_dir);
	if ((mkdir(r->cfg->report_dir, 0755) < 0 && errno != EEXIST) || (mkdir(path, 0755) < 0 && errno != EEXIST))
		return sf_err_errno(err, "cannot create report directory %s", path);
	snprintf(path, sizeof(path), "%s/synfin.tap", r->cfg->report_dir);
	r->tap_copy = fopen(path, "w");
	if (!r->tap_copy)
		return sf_err_errno(err, "cannot write %s", path);
	snprintf(path, sizeof(path), "%s/transitions.tsv", r->cfg->report_dir);
	r->transitions = fopen(path, "w");
	if (!r->transitions)
		return sf_err_errno(err, "cannot write %s", path);
	return 0;
}

/* The points the run will have, counted by loading every script without
 * running a test: for the progress line's total, and to refuse a filter
 * that selects nothing. */
static int count_points(const struct sf_run_config *cfg, const struct sf_script_list *scripts)
{
	struct runner r = { .cfg = cfg, .dry = 1 };

	for (r.script = 0; r.script < scripts->n; r.script++)
		plan_file(&r, &scripts->items[r.script]);
	return r.planned;
}

int sf_run(const struct sf_run_config *cfg, const struct sf_script_list *scripts, struct sf_err *err)
{
	struct runner r = { .cfg = cfg };
	FILE *progress = NULL;
	int total = 0, rc = 2;

	if (cfg->filter || sf_progress_wanted())
		total = count_points(cfg, scripts);
	if (cfg->filter && total == 0) {
		sf_err_set(err, "--filter '%s' selects no test (synfin list shows the test ids)", cfg->filter);
		return 2;
	}
	if (open_report(&r, err) < 0 || (cfg->report_dir && sf_report_begin(&r.report, cfg, err) < 0))
		goto cleanup; /* synfin.tap may be open already */
	if (sf_progress_wanted())
		progress = sf_progress_open(cfg->out, total);
	sf_tap_init(&r.tap, progress ? progress : cfg->out, r.tap_copy);
	sf_tap_version(&r.tap);
	/* A child gets the Lua deadline plus a margin for target setup and teardown. */
	sf_jobs_init(&r.jobs, cfg->jobs, 60, &r.tap);
	/* Two passes: every point reserved in the stream's order, then the
	 * tests started in an order of their own (jobs.c prints in order). */
	for (r.script = 0; r.script < scripts->n; r.script++)
		plan_file(&r, &scripts->items[r.script]);
	run_planned(&r, scripts);
	sf_jobs_finish(&r.jobs);
	sf_capture_pool_flush(); /* the last test's capture socket, kept for a next one */
	sf_tap_plan(&r.tap, 0, r.tap.count, r.tap.count ? NULL : "no tests selected");
	rc = r.tap.failed ? 1 : 0;
	if (cfg->report_dir && sf_report_end(&r.report, cfg, r.records, err) < 0)
		rc = 2;
cleanup:
	free(r.pending);
	if (progress)
		fclose(progress);
	if (r.tap_copy)
		fclose(r.tap_copy);
	if (r.transitions)
		fclose(r.transitions);
	return rc;
}

int sf_run_preflight(struct sf_err *err)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return sf_err_errno(err, "fork");
	if (pid == 0)
		_exit(unshare(CLONE_NEWNET) < 0 ? (errno == EPERM ? 1 : 2) : 0);
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		return sf_err_set(err, "creating a network namespace was refused: run synfin as root "
				       "(or with CAP_NET_ADMIN and CAP_SYS_ADMIN), e.g. sudo synfin run ...");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return sf_err_set(err, "this kernel cannot create network namespaces (CONFIG_NET_NS); "
				       "synfin's default target needs them");
	if (access(sf_agent_path(), X_OK) < 0)
		return sf_err_errno(err, "the target agent %s cannot be run (build it, or set SYNFIN_AGENT)",
				    sf_agent_path());
	return 0;
}
