/*
 * build.h - building the frames the tester sends, with libnet.
 *
 * Every field of the segment is the caller's to set; checksums are right
 * unless the spec asks for a given or a corrupted one, so a script can send
 * deliberately wrong segments as easily as correct ones.
 */
#ifndef SYNFIN_BUILD_H
#define SYNFIN_BUILD_H

#include <libnet.h>
#include <stdint.h>

#include "error.h"
#include "packet.h"

enum sf_csum_mode {
	SF_CSUM_AUTO = 0,  /* computed, correct */
	SF_CSUM_VALUE,     /* written as given in `checksum` */
	SF_CSUM_CORRUPT,   /* the correct value with every bit flipped */
};

struct sf_l2l3 {
	uint8_t eth_src[SF_ETH_ALEN], eth_dst[SF_ETH_ALEN];
	struct sf_addr src, dst;  /* same family */
	uint8_t ttl;              /* IPv4 TTL / IPv6 hop limit; 0 means 64 */
	uint8_t tos;
	uint16_t ip_id;
	int df;                   /* IPv4 don't-fragment */
};

struct sf_seg_spec {
	struct sf_l2l3 net;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;            /* SF_TCP_* bits */
	uint16_t window, urgent;
	uint8_t option_count;     /* options in wire order, encoded by sf_tcp_options_encode() */
	struct sf_tcp_option options[SF_TCP_MAX_OPTIONS];
	const uint8_t *payload;
	size_t payload_len;
	enum sf_csum_mode csum_mode;
	uint16_t checksum;
};

/* Encode options in order, padding with EOL to a multiple of 4 bytes.
 * Returns the encoded length (<= 40) or -1 when they do not fit. */
int sf_tcp_options_encode(const struct sf_tcp_option *opts, size_t n, uint8_t out[40], struct sf_err *err);

/*
 * The TCP header a spec describes, as a receiver would decode it from the
 * wire: the options are encoded and decoded again, so a {"raw", 2, ...}
 * option reads as an MSS, exactly as the target will read it. Ports,
 * numbers, flags, window, urgent pointer and payload are copied
 * (tcp->payload points at the spec's payload; nothing is allocated);
 * checksum_ok is 1 unless the spec asks for a wrong one. -1 with err when
 * the options do not fit in 40 bytes or do not decode.
 */
int sf_seg_spec_tcp(const struct sf_seg_spec *spec, struct sf_tcp *tcp, struct sf_err *err);

/* A libnet context for building only (no device); sf_build_* use it. */
libnet_t *sf_build_context(struct sf_err *err);

/*
 * Build the Ethernet frame of a TCP segment in l (cleared first).
 * *frame is allocated by libnet: release it with sf_build_free(l, *frame).
 */
int sf_build_tcp(libnet_t *l, const struct sf_seg_spec *spec, uint8_t **frame, uint32_t *len, struct sf_err *err);

/*
 * The next segment of a burst: as sf_build_tcp(), for a spec that differs
 * from the one l last built only in seq and ack. libnet rewrites its TCP
 * header block in place (and computes the checksum again) rather than
 * building every header anew: no allocation but the frame's. Without a
 * TCP header in l, it is sf_build_tcp().
 */
int sf_build_tcp_again(libnet_t *l, const struct sf_seg_spec *s, uint8_t **frame, uint32_t *len, struct sf_err *err);

/* A UDP datagram (for ICMP port-unreachable checks, S6.1). */
int sf_build_udp(libnet_t *l, const struct sf_l2l3 *net, uint16_t sport, uint16_t dport,
		 const uint8_t *payload, size_t payload_len, uint8_t **frame, uint32_t *len, struct sf_err *err);

/* An ARP reply: we are `sha`/`spa`, telling `tha`/`tpa`. */
int sf_build_arp_reply(libnet_t *l, const uint8_t sha[SF_ETH_ALEN], const struct sf_addr *spa,
		       const uint8_t tha[SF_ETH_ALEN], const struct sf_addr *tpa,
		       uint8_t **frame, uint32_t *len, struct sf_err *err);

/* An ARP request (broadcast) from sha/spa asking for tpa. */
int sf_build_arp_request(libnet_t *l, const uint8_t sha[SF_ETH_ALEN], const struct sf_addr *spa,
			 const struct sf_addr *tpa, uint8_t **frame, uint32_t *len, struct sf_err *err);

/* A solicited neighbour advertisement (RFC 4861 4.4) for `target`, with
 * our link-layer address, answering the solicitation from net->dst. */
int sf_build_neighbor_adv(libnet_t *l, const struct sf_l2l3 *net, const struct sf_addr *target,
			  uint8_t **frame, uint32_t *len, struct sf_err *err);

/* A neighbour solicitation (RFC 4861 4.3, 7.2.2) from sha/spa asking for
 * tpa, to tpa's solicited-node multicast group, with our link-layer address. */
int sf_build_neighbor_solicit(libnet_t *l, const uint8_t sha[SF_ETH_ALEN], const struct sf_addr *spa,
			      const struct sf_addr *tpa, uint8_t **frame, uint32_t *len, struct sf_err *err);

/*
 * The longest quote of an ICMP error. RFC 1812 4.3.2.3: as much of the
 * original datagram as fits without the ICMP datagram exceeding 576 bytes
 * (576 - 20 - 8); RFC 4443 2.4(c): as much as fits without the ICMPv6
 * packet exceeding the minimum IPv6 MTU (1280 - 40 - 8).
 */
#define SF_ICMP4_MAX_QUOTE 548
#define SF_ICMP6_MAX_QUOTE 1232

/*
 * "Packet too big" about the datagram `quote` (the offending IP datagram,
 * from its IP header on, as the target sent it), by net's family:
 *   IPv4: destination unreachable, fragmentation needed and DF set (type 3
 *         code 4) with the next-hop MTU in the low 16 bits of the second
 *         word (RFC 792, RFC 1191 4); mtu must be 0..65535.
 *   IPv6: packet too big (type 2 code 0) with the 32-bit MTU (RFC 4443 3.2).
 * The quote is cut to SF_ICMP4_MAX_QUOTE / SF_ICMP6_MAX_QUOTE bytes; a
 * shorter one is sent as given (RFC 792 wants at least the IP header and
 * 8 bytes, so a script can also send a deliberately short one). Both
 * checksums are right (ICMPv6's over the RFC 8200 8.1 pseudo-header).
 */
int sf_build_icmp_too_big(libnet_t *l, const struct sf_l2l3 *net, uint32_t mtu, const uint8_t *quote,
			  size_t quote_len, uint8_t **frame, uint32_t *len, struct sf_err *err);

void sf_build_free(libnet_t *l, uint8_t *frame);

#endif
