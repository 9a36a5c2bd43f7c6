/*
 * lua_json.h - JSON in synfin.core (through reports/json.h):
 * core.json_encode(value [, pretty]) -> text, or raises an error naming
 * what cannot be written; core.json_decode(text) -> value, or nil and
 * "line L, column C: why".
 */
#ifndef SYNFIN_LUA_JSON_H
#define SYNFIN_LUA_JSON_H

#include <lua.h>

/* Add json_encode/json_decode to the module table on the top of the stack. */
void sf_lua_json_open(lua_State *L);

#endif
