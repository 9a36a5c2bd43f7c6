/*
 * lua_bind.h - the engine's objects as Lua userdata (conventions: luaL_Reg
 * tables <module>_methods / <module>_meta, typed userdata checked on every
 * call, closed handles refused).
 *
 * The runner owns the C objects; it hands Lua a handle for the length of a
 * test and invalidates it afterwards, so a script that keeps one gets a
 * clear error instead of a dangling pointer.
 */
#ifndef SYNFIN_LUA_BIND_H
#define SYNFIN_LUA_BIND_H

#include <lua.h>

#include "link.h"
#include "tap.h"

struct sf_link_handle { struct sf_link *lk; };
struct sf_agent_handle { int fd; int broken; };
struct sf_tap_handle { struct sf_tap *tap; };

/* Push a handle; returns it so the runner can invalidate it later. */
struct sf_link_handle *sf_lua_push_link(lua_State *L, struct sf_link *lk);
struct sf_agent_handle *sf_lua_push_agent(lua_State *L, int fd);
struct sf_tap_handle *sf_lua_push_tap(lua_State *L, struct sf_tap *tap);

/* require "synfin.core": now, sleep, hex, unhex and the metatables. */
int luaopen_synfin_core(lua_State *L);

#endif
