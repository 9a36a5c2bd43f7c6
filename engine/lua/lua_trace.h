/*
 * lua_trace.h - a test's exchange, every frame either way, kept outside
 * the Lua heap: core.trace() -> a trace object.
 *
 *   tr:add(dir, raw, time, state, isn_tester, isn_target, eth_src, eth_dst) -> index
 *   tr:get(i) -> dir, raw, time, state, isn_tester, isn_target, eth_src, eth_dst
 *   #tr       -> how many frames
 *
 * raw is a frame's IP datagram (a packet's `raw`), nil for a frame kept
 * as its table by the Lua side (ARP, malformed); state, eth_src and
 * eth_dst are short names (a model state, a MAC's text) stored once each.
 * Why here and not in a Lua table: a test may trace 10^5 frames, and a
 * Lua table of them costs a kilobyte a frame and a garbage collector's
 * traversal of all of them in every cycle (the table is written to on
 * every frame, so each cycle's atomic phase walks it whole: a pause that
 * grows with the test). Here a frame costs its bytes and 48 octets.
 */
#ifndef SYNFIN_LUA_TRACE_H
#define SYNFIN_LUA_TRACE_H

#include <lua.h>

/* Add trace() to the module table on the top of the stack. */
void sf_lua_trace_open(lua_State *L);

#endif
