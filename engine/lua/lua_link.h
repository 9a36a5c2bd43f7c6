/*
 * lua_link.h - the link (link.h) as a Lua object: send_tcp, send_udp and
 * send_icmp_too_big take packet tables (lua_packet.h) and return the frame
 * as sent, decoded back; recv returns what the target sent, decoded once
 * by the link. Receiving never raises for what the target did: a
 * malformed frame comes back as {kind = "malformed", error = ...}.
 *
 * The runner owns the struct sf_link; Lua gets a handle for the length of
 * a test, and the runner sets handle->lk = NULL when the test ends, after
 * which every method refuses the closed handle. Lua frees the handle.
 */
#ifndef SYNFIN_LUA_LINK_H
#define SYNFIN_LUA_LINK_H

#include <lua.h>

#include "link.h"

struct sf_link_handle { struct sf_link *lk; };

/* Register the link metatable (luaopen_synfin_core does). */
void sf_lua_link_createmeta(lua_State *L);

/* Push a handle on lk; returns it so the runner can invalidate it later. */
struct sf_link_handle *sf_lua_push_link(lua_State *L, struct sf_link *lk);

#endif
