/*
 * lua_oracle.h - the oracle (oracle.h) as a Lua object: core.oracle(...)
 * returns a userdata holding a struct sf_oracle (plain data, freed by
 * Lua's collector), with received/sent/settle/call/timeout/state/vars/
 * verdict/pending methods. Segments are read with sf_lua_check_fsm_seg().
 */
#ifndef SYNFIN_LUA_ORACLE_H
#define SYNFIN_LUA_ORACLE_H

#include <lua.h>

#include "oracle.h"

/* Add core.oracle (and its metatable) to the table on the stack top. */
void sf_lua_oracle_open(lua_State *L);

/* The oracle userdata at idx (a misuse error for anything else). */
struct sf_oracle *sf_lua_check_oracle(lua_State *L, int idx);

/* Push the findings as a list of { code, severity, rfc, message }. */
void sf_lua_push_findings(lua_State *L, const struct sf_findings *f);

#endif
