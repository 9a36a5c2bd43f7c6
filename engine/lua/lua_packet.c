/* lua_packet.c - the packet table, pushed and checked (see lua_packet.h). */
#include "lua_packet.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "decode.h"
#include "summary.h"
#include "lua_table.h"
#include "lua_misuse.h"

#define PACKET_MT "synfin.packet"
#define LAZY_MT "synfin.packet.lazy"
#define ETH_HLEN 14

/* The text of an address, from a cache of the last few: a test's frames
 * carry the same two or three addresses, and inet_ntop() formats with
 * sprintf, which costs every frame (every one is pushed) a few printfs. */
static const char *addr_text(const struct sf_addr *a)
{
	static struct {
		struct sf_addr addr;
		char text[64];
	} cache[4];
	static unsigned next;
	unsigned i;

	for (i = 0; i < 4; i++)
		if (cache[i].text[0] && sf_addr_equal(&cache[i].addr, a))
			return cache[i].text;
	i = next++ % 4;
	cache[i].addr = *a;
	return sf_addr_str(a, cache[i].text, sizeof(cache[i].text));
}

static void set_addr(lua_State *L, const char *k, const struct sf_addr *a)
{
	sf_lua_set_str(L, k, addr_text(a));
}

/* The name an option is sent by ({"mss", 1460}, "sackok"); NULL: only as {"raw", kind, bytes}. */
static const char *option_name(uint8_t kind)
{
	switch (kind) {
	case SF_TCPOPT_EOL: return "eol";
	case SF_TCPOPT_NOP: return "nop";
	case SF_TCPOPT_MSS: return "mss";
	case SF_TCPOPT_WSCALE: return "wscale";
	case SF_TCPOPT_SACK_PERM: return "sackok";
	case SF_TCPOPT_SACK: return "sack";
	case SF_TCPOPT_TIMESTAMP: return "ts";
	default: return NULL;
	}
}

/* {name, v1, v2, ...} with n integer values. */
static void push_named(lua_State *L, const char *name, const lua_Integer *v, int n)
{
	int i;

	lua_createtable(L, n + 1, 0);
	lua_pushstring(L, name);
	lua_rawseti(L, -2, 1);
	for (i = 0; i < n; i++) {
		lua_pushinteger(L, v[i]);
		lua_rawseti(L, -2, i + 2);
	}
}

/* The shortcut field a known option also sets on the segment at `seg`. */
static void set_shortcut(lua_State *L, const struct sf_tcp_option *o, int seg)
{
	int i;

	switch (o->kind) {
	case SF_TCPOPT_MSS: lua_pushinteger(L, o->v.mss); break;
	case SF_TCPOPT_WSCALE: lua_pushinteger(L, o->v.wscale); break;
	case SF_TCPOPT_SACK_PERM: lua_pushboolean(L, 1); break;
	case SF_TCPOPT_TIMESTAMP:
		lua_createtable(L, 0, 2);
		sf_lua_set_int(L, "val", o->v.ts.val);
		sf_lua_set_int(L, "ecr", o->v.ts.ecr);
		break;
	case SF_TCPOPT_SACK: /* { {left, right}, ... } */
		lua_createtable(L, o->v.sack.count, 0);
		for (i = 0; i < o->v.sack.count; i++) {
			lua_createtable(L, 2, 0);
			lua_pushinteger(L, o->v.sack.left[i]);
			lua_rawseti(L, -2, 1);
			lua_pushinteger(L, o->v.sack.right[i]);
			lua_rawseti(L, -2, 2);
			lua_rawseti(L, -2, i + 1);
		}
		break;
	default: return;
	}
	lua_setfield(L, seg, option_name(o->kind));
}

/* One option in the form t:send takes ("nop", {"mss", 1460}, {"ts", val, ecr},
 * {"sack", l1, r1, ...}, {"raw", kind, "bytes"}). */
