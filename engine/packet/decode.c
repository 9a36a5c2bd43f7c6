/*
 * decode.c - turn a captured Ethernet frame into a struct sf_packet, and
 * the helpers that print one (addresses, TCP flags, a tcpdump-like line).
 *
 * Layers are decoded top to bottom, each from a bytes.h cursor that covers
 * exactly its own bytes: the IP datagram is cut to its total length (so
 * Ethernet padding is never mistaken for payload), the L4 segment to what
 * the IP header says. Nothing here indexes the frame directly.
 */
#include "decode.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "checksum.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_IPV6 0x86dd

/* IANA protocol numbers, also IPv6 next-header values. */
#define PROTO_HOPOPTS 0
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_ICMPV6 58
#define PROTO_NONE 59
#define PROTO_DSTOPTS 60

#define IPV6_MAX_EXT_HEADERS 8 /* bounds the walk of a forged chain */

/* ---- shared helpers ---------------------------------------------------- */

/* All bytes left in c, as a checked span (for checksums). */
static size_t span_rest(const struct sf_cursor *c, const uint8_t **bytes)
{
	struct sf_cursor rest;
	size_t n;

	sf_rest(c, &rest);
	n = sf_left(&rest);
	if (!sf_get_span(&rest, n, bytes))
		return 0;
	return n;
}

static void set_addr(struct sf_addr *a, int family, const uint8_t *bytes)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->bytes, bytes, family == 6 ? 16 : 4);
}

/*
 * The transport checksum: over the message alone for ICMP (RFC 792), with
 * the pseudo-header for the others. It covers the whole datagram; a
 * fragment carries only part of it, so there is nothing to verify: it is
 * reported good, and ip.fragment says why.
 */
static int l4_csum_ok(const struct sf_packet *pkt, uint8_t proto, const struct sf_cursor *seg)
{
	const uint8_t *bytes;
	size_t n;

	if (pkt->ip.fragment)
		return 1;
	n = span_rest(seg, &bytes);
	if (proto == PROTO_ICMP)
		return sf_csum_fold(sf_csum_add(0, bytes, n)) == 0xffff;
	return sf_csum_l4(&pkt->ip.src, &pkt->ip.dst, proto, bytes, n) == 0;
}

/* ---- TCP options (RFC 9293 3.2, RFC 7323, RFC 2018) -------------------- */

static const struct {
	uint8_t kind;
	uint8_t len; /* required total length; 0: SACK's 2 + 8n */
	const char *name;
} tcpopt_rules[] = {
	{ SF_TCPOPT_MSS, 4, "MSS" },             /* RFC 9293 3.2 */
	{ SF_TCPOPT_WSCALE, 3, "WSCALE" },       /* RFC 7323 2.2 */
	{ SF_TCPOPT_SACK_PERM, 2, "SACK_PERM" }, /* RFC 2018 2 */
	{ SF_TCPOPT_SACK, 0, "SACK" },           /* RFC 2018 3 */
	{ SF_TCPOPT_TIMESTAMP, 10, "TIMESTAMP" },/* RFC 7323 3.2 */
};

static int tcpopt_rule(uint8_t kind)
{
	size_t i;

	for (i = 0; i < sizeof(tcpopt_rules) / sizeof(tcpopt_rules[0]); i++)
		if (tcpopt_rules[i].kind == kind)
			return (int)i;
	return -1;
}

/* " (MSS)" for a known kind, "" otherwise, into buf: for error messages. */
static const char *tcpopt_label(uint8_t kind, char *buf, size_t len)
{
	int r = tcpopt_rule(kind);

	if (r < 0)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, " (%s)", tcpopt_rules[r].name);
	return buf;
}

/* RFC 2018 3: a SACK option is 2 + 8n bytes; 40 bytes of options hold at most 4 blocks. */
static int sack_len_ok(uint8_t len)
{
	return len >= 10 && (len - 2) % 8 == 0 && (len - 2) / 8 <= 4;
}

