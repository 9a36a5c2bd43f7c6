/*
 * lua_table.h - setting fields of the table on the top of the Lua stack,
 * shared by every binding that builds result tables.
 */
#ifndef SYNFIN_LUA_TABLE_H
#define SYNFIN_LUA_TABLE_H

#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdio.h>

static inline void sf_lua_set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

/* A NULL string leaves the field unset (nil). */
static inline void sf_lua_set_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

static inline void sf_lua_set_bool(lua_State *L, const char *k, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

/* "02:53:46:00:00:01" */
static inline void sf_lua_set_mac(lua_State *L, const char *k, const uint8_t *m)
{
	static const char hex[] = "0123456789abcdef";
	char buf[18];
	int i;

	/* by hand, not snprintf: every frame pushed has two */
	for (i = 0; i < 6; i++) {
		buf[3 * i] = hex[m[i] >> 4];
		buf[3 * i + 1] = hex[m[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : '\0';
	}
	sf_lua_set_str(L, k, buf);
}

/* Register a class of userdata (the createmeta() of liolib.c): metatable
 * `name` with the metamethods `meta` (may be NULL) and `__index` = the
 * methods table. Leaves the stack as it was. */
static inline void sf_lua_new_class(lua_State *L, const char *name, const luaL_Reg *meta, const luaL_Reg *methods)
{
	luaL_newmetatable(L, name);
	if (meta)
		luaL_setfuncs(L, meta, 0);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

#endif