static void push_option(lua_State *L, const struct sf_tcp_option *o)
{
	lua_Integer v[8];
	const char *name = option_name(o->kind);
	int i;

	switch (o->kind) {
	case SF_TCPOPT_EOL: case SF_TCPOPT_NOP: case SF_TCPOPT_SACK_PERM:
		lua_pushstring(L, name);
		return;
	case SF_TCPOPT_MSS: v[0] = o->v.mss; push_named(L, name, v, 1); return;
	case SF_TCPOPT_WSCALE: v[0] = o->v.wscale; push_named(L, name, v, 1); return;
	case SF_TCPOPT_TIMESTAMP:
		v[0] = o->v.ts.val;
		v[1] = o->v.ts.ecr;
		push_named(L, name, v, 2);
		return;
	case SF_TCPOPT_SACK:
		for (i = 0; i < o->v.sack.count; i++) {
			v[2 * i] = o->v.sack.left[i];
			v[2 * i + 1] = o->v.sack.right[i];
		}
		push_named(L, name, v, 2 * o->v.sack.count);
		return;
	default:
		v[0] = o->kind;
		push_named(L, "raw", v, 1);
		lua_pushlstring(L, (const char *)o->data, o->len > 2 ? (size_t)o->len - 2 : 0);
		lua_rawseti(L, -2, 3);
	}
}

static void push_options(lua_State *L, const struct sf_tcp_option *opts, int n)
{
	int seg = lua_gettop(L), i;

	lua_createtable(L, n, 0);
	for (i = 0; i < n; i++) {
		push_option(L, &opts[i]);
		lua_rawseti(L, -2, i + 1);
		set_shortcut(L, &opts[i], seg);
	}
	lua_setfield(L, seg, "options");
}

/* The fields a packet and a state machine's segment share. */
static void push_seg_fields(lua_State *L, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t win, uint32_t len)
{
	char text[16];

	sf_lua_set_int(L, "seq", seq);
	sf_lua_set_int(L, "ack", ack);
	sf_lua_set_str(L, "flags", sf_tcp_flags_str(flags, text, sizeof(text)));
	sf_lua_set_int(L, "flagbits", flags);
	sf_lua_set_int(L, "win", win);
	sf_lua_set_int(L, "len", len);
}

/* What every frame's handling reads at once (the trace, the endpoints'
 * lookup, the ISNs): set when the packet is pushed. */
static void push_tcp_eager(lua_State *L, const struct sf_tcp *t)
{
	sf_lua_set_int(L, "sport", t->sport);
	sf_lua_set_int(L, "dport", t->dport);
	sf_lua_set_int(L, "seq", t->seq);
	sf_lua_set_int(L, "flagbits", t->flags);
}

/* The rest of a segment's fields: set when one of them is first read. */
static void push_tcp_lazy(lua_State *L, const struct sf_tcp *t)
{
	char text[16];

	sf_lua_set_int(L, "ack", t->ack);
	sf_lua_set_str(L, "flags", sf_tcp_flags_str(t->flags, text, sizeof(text)));
	sf_lua_set_int(L, "win", t->window);
	sf_lua_set_int(L, "len", (lua_Integer)t->payload_len);
	sf_lua_set_int(L, "urg", t->urgent);
	sf_lua_set_int(L, "doff", t->doff);
	sf_lua_set_int(L, "checksum", t->checksum);
	sf_lua_set_bool(L, "checksum_ok", t->checksum_ok);
	lua_pushlstring(L, (const char *)t->payload, t->payload_len);
	lua_setfield(L, -2, "payload");
	push_options(L, t->options, t->option_count);
}

void sf_lua_push_seg(lua_State *L, const struct sf_tcp_seg *s)
{
	struct sf_tcp_option opts[8];
	char text[160];
	size_t n = sf_tcp_seg_options(&s->opt, opts, 8);

	lua_createtable(L, 0, 12);
	push_seg_fields(L, s->seq, s->ack, s->flags, s->wnd, s->len);
	push_options(L, opts, (int)n);
	sf_lua_set_str(L, "text", sf_tcp_seg_format(s, text, sizeof(text)));
}

static void push_icmp(lua_State *L, const struct sf_icmp *c)
{
	char buf[64];

	sf_lua_set_int(L, "type", c->type);
	sf_lua_set_int(L, "code", c->code);
	sf_lua_set_bool(L, "v6", c->v6);
	sf_lua_set_bool(L, "checksum_ok", c->checksum_ok);
	sf_lua_set_int(L, "mtu", c->mtu);
	if (!c->has_inner)
		return;
	lua_createtable(L, 0, 6);
	sf_lua_set_str(L, "src", sf_addr_str(&c->inner_src, buf, sizeof(buf)));
	sf_lua_set_str(L, "dst", sf_addr_str(&c->inner_dst, buf, sizeof(buf)));
	sf_lua_set_int(L, "proto", c->inner_proto);
	sf_lua_set_int(L, "sport", c->inner_sport);
	sf_lua_set_int(L, "dport", c->inner_dport);
	sf_lua_set_int(L, "seq", c->inner_seq);
	lua_setfield(L, -2, "inner");
}

