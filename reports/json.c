/* json.c - see json.h. */
#include "json.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *from_lua(lua_State *L, int idx, int depth, struct sf_err *err);

/* A copy of s with every byte that is not part of valid UTF-8 made '?'. */
static json_t *string_value(const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	char *copy;
	size_t i;

	if (j)
		return j;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	for (i = 0; i < len; i++)
		copy[i] = (unsigned char)s[i] < 0x80 && s[i] ? s[i] : '?';
	j = json_stringn(copy, len);
	free(copy);
	return j;
}

static int is_array(lua_State *L, int idx)
{
	int empty, first;

	lua_pushnil(L);
	empty = lua_next(L, idx) == 0;
	if (!empty)
		lua_pop(L, 2);
	first = lua_rawgeti(L, idx, 1) != LUA_TNIL;
	lua_pop(L, 1);
	return empty || first;
}

static json_t *array_from_lua(lua_State *L, int idx, int depth, struct sf_err *err)
{
	json_t *a = json_array(), *v;
	lua_Integer i, n = (lua_Integer)lua_rawlen(L, idx);

	for (i = 1; a && i <= n; i++) {
		lua_rawgeti(L, idx, i);
		v = from_lua(L, lua_gettop(L), depth + 1, err);
		lua_pop(L, 1);
		if (!v || json_array_append_new(a, v) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *object_from_lua(lua_State *L, int idx, int depth, struct sf_err *err)
{
	json_t *o = json_object(), *v;

	lua_pushnil(L);
	while (o && lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			sf_err_set(err, "a table mixes list items and keys (key %s)", luaL_typename(L, -2));
			lua_pop(L, 2);
			json_decref(o);
			return NULL;
		}
		v = from_lua(L, lua_gettop(L), depth + 1, err);
		if (!v || json_object_set_new(o, lua_tostring(L, -2), v) < 0) {
			lua_pop(L, 2);
			json_decref(o);
			return NULL;
		}
		lua_pop(L, 1);
	}
	return o;
}

static json_t *from_lua(lua_State *L, int idx, int depth, struct sf_err *err)
{
	size_t len;
	const char *s;
	double d;

	if (depth > SF_JSON_MAX_DEPTH) {
		sf_err_set(err, "tables nested deeper than %d (a cycle?)", SF_JSON_MAX_DEPTH);
		return NULL;
	}
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		return json_null();
	case LUA_TBOOLEAN:
		return json_boolean(lua_toboolean(L, idx));
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return json_integer((json_int_t)lua_tointeger(L, idx));
		d = lua_tonumber(L, idx);
		return isfinite(d) ? json_real(d) : json_null();
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &len);
		return string_value(s, len);
	case LUA_TTABLE:
		luaL_checkstack(L, 4, "json");
		return is_array(L, idx) ? array_from_lua(L, idx, depth, err) : object_from_lua(L, idx, depth, err);
	default:
		sf_err_set(err, "a %s cannot be written as JSON", luaL_typename(L, idx));
		return NULL;
	}
}

json_t *sf_json_from_lua(lua_State *L, int idx, struct sf_err *err)
{
	json_t *j;

	idx = lua_absindex(L, idx);
	j = from_lua(L, idx, 0, err);
	if (!j && !err->msg[0])
		sf_err_set(err, "out of memory");
	return j;
}

void sf_json_push(lua_State *L, const json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	luaL_checkstack(L, 4, "json");
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		lua_createtable(L, 0, (int)json_object_size(j));
		json_object_foreach((json_t *)j, key, v) {
			sf_json_push(L, v);
			lua_setfield(L, -2, key);
		}
		break;
	case JSON_ARRAY:
		lua_createtable(L, (int)json_array_size(j), 0);
		json_array_foreach(j, i, v) {
			sf_json_push(L, v);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case JSON_STRING:
		lua_pushlstring(L, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		lua_pushinteger(L, (lua_Integer)json_integer_value(j));
		break;
	case JSON_REAL:
		lua_pushnumber(L, json_real_value(j));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		lua_pushboolean(L, json_is_true(j));
		break;
	default:
		lua_pushnil(L);
	}
}

static int depth_of(const json_t *j, int depth)
{
	const char *key;
	json_t *v;
	size_t i;
	int d, max = depth;

	if (depth > SF_JSON_MAX_DEPTH)
		return depth;
	if (json_is_object(j)) {
		json_object_foreach((json_t *)j, key, v) {
			d = depth_of(v, depth + 1);
			if (d > max)
				max = d;
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			d = depth_of(v, depth + 1);
			if (d > max)
				max = d;
		}
	}
	return max;
}

int sf_json_push_text(lua_State *L, const char *text, size_t len, struct sf_err *err)
{
	json_error_t e;
	json_t *j = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);

	if (!j)
		return sf_err_set(err, "line %d, column %d: %s", e.line, e.column, e.text);
	if (depth_of(j, 0) > SF_JSON_MAX_DEPTH) {
		json_decref(j);
		return sf_err_set(err, "JSON nested deeper than %d", SF_JSON_MAX_DEPTH);
	}
	sf_json_push(L, j);
	json_decref(j);
	return 0;
}
