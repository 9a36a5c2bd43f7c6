/*
 * build.c - frames built with libnet (see build.h).
 *
 * libnet builds from the top layer down (options, TCP, IP, Ethernet) and
 * computes the checksums; the frame is then coalesced into one buffer, which
 * is what is written to the link and to the test's pcap. A checksum the
 * script wants wrong is patched into the culled bytes, after libnet.
 */
#include "build.h"

#include <string.h>

#include "checksum.h"
#include "decode.h"

#define ETH_HLEN_ 14
#define IPV4_HLEN 20
#define IPV6_HLEN 40
#define TCP_CSUM_OFFSET 16
#define ICMP_HLEN 8

libnet_t *sf_build_context(struct sf_err *err)
{
	char errbuf[LIBNET_ERRBUF_SIZE] = "";
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, errbuf);

	if (!l)
		sf_err_set(err, "libnet_init: %s", errbuf);
	return l;
}

void sf_build_free(libnet_t *l, uint8_t *frame)
{
	if (frame)
		libnet_adv_free_packet(l, frame);
}

static int encode_one(const struct sf_tcp_option *o, uint8_t *out, size_t room)
{
	size_t body;

	if (o->kind == SF_TCPOPT_EOL || o->kind == SF_TCPOPT_NOP) {
		if (room < 1)
			return -1;
		out[0] = o->kind;
		return 1;
	}
	if (o->len < 2 || o->len > room)
		return -1;
	body = (size_t)o->len - 2;
	out[0] = o->kind;
	out[1] = o->len;
	memcpy(out + 2, o->data, body < sizeof(o->data) ? body : sizeof(o->data));
	return o->len;
}

int sf_tcp_options_encode(const struct sf_tcp_option *opts, size_t n, uint8_t out[40], struct sf_err *err)
{
	size_t i, used = 0;

	for (i = 0; i < n; i++) {
		int w = encode_one(&opts[i], out + used, 40 - used);

		if (w < 0)
			return sf_err_set(err, "tcp options: option %zu (kind %u, length %u) does not fit in 40 bytes",
					  i + 1, opts[i].kind, opts[i].len);
		used += (size_t)w;
	}
	while (used % 4) /* RFC 9293 3.1: the header ends on a 32-bit boundary */
		out[used++] = SF_TCPOPT_EOL;
	return (int)used;
}

int sf_seg_spec_tcp(const struct sf_seg_spec *s, struct sf_tcp *tcp, struct sf_err *err)
{
	uint8_t opts[40];
	int optlen = sf_tcp_options_encode(s->options, s->option_count, opts, err);

	memset(tcp, 0, sizeof(*tcp));
	if (optlen < 0 || sf_decode_tcp_options(opts, (size_t)optlen, tcp, err) < 0)
		return -1;
	tcp->sport = s->sport;
	tcp->dport = s->dport;
	tcp->seq = s->seq;
	tcp->ack = s->ack;
	tcp->flags = s->flags;
	tcp->window = s->window;
	tcp->urgent = s->urgent;
	tcp->doff = (uint8_t)(5 + optlen / 4);
	tcp->checksum_ok = s->csum_mode != SF_CSUM_CORRUPT;
	tcp->payload = s->payload;
	tcp->payload_len = s->payload_len;
	return 0;
}

static struct libnet_in6_addr in6(const struct sf_addr *a)
{
	struct libnet_in6_addr r;

	memcpy(&r, a->bytes, 16);
	return r;
}

static uint32_t in4(const struct sf_addr *a)
{
	uint32_t r;

	memcpy(&r, a->bytes, 4);
	return r;
}

static int check_families(const struct sf_l2l3 *net, struct sf_err *err)
{
	if (net->src.family != net->dst.family || !net->src.family)
		return sf_err_set(err, "build: source and destination addresses of different families");
	return 0;
}

