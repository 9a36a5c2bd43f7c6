/*
 * lua_packet.h - decoded packets to Lua tables and Lua segment specs to
 * struct sf_seg_spec. The table shape is the same both ways (as MoonGen's
 * pkt:fill{}/pkt:get()): what a script sends it can compare with what it
 * receives field by field. Documented in docs/LUA-API.md.
 */
#ifndef SYNFIN_LUA_PACKET_H
#define SYNFIN_LUA_PACKET_H

#include <lua.h>
#include <sys/time.h>

#include "build.h"
#include "packet.h"

/* Push the table for a decoded frame (kind = "tcp", "udp", "icmp", "arp", "other"). */
void sf_lua_push_packet(lua_State *L, const struct sf_packet *p, const struct timeval *ts);

/* Set `raw` on the packet table at the top of the stack: the IP datagram
 * of `frame` (from the IP header on, cut to the IP total length), e.g. to
 * quote it in an ICMP error. Nothing for a frame without IP. */
void sf_lua_set_raw(lua_State *L, const struct sf_packet *p, const uint8_t *frame, size_t len);

/* Push {kind = "malformed", error = msg, bytes = raw} for a frame that did not decode. */
void sf_lua_push_malformed(lua_State *L, const char *why, const uint8_t *frame, size_t len,
			   const struct timeval *ts);

/* "S." / "FA" / "R" / 0x12 -> flag bits; raises a Lua error naming the bad letter. */
uint8_t sf_lua_check_flags(lua_State *L, int idx);

/* Read the segment spec table at idx (addresses and MACs must be filled
 * in; the Lua library supplies defaults). Payload points into the Lua
 * string, valid while the table is on the stack. Raises on bad fields. */
void sf_lua_check_seg_spec(lua_State *L, int idx, struct sf_seg_spec *spec);
void sf_lua_check_l2l3(lua_State *L, int idx, struct sf_l2l3 *net);

#endif
