/* lua_link.c - the link as a Lua object (see lua_link.h). */
#include "lua_link.h"

#include <lauxlib.h>
#include <string.h>

#include "build.h"
#include "decode.h"
#include "lua_packet.h"
#include "lua_misuse.h"
#include "lua_table.h"

#define LINK_MT "synfin.link"
#define MAX_WAIT_S 120.0

static struct sf_link *tolink(lua_State *L)
{
	struct sf_link_handle *h = luaL_checkudata(L, 1, LINK_MT);

	if (!h->lk)
		luaL_error(L, "link is closed (its test has ended)");
	return h->lk;
}

/* A frame as Lua sees it: its packet table, or {kind = "malformed"}. */
static void push_frame(lua_State *L, const struct sf_packet *p, const struct sf_err *why, const uint8_t *frame,
		       size_t len, const struct timeval *ts)
{
	if (!p) {
		sf_lua_push_malformed(L, why->msg, frame, len, ts);
		return;
	}
	sf_lua_push_packet(L, p, frame, len, ts);
}

/* Decode our own frame so a sent segment has the same shape as a received
 * one: the table shows what went on the wire, not what was asked for. */
static void push_sent(lua_State *L, const uint8_t *frame, uint32_t len)
{
	struct sf_packet p;
	struct sf_err err;
	struct timeval now;
	int ok = sf_decode(frame, len, &p, &err) == 0;

	gettimeofday(&now, NULL);
	push_frame(L, ok ? &p : NULL, &err, frame, len, &now);
}

/* Send a built frame and push it, freeing it either way; raises on failure
 * (after freeing: lua_error does not return). */
static int send_frame(lua_State *L, struct sf_link *lk, int built, uint8_t *frame, uint32_t len,
		      struct sf_err *err)
{
	int rc = built < 0 ? -1 : sf_link_send(lk, frame, len, err);

	if (rc < 0)
		goto cleanup;
	push_sent(L, frame, len);
cleanup:
	sf_build_free(lk->net, frame);
	return rc < 0 ? luaL_error(L, "%s", err->msg) : 1;
}

/* link:send_tcp(spec [, eth_src, eth_dst, src, dst, sport]) -> the
 * segment as sent (a packet table); the five values, when given, for the
 * fields spec leaves out (t:send passes the test's: no copy of spec made) */
static int link_send_tcp(lua_State *L)
{
	struct sf_link *lk = tolink(L);
	struct sf_seg_spec spec;
	struct sf_err err;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int rc;

	sf_lua_check_seg_spec(L, 2, lua_gettop(L) >= 7 ? 3 : 0, &spec);
	rc = sf_build_tcp(lk->net, &spec, &frame, &len, &err);
	return send_frame(L, lk, rc, frame, len, &err);
}

#define MAX_BURST 10000000

/* Build up to SF_LINK_BATCH segments of the burst, from number `first` on,
 * and send them; 0, or -1 with err (every frame built is freed either way). */
static int burst_batch(struct sf_link *lk, struct sf_seg_spec *spec, uint32_t seq0, lua_Integer step,
		       lua_Integer first, int n, struct sf_err *err)
{
	uint8_t *frames[SF_LINK_BATCH];
	uint32_t lens[SF_LINK_BATCH];
	int i, built = 0, rc = -1;

	for (i = 0; i < n; i++) {
		spec->seq = (uint32_t)(seq0 + (uint32_t)((first + i) * step)); /* modulo 2^32, RFC 9293 3.4 */
		frames[i] = NULL;
		if ((first + i ? sf_build_tcp_again : sf_build_tcp)(lk->net, spec, &frames[i], &lens[i], err) < 0)
			goto cleanup;
		built++;
	}
	rc = sf_link_send_many(lk, frames, lens, n, err);
cleanup:
	for (i = 0; i < built; i++)
		sf_build_free(lk->net, frames[i]);
	return rc;
}

/* link:send_burst(spec, count, seq_step) -> the first segment as sent:
 * count segments like spec, the i-th (from 0) with seq + i * seq_step,
 * each built by the engine as link:send_tcp builds one, sent
 * SF_LINK_BATCH to a system call. */
