/*
 * lua_fsm.h - the reference state machine (tcp_fsm.h) and the oracle
 * (oracle.h) as Lua objects: a TCB userdata (core.tcb), the diagram's
 * transitions (core.transitions), an oracle userdata (core.oracle), and the
 * result tables both return. Segments go in and out in the packet shape of
 * lua_packet.h. Registered into synfin.core by luaopen_synfin_core; a TCB
 * and an oracle are plain data inside their userdata, freed by Lua's
 * collector.
 */
#ifndef SYNFIN_LUA_FSM_H
#define SYNFIN_LUA_FSM_H

#include <lua.h>

#include "lua_packet.h"
#include "oracle.h"
#include "tcp_fsm.h"

/* Add core.tcb / core.transitions (and the TCB metatable) to the table on the stack top. */
void sf_lua_fsm_open(lua_State *L);

/* Add core.oracle (and its metatable) to the table on the stack top. */
void sf_lua_oracle_open(lua_State *L);
/* The oracle userdata at idx (a misuse error for anything else). */
struct sf_oracle *sf_lua_check_oracle(lua_State *L, int idx);
/* Push the findings as a list of { code, severity, rfc, message }. */
void sf_lua_push_findings(lua_State *L, const struct sf_findings *f);

/* A policy table ({ rfc5961_rst = true, iss = 1000, ... }); nil: the default. */
void sf_lua_check_policy(lua_State *L, int idx, struct sf_fsm_policy *p);
/* Push { verdict, rfc, reason, error, delivered, time_wait_timer, emit =
 * { segments }, path = { transition names }, user = { flags } }. */
void sf_lua_push_fsm_result(lua_State *L, const struct sf_fsm_result *r);
/* Push the TCB's variables { state, iss, snd_una, snd_nxt, ... }. */
void sf_lua_push_tcb_vars(lua_State *L, const struct sf_tcb *t);

#endif
