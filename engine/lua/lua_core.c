/* lua_core.c - require "synfin.core" (see lua_core.h). */
#include "lua_core.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lua_agent.h"
#include "lua_fsm.h"
#include "lua_json.h"
#include "lua_link.h"
#include "lua_misuse.h"
#include "lua_packet.h"
#include "lua_tap.h"
#include "lua_trace.h"
#include "wait.h"

/* core.now() -> monotonic seconds, for timeouts and measured intervals */
static int core_now(lua_State *L)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
	return 1;
}

/* core.wallclock() -> seconds since the epoch, comparable with packet.time */
static int core_wallclock(lua_State *L)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
	return 1;
}

/* core.sleep(seconds), at most 120 */
static int core_sleep(lua_State *L)
{
	lua_Number s = luaL_checknumber(L, 1);
	struct timespec ts;

	if (!(s >= 0 && s <= 120))
		return sf_lua_misuse(L, "sleep must be 0 to 120 seconds, got %s", sf_lua_quote(L, 1));
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (lua_Number)ts.tv_sec) * 1e9);
	sf_before_wait();
	while (nanosleep(&ts, &ts) < 0)
		;
	return 0;
}

static int core_hex(lua_State *L)
{
	size_t n, i;
	const char *s = luaL_checklstring(L, 1, &n);
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	for (i = 0; i < n; i++) {
		char two[3];
		snprintf(two, sizeof(two), "%02x", (unsigned char)s[i]);
		luaL_addlstring(&b, two, 2);
	}
	luaL_pushresult(&b);
	return 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int core_unhex(lua_State *L)
{
	size_t n, i;
	const char *s = luaL_checklstring(L, 1, &n);
	luaL_Buffer b;

	if (n % 2)
		return sf_lua_misuse(L, "unhex: hex text must have an even length, got %s", sf_lua_quote(L, 1));
	luaL_buffinit(L, &b);
	for (i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return sf_lua_misuse(L, "unhex: not hex: %s", sf_lua_quote(L, 1));
		luaL_addchar(&b, (char)(hi * 16 + lo));
	}
	luaL_pushresult(&b);
	return 1;
}

/* core.where() -> "file:line" of the script line behind the current call */
static int core_where(lua_State *L)
{
	sf_lua_push_script_where(L);
	return 1;
}

/* core.misuse(message): raise "file:line: message" at the script's line */
static int core_misuse(lua_State *L)
{
	return sf_lua_misuse(L, "%s", luaL_checkstring(L, 1));
}

/* core.quote(value) -> the value as a message quotes it ("S.", {1, 2}, 70000) */
static int core_quote(lua_State *L)
{
	luaL_checkany(L, 1);
	sf_lua_quote(L, 1);
	return 1;
}

static const luaL_Reg core_funcs[] = {
	{ "where", core_where },
	{ "misuse", core_misuse },
	{ "quote", core_quote },
	{ "now", core_now },
	{ "wallclock", core_wallclock },
	{ "sleep", core_sleep },
	{ "hex", core_hex },
	{ "unhex", core_unhex },
	{ NULL, NULL },
};

int luaopen_synfin_core(lua_State *L)
{
	sf_lua_link_createmeta(L);
	sf_lua_agent_createmeta(L);
	sf_lua_tap_createmeta(L);
	luaL_newlib(L, core_funcs);
	sf_lua_packet_open(L);
	sf_lua_fsm_open(L);
	sf_lua_oracle_open(L);
	sf_lua_json_open(L);
	sf_lua_trace_open(L);
	lua_pushliteral(L, SYNFIN_VERSION);
	lua_setfield(L, -2, "version");
	return 1;
}
