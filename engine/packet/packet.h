/*
 * packet.h - a decoded frame: what the decoder fills and the rest of the
 * engine reads. Plain data, no pointers into the capture buffer except
 * tcp.payload, which points into the bytes handed to sf_decode() and so
 * lives exactly as long as they do.
 */
#ifndef SYNFIN_PACKET_H
#define SYNFIN_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SF_ETH_ALEN 6
#define SF_TCP_MAX_OPTIONS 40 /* 40 bytes of options: at most 40 one-byte ones */

/* An IPv4 or IPv6 address; v4 addresses use the first 4 bytes. */
struct sf_addr {
	int family; /* 4 or 6, 0 when unset */
	uint8_t bytes[16];
};

/* TCP option kinds (RFC 9293 3.2, RFC 7323, RFC 2018). */
enum sf_tcpopt_kind {
	SF_TCPOPT_EOL = 0,
	SF_TCPOPT_NOP = 1,
	SF_TCPOPT_MSS = 2,
	SF_TCPOPT_WSCALE = 3,
	SF_TCPOPT_SACK_PERM = 4,
	SF_TCPOPT_SACK = 5,
	SF_TCPOPT_TIMESTAMP = 8,
};

/* One option as it stood on the wire, in order. Known kinds are also
 * decoded into the value fields; unknown kinds keep their raw bytes. */
struct sf_tcp_option {
	uint8_t kind;
	uint8_t len;           /* total length including kind and len; 1 for EOL/NOP */
	uint8_t data[38];      /* option body (len - 2 bytes) */
	union {
		uint16_t mss;
		uint8_t wscale;
		struct { uint32_t val, ecr; } ts;
		struct { uint8_t count; uint32_t left[4], right[4]; } sack;
	} v;
};

/* TCP flag bits as in the header's 13th/14th bytes (RFC 9293 3.1, RFC 3168). */
enum sf_tcp_flag {
	SF_TCP_FIN = 0x01,
	SF_TCP_SYN = 0x02,
	SF_TCP_RST = 0x04,
	SF_TCP_PSH = 0x08,
	SF_TCP_ACK = 0x10,
	SF_TCP_URG = 0x20,
	SF_TCP_ECE = 0x40,
	SF_TCP_CWR = 0x80,
};

struct sf_tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t doff;          /* header length in 32-bit words */
	uint8_t flags;         /* enum sf_tcp_flag bits */
	uint8_t reserved;      /* the 4 reserved bits, for a stack that sets them */
	uint16_t window, checksum, urgent;
	int checksum_ok;       /* 1 good, 0 bad */
	uint8_t option_count;
	struct sf_tcp_option options[SF_TCP_MAX_OPTIONS];
	const uint8_t *payload;
	size_t payload_len;
};

/* Enough ICMP/ICMPv6 to see port-unreachable, fragmentation-needed and
 * packet-too-big, with the start of the datagram that caused them. */
struct sf_icmp {
	int v6;                /* 0 ICMP, 1 ICMPv6 */
	uint8_t type, code;
	uint16_t checksum;
	int checksum_ok;
	uint32_t mtu;          /* frag-needed next-hop MTU (RFC 1191) or PTB MTU (RFC 4443) */
	/* The quoted datagram, when present and long enough. */
	int has_inner;
	struct sf_addr inner_src, inner_dst;
	uint8_t inner_proto;
	uint16_t inner_sport, inner_dport;
	uint32_t inner_seq;    /* TCP only, when 8 bytes of it were quoted */
	/* Neighbour discovery (RFC 4861): NS/NA target address and the
	 * link-layer address option, when present. */
	struct sf_addr nd_target;
	int has_nd_lladdr;
	uint8_t nd_lladdr[SF_ETH_ALEN];
};

struct sf_arp {
	uint16_t op;           /* 1 request, 2 reply */
	uint8_t sha[SF_ETH_ALEN], tha[SF_ETH_ALEN];
	struct sf_addr spa, tpa;
};

enum sf_l3 { SF_L3_NONE, SF_L3_ARP, SF_L3_IPV4, SF_L3_IPV6 };
enum sf_l4 { SF_L4_NONE, SF_L4_TCP, SF_L4_UDP, SF_L4_ICMP, SF_L4_OTHER };

struct sf_ip {
	struct sf_addr src, dst;
	uint8_t proto;         /* IPv4 protocol / IPv6 upper-layer next header */
	uint8_t ttl;           /* TTL or hop limit */
	uint8_t tos;           /* IPv4 TOS / IPv6 traffic class */
	uint16_t id;           /* IPv4 only */
	int df;                /* IPv4 don't-fragment bit */
	int fragment;          /* 1 when this is a fragment (offset != 0 or MF) */
	uint16_t frag_offset;  /* fragment offset in bytes (IPv4, or IPv6 fragment header) */
	int more_frags;        /* the MF / M bit */
	uint16_t total_len;    /* IPv4 total length / IPv6 40 + payload length */
	uint32_t flow_label;   /* IPv6 only */
	int header_checksum_ok;/* IPv4 only; 1 for IPv6 */
};

struct sf_udp {
	uint16_t sport, dport, len, checksum;
};

struct sf_packet {
	uint8_t eth_dst[SF_ETH_ALEN], eth_src[SF_ETH_ALEN];
	uint16_t ethertype;
	enum sf_l3 l3;
	enum sf_l4 l4;
	struct sf_arp arp;
	struct sf_ip ip;
	struct sf_tcp tcp;
	struct sf_udp udp;
	struct sf_icmp icmp;
	size_t frame_len;
};

#endif
