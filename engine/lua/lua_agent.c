/* lua_agent.c - the target's agent as a Lua object (see lua_agent.h). */
#include "lua_agent.h"

#include <lauxlib.h>
#include <string.h>

#include "agent_client.h"
#include "lua_table.h"
#include "lua_misuse.h"

#define AGENT_MT "synfin.agent"
#define GRACE_MS 5000

static struct sf_agent_handle *toagent(lua_State *L)
{
	struct sf_agent_handle *h = luaL_checkudata(L, 1, AGENT_MT);

	if (h->fd < 0)
		luaL_error(L, "agent is closed (its test has ended)");
	if (h->broken)
		luaL_error(L, "agent stopped answering earlier in this test");
	return h;
}

static void push_reply(lua_State *L, const struct sf_agent_reply *r)
{
	int i;

	lua_createtable(L, 0, r->n + 3);
	lua_pushboolean(L, r->ok);
	lua_setfield(L, -2, "ok");
	lua_pushstring(L, r->line);
	lua_setfield(L, -2, "line");
	if (!r->ok) {
		lua_pushstring(L, r->errname);
		lua_setfield(L, -2, "err");
		lua_pushstring(L, r->message);
		lua_setfield(L, -2, "message");
	}
	for (i = 0; i < r->n; i++) {
		lua_pushstring(L, r->kv[i].value);
		lua_setfield(L, -2, r->kv[i].key);
	}
}

/* agent:call(request [, wait_seconds]) -> reply table */
static int agent_call(lua_State *L)
{
	struct sf_agent_handle *h = toagent(L);
	const char *req = luaL_checkstring(L, 2);
	lua_Number wait = luaL_optnumber(L, 3, 0);
	struct sf_agent_reply r;
	struct sf_err err;

	if (!(wait >= 0 && wait <= 120))
		return sf_lua_misuse(L, "agent: wait must be 0 to 120 seconds, got %s", sf_lua_quote(L, 3));
	if (strchr(req, '\n'))
		return sf_lua_misuse(L, "agent: a request is one line, got %s", sf_lua_quote(L, 2));
	if (sf_agent_call(h->fd, req, (int)(wait * 1000) + GRACE_MS, &r, &err) < 0) {
		h->broken = 1;
		return luaL_error(L, "%s", err.msg);
	}
	push_reply(L, &r);
	sf_agent_reply_free(&r);
	return 1;
}

static int agent_tostring(lua_State *L)
{
	struct sf_agent_handle *h = luaL_checkudata(L, 1, AGENT_MT);

	lua_pushstring(L, h->fd < 0 ? "synfin.agent (closed)" : "synfin.agent");
	return 1;
}

static const luaL_Reg agent_methods[] = {
	{ "call", agent_call },
	{ NULL, NULL },
};

static const luaL_Reg agent_meta[] = {
	{ "__tostring", agent_tostring },
	{ "__index", NULL },
	{ NULL, NULL },
};

void sf_lua_agent_createmeta(lua_State *L)
{
	sf_lua_new_class(L, AGENT_MT, agent_meta, agent_methods);
}

struct sf_agent_handle *sf_lua_push_agent(lua_State *L, int fd)
{
	struct sf_agent_handle *h = lua_newuserdatauv(L, sizeof(*h), 0);

	h->fd = fd;
	h->broken = 0;
	luaL_setmetatable(L, AGENT_MT);
	return h;
}
