/*
 * lua_oracle.c - the oracle (oracle.h) in Lua: a model of the target's side
 * of one connection that judges every segment the target sends.
 *
 *   local o = core.oracle("LISTEN", policy, { "RST_CHALLENGE_ACK" })
 *   o:received(syn)          -- the target got our SYN: it owes a SYN-ACK
 *   local f = o:sent(synack) -- findings: {} when conformant
 *   o:call("close").path     -- { "ESTABLISHED --CLOSE/snd FIN--> FIN_WAIT_1" }
 */
#include <lauxlib.h>
#include <string.h>

#include "lua_fsm.h"
#include "lua_misuse.h"
#include "lua_oracle.h"
#include "lua_packet.h"
#include "lua_table.h"

#define ORACLE_MT "synfin.oracle"

static const char *const call_names[] = { "open_active", "open_passive", "send", "receive", "close", "abort", NULL };
static const char *const timeout_names[] = { "retransmit", "time_wait", "user", NULL };

struct sf_oracle *sf_lua_check_oracle(lua_State *L, int idx)
{
	struct sf_oracle *o = luaL_testudata(L, idx, ORACLE_MT);

	if (!o)
		sf_lua_misuse(L, "want an oracle (core.oracle), got %s", sf_lua_quote(L, idx));
	return o;
}

static struct sf_oracle *tooracle(lua_State *L)
{
	return luaL_checkudata(L, 1, ORACLE_MT);
}

void sf_lua_push_findings(lua_State *L, const struct sf_findings *f)
{
	size_t i;

	lua_createtable(L, (int)f->n, 0);
	for (i = 0; i < f->n; i++) {
		lua_createtable(L, 0, 4);
		lua_pushstring(L, sf_finding_code_name(f->f[i].code));
		lua_setfield(L, -2, "code");
		lua_pushstring(L, f->f[i].severity == SF_SEV_DEVIATION ? "deviation" : "violation");
		lua_setfield(L, -2, "severity");
		lua_pushstring(L, f->f[i].rfc);
		lua_setfield(L, -2, "rfc");
		lua_pushstring(L, f->f[i].message);
		lua_setfield(L, -2, "message");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* o:received(seg) -> the model's result (answers the target owes, edges taken) */
static int oracle_received(lua_State *L)
{
	struct sf_oracle *o = tooracle(L);
	struct sf_tcp_seg seg;
	struct sf_fsm_result res;

	sf_lua_check_fsm_seg(L, 2, &seg);
	sf_oracle_target_received(o, &seg, &res);
	sf_lua_push_fsm_result(L, &res);
	return 1;
}

/* o:sent(seg) -> findings */
static int oracle_sent(lua_State *L)
{
	struct sf_oracle *o = tooracle(L);
	struct sf_tcp_seg seg;
	struct sf_findings f;

	sf_lua_check_fsm_seg(L, 2, &seg);
	sf_oracle_target_sent(o, &seg, &f);
	sf_lua_push_findings(L, &f);
	return 1;
}

/* o:settle() -> findings: answers that were owed and never came */
static int oracle_settle(lua_State *L)
{
	struct sf_findings f;

	sf_oracle_settle(tooracle(L), &f);
	sf_lua_push_findings(L, &f);
	return 1;
}

/* o:call(name [, len]) -> result: the target's application made a call;
 * result.path holds the transition the model took (empty: none). */
static int oracle_call(lua_State *L)
{
	struct sf_oracle *o = tooracle(L);
	int call = luaL_checkoption(L, 2, NULL, call_names);
	lua_Integer len = luaL_optinteger(L, 3, 0);
	struct sf_fsm_result res;

	luaL_argcheck(L, len >= 0 && len <= 0x7fffffff, 3, "length out of range");
	sf_oracle_target_call_result(o, (enum sf_fsm_call)call, (uint32_t)len, &res);
	sf_lua_push_fsm_result(L, &res);
	return 1;
}

static int oracle_timeout(lua_State *L)
{
	sf_oracle_target_timeout(tooracle(L), (enum sf_fsm_timeout)luaL_checkoption(L, 2, NULL, timeout_names));
	return 0;
}

static int oracle_state(lua_State *L)
{
	lua_pushstring(L, sf_tcp_state_name(sf_oracle_state(tooracle(L))));
	return 1;
}

static int oracle_vars(lua_State *L)
{
	sf_lua_push_tcb_vars(L, sf_oracle_tcb(tooracle(L)));
	return 1;
}

/* o:verdict() -> "conformant" | "deviates as documented" | "deviates" */
static int oracle_verdict(lua_State *L)
{
	lua_pushstring(L, sf_oracle_verdict_name(sf_oracle_verdict(tooracle(L))));
	return 1;
}

/* o:pending() -> the segments the target owes now */
static int oracle_pending(lua_State *L)
{
	size_t n, i;
	const struct sf_fsm_emit *e = sf_oracle_pending(tooracle(L), &n);

	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		sf_lua_push_seg(L, &e[i].seg);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* core.oracle(initial_state, policy, allowed_codes) */
static int core_oracle(lua_State *L)
{
	const char *initial = luaL_checkstring(L, 1);
	struct sf_fsm_policy pol;
	struct sf_oracle *o;
	enum sf_tcp_state st;
	lua_Integer i, n;

	if (sf_tcp_state_parse(initial, &st) < 0)
		return luaL_argerror(L, 1, lua_pushfstring(L, "unknown TCP state '%s'", initial));
	sf_lua_check_policy(L, 2, &pol);
	o = lua_newuserdatauv(L, sizeof(*o), 0);
	if (sf_oracle_init(o, st, &pol) < 0)
		return luaL_error(L, "oracle: cannot start in state %s", initial);
	n = lua_istable(L, 3) ? (lua_Integer)lua_rawlen(L, 3) : 0;
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, 3, i);
		if (sf_oracle_allow_name(o, luaL_checkstring(L, -1)) < 0)
			return luaL_error(L, "oracle: unknown finding code '%s'", lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	luaL_setmetatable(L, ORACLE_MT);
	return 1;
}

static const luaL_Reg oracle_methods[] = {
	{ "received", oracle_received }, { "sent", oracle_sent },   { "settle", oracle_settle },
	{ "call", oracle_call },         { "timeout", oracle_timeout }, { "state", oracle_state },
	{ "vars", oracle_vars },         { "verdict", oracle_verdict }, { "pending", oracle_pending },
	{ NULL, NULL },
};

static const luaL_Reg oracle_meta[] = {
	{ "__index", NULL },
	{ NULL, NULL },
};

void sf_lua_oracle_open(lua_State *L)
{
	sf_lua_new_class(L, ORACLE_MT, oracle_meta, oracle_methods);
	lua_pushcfunction(L, core_oracle);
	lua_setfield(L, -2, "oracle");
}
