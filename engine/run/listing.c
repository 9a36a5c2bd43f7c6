/*
 * listing.c - `synfin list`: every test with the claim IDs and RFC sections
 * it checks, then every claim of SEED-CLAIMS.md with the tests that cover
 * it, so a claim no test checks is visible at once.
 */
#include "listing.h"

#include <lauxlib.h>
#include <string.h>

#include "lua_state.h"
#include "runner.h"

#define MAX_CLAIMS 128

struct coverage {
	int n;
	struct { char id[16]; int tests; } c[MAX_CLAIMS];
};

static const char *field(lua_State *L, int t, const char *k, char *buf, size_t len)
{
	lua_getfield(L, t, k);
	snprintf(buf, len, "%s", lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "");
	lua_pop(L, 1);
	return buf;
}

static void count_claims(struct coverage *cov, const char *list)
{
	char copy[512], *save = NULL, *id;
	int i;

	snprintf(copy, sizeof(copy), "%s", list);
	for (id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < cov->n && strcmp(cov->c[i].id, id); i++)
			;
		if (i == cov->n && cov->n < MAX_CLAIMS)
			snprintf(cov->c[cov->n++].id, sizeof(cov->c[0].id), "%s", id);
		if (i < cov->n)
			cov->c[i].tests++;
	}
}

/* The cells a test checks (def.cells: the matrix's), one id a line. */
static void list_cells(lua_State *L, int t, FILE *out)
{
	lua_Integer i, n;

	lua_getfield(L, t, "cells");
	n = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		fprintf(out, "    cell: %s\n", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* The needs that the target's settings decide when the test runs, or "". */
static const char *setting_needs(lua_State *L, int t, char *buf, size_t len)
{
	struct sf_err err;

	*buf = 0;
	t = lua_absindex(L, t);
	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin");
	if (sf_lua_pcall(L, 1, 1, &err) < 0)
		return buf;
	lua_getfield(L, -1, "_setting_needs");
	lua_remove(L, -2);
	lua_pushvalue(L, t);
	if (sf_lua_pcall(L, 1, 1, &err) == 0) {
		if (lua_type(L, -1) == LUA_TSTRING)
			snprintf(buf, len, " (if the target's settings allow: %s)", lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return buf;
}

/* On `target`: "runs" or "skip (REASON)", per family where they differ. */
static void list_verdict(lua_State *L, int t, const struct sf_target_ops *target, FILE *out)
{
	char why4[512], why6[512], when[256];
	int skip4 = sf_lua_unmet_need(L, t, sf_target_can(target), 4, why4, sizeof(why4));
	int skip6 = sf_lua_unmet_need(L, t, sf_target_can(target), 6, why6, sizeof(why6));

	setting_needs(L, t, when, sizeof(when));
	if (skip4 == skip6 && (!skip4 || !strcmp(why4, why6)))
		fprintf(out, "    on %s: %s%s%s\n", target->name, skip4 ? "skip (" : "will run", skip4 ? why4 : when,
			skip4 ? ")" : "");
	else
		fprintf(out, "    on %s: IPv4 %s%s%s; IPv6 %s%s%s\n", target->name, skip4 ? "skip (" : "will run",
			skip4 ? why4 : "", skip4 ? ")" : "", skip6 ? "skip (" : "will run", skip6 ? why6 : "",
			skip6 ? ")" : "");
}

static void list_test(lua_State *L, const char *script_id, const struct sf_target_ops *target,
		      struct coverage *cov, FILE *out)
{
	char name[256], claims[256], rfc[256];
	int t = lua_gettop(L);

	lua_getfield(L, t, "slow");
	fprintf(out, "%s: %s\n    claims: %s\n    rfc: %s%s\n", script_id, field(L, t, "name", name, sizeof(name)),
		*field(L, t, "_claims_text", claims, sizeof(claims)) ? claims : "-",
		*field(L, t, "_rfc_text", rfc, sizeof(rfc)) ? rfc : "-", lua_toboolean(L, -1) ? "\n    slow: yes" : "");
	lua_pop(L, 1);
	list_cells(L, t, out);
	if (target)
		list_verdict(L, t, target, out);
	count_claims(cov, claims);
}

/* Each claim of synfin.claims with how many tests name it. */
static int list_claims(const struct coverage *cov, FILE *out)
{
	struct sf_err err;
	lua_State *L = sf_lua_new_state(&err);
	lua_Integer i, n;
	int uncovered = 0, j, tests, rc = 1;

	if (!L)
		return 1;
	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin.claims");
	if (sf_lua_pcall(L, 1, 1, &err) < 0) {
		fprintf(out, "claims: cannot load synfin.claims: %s\n", err.msg);
		goto cleanup;
	}
	fprintf(out, "\nClaims (../shared/SEED-CLAIMS.md):\n");
	n = (lua_Integer)lua_rawlen(L, -1);
	for (i = 1; i <= n; i++) {
		char id[16], title[256];
		lua_rawgeti(L, -1, i);
		field(L, -1, "id", id, sizeof(id));
		for (j = 0, tests = 0; j < cov->n; j++)
			if (!strcmp(cov->c[j].id, id))
				tests = cov->c[j].tests;
		uncovered += tests == 0;
		fprintf(out, "  %-6s %3d test%s  %s%s\n", id, tests, tests == 1 ? " " : "s", tests ? "" : "NOT COVERED: ",
			field(L, -1, "title", title, sizeof(title)));
		lua_pop(L, 1);
	}
	fprintf(out, "%lld claims, %d not covered\n", (long long)n, uncovered);
	rc = 0;
cleanup:
	lua_close(L);
	return rc;
}

int sf_list(const struct sf_script_list *scripts, const struct sf_target_ops *target, FILE *out)
{
	struct coverage cov = { 0 };
	size_t i;
	int bad = 0;

	for (i = 0; i < scripts->n; i++) {
		struct sf_err err;
		lua_State *L = sf_lua_new_state(&err);
		lua_Integer j, n;

		if (!L || sf_lua_load_script(L, scripts->items[i].path, &err) < 0 || sf_lua_push_tests(L, &err) < 0) {
			fprintf(out, "%s: script did not load: %s\n", scripts->items[i].id, err.msg);
			bad = 1;
			if (L)
				lua_close(L);
			continue;
		}
		n = (lua_Integer)lua_rawlen(L, -1);
		for (j = 1; j <= n; j++) {
			lua_rawgeti(L, -1, j);
			list_test(L, scripts->items[i].id, target, &cov, out);
			lua_pop(L, 1);
		}
		lua_close(L);
	}
	return list_claims(&cov, out) || bad;
}
