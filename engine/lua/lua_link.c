/* lua_link.c - the link as a Lua object (see lua_link.h). */
#include "lua_link.h"

#include <lauxlib.h>
#include <string.h>

#include "build.h"
#include "decode.h"
#include "lua_table.h"
#include "lua_packet.h"

#define LINK_MT "synfin.link"
#define MAX_WAIT_S 120.0

static struct sf_link *tolink(lua_State *L)
{
	struct sf_link_handle *h = luaL_checkudata(L, 1, LINK_MT);

	if (!h->lk)
		luaL_error(L, "link is closed (its test has ended)");
	return h->lk;
}

/* Decode our own frame so a sent segment has the same shape as a received one. */
static void push_sent(lua_State *L, const uint8_t *frame, uint32_t len)
{
	struct sf_packet p;
	struct sf_err err;
	struct timeval now;

	gettimeofday(&now, NULL);
	if (sf_decode(frame, len, &p, &err) < 0)
		sf_lua_push_malformed(L, err.msg, frame, len, &now);
	else {
		sf_lua_push_packet(L, &p, &now);
		sf_lua_set_raw(L, &p, frame, len);
	}
}

static int send_frame(lua_State *L, struct sf_link *lk, int built, uint8_t *frame, uint32_t len,
		      struct sf_err *err)
{
	if (built < 0 || sf_link_send(lk, frame, len, err) < 0) {
		sf_build_free(lk->net, frame);
		return luaL_error(L, "%s", err->msg);
	}
	push_sent(L, frame, len);
	sf_build_free(lk->net, frame);
	return 1;
}

/* link:send_tcp(spec) -> the segment as sent (a packet table) */
static int link_send_tcp(lua_State *L)
{
	struct sf_link *lk = tolink(L);
	struct sf_seg_spec spec;
	struct sf_err err;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int rc;

	sf_lua_check_seg_spec(L, 2, &spec);
	rc = sf_build_tcp(lk->net, &spec, &frame, &len, &err);
	return send_frame(L, lk, rc, frame, len, &err);
}

/* link:send_udp(spec) with sport, dport, payload */
static int link_send_udp(lua_State *L)
{
	struct sf_link *lk = tolink(L);
	struct sf_l2l3 net;
	struct sf_err err;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	size_t plen = 0;
	const char *payload;
	lua_Integer sport, dport;
	int rc;

	luaL_checktype(L, 2, LUA_TTABLE);
	sf_lua_check_l2l3(L, 2, &net);
	lua_getfield(L, 2, "sport");
	lua_getfield(L, 2, "dport");
	lua_getfield(L, 2, "payload");
	sport = luaL_checkinteger(L, -3);
	dport = luaL_checkinteger(L, -2);
	payload = luaL_optlstring(L, -1, "", &plen);
	luaL_argcheck(L, sport >= 0 && sport <= 65535 && dport >= 0 && dport <= 65535, 2, "ports are 0..65535");
	rc = sf_build_udp(lk->net, &net, (uint16_t)sport, (uint16_t)dport, (const uint8_t *)payload, plen,
			  &frame, &len, &err);
	return send_frame(L, lk, rc, frame, len, &err);
}

/* link:send_icmp_too_big(spec) with the addresses and MACs of send_udp,
 * `mtu` and `quote` (the offending IP datagram's bytes, e.g. seg.raw):
 * ICMP fragmentation needed (IPv4) or ICMPv6 packet too big, by family. */
static int link_send_icmp_too_big(lua_State *L)
{
	struct sf_link *lk = tolink(L);
	struct sf_l2l3 net;
	struct sf_err err;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	size_t qlen = 0;
	const char *quote;
	lua_Integer mtu;
	int rc;

	luaL_checktype(L, 2, LUA_TTABLE);
	sf_lua_check_l2l3(L, 2, &net);
	lua_getfield(L, 2, "mtu");
	lua_getfield(L, 2, "quote");
	mtu = luaL_checkinteger(L, -2);
	quote = luaL_checklstring(L, -1, &qlen);
	luaL_argcheck(L, mtu >= 0 && mtu <= (net.src.family == 6 ? 0xffffffffLL : 0xffff), 2,
		      lua_pushfstring(L, "mtu %I is out of range (IPv4: 0..65535, IPv6: 0..4294967295)", mtu));
	rc = sf_build_icmp_too_big(lk->net, &net, (uint32_t)mtu, (const uint8_t *)quote, qlen, &frame, &len, &err);
	return send_frame(L, lk, rc, frame, len, &err);
}

/* link:recv(timeout_seconds) -> packet table | nil, "timeout" */
static int link_recv(lua_State *L)
{
	struct sf_link *lk = tolink(L);
	lua_Number t = luaL_checknumber(L, 2);
	struct sf_frame f;
	struct sf_err err;
	int r;

	luaL_argcheck(L, t >= 0 && t <= MAX_WAIT_S, 2, "timeout must be 0 to 120 seconds");
	r = sf_link_recv(lk, (int)(t * 1000), &f, &err);
	if (r < 0)
		return luaL_error(L, "%s", err.msg);
	if (r == 0) {
		lua_pushnil(L);
		lua_pushliteral(L, "timeout");
		return 2;
	}
	/* decoded once, in the link */
	if (!f.decoded)
		sf_lua_push_malformed(L, f.decode_err.msg, f.data, f.len, &f.ts);
	else {
		sf_lua_push_packet(L, &f.pkt, &f.ts);
		sf_lua_set_raw(L, &f.pkt, f.data, f.len);
	}
	sf_frame_free(&f);
	return 1;
}

static int link_tostring(lua_State *L)
{
	struct sf_link_handle *h = luaL_checkudata(L, 1, LINK_MT);

	lua_pushfstring(L, "synfin.link (%s)", h->lk ? h->lk->ifname : "closed");
	return 1;
}

static const luaL_Reg link_methods[] = {
	{ "send_tcp", link_send_tcp },
	{ "send_udp", link_send_udp },
	{ "send_icmp_too_big", link_send_icmp_too_big },
	{ "recv", link_recv },
	{ NULL, NULL },
};

static const luaL_Reg link_meta[] = {
	{ "__tostring", link_tostring },
	{ "__index", NULL },
	{ NULL, NULL },
};

void sf_lua_link_createmeta(lua_State *L)
{
	sf_lua_new_class(L, LINK_MT, link_meta, link_methods);
}

struct sf_link_handle *sf_lua_push_link(lua_State *L, struct sf_link *lk)
{
	struct sf_link_handle *h = lua_newuserdatauv(L, sizeof(*h), 0);

	h->lk = lk;
	luaL_setmetatable(L, LINK_MT);
	return h;
}