/* IP and Ethernet under an already built upper layer of l4_len bytes. */
static int build_l3_l2(libnet_t *l, const struct sf_l2l3 *net, uint8_t proto, size_t l4_len, struct sf_err *err)
{
	uint8_t ttl = net->ttl ? net->ttl : 64;
	libnet_ptag_t tag;

	if (check_families(net, err) < 0)
		return -1;
	if (net->src.family == 6)
		tag = libnet_build_ipv6(net->tos, 0, (uint16_t)l4_len, proto, ttl, in6(&net->src), in6(&net->dst),
					NULL, 0, l, 0);
	else
		tag = libnet_build_ipv4((uint16_t)(IPV4_HLEN + l4_len), net->tos, net->ip_id, net->df ? IP_DF : 0,
					ttl, proto, 0, in4(&net->src), in4(&net->dst), NULL, 0, l, 0);
	if (tag == -1)
		return sf_err_set(err, "build ip: %s", libnet_geterror(l));
	tag = libnet_build_ethernet(net->eth_dst, net->eth_src,
				    net->src.family == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP, NULL, 0, l, 0);
	if (tag == -1)
		return sf_err_set(err, "build ethernet: %s", libnet_geterror(l));
	return 0;
}

/* The whole frame in one buffer. libnet_pblock_coalesce rather than
 * libnet_adv_cull_packet: the latter refuses a context without a device
 * (LIBNET_NONE), which the tests and offline tools build with. */
static int cull(libnet_t *l, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	if (libnet_pblock_coalesce(l, frame, len) == -1)
		return sf_err_set(err, "build: %s", libnet_geterror(l));
	return 0;
}

static void patch_tcp_checksum(const struct sf_seg_spec *s, uint8_t *frame)
{
	size_t off = ETH_HLEN_ + (s->net.src.family == 6 ? IPV6_HLEN : IPV4_HLEN) + TCP_CSUM_OFFSET;
	uint16_t v = s->checksum;

	if (s->csum_mode == SF_CSUM_CORRUPT)
		v = (uint16_t)(((frame[off] << 8) | frame[off + 1]) ^ 0xffff);
	frame[off] = (uint8_t)(v >> 8);
	frame[off + 1] = (uint8_t)v;
}

/* The TCP header of s into l: a new pblock (tag 0) or the one at tag rewritten. */
static libnet_ptag_t put_tcp(libnet_t *l, const struct sf_seg_spec *s, size_t tcp_len, libnet_ptag_t tag)
{
	return libnet_build_tcp(s->sport, s->dport, s->seq, s->ack, s->flags, s->window, 0, s->urgent,
				(uint16_t)tcp_len, s->payload, (uint32_t)s->payload_len, l, tag);
}

/* The tag of the TCP header libnet holds from the last build, or 0. */
static libnet_ptag_t tcp_tag(libnet_t *l)
{
	libnet_pblock_t *p;

	for (p = l->protocol_blocks; p; p = p->next)
		if (p->type == LIBNET_PBLOCK_TCP_H)
			return p->ptag;
	return 0;
}

/* The TCP header (and payload) of the frame libnet holds rewritten from s,
 * the rest kept: the frame of the segment built before with what s says. */
static int rewrite_tcp(libnet_t *l, const struct sf_seg_spec *s, libnet_ptag_t tag, int optlen, uint8_t **frame,
		       uint32_t *len, struct sf_err *err)
{
	if (put_tcp(l, s, LIBNET_TCP_H + (size_t)optlen + s->payload_len, tag) == -1)
		return sf_err_set(err, "build tcp: %s", libnet_geterror(l));
	if (cull(l, frame, len, err) < 0)
		return -1;
	if (s->csum_mode != SF_CSUM_AUTO)
		patch_tcp_checksum(s, *frame);
	return 0;
}