static int check_option_len(uint8_t kind, uint8_t len, struct sf_err *err)
{
	int r = tcpopt_rule(kind);
	char label[32];

	if (r < 0) {
		if (len < 2) /* RFC 9293 3.2: length counts kind and length */
			return sf_err_set(err, "tcp: option kind %u has length %u, below the minimum 2",
					  kind, len);
		return 0;
	}
	tcpopt_label(kind, label, sizeof(label));
	if (tcpopt_rules[r].len == 0 && !sack_len_ok(len))
		return sf_err_set(err, "tcp: option kind %u%s has length %u, expected 2+8n with n from 1 to 4",
				  kind, label, len);
	if (tcpopt_rules[r].len != 0 && len != tcpopt_rules[r].len)
		return sf_err_set(err, "tcp: option kind %u%s has length %u, expected %u",
				  kind, label, len, tcpopt_rules[r].len);
	return 0;
}

/* Fill o->v from o->data for the kinds we know. */
static void decode_option_value(struct sf_tcp_option *o)
{
	struct sf_cursor c;
	unsigned i;

	sf_cursor_init(&c, o->data, o->len - 2u);
	switch (o->kind) {
	case SF_TCPOPT_MSS:
		sf_get_u16(&c, &o->v.mss);
		break;
	case SF_TCPOPT_WSCALE:
		sf_get_u8(&c, &o->v.wscale);
		break;
	case SF_TCPOPT_TIMESTAMP:
		if (sf_get_u32(&c, &o->v.ts.val))
			sf_get_u32(&c, &o->v.ts.ecr);
		break;
	case SF_TCPOPT_SACK:
		o->v.sack.count = (uint8_t)((o->len - 2u) / 8u);
		for (i = 0; i < o->v.sack.count; i++)
			if (!(sf_get_u32(&c, &o->v.sack.left[i]) && sf_get_u32(&c, &o->v.sack.right[i])))
				break;
		break;
	}
}

static int read_option(struct sf_cursor *c, struct sf_tcp_option *o, struct sf_err *err)
{
	char label[32];
	size_t body;

	if (!sf_get_u8(c, &o->kind))
		return sf_err_set(err, "tcp: option list ended early");
	if (o->kind == SF_TCPOPT_EOL || o->kind == SF_TCPOPT_NOP) {
		o->len = 1; /* RFC 9293 3.2: single-octet options */
		return 0;
	}
	tcpopt_label(o->kind, label, sizeof(label));
	if (!sf_get_u8(c, &o->len))
		return sf_err_set(err, "tcp: option kind %u%s has no length byte before the end of the options",
				  o->kind, label);
	if (check_option_len(o->kind, o->len, err) < 0)
		return -1;
	body = o->len - 2u;
	if (body > sf_left(c))
		return sf_err_set(err, "tcp: option kind %u%s has length %u, running past the end of the options (%zu bytes left)",
				  o->kind, label, o->len, sf_left(c) + 2);
	if (body > sizeof(o->data))
		return sf_err_set(err, "tcp: option kind %u%s has length %u, longer than a TCP header can hold",
				  o->kind, label, o->len);
	sf_get_bytes(c, o->data, body);
	decode_option_value(o);
	return 0;
}

int sf_decode_tcp_options(const uint8_t *opts, size_t n, struct sf_tcp *tcp, struct sf_err *err)
{
	struct sf_cursor c;
	struct sf_tcp_option *o;

	tcp->option_count = 0;
	sf_cursor_init(&c, opts, n);
	while (sf_left(&c) > 0) {
		if (tcp->option_count == SF_TCP_MAX_OPTIONS)
			return sf_err_set(err, "tcp: more than %d options", SF_TCP_MAX_OPTIONS);
		o = &tcp->options[tcp->option_count];
		memset(o, 0, sizeof(*o));
		if (read_option(&c, o, err) < 0)
			return -1;
		tcp->option_count++;
		if (o->kind == SF_TCPOPT_EOL)
			break; /* RFC 9293 3.2: the rest is padding */
	}
	return 0;
}

/* ---- TCP and UDP ------------------------------------------------------- */

