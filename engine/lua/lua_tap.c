/* lua_tap.c - the TAP writer as a Lua object (see lua_tap.h). */
#include "lua_tap.h"

#include <lauxlib.h>
#include <string.h>

#include "lua_table.h"

#define TAP_MT "synfin.tap"

static struct sf_tap *totap(lua_State *L)
{
	struct sf_tap_handle *h = luaL_checkudata(L, 1, TAP_MT);

	if (!h->tap)
		luaL_error(L, "tap writer is closed");
	return h->tap;
}

/* tap:point(depth, ok, number, description [, "SKIP"|"TODO", reason]) */
static int tap_point(lua_State *L)
{
	struct sf_tap *t = totap(L);
	const char *dir = luaL_optstring(L, 6, "");
	enum sf_tap_directive d = !strcmp(dir, "SKIP") ? SF_TAP_SKIP : !strcmp(dir, "TODO") ? SF_TAP_TODO : SF_TAP_NONE;

	sf_tap_point(t, (int)luaL_checkinteger(L, 2), lua_toboolean(L, 3), (int)luaL_checkinteger(L, 4),
		     luaL_checkstring(L, 5), d, luaL_optstring(L, 7, NULL));
	return 0;
}

static int tap_yaml(lua_State *L)
{
	sf_tap_yaml(totap(L), (int)luaL_checkinteger(L, 2), luaL_checkstring(L, 3));
	return 0;
}

static int tap_diag(lua_State *L)
{
	sf_tap_diag(totap(L), (int)luaL_checkinteger(L, 2), luaL_checkstring(L, 3));
	return 0;
}

static int tap_plan(lua_State *L)
{
	sf_tap_plan(totap(L), (int)luaL_checkinteger(L, 2), (int)luaL_checkinteger(L, 3), NULL);
	return 0;
}

static const luaL_Reg tap_methods[] = {
	{ "point", tap_point },
	{ "yaml", tap_yaml },
	{ "diag", tap_diag },
	{ "plan", tap_plan },
	{ NULL, NULL },
};

void sf_lua_tap_createmeta(lua_State *L)
{
	sf_lua_new_class(L, TAP_MT, NULL, tap_methods);
}

struct sf_tap_handle *sf_lua_push_tap(lua_State *L, struct sf_tap *tap)
{
	struct sf_tap_handle *h = lua_newuserdatauv(L, sizeof(*h), 0);

	h->tap = tap;
	luaL_setmetatable(L, TAP_MT);
	return h;
}
