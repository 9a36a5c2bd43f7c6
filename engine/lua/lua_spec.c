/*
 * lua_spec.c - reading a segment spec table from Lua (see lua_packet.h).
 * A wrong field is a script mistake: a Lua error that names the field and
 * quotes the value, raised at the script's line.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "lua_packet.h"
#include "lua_misuse.h"

static lua_Integer field_int(lua_State *L, int idx, const char *k, lua_Integer def, lua_Integer max)
{
	lua_Integer v;
	int isint;

	lua_getfield(L, idx, k);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return def;
	}
	v = lua_tointegerx(L, -1, &isint);
	if (!isint || v < 0 || v > max)
		sf_lua_misuse(L, "segment field '%s' must be an integer from 0 to %I, got %s", k, max,
			      sf_lua_quote(L, -1));
	lua_pop(L, 1);
	return v;
}

static void field_addr(lua_State *L, int idx, const char *k, struct sf_addr *a)
{
	const char *s;

	lua_getfield(L, idx, k);
	s = lua_tostring(L, -1);
	if (!s || sf_addr_parse(s, a) < 0)
		sf_lua_misuse(L, "segment field '%s' must be an IPv4 or IPv6 address, got %s", k,
			      sf_lua_quote(L, -1));
	lua_pop(L, 1);
}

static void field_mac(lua_State *L, int idx, const char *k, uint8_t mac[SF_ETH_ALEN])
{
	unsigned b[6];
	const char *s;
	int i;

	lua_getfield(L, idx, k);
	s = lua_tostring(L, -1);
	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		sf_lua_misuse(L, "segment field '%s' must be a MAC address like 02:53:46:00:00:01, got %s", k,
			      sf_lua_quote(L, -1));
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	lua_pop(L, 1);
}

void sf_lua_check_l2l3(lua_State *L, int idx, struct sf_l2l3 *net)
{
	memset(net, 0, sizeof(*net));
	field_mac(L, idx, "eth_src", net->eth_src);
	field_mac(L, idx, "eth_dst", net->eth_dst);
	field_addr(L, idx, "src", &net->src);
	field_addr(L, idx, "dst", &net->dst);
	if (net->src.family != net->dst.family)
		sf_lua_misuse(L, "segment: src and dst are of different address families");
	net->ttl = (uint8_t)field_int(L, idx, "ttl", 64, 255);
	net->tos = (uint8_t)field_int(L, idx, "tos", 0, 255);
	net->ip_id = (uint16_t)field_int(L, idx, "ip_id", 0, 65535);
	lua_getfield(L, idx, "df");
	net->df = lua_isnil(L, -1) ? 1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
}

static void option_bytes(lua_State *L, struct sf_tcp_option *o, uint8_t kind, const uint8_t *body, size_t n)
{
	if (n > sizeof(o->data))
		sf_lua_misuse(L, "tcp option kind %d: %d bytes of data is more than fits (38)", kind, (int)n);
	o->kind = kind;
	o->len = (uint8_t)(n + 2);
	memcpy(o->data, body, n);
}

static uint32_t opt_u32(lua_State *L, int t, int i, const char *what)
{
	lua_Integer v;
	int ok;

	lua_rawgeti(L, t, i);
	v = lua_tointegerx(L, -1, &ok);
	if (!ok || v < 0 || v > 0xffffffffLL)
		sf_lua_misuse(L, "tcp option %s: value %d must be an integer 0..4294967295", what, i - 1);
	lua_pop(L, 1);
	return (uint32_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* {"mss", 1460} {"wscale", 7} {"ts", val, ecr} {"sack", l1, r1, ...} {"raw", kind, "bytes"} */