/* RFC 9293 3.1: the fixed 20-byte header. */
static bool read_tcp_fixed(struct sf_cursor *c, struct sf_tcp *t, uint8_t *off)
{
	return sf_get_u16(c, &t->sport) && sf_get_u16(c, &t->dport) &&
	       sf_get_u32(c, &t->seq) && sf_get_u32(c, &t->ack) &&
	       sf_get_u8(c, off) && sf_get_u8(c, &t->flags) &&
	       sf_get_u16(c, &t->window) && sf_get_u16(c, &t->checksum) &&
	       sf_get_u16(c, &t->urgent);
}

static int decode_tcp(const struct sf_cursor *seg, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_tcp *t = &pkt->tcp;
	struct sf_cursor c = *seg;
	const uint8_t *opts;
	size_t hlen, seglen = sf_left(seg);
	uint8_t off;

	if (!read_tcp_fixed(&c, t, &off))
		return sf_err_set(err, "tcp: %zu bytes is shorter than the minimum header (20)", seglen);
	t->doff = off >> 4;
	t->reserved = off & 0x0f; /* RFC 9293 3.1: Rsrvd, must be zero */
	if (t->doff < 5)
		return sf_err_set(err, "tcp: data offset %u words is below the minimum 5", t->doff);
	hlen = t->doff * 4u;
	if (!sf_get_span(&c, hlen - 20, &opts))
		return sf_err_set(err, "tcp: data offset %u words (%zu bytes) runs past the end of the %zu-byte segment",
				  t->doff, hlen, seglen);
	if (sf_decode_tcp_options(opts, hlen - 20, t, err) < 0)
		return -1;
	t->payload_len = sf_left(&c);
	sf_get_span(&c, t->payload_len, &t->payload);
	t->checksum_ok = l4_csum_ok(pkt, PROTO_TCP, seg);
	pkt->l4 = SF_L4_TCP;
	return 0;
}

/* RFC 768: the header only; synfin does not look into UDP payloads. */
static int decode_udp(const struct sf_cursor *seg, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_udp *u = &pkt->udp;
	struct sf_cursor c = *seg;

	if (!(sf_get_u16(&c, &u->sport) && sf_get_u16(&c, &u->dport) &&
	      sf_get_u16(&c, &u->len) && sf_get_u16(&c, &u->checksum)))
		return sf_err_set(err, "udp: %zu bytes is shorter than the header (8)", sf_left(seg));
	pkt->l4 = SF_L4_UDP;
	return 0;
}

/* ---- ICMP's quoted datagram --------------------------------------------- */

/* The quoted transport header: ports for TCP and UDP, and TCP's sequence
 * number when all 8 bytes were quoted. */
static void read_quoted_l4(struct sf_cursor *c, struct sf_icmp *ic)
{
	if (ic->inner_proto != PROTO_TCP && ic->inner_proto != PROTO_UDP)
		return;
	if (!(sf_get_u16(c, &ic->inner_sport) && sf_get_u16(c, &ic->inner_dport)))
		return;
	if (ic->inner_proto == PROTO_TCP)
		sf_get_u32(c, &ic->inner_seq);
}

/* RFC 792: an ICMP error quotes the IP header and the first 64 bits of
 * the datagram. A short or odd quote is not an error: we read what is
 * there and leave has_inner 0 when there is no whole header. */
static void read_quoted_ipv4(struct sf_cursor *c, struct sf_icmp *ic)
{
	uint8_t vihl, proto, src[4], dst[4];
	uint16_t frag;

	if (!sf_peek_u8(c, 0, &vihl) || vihl >> 4 != 4 || (vihl & 0x0f) < 5)
		return;
	if (!(sf_skip(c, 6) && sf_get_u16(c, &frag) && sf_skip(c, 1) &&
	      sf_get_u8(c, &proto) && sf_skip(c, 2) &&
	      sf_get_bytes(c, src, 4) && sf_get_bytes(c, dst, 4) &&
	      sf_skip(c, (vihl & 0x0fu) * 4u - 20u)))
		return;
	ic->has_inner = 1;
	ic->inner_proto = proto;
	set_addr(&ic->inner_src, 4, src);
	set_addr(&ic->inner_dst, 4, dst);
	if ((frag & 0x1fff) == 0) /* a later fragment quotes data, not ports */
		read_quoted_l4(c, ic);
}

