/* lua_trace.c - the exchange kept outside the Lua heap (see lua_trace.h). */
#include "lua_trace.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TRACE_MT "synfin.trace"
#define NAME_MAX_LEN 23 /* "SYN_RECEIVED", "02:53:46:00:00:01" */
#define NAMES 255	/* distinct names per trace; name 0 is none (nil) */
#define MAX_FRAMES 50000000

struct entry {
	double time;
	uint64_t offset; /* of raw in bytes */
	uint32_t len;	 /* of raw; UINT32_MAX: no raw */
	uint32_t isn[2]; /* tester's, target's */
	uint8_t has_isn[2], dir, time_set;
	uint8_t state, eth_src, eth_dst;
};

struct trace {
	struct entry *e;
	size_t n, cap;
	unsigned char *bytes;
	size_t used, room;
	char names[NAMES + 1][NAME_MAX_LEN + 1];
	int name_count;
};

static struct trace *totrace(lua_State *L)
{
	return luaL_checkudata(L, 1, TRACE_MT);
}

/* The id of the name at idx (0 for nil, or one too long or past NAMES). */
static uint8_t name_id(lua_State *L, struct trace *tr, int idx)
{
	size_t len;
	const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
	int i;

	if (!s || len > NAME_MAX_LEN)
		return 0;
	for (i = 1; i <= tr->name_count; i++)
		if (!strcmp(tr->names[i], s))
			return (uint8_t)i;
	if (tr->name_count == NAMES)
		return 0;
	memcpy(tr->names[++tr->name_count], s, len + 1);
	return (uint8_t)tr->name_count;
}

static void push_name(lua_State *L, const struct trace *tr, uint8_t id)
{
	if (id)
		lua_pushstring(L, tr->names[id]);
	else
		lua_pushnil(L);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 256;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* An ISN argument: a 32-bit number, or nil (not known yet). */
static int opt_isn(lua_State *L, int idx, uint32_t *v)
{
	if (lua_isnoneornil(L, idx))
		return 0;
	*v = (uint32_t)luaL_checkinteger(L, idx);
	return 1;
}

/* tr:add(dir, raw, time, state, isn_tester, isn_target, eth_src, eth_dst) -> index */
static int trace_add(lua_State *L)
{
	struct trace *tr = totrace(L);
	const char *dir = luaL_checkstring(L, 2);
	size_t len = 0;
	const char *raw = lua_isnil(L, 3) ? NULL : luaL_checklstring(L, 3, &len);
	struct entry *e;

	if (tr->n >= MAX_FRAMES)
		return luaL_error(L, "a test may trace at most %d frames", MAX_FRAMES);
	if (grow((void **)&tr->e, &tr->cap, tr->n + 1, sizeof(*tr->e)) < 0 ||
	    (raw && grow((void **)&tr->bytes, &tr->room, tr->used + len, 1) < 0))
		return luaL_error(L, "out of memory for the trace (%zu frames)", tr->n);
	e = &tr->e[tr->n];
	memset(e, 0, sizeof(*e));
	e->dir = (uint8_t)dir[0];
	e->len = raw ? (uint32_t)len : UINT32_MAX;
	e->offset = tr->used;
	if (raw) {
		memcpy(tr->bytes + tr->used, raw, len);
		tr->used += len;
	}
	e->time_set = lua_type(L, 4) == LUA_TNUMBER;
	e->time = e->time_set ? lua_tonumber(L, 4) : 0;
	e->state = name_id(L, tr, 5);
	e->has_isn[0] = (uint8_t)opt_isn(L, 6, &e->isn[0]);
	e->has_isn[1] = (uint8_t)opt_isn(L, 7, &e->isn[1]);
	e->eth_src = name_id(L, tr, 8);
	e->eth_dst = name_id(L, tr, 9);
	lua_pushinteger(L, (lua_Integer)++tr->n);
	return 1;
}

/* tr:get(i) -> dir, raw, time, state, isn_tester, isn_target, eth_src, eth_dst (nothing past the end) */
static int trace_get(lua_State *L)
{
	struct trace *tr = totrace(L);
	lua_Integer i = luaL_checkinteger(L, 2);
	const struct entry *e;
	char dir[2];
	int k;

	if (i < 1 || (size_t)i > tr->n)
		return 0;
	e = &tr->e[i - 1];
	dir[0] = (char)e->dir;
	dir[1] = '\0';
	lua_pushstring(L, dir);
	if (e->len == UINT32_MAX)
		lua_pushnil(L);
	else
		lua_pushlstring(L, (const char *)tr->bytes + e->offset, e->len);
	if (e->time_set)
		lua_pushnumber(L, e->time);
	else
		lua_pushnil(L);
	push_name(L, tr, e->state);
	for (k = 0; k < 2; k++)
		if (e->has_isn[k])
			lua_pushinteger(L, e->isn[k]);
		else
			lua_pushnil(L);
	push_name(L, tr, e->eth_src);
	push_name(L, tr, e->eth_dst);
	return 8;
}

static int trace_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)totrace(L)->n);
	return 1;
}

static int trace_gc(lua_State *L)
{
	struct trace *tr = totrace(L);

	free(tr->e);
	free(tr->bytes);
	memset(tr, 0, sizeof(*tr));
	return 0;
}

/* core.trace() -> an empty trace */
static int core_trace(lua_State *L)
{
	struct trace *tr = lua_newuserdatauv(L, sizeof(*tr), 0);

	memset(tr, 0, sizeof(*tr));
	luaL_setmetatable(L, TRACE_MT);
	return 1;
}

void sf_lua_trace_open(lua_State *L)
{
	static const luaL_Reg methods[] = { { "add", trace_add }, { "get", trace_get }, { NULL, NULL } };

	luaL_newmetatable(L, TRACE_MT);
	lua_pushcfunction(L, trace_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, trace_gc);
	lua_setfield(L, -2, "__gc");
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
	lua_pushcfunction(L, core_trace);
	lua_setfield(L, -2, "trace");
}
