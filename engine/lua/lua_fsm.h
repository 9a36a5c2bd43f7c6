/*
 * lua_fsm.h - the state machine (tcp_fsm.h) and the oracle (oracle.h) as
 * Lua objects, and the conversions they share. Registered into
 * synfin.core by luaopen_synfin_core.
 */
#ifndef SYNFIN_LUA_FSM_H
#define SYNFIN_LUA_FSM_H

#include <lua.h>

#include "lua_packet.h"
#include "tcp_fsm.h"

/* Add core.tcb / core.transitions (and the TCB metatable) to the table on the stack top. */
void sf_lua_fsm_open(lua_State *L);
/* Add core.oracle (and its metatable) to the table on the stack top. */
void sf_lua_oracle_open(lua_State *L);

/* A policy table ({ rfc5961_rst = true, iss = 1000, ... }); nil: the default. */
void sf_lua_check_policy(lua_State *L, int idx, struct sf_fsm_policy *p);
/* A segment from a packet table or {seq=, ack=, flags=, win=, len=, mss=...}. */
void sf_lua_check_fsm_seg(lua_State *L, int idx, struct sf_tcp_seg *s);
void sf_lua_push_fsm_seg(lua_State *L, const struct sf_tcp_seg *s);
void sf_lua_push_fsm_result(lua_State *L, const struct sf_fsm_result *r);
void sf_lua_push_tcb_vars(lua_State *L, const struct sf_tcb *t);

#endif
