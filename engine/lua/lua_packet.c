/* lua_packet.c - see lua_packet.h. */
#include "lua_packet.h"

#include <lauxlib.h>
#include <string.h>

#include "bytes.h"
#include "decode.h"
#include "summary.h"
#include "lua_table.h"
#include "lua_misuse.h"

static void set_addr(lua_State *L, const char *k, const struct sf_addr *a)
{
	char buf[64];

	sf_lua_set_str(L, k, sf_addr_str(a, buf, sizeof(buf)));
}

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
	default: return "unknown";
	}
}

/* One option as {kind=, name=, ...}; known ones also set a shortcut field
 * on the segment (seg.mss, seg.wscale, seg.sackok, seg.ts, seg.sack). */
static void push_option(lua_State *L, const struct sf_tcp_option *o, int seg)
{
	int i;

	lua_createtable(L, 0, 4);
	sf_lua_set_int(L, "kind", o->kind);
	sf_lua_set_str(L, "name", option_name(o->kind));
	sf_lua_set_int(L, "len", o->len);
	switch (o->kind) {
	case SF_TCPOPT_MSS:
		sf_lua_set_int(L, "value", o->v.mss);
		lua_pushinteger(L, o->v.mss);
		lua_setfield(L, seg, "mss");
		break;
	case SF_TCPOPT_WSCALE:
		sf_lua_set_int(L, "value", o->v.wscale);
		lua_pushinteger(L, o->v.wscale);
		lua_setfield(L, seg, "wscale");
		break;
	case SF_TCPOPT_SACK_PERM:
		lua_pushboolean(L, 1);
		lua_setfield(L, seg, "sackok");
		break;
	case SF_TCPOPT_TIMESTAMP:
		sf_lua_set_int(L, "val", o->v.ts.val);
		sf_lua_set_int(L, "ecr", o->v.ts.ecr);
		lua_pushvalue(L, -1);
		lua_setfield(L, seg, "ts");
		break;
	case SF_TCPOPT_SACK:
		for (i = 0; i < o->v.sack.count; i++) {
			lua_createtable(L, 2, 0);
			lua_pushinteger(L, o->v.sack.left[i]);
			lua_rawseti(L, -2, 1);
			lua_pushinteger(L, o->v.sack.right[i]);
			lua_rawseti(L, -2, 2);
			lua_rawseti(L, -2, i + 1);
		}
		lua_pushvalue(L, -1);
		lua_setfield(L, seg, "sack");
		break;
	default:
		if (o->len > 2) {
			lua_pushlstring(L, (const char *)o->data, (size_t)o->len - 2);
			lua_setfield(L, -2, "data");
		}
	}
}

static void push_tcp(lua_State *L, const struct sf_tcp *t)
{
	char flags[16];
	int seg = lua_gettop(L), i;

	sf_lua_set_int(L, "sport", t->sport);
	sf_lua_set_int(L, "dport", t->dport);
	sf_lua_set_int(L, "seq", t->seq);
	sf_lua_set_int(L, "ack", t->ack);
	sf_lua_set_str(L, "flags", sf_tcp_flags_str(t->flags, flags, sizeof(flags)));
	sf_lua_set_int(L, "flagbits", t->flags);
	sf_lua_set_int(L, "win", t->window);
	sf_lua_set_int(L, "urg", t->urgent);
	sf_lua_set_int(L, "doff", t->doff);
	sf_lua_set_int(L, "checksum", t->checksum);
	sf_lua_set_bool(L, "checksum_ok", t->checksum_ok);
	sf_lua_set_int(L, "len", (lua_Integer)t->payload_len);
	lua_pushlstring(L, (const char *)t->payload, t->payload_len);
	lua_setfield(L, seg, "payload");
	lua_createtable(L, t->option_count, 0);
	for (i = 0; i < t->option_count; i++) {
		push_option(L, &t->options[i], seg);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, seg, "options");
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

void sf_lua_push_packet(lua_State *L, const struct sf_packet *p, const struct timeval *ts)
{
	char summary[512];

	lua_createtable(L, 0, 32);
	sf_lua_set_str(L, "kind", kind_of(p));
	sf_lua_set_mac(L, "eth_src", p->eth_src);
	sf_lua_set_mac(L, "eth_dst", p->eth_dst);
	sf_lua_set_int(L, "frame_len", (lua_Integer)p->frame_len);
	push_time(L, ts);
	if (sf_packet_summary(p, summary, sizeof(summary)) >= 0)
		sf_lua_set_str(L, "summary", summary);
	if (p->l3 == SF_L3_IPV4 || p->l3 == SF_L3_IPV6)
		push_ip(L, p);
	if (p->l4 == SF_L4_TCP)
		push_tcp(L, &p->tcp);
	else if (p->l4 == SF_L4_ICMP)
		push_icmp(L, &p->icmp);
	else if (p->l4 == SF_L4_UDP) {
		sf_lua_set_int(L, "sport", p->udp.sport);
		sf_lua_set_int(L, "dport", p->udp.dport);
	}
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

void sf_lua_set_raw(lua_State *L, const struct sf_packet *p, const uint8_t *frame, size_t len)
{
	const uint8_t *dgram = NULL;
	size_t n;

	if (p->l3 != SF_L3_IPV4 && p->l3 != SF_L3_IPV6)
		return;
	n = ip_datagram(p, frame, len, &dgram);
	if (!n)
		return;
	lua_pushlstring(L, (const char *)dgram, n);
	lua_setfield(L, -2, "raw");
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

uint8_t sf_lua_check_flags(lua_State *L, int idx)
{
	static const char letters[] = "FSRPA.UEW";
	static const uint8_t bits[] = { SF_TCP_FIN, SF_TCP_SYN, SF_TCP_RST, SF_TCP_PSH, SF_TCP_ACK,
					SF_TCP_ACK, SF_TCP_URG, SF_TCP_ECE, SF_TCP_CWR };
	const char *s, *p;
	uint8_t v = 0;

	if (lua_type(L, idx) == LUA_TNUMBER) {
		lua_Integer n = luaL_checkinteger(L, idx);
		luaL_argcheck(L, n >= 0 && n <= 255, idx, "flag bits must be 0..255");
		return (uint8_t)n;
	}
	s = luaL_checkstring(L, idx);
	if (!strcmp(s, "none") || !*s)
		return 0;
	for (; *s; s++) {
		p = strchr(letters, *s);
		if (!p)
			sf_lua_misuse(L, "flags: unknown flag letter '%c' (use F S R P A . U E W, e.g. \"S.\")", *s);
		v |= bits[p - letters];
	}
	return v;
}