int sf_build_tcp_again(libnet_t *l, const struct sf_seg_spec *s, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	libnet_ptag_t tag = tcp_tag(l);
	uint8_t opts[40];
	int optlen = sf_tcp_options_encode(s->options, s->option_count, opts, err);

	if (optlen < 0)
		return -1;
	if (!tag)
		return sf_build_tcp(l, s, frame, len, err);
	return rewrite_tcp(l, s, tag, optlen, frame, len, err);
}

/* The shape of the last TCP segment sf_build_tcp() built whole, in the
 * context `l`: what below and beside the TCP header it shares with the
 * next one when that one needs only its header rewritten. A loop of
 * t:send nearly always sends segments of one shape, and building the
 * frame whole (five pblocks) was a tenth of what each cost. */
static struct {
	const libnet_t *l;
	struct sf_l2l3 net;
	uint8_t opts[40];
	int optlen;
	size_t payload_len;
} last_shape;

static int same_net(const struct sf_l2l3 *a, const struct sf_l2l3 *b)
{
	return !memcmp(a->eth_src, b->eth_src, SF_ETH_ALEN) && !memcmp(a->eth_dst, b->eth_dst, SF_ETH_ALEN) &&
	       sf_addr_equal(&a->src, &b->src) && sf_addr_equal(&a->dst, &b->dst) && a->ttl == b->ttl &&
	       a->tos == b->tos && a->ip_id == b->ip_id && !a->df == !b->df;
}

static int same_shape(const libnet_t *l, const struct sf_seg_spec *s, const uint8_t *opts, int optlen)
{
	return last_shape.l == l && last_shape.optlen == optlen && !memcmp(last_shape.opts, opts, (size_t)optlen) &&
	       last_shape.payload_len == s->payload_len && same_net(&last_shape.net, &s->net);
}

int sf_build_tcp(libnet_t *l, const struct sf_seg_spec *s, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	uint8_t opts[40];
	int optlen = sf_tcp_options_encode(s->options, s->option_count, opts, err);
	libnet_ptag_t tag;
	size_t tcp_len;

	if (optlen < 0)
		return -1;
	tcp_len = LIBNET_TCP_H + (size_t)optlen + s->payload_len;
	if (tcp_len > 65000)
		return sf_err_set(err, "build tcp: payload of %zu bytes is too large", s->payload_len);
	/* Any other build in l since (UDP, ICMP, ARP) cleared its TCP header. */
	tag = tcp_tag(l);
	if (tag && same_shape(l, s, opts, optlen))
		return rewrite_tcp(l, s, tag, optlen, frame, len, err);
	last_shape.l = NULL;
	libnet_clear_packet(l);
	if (optlen && libnet_build_tcp_options(opts, (uint32_t)optlen, l, 0) == -1)
		return sf_err_set(err, "build tcp options: %s", libnet_geterror(l));
	if (put_tcp(l, s, tcp_len, 0) == -1)
		return sf_err_set(err, "build tcp: %s", libnet_geterror(l));
	if (build_l3_l2(l, &s->net, IPPROTO_TCP, tcp_len, err) < 0 || cull(l, frame, len, err) < 0)
		return -1;
	if (s->csum_mode != SF_CSUM_AUTO)
		patch_tcp_checksum(s, *frame);
	last_shape.l = l;
	last_shape.net = s->net;
	memcpy(last_shape.opts, opts, (size_t)optlen);
	last_shape.optlen = optlen;
	last_shape.payload_len = s->payload_len;
	return 0;
}

int sf_build_udp(libnet_t *l, const struct sf_l2l3 *net, uint16_t sport, uint16_t dport,
		 const uint8_t *payload, size_t payload_len, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	size_t udp_len = LIBNET_UDP_H + payload_len;

	if (udp_len > 65000)
		return sf_err_set(err, "build udp: payload of %zu bytes is too large", payload_len);
	libnet_clear_packet(l);
	if (libnet_build_udp(sport, dport, (uint16_t)udp_len, 0, payload, (uint32_t)payload_len, l, 0) == -1)
		return sf_err_set(err, "build udp: %s", libnet_geterror(l));
	if (build_l3_l2(l, net, IPPROTO_UDP, udp_len, err) < 0)
		return -1;
	return cull(l, frame, len, err);
}