static void option_from_table(lua_State *L, int t, struct sf_tcp_option *o)
{
	const char *name;
	uint8_t body[38];
	int i, n;

	lua_rawgeti(L, t, 1);
	name = lua_tostring(L, -1);
	lua_pop(L, 1);
	if (!name)
		sf_lua_misuse(L, "tcp option table must start with its name, e.g. {\"mss\", 1460}");
	if (!strcmp(name, "mss")) {
		uint32_t v = opt_u32(L, t, 2, name);
		body[0] = (uint8_t)(v >> 8);
		body[1] = (uint8_t)v;
		option_bytes(L, o, SF_TCPOPT_MSS, body, 2);
	} else if (!strcmp(name, "wscale")) {
		body[0] = (uint8_t)opt_u32(L, t, 2, name);
		option_bytes(L, o, SF_TCPOPT_WSCALE, body, 1);
	} else if (!strcmp(name, "ts")) {
		be32(body, opt_u32(L, t, 2, name));
		be32(body + 4, opt_u32(L, t, 3, name));
		option_bytes(L, o, SF_TCPOPT_TIMESTAMP, body, 8);
	} else if (!strcmp(name, "sack")) {
		n = (int)lua_rawlen(L, t) - 1;
		if (n < 2 || n % 2 || n > 8)
			sf_lua_misuse(L, "tcp option sack wants 1 to 4 pairs of left, right edges");
		for (i = 0; i < n; i++)
			be32(body + 4 * i, opt_u32(L, t, i + 2, name));
		option_bytes(L, o, SF_TCPOPT_SACK, body, (size_t)n * 4);
	} else if (!strcmp(name, "raw")) {
		size_t len;
		const char *data;
		uint32_t kind = opt_u32(L, t, 2, name);
		lua_rawgeti(L, t, 3);
		data = lua_tolstring(L, -1, &len);
		option_bytes(L, o, (uint8_t)kind, (const uint8_t *)(data ? data : ""), data ? len : 0);
		lua_pop(L, 1);
	} else
		sf_lua_misuse(L, "unknown tcp option '%s' (mss, wscale, sackok, ts, sack, nop, eol, raw)", name);
}

static void option_from_string(lua_State *L, const char *name, struct sf_tcp_option *o)
{
	memset(o, 0, sizeof(*o));
	if (!strcmp(name, "nop") || !strcmp(name, "eol")) {
		o->kind = name[0] == 'n' ? SF_TCPOPT_NOP : SF_TCPOPT_EOL;
		o->len = 1;
	} else if (!strcmp(name, "sackok"))
		option_bytes(L, o, SF_TCPOPT_SACK_PERM, NULL, 0);
	else
		sf_lua_misuse(L, "unknown tcp option '%s' (mss, wscale, sackok, ts, sack, nop, eol, raw)", name);
}

static void field_options(lua_State *L, int idx, struct sf_seg_spec *s)
{
	int t, i, n;

	lua_getfield(L, idx, "options");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	luaL_argcheck(L, lua_istable(L, -1), idx, "segment field 'options' must be a list");
	t = lua_gettop(L);
	n = (int)lua_rawlen(L, t);
	if (n > SF_TCP_MAX_OPTIONS)
		sf_lua_misuse(L, "at most %d tcp options", SF_TCP_MAX_OPTIONS);
	for (i = 1; i <= n; i++) {
		struct sf_tcp_option *o = &s->options[s->option_count++];

		memset(o, 0, sizeof(*o));
		lua_rawgeti(L, t, i);
		if (lua_type(L, -1) == LUA_TSTRING)
			option_from_string(L, lua_tostring(L, -1), o);
		else if (lua_istable(L, -1))
			option_from_table(L, lua_gettop(L), o);
		else
			sf_lua_misuse(L, "tcp option %d must be a name or a table", i);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void field_checksum(lua_State *L, int idx, struct sf_seg_spec *s)
{
	lua_getfield(L, idx, "checksum");
	if (lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "bad"))
		s->csum_mode = SF_CSUM_CORRUPT;
	else if (!lua_isnil(L, -1)) {
		s->csum_mode = SF_CSUM_VALUE;
		s->checksum = (uint16_t)field_int(L, idx, "checksum", 0, 65535);
	}
	lua_pop(L, 1);
}

void sf_lua_check_seg_spec(lua_State *L, int idx, struct sf_seg_spec *s)
{
	size_t len = 0;

	idx = lua_absindex(L, idx);
	luaL_checktype(L, idx, LUA_TTABLE);
	memset(s, 0, sizeof(*s));
	sf_lua_check_l2l3(L, idx, &s->net);
	s->sport = (uint16_t)field_int(L, idx, "sport", 0, 65535);
	s->dport = (uint16_t)field_int(L, idx, "dport", 0, 65535);
	s->seq = (uint32_t)field_int(L, idx, "seq", 0, 0xffffffffLL);
	s->ack = (uint32_t)field_int(L, idx, "ack", 0, 0xffffffffLL);
	s->window = (uint16_t)field_int(L, idx, "win", 64240, 65535);
	s->urgent = (uint16_t)field_int(L, idx, "urg", 0, 65535);
	lua_getfield(L, idx, "flags");
	if (lua_isnil(L, -1))
		sf_lua_misuse(L, "segment needs 'flags' (e.g. \"S\", \"S.\", \"F.\", \"R\")");
	s->flags = sf_lua_check_flags(L, -1);
	lua_pop(L, 1);
	field_options(L, idx, s);
	field_checksum(L, idx, s);
	lua_getfield(L, idx, "payload");
	s->payload = (const uint8_t *)lua_tolstring(L, -1, &len);
	s->payload_len = s->payload ? len : 0;
	lua_pop(L, 1); /* the string stays alive in the table at idx */
}
