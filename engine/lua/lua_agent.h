/*
 * lua_agent.h - the target's agent as a Lua object. agent:call(request)
 * returns the parsed answer as a table: {ok = true, fd = "3", ...} or
 * {ok = false, err = "ECONNRESET", message = "..."}. An agent that stops
 * answering or speaks something else is a harness failure: a Lua error,
 * and the handle refuses every later call.
 *
 * The runner owns the agent's descriptor; Lua gets a handle for the length
 * of a test and the runner sets handle->fd = -1 when the test ends. Lua
 * frees the handle; nobody but the runner closes the descriptor.
 */
#ifndef SYNFIN_LUA_AGENT_H
#define SYNFIN_LUA_AGENT_H

#include <lua.h>

struct sf_agent_handle { int fd; int broken; };

/* Register the agent metatable (luaopen_synfin_core does). */
void sf_lua_agent_createmeta(lua_State *L);

/* Push a handle on fd; returns it so the runner can invalidate it later. */
struct sf_agent_handle *sf_lua_push_agent(lua_State *L, int fd);

#endif
