/*
 * json.h - JSON to and from Lua values, through jansson (the report files:
 * results.json written from a run's Lua tables, and read back by
 * `synfin report`, so it is untrusted input: tests/fuzz/fuzz_json.c).
 *
 * The mapping: a Lua table with t[1] ~= nil, or an empty one, is an array
 * (its 1..#t items); any other table is an object (string keys only,
 * sorted). Integers stay integers; NaN and infinities become null. A string
 * that is not UTF-8 has each stray byte replaced by '?'. JSON null becomes
 * nil, so an array with nulls has holes.
 */
#ifndef SYNFIN_JSON_H
#define SYNFIN_JSON_H

#include <jansson.h>
#include <lua.h>

#include "error.h"

/* The Lua value at idx as JSON (a new reference), or NULL with err set
 * (a function, a table nested deeper than SF_JSON_MAX_DEPTH, a cycle). */
#define SF_JSON_MAX_DEPTH 64
json_t *sf_json_from_lua(lua_State *L, int idx, struct sf_err *err);

/* Push the Lua value of JSON text; -1 with err (line and column) when the
 * text is not JSON or nests deeper than SF_JSON_MAX_DEPTH; nothing pushed. */
int sf_json_push_text(lua_State *L, const char *text, size_t len, struct sf_err *err);

/* Push the Lua value of j (nesting bounded by the parser). */
void sf_json_push(lua_State *L, const json_t *j);

#endif