static void push_ip(lua_State *L, const struct sf_packet *p)
{
	sf_lua_set_int(L, "family", p->l3 == SF_L3_IPV6 ? 6 : 4);
	set_addr(L, "src", &p->ip.src);
	set_addr(L, "dst", &p->ip.dst);
	sf_lua_set_int(L, "ttl", p->ip.ttl);
	sf_lua_set_int(L, "tos", p->ip.tos);
	sf_lua_set_int(L, "ip_id", p->ip.id);
	sf_lua_set_bool(L, "df", p->ip.df);
	sf_lua_set_int(L, "ip_len", p->ip.total_len);
}

static const char *kind_of(const struct sf_packet *p)
{
	if (p->l3 == SF_L3_ARP)
		return "arp";
	switch (p->l4) {
	case SF_L4_TCP: return "tcp";
	case SF_L4_UDP: return "udp";
	case SF_L4_ICMP: return "icmp";
	default: return "other";
	}
}

static void push_time(lua_State *L, const struct timeval *ts)
{
	lua_pushnumber(L, (lua_Number)ts->tv_sec + (lua_Number)ts->tv_usec / 1e6);
	lua_setfield(L, -2, "time");
}

static void set_summary(lua_State *L, const struct sf_packet *p)
{
	char summary[512];

	if (sf_packet_summary(p, summary, sizeof(summary)) >= 0)
		sf_lua_set_str(L, "summary", summary);
}

/* The fields of a decoded packet that are set when it is pushed. */
static void push_eager(lua_State *L, const struct sf_packet *p, const struct timeval *ts, int lazy)
{
	lua_createtable(L, 0, lazy ? 12 : 32);
	sf_lua_set_str(L, "kind", kind_of(p));
	sf_lua_set_mac(L, "eth_src", p->eth_src);
	sf_lua_set_mac(L, "eth_dst", p->eth_dst);
	sf_lua_set_int(L, "frame_len", (lua_Integer)p->frame_len);
	push_time(L, ts);
	if (p->l4 == SF_L4_TCP)
		push_tcp_eager(L, &p->tcp);
	else if (p->l4 == SF_L4_UDP) {
		sf_lua_set_int(L, "sport", p->udp.sport);
		sf_lua_set_int(L, "dport", p->udp.dport);
	}
}

/* The rest, on the table on the top of the stack: none of them is there. */
static void push_lazy(lua_State *L, const struct sf_packet *p)
{
	if (p->l3 == SF_L3_IPV4 || p->l3 == SF_L3_IPV6)
		push_ip(L, p);
	if (p->l4 == SF_L4_TCP)
		push_tcp_lazy(L, &p->tcp);
	else if (p->l4 == SF_L4_ICMP)
		push_icmp(L, &p->icmp);
}

/* The IP datagram inside an Ethernet frame (after an 802.1Q tag, if
 * any), cut to the length its IP header gives. */
static size_t ip_datagram(const struct sf_packet *p, const uint8_t *frame, size_t len, const uint8_t **dgram)
{
	struct sf_cursor c;
	uint16_t ethertype;
	size_t n;

	sf_cursor_init(&c, frame, len);
	if (!(sf_skip(&c, 2 * SF_ETH_ALEN) && sf_get_u16(&c, &ethertype)))
		return 0;
	if (ethertype == 0x8100 && !(sf_skip(&c, 2) && sf_get_u16(&c, &ethertype)))
		return 0;
	n = p->ip.total_len < sf_left(&c) ? p->ip.total_len : sf_left(&c);
	return sf_get_span(&c, n, dgram) ? n : 0;
}

/* Set `raw`, the IP datagram of frame; 0 when the frame has none. */
static int set_raw(lua_State *L, const struct sf_packet *p, const uint8_t *frame, size_t len)
{
	const uint8_t *dgram = NULL;
	size_t n;

	if (p->l3 != SF_L3_IPV4 && p->l3 != SF_L3_IPV6)
		return 0;
	n = ip_datagram(p, frame, len, &dgram);
	if (!n)
		return 0;
	lua_pushlstring(L, (const char *)dgram, n);
	lua_setfield(L, -2, "raw");
	return 1;
}

/*
 * An IP packet is pushed with the fields every frame's handling reads (kind,
 * time, MACs, frame_len, raw; a segment's ports, seq, flagbits). The others
 * are made from `raw` when one of them is first read, written or iterated
 * (the metatable LAZY_MT: packet_fill()), and its summary when that is read
 * (PACKET_MT): most frames are never looked at past those few fields (a
 * flood's answers, our own segments), and making the rest was most of what
 * handing a frame to Lua cost. A frame that is not IP is pushed whole.
 */