static int walk_ipv6_ext(struct sf_cursor *c, uint8_t *nh, struct sf_ip *ip, struct sf_err *err);

/* RFC 4443 2.4(c): as much of the invoking packet as fits. */
static void read_quoted_ipv6(struct sf_cursor *c, struct sf_icmp *ic)
{
	uint8_t nh, src[16], dst[16];
	struct sf_ip scratch;
	struct sf_err ignored;
	uint32_t vtf;
	int rc;

	if (!(sf_get_u32(c, &vtf) && vtf >> 28 == 6 && sf_skip(c, 2) &&
	      sf_get_u8(c, &nh) && sf_skip(c, 1) &&
	      sf_get_bytes(c, src, 16) && sf_get_bytes(c, dst, 16)))
		return;
	ic->has_inner = 1;
	set_addr(&ic->inner_src, 6, src);
	set_addr(&ic->inner_dst, 6, dst);
	memset(&scratch, 0, sizeof(scratch));
	rc = walk_ipv6_ext(c, &nh, &scratch, &ignored);
	ic->inner_proto = nh;
	if (rc == 0 && scratch.frag_offset == 0)
		read_quoted_l4(c, ic);
}

/* ---- ICMP (RFC 792) and ICMPv6 (RFC 4443, RFC 4861) ------------------- */