int sf_build_arp_reply(libnet_t *l, const uint8_t sha[SF_ETH_ALEN], const struct sf_addr *spa,
		       const uint8_t tha[SF_ETH_ALEN], const struct sf_addr *tpa,
		       uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	libnet_clear_packet(l);
	if (libnet_build_arp(ARPHRD_ETHER, ETHERTYPE_IP, 6, 4, ARPOP_REPLY, sha, spa->bytes, tha, tpa->bytes,
			     NULL, 0, l, 0) == -1 ||
	    libnet_build_ethernet(tha, sha, ETHERTYPE_ARP, NULL, 0, l, 0) == -1)
		return sf_err_set(err, "build arp reply: %s", libnet_geterror(l));
	return cull(l, frame, len, err);
}

int sf_build_arp_request(libnet_t *l, const uint8_t sha[SF_ETH_ALEN], const struct sf_addr *spa,
			 const struct sf_addr *tpa, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	static const uint8_t broadcast[SF_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t unknown[SF_ETH_ALEN];

	libnet_clear_packet(l);
	if (libnet_build_arp(ARPHRD_ETHER, ETHERTYPE_IP, 6, 4, ARPOP_REQUEST, sha, spa->bytes, unknown, tpa->bytes,
			     NULL, 0, l, 0) == -1 ||
	    libnet_build_ethernet(broadcast, sha, ETHERTYPE_ARP, NULL, 0, l, 0) == -1)
		return sf_err_set(err, "build arp request: %s", libnet_geterror(l));
	return cull(l, frame, len, err);
}

int sf_build_neighbor_adv(libnet_t *l, const struct sf_l2l3 *net, const struct sf_addr *target,
			  uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	struct sf_l2l3 nd = *net;
	uint8_t lladdr[SF_ETH_ALEN];
	size_t icmp_len = 24 + 8; /* NA header + target link-layer address option */

	memcpy(lladdr, net->eth_src, SF_ETH_ALEN);
	nd.ttl = 255; /* RFC 4861 7.1.2: hop limit 255 or the NA is discarded */
	libnet_clear_packet(l);
	if (libnet_build_icmpv6_ndp_opt(ND_OPT_TARGET_LINKADDR, lladdr, SF_ETH_ALEN, l, 0) == -1 ||
	    libnet_build_icmpv6_ndp_nadv(ND_NEIGHBOR_ADVERT, 0, 0, ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE,
					 in6(target), NULL, 0, l, 0) == -1)
		return sf_err_set(err, "build neighbour advertisement: %s", libnet_geterror(l));
	if (build_l3_l2(l, &nd, IPPROTO_ICMPV6, icmp_len, err) < 0)
		return -1;
	return cull(l, frame, len, err);
}

int sf_build_neighbor_solicit(libnet_t *l, const uint8_t sha[SF_ETH_ALEN], const struct sf_addr *spa,
			      const struct sf_addr *tpa, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	/* RFC 4291 2.7.1: ff02::1:ff00:0/104 plus the target's low 24 bits;
	 * RFC 2464 7: 33:33 and the group's low 32 bits. */
	struct sf_l2l3 nd = { .src = *spa, .dst = *tpa, .ttl = 255 }; /* RFC 4861 7.1.1: hop limit 255 */
	static const uint8_t solicited[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };
	uint8_t lladdr[SF_ETH_ALEN];
	size_t icmp_len = 24 + 8; /* NS header + source link-layer address option */

	memcpy(nd.dst.bytes, solicited, sizeof(solicited));
	memcpy(nd.eth_src, sha, SF_ETH_ALEN);
	nd.eth_dst[0] = nd.eth_dst[1] = 0x33;
	memcpy(nd.eth_dst + 2, nd.dst.bytes + 12, 4);
	memcpy(lladdr, sha, SF_ETH_ALEN);
	libnet_clear_packet(l);
	if (libnet_build_icmpv6_ndp_opt(ND_OPT_SOURCE_LINKADDR, lladdr, SF_ETH_ALEN, l, 0) == -1 ||
	    libnet_build_icmpv6_ndp_nsol(ND_NEIGHBOR_SOLICIT, 0, 0, in6(tpa), NULL, 0, l, 0) == -1)
		return sf_err_set(err, "build neighbour solicitation: %s", libnet_geterror(l));
	if (build_l3_l2(l, &nd, IPPROTO_ICMPV6, icmp_len, err) < 0)
		return -1;
	return cull(l, frame, len, err);
}

/* ---- ICMP packet too big (RFC 792, RFC 1191, RFC 4443) ----------------- */

/* Type, code, a zero checksum, the MTU word and the quote (cut to the
 * family's limit) into msg; returns the message's length. RFC 1191 4 puts
 * the next-hop MTU in the low-order 16 bits of the word that RFC 792 left
 * unused, RFC 4443 3.2 uses all 32 bits: either way the word is the MTU
 * in network byte order. */
static size_t too_big_message(int v6, uint32_t mtu, const uint8_t *quote, size_t quote_len, uint8_t *msg)
{
	size_t max = v6 ? SF_ICMP6_MAX_QUOTE : SF_ICMP4_MAX_QUOTE;
	size_t n = quote_len < max ? quote_len : max;

	msg[0] = v6 ? 2 : 3;  /* ICMPv6 packet too big / ICMP destination unreachable */
	msg[1] = v6 ? 0 : 4;  /* code 4: fragmentation needed and DF set */
	msg[2] = msg[3] = 0;
	msg[4] = (uint8_t)(mtu >> 24);
	msg[5] = (uint8_t)(mtu >> 16);
	msg[6] = (uint8_t)(mtu >> 8);
	msg[7] = (uint8_t)mtu;
	if (n)
		memcpy(msg + ICMP_HLEN, quote, n);
	return ICMP_HLEN + n;
}

/* RFC 792: the checksum of the message alone; RFC 4443 2.3: with the
 * IPv6 pseudo-header (RFC 8200 8.1) in front. */
static void icmp_checksum(const struct sf_l2l3 *net, uint8_t *msg, size_t n)
{
	uint16_t sum;

	if (net->src.family == 6)
		sum = sf_csum_l4(&net->src, &net->dst, IPPROTO_ICMPV6, msg, n);
	else
		sum = (uint16_t)~sf_csum_fold(sf_csum_add(0, msg, n));
	msg[2] = (uint8_t)(sum >> 8);
	msg[3] = (uint8_t)sum;
}

int sf_build_icmp_too_big(libnet_t *l, const struct sf_l2l3 *net, uint32_t mtu, const uint8_t *quote,
			  size_t quote_len, uint8_t **frame, uint32_t *len, struct sf_err *err)
{
	uint8_t msg[ICMP_HLEN + SF_ICMP6_MAX_QUOTE];
	int v6 = net->src.family == 6;
	size_t n;

	if (check_families(net, err) < 0)
		return -1;
	if (!v6 && mtu > 0xffff)
		return sf_err_set(err, "build icmp: next-hop MTU %u does not fit in 16 bits (RFC 1191 4)", mtu);
	if (!quote && quote_len)
		return sf_err_set(err, "build icmp: no bytes to quote");
	n = too_big_message(v6, mtu, quote, quote_len, msg);
	icmp_checksum(net, msg, n);
	libnet_clear_packet(l);
	if (libnet_build_data(msg, (uint32_t)n, l, 0) == -1)
		return sf_err_set(err, "build icmp: %s", libnet_geterror(l));
	if (build_l3_l2(l, net, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP, n, err) < 0)
		return -1;
	return cull(l, frame, len, err);
}
