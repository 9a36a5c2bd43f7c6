/*
 * lua_oracle.h - the oracle (oracle.h) as a Lua object: core.oracle(...)
 * returns a userdata holding a struct sf_oracle (plain data, freed by
 * Lua's collector), with received/sent/settle/call/timeout/state/vars/
 * verdict/pending methods.
 */
#ifndef SYNFIN_LUA_ORACLE_H
#define SYNFIN_LUA_ORACLE_H

#include <lua.h>

#include "oracle.h"

/* Add core.oracle (and its metatable) to the table on the stack top. */
void sf_lua_oracle_open(lua_State *L);

#endif
