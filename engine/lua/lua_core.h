/*
 * lua_core.h - require "synfin.core": the C side of the Lua library.
 * Clocks (now, wallclock), bounded sleep, hex/unhex, where/misuse/quote
 * (lua_misuse.h), flagbits (lua_packet.h), the state machine and oracle
 * constructors (lua_fsm.h), and the metatables of the link,
 * agent and TAP handles the runner pushes (lua_link.h, lua_agent.h,
 * lua_tap.h), and the trace of a test's frames (lua_trace.h, the one
 * part that allocates outside Lua).
 */
#ifndef SYNFIN_LUA_CORE_H
#define SYNFIN_LUA_CORE_H

#include <lua.h>

/* The module table, for package.preload / luaL_requiref. */
int luaopen_synfin_core(lua_State *L);

#endif