void sf_lua_push_packet(lua_State *L, const struct sf_packet *p, const uint8_t *frame, size_t len,
			const struct timeval *ts)
{
	int ip = p->l3 == SF_L3_IPV4 || p->l3 == SF_L3_IPV6;

	push_eager(L, p, ts, ip);
	if (ip && set_raw(L, p, frame, len)) {
		luaL_setmetatable(L, LAZY_MT);
		return;
	}
	push_lazy(L, p);
	set_summary(L, p);
}

/* Decode an IP datagram (a packet's `raw`) as the payload of an Ethernet
 * frame of its version, made in one buffer of this file (p points into it
 * until the next call; every caller has pushed what it needs by then): the
 * frame, or NULL with err. */
static const uint8_t *decode_ip(const char *raw, size_t n, struct sf_packet *p, struct sf_err *err)
{
	static uint8_t frame[ETH_HLEN + 65536];
	int v6 = n > 0 && ((uint8_t)raw[0] >> 4) == 6;

	if (n + ETH_HLEN > sizeof(frame)) {
		sf_err_set(err, "an IP datagram of %zu octets is too long", n);
		return NULL;
	}
	memset(frame, 0, ETH_HLEN);
	frame[12] = v6 ? 0x86 : 0x08;
	frame[13] = v6 ? 0xdd : 0x00;
	memcpy(frame + ETH_HLEN, raw, n);
	return sf_decode(frame, n + ETH_HLEN, p, err) == 0 ? frame : NULL;
}

/* Fill in the lazy fields of the packet at idx from its raw (once: it
 * then has PACKET_MT). A raw that no longer decodes (a script changed it)
 * leaves the fields out. */
static void packet_fill(lua_State *L, int idx)
{
	struct sf_packet p;
	struct sf_err err;
	const char *raw;
	size_t n;
	int ok;

	idx = lua_absindex(L, idx);
	lua_pushvalue(L, idx);		 /* the packet on top, for push_lazy()'s fields */
	luaL_setmetatable(L, PACKET_MT); /* first: the sets below must not come back here */
	lua_pushliteral(L, "raw");
	lua_rawget(L, idx);
	raw = lua_tolstring(L, -1, &n);
	ok = raw && decode_ip(raw, n, &p, &err);
	lua_pop(L, 1); /* raw: the table holds it */
	if (ok)
		push_lazy(L, &p);
	lua_pop(L, 1);
}

/* LAZY_MT's __index: fill in, then read (a summary through PACKET_MT). */
static int lazy_index(lua_State *L)
{
	packet_fill(L, 1);
	lua_settop(L, 2);
	lua_gettable(L, 1);
	return 1;
}