static int link_send_burst(lua_State *L)
{
	struct sf_link *lk = tolink(L);
	struct sf_seg_spec spec;
	struct sf_err err;
	lua_Integer count = luaL_checkinteger(L, 3), step = luaL_optinteger(L, 4, 0), done;
	uint8_t *frame = NULL;
	uint32_t len = 0, seq0;
	int rc;

	if (count < 1 || count > MAX_BURST)
		sf_lua_misuse(L, "send_burst: count must be 1 to %d, got %s", MAX_BURST, sf_lua_quote(L, 3));
	sf_lua_check_seg_spec(L, 2, 0, &spec);
	seq0 = spec.seq;
	for (done = 0; done < count; done += SF_LINK_BATCH) {
		int n = count - done < SF_LINK_BATCH ? (int)(count - done) : SF_LINK_BATCH;

		if (burst_batch(lk, &spec, seq0, step, done, n, &err) < 0)
			return luaL_error(L, "%s", err.msg);
	}
	spec.seq = seq0;
	rc = sf_build_tcp(lk->net, &spec, &frame, &len, &err);
	if (rc == 0)
		push_sent(L, frame, len);
	sf_build_free(lk->net, frame);
	return rc < 0 ? luaL_error(L, "%s", err.msg) : 1;
}

static void want_table(lua_State *L, int idx)
{
	if (!lua_istable(L, idx))
		sf_lua_misuse(L, "want a packet table, got %s", sf_lua_quote(L, idx));
}

/* A required integer field 0..max of the table at idx. */
static lua_Integer int_field(lua_State *L, int idx, const char *k, lua_Integer max)
{
	lua_Integer v;
	int isint;

	lua_getfield(L, idx, k);
	v = lua_tointegerx(L, -1, &isint);
	if (!isint || v < 0 || v > max)
		sf_lua_misuse(L, "field '%s' must be an integer from 0 to %I, got %s", k, max, sf_lua_quote(L, -1));
	lua_pop(L, 1);
	return v;
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

	want_table(L, 2);
	sf_lua_check_l2l3(L, 2, &net);
	sport = int_field(L, 2, "sport", 65535);
	dport = int_field(L, 2, "dport", 65535);
	lua_getfield(L, 2, "payload");
	payload = lua_isnil(L, -1) ? "" : lua_tolstring(L, -1, &plen);
	if (!payload)
		sf_lua_misuse(L, "udp field 'payload' must be a string, got %s", sf_lua_quote(L, -1));
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

	want_table(L, 2);
	sf_lua_check_l2l3(L, 2, &net);
	/* RFC 1191 4: a 16-bit next-hop MTU; RFC 4443 3.2: a 32-bit one */
	mtu = int_field(L, 2, "mtu", net.src.family == 6 ? 0xffffffffLL : 0xffff);
	lua_getfield(L, 2, "quote");
	quote = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &qlen) : NULL;
	if (!quote)
		sf_lua_misuse(L, "icmp field 'quote' must be the bytes of an IP datagram, got %s", sf_lua_quote(L, -1));
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

	if (!(t >= 0 && t <= MAX_WAIT_S))
		sf_lua_misuse(L, "recv: timeout must be 0 to 120 seconds, got %s", sf_lua_quote(L, 2));
	r = sf_link_recv(lk, (int)(t * 1000), &f, &err);
	if (r == 1) /* decoded once, in the link; pushed from that */
		push_frame(L, f.decoded ? &f.pkt : NULL, &f.decode_err, f.data, f.len, &f.ts);
	sf_frame_free(&f);
	if (r < 0)
		return luaL_error(L, "%s", err.msg);
	if (r == 1)
		return 1;
	lua_pushnil(L);
	lua_pushliteral(L, "timeout");
	return 2;
}

/* link:drops() -> frames the capture ring had no room for since the test began */
static int link_drops(lua_State *L)
{
	lua_pushinteger(L, sf_link_drops(tolink(L)));
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
	{ "send_burst", link_send_burst },
	{ "send_udp", link_send_udp },
	{ "send_icmp_too_big", link_send_icmp_too_big },
	{ "recv", link_recv },
	{ "drops", link_drops },
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