static int icmp4_quotes(uint8_t type)
{
	/* RFC 792: unreachable, source quench, redirect, time exceeded,
	 * parameter problem carry the start of the original datagram. */
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static int decode_icmp4(const struct sf_cursor *seg, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_icmp *ic = &pkt->icmp;
	struct sf_cursor c = *seg;
	uint16_t unused, mtu;

	if (!(sf_get_u8(&c, &ic->type) && sf_get_u8(&c, &ic->code) &&
	      sf_get_u16(&c, &ic->checksum) && sf_get_u16(&c, &unused) && sf_get_u16(&c, &mtu)))
		return sf_err_set(err, "icmp: %zu bytes is shorter than the header (8)", sf_left(seg));
	pkt->l4 = SF_L4_ICMP;
	ic->checksum_ok = l4_csum_ok(pkt, PROTO_ICMP, seg);
	if (ic->type == 3 && ic->code == 4)
		ic->mtu = mtu; /* RFC 1191 4: next-hop MTU in the low 16 bits */
	if (icmp4_quotes(ic->type))
		read_quoted_ipv4(&c, ic);
	return 0;
}

/* RFC 4861 4.6: type, length in units of 8 octets (0 is invalid), value.
 * 4.6.1: types 1 and 2 carry the source/target link-layer address. */
static int read_nd_option(struct sf_cursor *c, struct sf_icmp *ic, struct sf_err *err)
{
	struct sf_cursor opt;
	uint8_t type, units;

	if (!(sf_peek_u8(c, 0, &type) && sf_peek_u8(c, 1, &units)))
		return sf_err_set(err, "icmp6: nd option cut short, %zu byte(s) left", sf_left(c));
	if (units == 0)
		return sf_err_set(err, "icmp6: nd option type %u has length 0", type);
	if (!sf_get_sub(c, units * 8u, &opt))
		return sf_err_set(err, "icmp6: nd option type %u of %u bytes runs past the end of the message (%zu bytes left)",
				  type, units * 8u, sf_left(c));
	if ((type == 1 || type == 2) && sf_skip(&opt, 2) &&
	    sf_get_bytes(&opt, ic->nd_lladdr, SF_ETH_ALEN))
		ic->has_nd_lladdr = 1;
	return 0;
}

/* RFC 4861 4.3, 4.4: after the 4 reserved/flag bytes, the target address,
 * then options. */
static int decode_nd(struct sf_cursor *c, struct sf_icmp *ic, struct sf_err *err)
{
	uint8_t target[16];

	if (!sf_get_bytes(c, target, 16))
		return sf_err_set(err, "icmp6: neighbor %s of %zu bytes is shorter than 24",
				  ic->type == 135 ? "solicitation" : "advertisement", sf_left(c) + 8);
	set_addr(&ic->nd_target, 6, target);
	while (sf_left(c) > 0)
		if (read_nd_option(c, ic, err) < 0)
			return -1;
	return 0;
}

static int decode_icmp6(const struct sf_cursor *seg, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_icmp *ic = &pkt->icmp;
	struct sf_cursor c = *seg;
	uint32_t body;

	if (!(sf_get_u8(&c, &ic->type) && sf_get_u8(&c, &ic->code) &&
	      sf_get_u16(&c, &ic->checksum) && sf_get_u32(&c, &body)))
		return sf_err_set(err, "icmp6: %zu bytes is shorter than the header (8)", sf_left(seg));
	pkt->l4 = SF_L4_ICMP;
	ic->v6 = 1;
	ic->checksum_ok = l4_csum_ok(pkt, PROTO_ICMPV6, seg); /* RFC 4443 2.3 */
	switch (ic->type) {
	case 2:
		ic->mtu = body; /* RFC 4443 3.2 */
		/* fall through */
	case 1: /* destination unreachable, RFC 4443 3.1 */
	case 3: /* time exceeded */
	case 4: /* parameter problem */
		read_quoted_ipv6(&c, ic);
		return 0;
	case 135: /* neighbor solicitation */
	case 136: /* neighbor advertisement */
		return decode_nd(&c, ic, err);
	}
	return 0;
}

/* ---- IPv4 and IPv6 ----------------------------------------------------- */

static int decode_l4(const struct sf_cursor *seg, struct sf_packet *pkt, struct sf_err *err)
{
	int v6 = pkt->l3 == SF_L3_IPV6;

	switch (pkt->ip.proto) {
	case PROTO_TCP:
		return decode_tcp(seg, pkt, err);
	case PROTO_UDP:
		return decode_udp(seg, pkt, err);
	case PROTO_ICMP:
		if (!v6)
			return decode_icmp4(seg, pkt, err);
		break;
	case PROTO_ICMPV6:
		if (v6)
			return decode_icmp6(seg, pkt, err);
		break;
	case PROTO_NONE:
		if (v6)
			return 0; /* RFC 8200 4.7: nothing follows */
		break;
	}
	pkt->l4 = SF_L4_OTHER;
	return 0;
}

/* RFC 791 3.1: the fixed part of the header. */
static bool read_ipv4_fixed(struct sf_cursor *c, struct sf_ip *ip, uint8_t *vihl, uint16_t *frag)
{
	uint8_t src[4], dst[4];
	uint16_t sum;

	if (!(sf_get_u8(c, vihl) && sf_get_u8(c, &ip->tos) && sf_get_u16(c, &ip->total_len) &&
	      sf_get_u16(c, &ip->id) && sf_get_u16(c, frag) && sf_get_u8(c, &ip->ttl) &&
	      sf_get_u8(c, &ip->proto) && sf_get_u16(c, &sum) &&
	      sf_get_bytes(c, src, 4) && sf_get_bytes(c, dst, 4)))
		return false;
	set_addr(&ip->src, 4, src);
	set_addr(&ip->dst, 4, dst);
	return true;
}

static int check_ipv4_lengths(uint8_t vihl, const struct sf_ip *ip, size_t captured, struct sf_err *err)
{
	size_t hlen = (vihl & 0x0fu) * 4u;

	if (vihl >> 4 != 4)
		return sf_err_set(err, "ipv4: version %u in an IPv4 (0x0800) frame", vihl >> 4);
	if (hlen < 20)
		return sf_err_set(err, "ipv4: header length %zu bytes is below 20", hlen);
	if (ip->total_len < hlen)
		return sf_err_set(err, "ipv4: total length %u is below the header length %zu",
				  ip->total_len, hlen);
	if (ip->total_len > captured)
		return sf_err_set(err, "ipv4: total length %u exceeds the %zu bytes captured",
				  ip->total_len, captured);
	return 0;
}

static int decode_ipv4(struct sf_cursor *c, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_ip *ip = &pkt->ip;
	struct sf_cursor start = *c, dgram = { 0 };
	const uint8_t *hdr = NULL;
	uint16_t frag;
	uint8_t vihl;
	size_t hlen;

	pkt->l3 = SF_L3_IPV4;
	if (!read_ipv4_fixed(c, ip, &vihl, &frag))
		return sf_err_set(err, "ipv4: %zu bytes is shorter than the minimum header (20)", sf_left(&start));
	if (check_ipv4_lengths(vihl, ip, sf_left(&start), err) < 0)
		return -1;
	/* From here on only total_len bytes: the rest is link-layer padding.
	 * Both lengths were checked against what was captured just above. */
	hlen = (vihl & 0x0fu) * 4u;
	if (!sf_get_sub(&start, ip->total_len, &dgram) || !sf_get_span(&dgram, hlen, &hdr))
		return sf_err_set(err, "ipv4: total length %u does not fit the %zu bytes captured", ip->total_len,
				  sf_left(&start));
	ip->header_checksum_ok = sf_csum_fold(sf_csum_add(0, hdr, hlen)) == 0xffff; /* RFC 791 3.1 */
	ip->df = !!(frag & 0x4000);
	ip->more_frags = !!(frag & 0x2000);
	ip->frag_offset = (uint16_t)((frag & 0x1fff) * 8u); /* in units of 8 octets */
	ip->fragment = ip->more_frags || ip->frag_offset;
	if (ip->frag_offset)
		return 0; /* a later fragment: no transport header in it */
	return decode_l4(&dgram, pkt, err);
}

static const char *ipv6_ext_name(uint8_t nh)
{
	switch (nh) {
	case PROTO_HOPOPTS: return "hop-by-hop options";
	case PROTO_ROUTING: return "routing";
	case PROTO_FRAGMENT: return "fragment";
	case PROTO_DSTOPTS: return "destination options";
	}
	return NULL;
}

/* RFC 8200 4.3, 4.4, 4.6: next header, length in 8-octet units not
 * counting the first 8, then the body we skip. */
static int skip_ipv6_ext(struct sf_cursor *c, uint8_t *nh, struct sf_err *err)
{
	const char *name = ipv6_ext_name(*nh);
	uint8_t next, units;
	size_t len;

	if (!(sf_peek_u8(c, 0, &next) && sf_peek_u8(c, 1, &units)))
		return sf_err_set(err, "ipv6: %s header runs past the end of the payload (%zu bytes left)",
				  name, sf_left(c));
	len = (units + 1u) * 8u;
	if (!sf_skip(c, len))
		return sf_err_set(err, "ipv6: %s header of %zu bytes runs past the end of the payload (%zu bytes left)",
				  name, len, sf_left(c));
	*nh = next;
	return 0;
}

/* RFC 8200 4.5: next header, reserved, offset(13) res(2) M(1), identification. */
static int read_ipv6_frag(struct sf_cursor *c, uint8_t *nh, struct sf_ip *ip, struct sf_err *err)
{
	uint8_t next;
	uint16_t offm;

	if (!(sf_get_u8(c, &next) && sf_skip(c, 1) && sf_get_u16(c, &offm) && sf_skip(c, 4)))
		return sf_err_set(err, "ipv6: fragment header runs past the end of the payload (8 bytes needed)");
	ip->frag_offset = offm & 0xfff8;
	ip->more_frags = offm & 1;
	ip->fragment = ip->more_frags || ip->frag_offset;
	*nh = next;
	return 0;
}

/* RFC 8200 4.1: follow the chain of next-header values to the upper
 * layer, bounded so a forged chain cannot keep us here. */
static int walk_ipv6_ext(struct sf_cursor *c, uint8_t *nh, struct sf_ip *ip, struct sf_err *err)
{
	int n, rc;

	for (n = 0; ipv6_ext_name(*nh); n++) {
		if (n == IPV6_MAX_EXT_HEADERS)
			return sf_err_set(err, "ipv6: more than %d extension headers", IPV6_MAX_EXT_HEADERS);
		if (*nh == PROTO_FRAGMENT)
			rc = read_ipv6_frag(c, nh, ip, err);
		else
			rc = skip_ipv6_ext(c, nh, err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* RFC 8200 3: version, traffic class, flow label, payload length, next
 * header, hop limit, addresses. */
static bool read_ipv6_fixed(struct sf_cursor *c, struct sf_ip *ip, uint32_t *vtf, uint16_t *plen)
{
	uint8_t src[16], dst[16];

	if (!(sf_get_u32(c, vtf) && sf_get_u16(c, plen) && sf_get_u8(c, &ip->proto) &&
	      sf_get_u8(c, &ip->ttl) && sf_get_bytes(c, src, 16) && sf_get_bytes(c, dst, 16)))
		return false;
	set_addr(&ip->src, 6, src);
	set_addr(&ip->dst, 6, dst);
	return true;
}

static int decode_ipv6(struct sf_cursor *c, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_ip *ip = &pkt->ip;
	struct sf_cursor payload;
	size_t captured = sf_left(c);
	uint32_t vtf;
	uint16_t plen;

	pkt->l3 = SF_L3_IPV6;
	if (!read_ipv6_fixed(c, ip, &vtf, &plen))
		return sf_err_set(err, "ipv6: %zu bytes is shorter than the header (40)", captured);
	if (vtf >> 28 != 6)
		return sf_err_set(err, "ipv6: version %u in an IPv6 (0x86dd) frame", vtf >> 28);
	ip->tos = (uint8_t)(vtf >> 20);
	ip->flow_label = vtf & 0xfffff;
	ip->header_checksum_ok = 1;
	/* Saturates: a payload length above 65495 does not fit the field. */
	ip->total_len = plen > 0xffff - 40 ? 0xffff : (uint16_t)(plen + 40);
	if (!sf_get_sub(c, plen, &payload))
		return sf_err_set(err, "ipv6: payload length %u exceeds the %zu bytes captured after the header",
				  plen, sf_left(c));
	if (walk_ipv6_ext(&payload, &ip->proto, ip, err) < 0)
		return -1;
	if (ip->frag_offset)
		return 0; /* a later fragment: no transport header in it */
	/* RFC 8200 8.1: behind a routing header the pseudo-header wants the
	 * final destination. At the ends of the path, where synfin captures,
	 * that is the one in the IPv6 header. */
	return decode_l4(&payload, pkt, err);
}

/* ---- Ethernet (IEEE 802.3, 802.1Q) and ARP (RFC 826) ------------------- */

static int decode_eth(struct sf_cursor *c, struct sf_packet *pkt, struct sf_err *err)
{
	size_t captured = sf_left(c);

	if (!(sf_get_bytes(c, pkt->eth_dst, SF_ETH_ALEN) &&
	      sf_get_bytes(c, pkt->eth_src, SF_ETH_ALEN) && sf_get_u16(c, &pkt->ethertype)))
		return sf_err_set(err, "frame: %zu bytes is shorter than an Ethernet header (14)", captured);
	if (pkt->ethertype != ETHERTYPE_VLAN)
		return 0;
	/* 802.1Q: a 2-byte tag control field, then the real ethertype. */
	captured = sf_left(c);
	if (!(sf_skip(c, 2) && sf_get_u16(c, &pkt->ethertype)))
		return sf_err_set(err, "vlan: %zu bytes after the Ethernet header is shorter than an 802.1Q tag (4)",
				  captured);
	return 0;
}

static int decode_arp(struct sf_cursor *c, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_arp *a = &pkt->arp;
	uint8_t hln, pln, spa[4], tpa[4];
	uint16_t hrd, pro;
	size_t captured = sf_left(c);

	if (!(sf_get_u16(c, &hrd) && sf_get_u16(c, &pro) && sf_get_u8(c, &hln) && sf_get_u8(c, &pln)))
		return sf_err_set(err, "arp: %zu bytes is shorter than the fixed header (6)", captured);
	if (hrd != 1 || pro != ETHERTYPE_IPV4)
		return 0; /* not Ethernet/IPv4: not an error, just not ours */
	if (hln != SF_ETH_ALEN || pln != 4)
		return sf_err_set(err, "arp: address lengths %u/%u, expected 6/4 for Ethernet/IPv4", hln, pln);
	if (!(sf_get_u16(c, &a->op) && sf_get_bytes(c, a->sha, SF_ETH_ALEN) && sf_get_bytes(c, spa, 4) &&
	      sf_get_bytes(c, a->tha, SF_ETH_ALEN) && sf_get_bytes(c, tpa, 4)))
		return sf_err_set(err, "arp: %zu bytes is shorter than an Ethernet/IPv4 ARP packet (28)", captured);
	set_addr(&a->spa, 4, spa);
	set_addr(&a->tpa, 4, tpa);
	pkt->l3 = SF_L3_ARP;
	return 0;
}

int sf_decode(const uint8_t *frame, size_t len, struct sf_packet *pkt, struct sf_err *err)
{
	struct sf_cursor c;

	memset(pkt, 0, sizeof(*pkt));
	pkt->frame_len = len;
	sf_cursor_init(&c, frame, len);
	if (decode_eth(&c, pkt, err) < 0)
		return -1;
	switch (pkt->ethertype) {
	case ETHERTYPE_ARP:
		return decode_arp(&c, pkt, err);
	case ETHERTYPE_IPV4:
		return decode_ipv4(&c, pkt, err);
	case ETHERTYPE_IPV6:
		return decode_ipv6(&c, pkt, err);
	}
	return 0; /* some other ethertype: l3 stays NONE */
}

/* ---- addresses and flags ----------------------------------------------- */

const char *sf_addr_str(const struct sf_addr *a, char *buf, size_t len)
{
	int af = a->family == 6 ? AF_INET6 : AF_INET;

	if (!buf || len == 0)
		return "";
	if (a->family != 4 && a->family != 6)
		snprintf(buf, len, "unset");
	else if (!inet_ntop(af, a->bytes, buf, (socklen_t)(len > INT_MAX ? INT_MAX : len)))
		snprintf(buf, len, "?");
	return buf;
}

int sf_addr_parse(const char *s, struct sf_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!s)
		return -1;
	if (inet_pton(AF_INET, s, a->bytes) == 1)
		a->family = 4;
	else if (inet_pton(AF_INET6, s, a->bytes) == 1)
		a->family = 6;
	else
		return -1;
	return 0;
}

int sf_addr_equal(const struct sf_addr *a, const struct sf_addr *b)
{
	if (a->family != b->family)
		return 0;
	if (a->family == 4)
		return memcmp(a->bytes, b->bytes, 4) == 0;
	if (a->family == 6)
		return memcmp(a->bytes, b->bytes, 16) == 0;
	return 1; /* both unset */
}

/* tcpdump's order (print-tcp.c tcp_flag_values): F S R P . U E W. */
const char *sf_tcp_flags_str(uint8_t flags, char *buf, size_t len)
{
	static const struct { uint8_t bit; char c; } order[] = {
		{ SF_TCP_FIN, 'F' }, { SF_TCP_SYN, 'S' }, { SF_TCP_RST, 'R' },
		{ SF_TCP_PSH, 'P' }, { SF_TCP_ACK, '.' }, { SF_TCP_URG, 'U' },
		{ SF_TCP_ECE, 'E' }, { SF_TCP_CWR, 'W' },
	};
	char tmp[9];
	size_t i, n = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			tmp[n++] = order[i].c;
	tmp[n] = '\0';
	if (!n)
		memcpy(tmp, "none", 5);
	if (buf && len) { /* strlcpy; no snprintf: every frame's flags are written twice */
		size_t m = strlen(tmp) < len - 1 ? strlen(tmp) : len - 1;

		memcpy(buf, tmp, m);
		buf[m] = '\0';
	}
	return buf;
}
