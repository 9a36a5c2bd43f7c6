/*
 * lua_fsm.c - the reference state machine in Lua (see lua_fsm.h): a TCB
 * object (the tester's own endpoint, or any "what would a conformant stack
 * do" query), the list of the diagram's transitions, and the oracle, which
 * runs the same machine as a model of the target.
 *
 *   local tcb = core.tcb{ iss = 1000, mss = 1460 }
 *   local res = tcb:call("open_active")      -- res.emit[1] is the SYN
 *   res = tcb:segment(synack)                -- res.emit[1] is the ACK
 *   tcb:state()                              -- "ESTABLISHED"
 */
#include <lauxlib.h>
#include <string.h>

#include "decode.h"
#include "lua_fsm.h"
#include "lua_misuse.h"
#include "lua_table.h"
#include "tcp_fsm.h"
#include "tcp_transitions.h"

#define TCB_MT "synfin.tcb"
#define ORACLE_MT "synfin.oracle"

struct tcb_ud {
	struct sf_tcb tcb;
	struct sf_fsm_policy pol;
};

static const char *const call_names[] = { "open_active", "open_passive", "send", "receive", "close", "abort", NULL };
static const char *const timeout_names[] = { "retransmit", "time_wait", "user", NULL };

static lua_Integer opt_field(lua_State *L, int t, const char *k, lua_Integer def)
{
	lua_Integer v;

	lua_getfield(L, t, k);
	v = lua_isnil(L, -1) ? def : luaL_checkinteger(L, -1);
	lua_pop(L, 1);
	return v;
}

static double opt_number(lua_State *L, int t, const char *k, double def)
{
	double v;

	lua_getfield(L, t, k);
	v = lua_isnil(L, -1) ? def : (double)luaL_checknumber(L, -1);
	lua_pop(L, 1);
	return v;
}

