/* lua_json.c - see lua_json.h. */
#include "lua_json.h"

#include <lauxlib.h>
#include <stdlib.h>

#include "json.h"

static int json_encode(lua_State *L)
{
	size_t flags = lua_toboolean(L, 2) ? JSON_INDENT(1) : JSON_COMPACT;
	struct sf_err err = { { 0 } };
	json_t *j;
	char *text;

	luaL_checkany(L, 1);
	j = sf_json_from_lua(L, 1, &err);
	if (!j)
		return luaL_error(L, "json_encode: %s", err.msg);
	text = json_dumps(j, flags | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	json_decref(j);
	if (!text)
		return luaL_error(L, "json_encode: out of memory");
	lua_pushstring(L, text);
	free(text);
	return 1;
}

static int json_decode(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	struct sf_err err;

	if (sf_json_push_text(L, text, len, &err) == 0)
		return 1;
	lua_pushnil(L);
	lua_pushstring(L, err.msg);
	return 2;
}

static const luaL_Reg json_funcs[] = {
	{ "json_encode", json_encode },
	{ "json_decode", json_decode },
	{ NULL, NULL },
};

void sf_lua_json_open(lua_State *L)
{
	luaL_setfuncs(L, json_funcs, 0);
}
