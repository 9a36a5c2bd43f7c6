/*
 * lua_packet.h - the one Lua shape of a TCP segment, both ways.
 *
 * A packet table is pushed from C for every frame link:recv returns and
 * for every segment sent (decoded from the bytes that went out), and the
 * segments the state machine emits are pushed by the same code. One check
 * reads it back: t:send (link:send_tcp), tcb:segment, oracle:received and
 * oracle:sent all go through sf_lua_check_tcp(), so a received segment can
 * be sent back as it is, or copied with fields changed, options included.
 * Fields that are derived (flagbits, the option shortcuts mss, wscale,
 * sackok, ts, sack; len when there is a payload; summary, doff, time...)
 * are pushed for reading and ignored on input. Documented in docs/LUA-API.md.
 *
 * Every bad field, value, flag letter or option is a script mistake:
 * sf_lua_misuse() raises it at the script's line, quoting the value.
 * Nothing here allocates outside the Lua stack; payload pointers point
 * into Lua strings held by the table being read.
 */
#ifndef SYNFIN_LUA_PACKET_H
#define SYNFIN_LUA_PACKET_H

#include <lua.h>
#include <sys/time.h>

#include "build.h"
#include "packet.h"
#include "tcp_fsm.h"

/* Push the table for a decoded frame (kind = "tcp", "udp", "icmp", "arp",
 * "other"), p decoded from frame. It has `raw`, the IP datagram of
 * `frame` (from the IP header on, cut to the IP total length), e.g. to
 * quote it in an ICMP error; nothing for a frame without IP. An IP
 * packet is pushed with kind, time, MACs, frame_len, raw and a segment's
 * ports, seq and flagbits; its other fields are made from raw when one is
 * first read, written or iterated, and its summary when that is read (the
 * table's metatables). A frame without IP is pushed whole. */
void sf_lua_push_packet(lua_State *L, const struct sf_packet *p, const uint8_t *frame, size_t len,
			const struct timeval *ts);

/* Push {kind = "malformed", error = msg, bytes = raw} for a frame that did not decode. */
void sf_lua_push_malformed(lua_State *L, const char *why, const uint8_t *frame, size_t len,
			   const struct timeval *ts);

/* Push a state machine's segment (an emit, an owed answer) in the packet
 * shape: seq, ack, flags, flagbits, win, len, options (in the order
 * Linux sends them) and their shortcuts, and `text` (RFC 793 notation). */
void sf_lua_push_seg(lua_State *L, const struct sf_tcp_seg *s);

/* "S." / "FA" / "none" / "" / 0x12 -> flag bits; misuse error quoting the bad letter or value. */
uint8_t sf_lua_check_flags(lua_State *L, int idx);

/* The TCP part of the packet table at idx into spec (ports, numbers,
 * flags, win, urg, options, payload, checksum); the rest of spec is
 * zeroed. spec->payload points into the table's string. */
void sf_lua_check_tcp(lua_State *L, int idx, struct sf_seg_spec *spec);

/* The whole segment to build: sf_lua_check_tcp() plus the addresses and
 * MACs. These must be in the table, unless `defaults` is the stack index
 * of five values, eth_src, eth_dst, src, dst and sport, taken for those
 * the table leaves out (t:send passes the test's; 0: none). */
void sf_lua_check_seg_spec(lua_State *L, int idx, int defaults, struct sf_seg_spec *spec);
void sf_lua_check_l2l3(lua_State *L, int idx, struct sf_l2l3 *net);

/* The segment as the state machine sees it, through the same check: a
 * packet table, an emit, or a plain { flags =, seq =, ack =, len = }
 * (len counts when there is no payload). */
void sf_lua_check_fsm_seg(lua_State *L, int idx, struct sf_tcp_seg *s);

/* Add core.flagbits(flags) -> integer and core.decode_ip(raw [, time]) ->
 * packet table to the table on the stack top; register the packet tables'
 * metatable. */
void sf_lua_packet_open(lua_State *L);

#endif
