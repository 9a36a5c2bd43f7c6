/*
 * lua_tap.h - the TAP writer (tap.h) as a Lua object, the one the test
 * library prints every assertion through: tap:point(depth, ok, number,
 * description [, "SKIP"|"TODO", reason]), tap:yaml(depth, text),
 * tap:diag(depth, text), tap:plan(depth, count).
 *
 * The runner owns the struct sf_tap; Lua gets a handle for the length of a
 * test and the runner sets handle->tap = NULL when it ends, after which
 * every method refuses the closed handle. Lua frees the handle.
 */
#ifndef SYNFIN_LUA_TAP_H
#define SYNFIN_LUA_TAP_H

#include <lua.h>

#include "tap.h"

struct sf_tap_handle { struct sf_tap *tap; };

/* Register the TAP metatable (luaopen_synfin_core does). */
void sf_lua_tap_createmeta(lua_State *L);

/* Push a handle on tap; returns it so the runner can invalidate it later. */
struct sf_tap_handle *sf_lua_push_tap(lua_State *L, struct sf_tap *tap);

#endif