static int opt_bool(lua_State *L, int t, const char *k, int def)
{
	int v;

	lua_getfield(L, t, k);
	v = lua_isnil(L, -1) ? def : lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

/* rfc5961_syn_flip = { "TIME_WAIT", ... }: the states where a SYN gets the
 * other side of rfc5961_syn. */
static uint16_t opt_state_set(lua_State *L, int t, const char *k)
{
	uint16_t set = 0;
	lua_Integer i, n;

	lua_getfield(L, t, k);
	if (!lua_isnil(L, -1)) {
		luaL_checktype(L, -1, LUA_TTABLE);
		n = (lua_Integer)lua_rawlen(L, -1);
		for (i = 1; i <= n; i++) {
			enum sf_tcp_state st;
			const char *name;

			lua_rawgeti(L, -1, i);
			name = lua_tostring(L, -1);
			if (!name || sf_tcp_state_parse(name, &st) < 0)
				luaL_error(L, "policy %s: unknown state '%s'", k, name ? name : "?");
			set |= (uint16_t)(1u << st);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	return set;
}

void sf_lua_check_policy(lua_State *L, int idx, struct sf_fsm_policy *p)
{
	sf_fsm_policy_default(p);
	if (lua_isnoneornil(L, idx))
		return;
	luaL_checktype(L, idx, LUA_TTABLE);
	p->rfc5961_rst = opt_bool(L, idx, "rfc5961_rst", p->rfc5961_rst);
	p->rfc5961_syn = opt_bool(L, idx, "rfc5961_syn", p->rfc5961_syn);
	p->rfc5961_ack = opt_bool(L, idx, "rfc5961_ack", p->rfc5961_ack);
	p->rfc1337 = opt_bool(L, idx, "rfc1337", p->rfc1337);
	p->time_wait_reopen = opt_bool(L, idx, "time_wait_reopen", p->time_wait_reopen);
	p->drop_syn_fin = opt_bool(L, idx, "drop_syn_fin", p->drop_syn_fin);
	p->rcv_wnd_max = (uint32_t)opt_field(L, idx, "rcv_wnd_max", p->rcv_wnd_max);
	p->obligation_rto = opt_number(L, idx, "obligation_rto", p->obligation_rto);
	p->obligation_ack = opt_number(L, idx, "obligation_ack", p->obligation_ack);
	p->rfc5961_syn_flip = opt_state_set(L, idx, "rfc5961_syn_flip");
	p->iss = (uint32_t)opt_field(L, idx, "iss", p->iss);
	p->rcv_wnd = (uint32_t)opt_field(L, idx, "rcv_wnd", p->rcv_wnd);
	p->mss = (uint16_t)opt_field(L, idx, "mss", p->mss);
	p->wscale = (int)opt_field(L, idx, "wscale", p->wscale);
	p->timestamps = opt_bool(L, idx, "timestamps", p->timestamps);
	p->sack_perm = opt_bool(L, idx, "sack_perm", p->sack_perm);
}

static const char *emit_kind_name(enum sf_fsm_emit_kind k)
{
	static const char *const names[] = { "answer", "ack", "output", "retransmit" };

	return (unsigned)k < 4 ? names[k] : "?";
}

static void push_user(lua_State *L, unsigned user)
{
	static const struct { unsigned bit; const char *name; } bits[] = {
		{ SF_USER_CONNECTED, "connected" }, { SF_USER_DATA, "data" }, { SF_USER_EOF, "eof" },
		{ SF_USER_RESET, "reset" }, { SF_USER_REFUSED, "refused" }, { SF_USER_CLOSED, "closed" },
		{ SF_USER_TIMEOUT, "timeout" },
	};
	size_t i;

	lua_createtable(L, 0, 2);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (user & bits[i].bit) {
			lua_pushboolean(L, 1);
			lua_setfield(L, -2, bits[i].name);
		}
}

void sf_lua_push_fsm_result(lua_State *L, const struct sf_fsm_result *r)
{
	size_t i;

	lua_createtable(L, 0, 10);
	sf_lua_set_str(L, "verdict", sf_fsm_verdict_name(r->verdict));
	sf_lua_set_str(L, "rfc", r->rfc);
	sf_lua_set_str(L, "reason", r->reason);
	sf_lua_set_str(L, "error", r->error);
	sf_lua_set_int(L, "delivered", r->delivered);
	lua_pushboolean(L, r->time_wait_timer);
	lua_setfield(L, -2, "time_wait_timer");
	lua_createtable(L, (int)r->n_emit, 0);
	for (i = 0; i < r->n_emit; i++) {
		sf_lua_push_seg(L, &r->emit[i].seg);
		sf_lua_set_str(L, "kind", emit_kind_name(r->emit[i].kind));
		sf_lua_set_str(L, "why", r->emit[i].why);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "emit");
	lua_createtable(L, (int)r->n_path, 0);
	for (i = 0; i < r->n_path; i++) {
		lua_pushstring(L, r->path[i]->name);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "path");
	push_user(L, r->user);
	lua_setfield(L, -2, "user");
}

void sf_lua_push_tcb_vars(lua_State *L, const struct sf_tcb *t)
{
	lua_createtable(L, 0, 16);
	sf_lua_set_str(L, "state", sf_tcp_state_name(t->state));
	sf_lua_set_int(L, "iss", t->iss);
	sf_lua_set_int(L, "snd_una", t->snd_una);
	sf_lua_set_int(L, "snd_nxt", t->snd_nxt);
	sf_lua_set_int(L, "snd_wnd", t->snd_wnd);
	sf_lua_set_int(L, "max_snd_wnd", t->max_snd_wnd);
	sf_lua_set_int(L, "irs", t->irs);
	sf_lua_set_int(L, "rcv_nxt", t->rcv_nxt);
	sf_lua_set_int(L, "rcv_wnd", t->rcv_wnd);
	sf_lua_set_int(L, "peer_mss", t->peer_mss);
	sf_lua_set_int(L, "our_mss", t->our_mss);
	sf_lua_set_int(L, "fin_seq", t->fin_seq);
	lua_pushboolean(L, t->fin_sent);
	lua_setfield(L, -2, "fin_sent");
	lua_pushboolean(L, t->ts_ok);
	lua_setfield(L, -2, "ts_ok");
	lua_pushboolean(L, t->wscale_ok);
	lua_setfield(L, -2, "wscale_ok");
	lua_pushboolean(L, t->sack_ok);
	lua_setfield(L, -2, "sack_ok");
	sf_lua_set_int(L, "syn_text", t->syn_text);
	sf_lua_set_int(L, "snd_wscale", t->snd_wscale);
	sf_lua_set_int(L, "rcv_wscale", t->rcv_wscale);
}

static struct tcb_ud *totcb(lua_State *L)
{
	return luaL_checkudata(L, 1, TCB_MT);
}

/* tcb:call(name [, len]) -> result */
static int tcb_call(lua_State *L)
{
	struct tcb_ud *u = totcb(L);
	int call = sf_lua_check_option(L, 2, call_names, "call");
	lua_Integer len = luaL_optinteger(L, 3, 0);
	struct sf_fsm_result res;

	if (len < 0 || len > 0x7fffffff)
		return sf_lua_misuse(L, "call: length must be 0 to 2147483647, got %s", sf_lua_quote(L, 3));
	sf_fsm_user_call(&u->tcb, (enum sf_fsm_call)call, (uint32_t)len, &u->pol, &u->tcb, &res);
	sf_lua_push_fsm_result(L, &res);
	return 1;
}

/* tcb:segment(seg [, oracle]) -> result [, findings]: RFC 9293 3.10.7
 * SEGMENT ARRIVES. With an oracle, seg is also one the target sent, judged
 * there: the tester endpoint's receive reads the segment once for both. */
static int tcb_segment(lua_State *L)
{
	struct tcb_ud *u = totcb(L);
	struct sf_oracle *o = lua_isnoneornil(L, 3) ? NULL : sf_lua_check_oracle(L, 3);
	struct sf_tcp_seg seg;
	struct sf_fsm_result res;
	struct sf_findings f;

	sf_lua_check_fsm_seg(L, 2, &seg);
	if (o)
		sf_oracle_target_sent(o, &seg, &f);
	sf_fsm_segment_arrives(&u->tcb, &seg, &u->pol, &u->tcb, &res);
	sf_lua_push_fsm_result(L, &res);
	if (!o)
		return 1;
	sf_lua_push_findings(L, &f);
	return 2;
}

/* tcb:timeout("retransmit" | "time_wait" | "user") -> result */
static int tcb_timeout(lua_State *L)
{
	struct tcb_ud *u = totcb(L);
	int which = sf_lua_check_option(L, 2, timeout_names, "timeout");
	struct sf_fsm_result res;

	sf_fsm_timeout(&u->tcb, (enum sf_fsm_timeout)which, &u->pol, &u->tcb, &res);
	sf_lua_push_fsm_result(L, &res);
	return 1;
}

static int tcb_state(lua_State *L)
{
	lua_pushstring(L, sf_tcp_state_name(totcb(L)->tcb.state));
	return 1;
}

static int tcb_vars(lua_State *L)
{
	sf_lua_push_tcb_vars(L, &totcb(L)->tcb);
	return 1;
}

/* tcb:copy() -> an independent TCB in the same state (to ask "what if") */
static int tcb_copy(lua_State *L)
{
	struct tcb_ud *u = totcb(L), *c = lua_newuserdatauv(L, sizeof(*c), 0);

	*c = *u;
	luaL_setmetatable(L, TCB_MT);
	return 1;
}

static int tcb_tostring(lua_State *L)
{
	lua_pushfstring(L, "synfin.tcb (%s)", sf_tcp_state_name(totcb(L)->tcb.state));
	return 1;
}

/* core.tcb([policy]) -> a TCB in CLOSED */
static int core_tcb(lua_State *L)
{
	struct tcb_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);

	memset(u, 0, sizeof(*u));
	sf_lua_check_policy(L, 1, &u->pol);
	u->tcb.state = SF_TCPS_CLOSED;
	luaL_setmetatable(L, TCB_MT);
	return 1;
}

/* core.transitions() -> { {name=, from=, to=, event=, send=, rfc=, figure5=}, ... } */
static int core_transitions(lua_State *L)
{
	size_t n, i;
	const struct sf_fsm_transition *t = sf_fsm_transitions(&n);

	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_createtable(L, 0, 7);
		sf_lua_set_str(L, "name", t[i].name);
		sf_lua_set_str(L, "from", sf_tcp_state_name(t[i].from));
		sf_lua_set_str(L, "to", sf_tcp_state_name(t[i].to));
		sf_lua_set_str(L, "event", sf_fsm_event_name(t[i].event));
		sf_lua_set_str(L, "send", t[i].send);
		sf_lua_set_str(L, "rfc", t[i].rfc);
		lua_pushboolean(L, t[i].figure5);
		lua_setfield(L, -2, "figure5");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static const luaL_Reg tcb_methods[] = {
	{ "call", tcb_call },   { "segment", tcb_segment }, { "timeout", tcb_timeout },
	{ "state", tcb_state }, { "vars", tcb_vars },       { "copy", tcb_copy },
	{ NULL, NULL },
};

static const luaL_Reg tcb_meta[] = {
	{ "__tostring", tcb_tostring },
	{ "__index", NULL },
	{ NULL, NULL },
};

static const luaL_Reg fsm_funcs[] = {
	{ "tcb", core_tcb },
	{ "transitions", core_transitions },
	{ NULL, NULL },
};

void sf_lua_fsm_open(lua_State *L)
{
	sf_lua_new_class(L, TCB_MT, tcb_meta, tcb_methods);
	luaL_setfuncs(L, fsm_funcs, 0); /* into the core table on the stack top */
}

/* ---- the oracle (oracle.h) ---------------------------------------------
 * The oracle in Lua: a model of the target's side
 * of one connection that judges every segment the target sends.
 *
 *   local o = core.oracle("LISTEN", policy, { "RST_CHALLENGE_ACK" })
 *   o:received(syn)          -- the target got our SYN: it owes a SYN-ACK
 *   local f = o:sent(synack) -- findings: {} when conformant
 *   core.oracle("CLOSED"):call("open_passive").path -- { "CLOSED --passive OPEN--> LISTEN" }
 */

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

/* o:clock(seconds) -> findings: obligations overdue by then (the time of
 * the next event: a segment's capture time, a call's wall-clock time) */
static int oracle_clock(lua_State *L)
{
	struct sf_findings f;

	sf_oracle_clock(tooracle(L), (double)luaL_checknumber(L, 2), &f);
	sf_lua_push_findings(L, &f);
	return 1;
}

/* o:finish(seconds) -> findings: the test ends; what is overdue is found */
static int oracle_finish(lua_State *L)
{
	struct sf_findings f;

	sf_oracle_finish(tooracle(L), (double)luaL_checknumber(L, 2), &f);
	sf_lua_push_findings(L, &f);
	return 1;
}

/* o:call(name [, len]) -> result: the target's application made a call;
 * result.path holds the transition the model took (empty: none). */
static int oracle_call(lua_State *L)
{
	struct sf_oracle *o = tooracle(L);
	int call = sf_lua_check_option(L, 2, call_names, "call");
	lua_Integer len = luaL_optinteger(L, 3, 0);
	struct sf_fsm_result res;

	if (len < 0 || len > 0x7fffffff)
		return sf_lua_misuse(L, "call: length must be 0 to 2147483647, got %s", sf_lua_quote(L, 3));
	sf_oracle_target_call_result(o, (enum sf_fsm_call)call, (uint32_t)len, &res);
	sf_lua_push_fsm_result(L, &res);
	return 1;
}

static int oracle_timeout(lua_State *L)
{
	sf_oracle_target_timeout(tooracle(L), (enum sf_fsm_timeout)sf_lua_check_option(L, 2, timeout_names, "timeout"));
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

/* o:model([policy]) -> a TCB (as core.tcb's) holding what the model holds
 * for the target now, state and variables: to ask what the target should
 * do with a segment without telling the oracle (the matrix, synfin.matrix).
 * policy: another profile's choices; the oracle's own when absent. */
static int oracle_model(lua_State *L)
{
	struct sf_oracle *o = tooracle(L);
	struct tcb_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);

	u->tcb = *sf_oracle_tcb(o);
	if (lua_isnoneornil(L, 2))
		u->pol = o->pol;
	else
		sf_lua_check_policy(L, 2, &u->pol);
	luaL_setmetatable(L, TCB_MT);
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
		return sf_lua_misuse(L, "oracle: unknown TCP state '%s'", initial);
	sf_lua_check_policy(L, 2, &pol);
	o = lua_newuserdatauv(L, sizeof(*o), 0);
	if (sf_oracle_init(o, st, &pol) < 0)
		return sf_lua_misuse(L, "oracle: cannot start in state %s", initial);
	n = lua_istable(L, 3) ? (lua_Integer)lua_rawlen(L, 3) : 0;
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, 3, i);
		if (sf_oracle_allow_name(o, luaL_checkstring(L, -1)) < 0)
			return sf_lua_misuse(L, "oracle: unknown finding code '%s'", lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	luaL_setmetatable(L, ORACLE_MT);
	return 1;
}

static const luaL_Reg oracle_methods[] = {
	{ "received", oracle_received }, { "sent", oracle_sent },   { "settle", oracle_settle },
	{ "call", oracle_call },         { "timeout", oracle_timeout }, { "state", oracle_state },
	{ "vars", oracle_vars },         { "verdict", oracle_verdict }, { "pending", oracle_pending },
	{ "clock", oracle_clock },       { "finish", oracle_finish },    { "model", oracle_model },
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