/* __newindex: a field written before the rest was made is kept as written. */
static int lazy_newindex(lua_State *L)
{
	packet_fill(L, 1);
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

/* __pairs: every field, as if they had all been there. */
static int lazy_pairs(lua_State *L)
{
	packet_fill(L, 1);
	lua_getglobal(L, "next");
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* packet.summary, made on first reading from packet.raw and kept. */
static int packet_index(lua_State *L)
{
	struct sf_packet p;
	struct sf_err err;
	const char *raw;
	size_t n;

	if (lua_type(L, 2) != LUA_TSTRING || strcmp(lua_tostring(L, 2), "summary"))
		return 0;
	lua_getfield(L, 1, "raw");
	raw = lua_tolstring(L, -1, &n);
	if (!raw || !decode_ip(raw, n, &p, &err))
		return 0;
	lua_settop(L, 1); /* the packet on top: set_summary() sets its field */
	set_summary(L, &p);
	lua_getfield(L, 1, "summary");
	return 1;
}

/* core.decode_ip(raw [, time]) -> the packet table of an IP datagram (a
 * packet's `raw`), as link:recv gives it but without the Ethernet fields;
 * nil, error for bytes that do not decode. The trace keeps only `raw`. */
static int core_decode_ip(lua_State *L)
{
	size_t n;
	const char *raw = luaL_checklstring(L, 1, &n);
	const struct timeval none = { 0, 0 };
	struct sf_packet p;
	struct sf_err err;
	const uint8_t *frame;

	luaL_optnumber(L, 2, 0);
	if (!(frame = decode_ip(raw, n, &p, &err))) {
		luaL_pushfail(L);
		lua_pushstring(L, err.msg);
		return 2;
	}
	sf_lua_push_packet(L, &p, frame, n + ETH_HLEN, &none);
	lua_pushnil(L);
	lua_setfield(L, -2, "eth_src");
	lua_pushnil(L);
	lua_setfield(L, -2, "eth_dst");
	lua_pushvalue(L, 2); /* the time exactly as given, or none */
	lua_setfield(L, -2, "time");
	return 1;
}

void sf_lua_push_malformed(lua_State *L, const char *why, const uint8_t *frame, size_t len,
			   const struct timeval *ts)
{
	lua_createtable(L, 0, 4);
	sf_lua_set_str(L, "kind", "malformed");
	sf_lua_set_str(L, "error", why);
	lua_pushlstring(L, (const char *)frame, len);
	lua_setfield(L, -2, "bytes");
	sf_lua_set_int(L, "frame_len", (lua_Integer)len);
	push_time(L, ts);
}

/* ---- checking a packet table ------------------------------------------ */

uint8_t sf_lua_check_flags(lua_State *L, int idx)
{
	static const char letters[] = "FSRPA.UEW";
	static const uint8_t bits[] = { SF_TCP_FIN, SF_TCP_SYN, SF_TCP_RST, SF_TCP_PSH, SF_TCP_ACK,
					SF_TCP_ACK, SF_TCP_URG, SF_TCP_ECE, SF_TCP_CWR };
	const char *s, *p;
	lua_Integer n;
	uint8_t v = 0;
	int isint;

	if (lua_type(L, idx) == LUA_TNUMBER) {
		n = lua_tointegerx(L, idx, &isint);
		if (!isint || n < 0 || n > 255)
			sf_lua_misuse(L, "flags: bits must be an integer from 0 to 255, got %s", sf_lua_quote(L, idx));
		return (uint8_t)n;
	}
	if (lua_type(L, idx) != LUA_TSTRING)
		sf_lua_misuse(L, "flags must be letters like \"S.\" or a number, got %s", sf_lua_quote(L, idx));
	s = lua_tostring(L, idx);
	if (!strcmp(s, "none")) /* what a segment without flags reads as (tcpdump's word) */
		return 0;
	for (; *s; s++) {
		p = strchr(letters, *s);
		if (!p)
			sf_lua_misuse(L, "flags: unknown flag letter '%c' in %s (use F S R P A . U E W, e.g. \"S.\")", *s,
				      sf_lua_quote(L, idx));
		v |= bits[p - letters];
	}
	return v;
}

/* Push field k of the table at idx; when it has none and dflt is a stack
 * index (not 0), the value there instead. */
static void get_or(lua_State *L, int idx, const char *k, int dflt)
{
	if (lua_getfield(L, idx, k) == LUA_TNIL && dflt) {
		lua_pop(L, 1);
		lua_pushvalue(L, dflt);
	}
}

/* A sequence or acknowledgment number: any integer, modulo 2^32 (RFC 9293
 * 3.4), so isn + 1 and isn - 1 just work. */
static uint32_t field_seq(lua_State *L, int idx, const char *k)
{
	lua_Integer v;
	int isint;

	if (lua_getfield(L, idx, k) == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	v = lua_tointegerx(L, -1, &isint);
	if (!isint)
		sf_lua_misuse(L, "segment field '%s' must be an integer (taken modulo 2^32), got %s", k,
			      sf_lua_quote(L, -1));
	lua_pop(L, 1);
	return (uint32_t)((lua_Unsigned)v & 0xffffffffu);
}

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

static void field_addr(lua_State *L, int idx, const char *k, int dflt, struct sf_addr *a)
{
	const char *s;

	get_or(L, idx, k, dflt);
	s = lua_tostring(L, -1);
	if (!s || sf_addr_parse(s, a) < 0)
		sf_lua_misuse(L, "segment field '%s' must be an IPv4 or IPv6 address, got %s", k,
			      sf_lua_quote(L, -1));
	lua_pop(L, 1);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "02:53:46:00:00:01" (one or two hex digits per octet) into mac; 0 on
 * success. By hand rather than sscanf: it runs for every segment sent. */
static int parse_mac(const char *s, uint8_t mac[SF_ETH_ALEN])
{
	int i, d, v;

	for (i = 0; i < SF_ETH_ALEN; i++) {
		if ((v = hex_digit(*s++)) < 0)
			return -1;
		if ((d = hex_digit(*s)) >= 0) {
			v = v * 16 + d;
			s++;
		}
		mac[i] = (uint8_t)v;
		if (*s++ != (i < SF_ETH_ALEN - 1 ? ':' : '\0'))
			return -1;
	}
	return 0;
}

static void field_mac(lua_State *L, int idx, const char *k, int dflt, uint8_t mac[SF_ETH_ALEN])
{
	const char *s;

	get_or(L, idx, k, dflt);
	s = lua_tostring(L, -1);
	if (!s || parse_mac(s, mac) < 0)
		sf_lua_misuse(L, "segment field '%s' must be a MAC address like 02:53:46:00:00:01, got %s", k,
			      sf_lua_quote(L, -1));
	lua_pop(L, 1);
}

/* dflt: 0, or the stack index of the defaults eth_src, eth_dst, src, dst
 * (sf_lua_check_seg_spec). */
static void check_l2l3(lua_State *L, int idx, int dflt, struct sf_l2l3 *net)
{
	memset(net, 0, sizeof(*net));
	field_mac(L, idx, "eth_src", dflt, net->eth_src);
	field_mac(L, idx, "eth_dst", dflt ? dflt + 1 : 0, net->eth_dst);
	field_addr(L, idx, "src", dflt ? dflt + 2 : 0, &net->src);
	field_addr(L, idx, "dst", dflt ? dflt + 3 : 0, &net->dst);
	if (net->src.family != net->dst.family)
		sf_lua_misuse(L, "segment: src and dst are of different address families");
	net->ttl = (uint8_t)field_int(L, idx, "ttl", 64, 255);
	net->tos = (uint8_t)field_int(L, idx, "tos", 0, 255);
	net->ip_id = (uint16_t)field_int(L, idx, "ip_id", 0, 65535);
	lua_getfield(L, idx, "df");
	net->df = lua_isnil(L, -1) ? 1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
}

void sf_lua_check_l2l3(lua_State *L, int idx, struct sf_l2l3 *net)
{
	check_l2l3(L, lua_absindex(L, idx), 0, net);
}

static void option_bytes(lua_State *L, struct sf_tcp_option *o, uint8_t kind, const uint8_t *body, size_t n)
{
	if (n > sizeof(o->data))
		sf_lua_misuse(L, "tcp option kind %d: %d bytes of data is more than fits (38)", kind, (int)n);
	o->kind = kind;
	o->len = (uint8_t)(n + 2);
	if (n) /* sackOK has no body (and no pointer to one) */
		memcpy(o->data, body, n);
}

/* Value i of the option table at t, an integer 0..max (RFC 9293 3.2: MSS
 * is 16 bits; RFC 7323: wscale one octet, timestamps 32 bits). */
static uint32_t opt_value(lua_State *L, int t, int i, lua_Integer max)
{
	lua_Integer v;
	int ok;

	lua_rawgeti(L, t, i);
	v = lua_tointegerx(L, -1, &ok);
	if (!ok || v < 0 || v > max) {
		const char *bad = sf_lua_quote(L, -1);
		sf_lua_misuse(L, "tcp option %s: %s must be an integer from 0 to %I", sf_lua_quote(L, t), bad, max);
	}
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

static void option_sack(lua_State *L, int t, struct sf_tcp_option *o)
{
	uint8_t body[32];
	int i, n = (int)lua_rawlen(L, t) - 1;

	if (n < 2 || n % 2 || n > 8)
		sf_lua_misuse(L, "tcp option sack wants 1 to 4 pairs of left, right edges, got %s", sf_lua_quote(L, t));
	for (i = 0; i < n; i++)
		be32(body + 4 * i, opt_value(L, t, i + 2, 0xffffffffLL));
	option_bytes(L, o, SF_TCPOPT_SACK, body, (size_t)n * 4);
}

static void option_raw(lua_State *L, int t, struct sf_tcp_option *o)
{
	uint8_t kind = (uint8_t)opt_value(L, t, 2, 255);
	const char *data;
	size_t len = 0;

	lua_rawgeti(L, t, 3);
	if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
		sf_lua_misuse(L, "tcp option raw: the body must be a string, got %s", sf_lua_quote(L, -1));
	data = lua_tolstring(L, -1, &len);
	option_bytes(L, o, kind, (const uint8_t *)(data ? data : ""), data ? len : 0);
	lua_pop(L, 1);
}

static void unknown_option(lua_State *L, int idx)
{
	sf_lua_misuse(L, "unknown tcp option '%s' (mss, wscale, sackok, ts, sack, nop, eol, raw)", lua_tostring(L, idx));
}

/* {"mss", 1460} {"wscale", 7} {"ts", val, ecr} {"sack", l1, r1, ...} {"raw", kind, "bytes"} */
static void option_from_table(lua_State *L, int t, struct sf_tcp_option *o)
{
	uint8_t body[8];
	const char *name;

	lua_rawgeti(L, t, 1);
	name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	if (!name)
		sf_lua_misuse(L, "tcp option table must start with its name, e.g. {\"mss\", 1460}, got %s",
			      sf_lua_quote(L, t));
	if (!strcmp(name, "mss")) {
		uint32_t v = opt_value(L, t, 2, 65535);
		body[0] = (uint8_t)(v >> 8);
		body[1] = (uint8_t)v;
		option_bytes(L, o, SF_TCPOPT_MSS, body, 2);
	} else if (!strcmp(name, "wscale")) {
		body[0] = (uint8_t)opt_value(L, t, 2, 255);
		option_bytes(L, o, SF_TCPOPT_WSCALE, body, 1);
	} else if (!strcmp(name, "ts")) {
		be32(body, opt_value(L, t, 2, 0xffffffffLL));
		be32(body + 4, opt_value(L, t, 3, 0xffffffffLL));
		option_bytes(L, o, SF_TCPOPT_TIMESTAMP, body, 8);
	} else if (!strcmp(name, "sack"))
		option_sack(L, t, o);
	else if (!strcmp(name, "raw"))
		option_raw(L, t, o);
	else
		unknown_option(L, lua_gettop(L));
	lua_pop(L, 1);
}

static void option_from_string(lua_State *L, int idx, struct sf_tcp_option *o)
{
	const char *name = lua_tostring(L, idx);

	if (!strcmp(name, "nop") || !strcmp(name, "eol")) {
		o->kind = name[0] == 'n' ? SF_TCPOPT_NOP : SF_TCPOPT_EOL;
		o->len = 1;
	} else if (!strcmp(name, "sackok"))
		option_bytes(L, o, SF_TCPOPT_SACK_PERM, NULL, 0);
	else
		unknown_option(L, idx);
}

/* A shortcut without `options` would be silently ignored: refuse it. */
static void refuse_shortcuts(lua_State *L, int idx)
{
	static const char *const shortcuts[] = { "mss", "wscale", "sackok", "ts", "sack" };
	size_t i;

	for (i = 0; i < sizeof(shortcuts) / sizeof(shortcuts[0]); i++) {
		lua_getfield(L, idx, shortcuts[i]);
		if (!lua_isnil(L, -1)) {
			const char *v = sf_lua_quote(L, -1);
			sf_lua_misuse(L, "segment field '%s' = %s is read-only; give options (e.g. options = { %s = %s })",
				      shortcuts[i], v, shortcuts[i], v);
		}
		lua_pop(L, 1);
	}
}

static void field_options(lua_State *L, int idx, struct sf_seg_spec *s)
{
	int t, i, n;

	lua_getfield(L, idx, "options");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		refuse_shortcuts(L, idx);
		return;
	}
	if (!lua_istable(L, -1))
		sf_lua_misuse(L, "segment field 'options' must be a list, got %s", sf_lua_quote(L, -1));
	t = lua_gettop(L);
	n = (int)lua_rawlen(L, t);
	if (n > SF_TCP_MAX_OPTIONS)
		sf_lua_misuse(L, "at most %d tcp options, got %d", SF_TCP_MAX_OPTIONS, n);
	for (i = 1; i <= n; i++) {
		struct sf_tcp_option *o = &s->options[s->option_count++];

		memset(o, 0, sizeof(*o));
		lua_rawgeti(L, t, i);
		if (lua_type(L, -1) == LUA_TSTRING)
			option_from_string(L, lua_gettop(L), o);
		else if (lua_istable(L, -1))
			option_from_table(L, lua_gettop(L), o);
		else
			sf_lua_misuse(L, "tcp option %d must be a name or a table, got %s", i, sf_lua_quote(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* "bad": a wrong checksum; a number: that value, unless checksum_ok = true
 * says it was right (a copy of a received or sent packet): then it is
 * computed again, so a copy with fields changed stays right. */
static void field_checksum(lua_State *L, int idx, struct sf_seg_spec *s)
{
	int was_right;

	lua_getfield(L, idx, "checksum_ok");
	was_right = lua_toboolean(L, -1);
	lua_getfield(L, idx, "checksum");
	if (lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "bad"))
		s->csum_mode = SF_CSUM_CORRUPT;
	else if (!lua_isnil(L, -1) && !was_right) {
		s->csum_mode = SF_CSUM_VALUE;
		s->checksum = (uint16_t)field_int(L, idx, "checksum", 0, 65535);
	}
	lua_pop(L, 2);
}

static void field_payload(lua_State *L, int idx, struct sf_seg_spec *s)
{
	size_t len = 0;

	lua_getfield(L, idx, "payload");
	if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
		sf_lua_misuse(L, "segment field 'payload' must be a string, got %s", sf_lua_quote(L, -1));
	s->payload = (const uint8_t *)lua_tolstring(L, -1, &len);
	s->payload_len = s->payload ? len : 0;
	lua_pop(L, 1); /* the string stays alive in the table at idx */
}

/* sport_dflt: 0, or the stack index of the default source port. */
static void check_tcp(lua_State *L, int idx, int sport_dflt, struct sf_seg_spec *s)
{
	if (!lua_istable(L, idx))
		sf_lua_misuse(L, "want a segment table, got %s", sf_lua_quote(L, idx));
	memset(s, 0, sizeof(*s));
	s->sport = (uint16_t)field_int(L, idx, "sport", sport_dflt ? luaL_checkinteger(L, sport_dflt) : 0, 65535);
	s->dport = (uint16_t)field_int(L, idx, "dport", 0, 65535);
	s->seq = field_seq(L, idx, "seq");
	s->ack = field_seq(L, idx, "ack");
	s->window = (uint16_t)field_int(L, idx, "win", 64240, 65535);
	s->urgent = (uint16_t)field_int(L, idx, "urg", 0, 65535);
	lua_getfield(L, idx, "flags");
	if (lua_isnil(L, -1))
		sf_lua_misuse(L, "segment needs 'flags' (e.g. \"S\", \"S.\", \"F.\", \"R\")");
	s->flags = sf_lua_check_flags(L, -1);
	lua_pop(L, 1);
	field_options(L, idx, s);
	field_checksum(L, idx, s);
	field_payload(L, idx, s);
}

void sf_lua_check_tcp(lua_State *L, int idx, struct sf_seg_spec *s)
{
	check_tcp(L, lua_absindex(L, idx), 0, s);
}

void sf_lua_check_seg_spec(lua_State *L, int idx, int defaults, struct sf_seg_spec *s)
{
	struct sf_l2l3 net;

	idx = lua_absindex(L, idx);
	defaults = defaults ? lua_absindex(L, defaults) : 0;
	check_tcp(L, idx, defaults ? defaults + 4 : 0, s);
	check_l2l3(L, idx, defaults, &net);
	s->net = net;
}

void sf_lua_check_fsm_seg(lua_State *L, int idx, struct sf_tcp_seg *seg)
{
	struct sf_seg_spec spec;
	struct sf_tcp tcp;
	struct sf_err err;

	idx = lua_absindex(L, idx);
	sf_lua_check_tcp(L, idx, &spec);
	if (sf_seg_spec_tcp(&spec, &tcp, &err) < 0)
		sf_lua_misuse(L, "segment options: %s", err.msg);
	sf_tcp_seg_from_packet(&tcp, seg);
	if (!spec.payload) /* a segment without bytes, as the model writes them */
		seg->len = (uint32_t)field_int(L, idx, "len", 0, 0x7fffffff);
}

/* core.flagbits("S.") -> 0x12: the flag letters every packet and pattern use */
static int core_flagbits(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_pushinteger(L, sf_lua_check_flags(L, 1));
	return 1;
}

void sf_lua_packet_open(lua_State *L)
{
	static const luaL_Reg meta[] = { { "__index", packet_index }, { NULL, NULL } };
	static const luaL_Reg lazy[] = {
		{ "__index", lazy_index }, { "__newindex", lazy_newindex }, { "__pairs", lazy_pairs }, { NULL, NULL }
	};

	luaL_newmetatable(L, PACKET_MT);
	luaL_setfuncs(L, meta, 0);
	lua_pop(L, 1);
	luaL_newmetatable(L, LAZY_MT);
	luaL_setfuncs(L, lazy, 0);
	lua_pop(L, 1);
	lua_pushcfunction(L, core_flagbits);
	lua_setfield(L, -2, "flagbits");
	lua_pushcfunction(L, core_decode_ip);
	lua_setfield(L, -2, "decode_ip");
}
