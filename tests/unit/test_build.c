/*
 * test_build.c - frames built with libnet (engine/packet/build.h), read back with
 * the decoder: every field a script can set must come back as set, with
 * checksums right, given or corrupted exactly as asked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "build.h"
#include "checksum.h"
#include "decode.h"

#define ETH_HLEN 14
#define IP4_HLEN 20
#define IP6_HLEN 40
#define TCP_HLEN 20

static const uint8_t MAC_A[SF_ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t MAC_B[SF_ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };

#include "build_fixture.h"

static void set_net(struct sf_l2l3 *net, int family)
{
	memset(net, 0, sizeof(*net));
	memcpy(net->eth_src, MAC_A, SF_ETH_ALEN);
	memcpy(net->eth_dst, MAC_B, SF_ETH_ALEN);
	net->src = addr(family == 6 ? "2001:2::1" : "198.18.0.1");
	net->dst = addr(family == 6 ? "2001:2::ff:2" : "198.19.255.254");
}

static struct sf_tcp_option opt(uint8_t kind, uint8_t len, const uint8_t *data)
{
	struct sf_tcp_option o;

	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.len = len;
	if (data && len > 2)
		memcpy(o.data, data, len - 2u);
	return o;
}

/* {mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7}: 4+2+10+1+3 = 20 bytes. */
static void set_syn_options(struct sf_seg_spec *s)
{
	static const uint8_t mss[] = { 0x05, 0xb4 };
	static const uint8_t ts[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t ws[] = { 7 };

	s->option_count = 5;
	s->options[0] = opt(SF_TCPOPT_MSS, 4, mss);
	s->options[1] = opt(SF_TCPOPT_SACK_PERM, 2, NULL);
	s->options[2] = opt(SF_TCPOPT_TIMESTAMP, 10, ts);
	s->options[3] = opt(SF_TCPOPT_NOP, 1, NULL);
	s->options[4] = opt(SF_TCPOPT_WSCALE, 3, ws);
}

/* Every field away from its default, so a field dropped or swapped shows. */
static void set_full_spec(struct sf_seg_spec *s, int family)
{
	memset(s, 0, sizeof(*s));
	set_net(&s->net, family);
	s->net.ttl = 17;
	s->net.tos = 0xb8; /* both nibbles set: a misplaced IPv6 traffic class shows */
	s->net.ip_id = 0x1234;
	s->net.df = 1;
	s->sport = 40000;
	s->dport = 80;
	s->seq = 0xdeadbeef;
	s->ack = 0xffffffff;
	s->flags = 0xff;
	s->window = 0xfedc;
	s->urgent = 0xabcd;
	set_syn_options(s);
}

static void build_tcp_ok(libnet_t *l, const struct sf_seg_spec *s, uint8_t **frame, uint32_t *len)
{
	struct sf_err err = { "" };
	int rc = sf_build_tcp(l, s, frame, len, &err);

	if (rc != 0)
		print_error("sf_build_tcp: %s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_non_null(*frame);
}

static void decode_ok(const uint8_t *frame, uint32_t len, struct sf_packet *pkt)
{
	struct sf_err err = { "" };
	int rc = sf_decode(frame, len, pkt, &err);

	if (rc != 0)
		print_error("sf_decode: %s\n", err.msg);
	assert_int_equal(rc, 0);
}

static void assert_syn_options(const struct sf_tcp *t)
{
	assert_int_equal(t->doff, 10); /* 20 + 20 bytes of options */
	assert_int_equal(t->option_count, 5);
	assert_int_equal(t->options[0].kind, SF_TCPOPT_MSS);
	assert_int_equal(t->options[0].len, 4);
	assert_int_equal(t->options[0].v.mss, 1460);
	assert_int_equal(t->options[1].kind, SF_TCPOPT_SACK_PERM);
	assert_int_equal(t->options[1].len, 2);
	assert_int_equal(t->options[2].kind, SF_TCPOPT_TIMESTAMP);
	assert_int_equal(t->options[2].len, 10);
	assert_int_equal(t->options[2].v.ts.val, 1);
	assert_int_equal(t->options[2].v.ts.ecr, 0);
	assert_int_equal(t->options[3].kind, SF_TCPOPT_NOP);
	assert_int_equal(t->options[4].kind, SF_TCPOPT_WSCALE);
	assert_int_equal(t->options[4].len, 3);
	assert_int_equal(t->options[4].v.wscale, 7);
}

static void assert_tcp_fields(const struct sf_packet *p, const struct sf_seg_spec *s)
{
	assert_int_equal(p->l4, SF_L4_TCP);
	assert_int_equal(p->ip.proto, IPPROTO_TCP);
	assert_memory_equal(p->eth_src, s->net.eth_src, SF_ETH_ALEN);
	assert_memory_equal(p->eth_dst, s->net.eth_dst, SF_ETH_ALEN);
	assert_true(sf_addr_equal(&p->ip.src, &s->net.src));
	assert_true(sf_addr_equal(&p->ip.dst, &s->net.dst));
	assert_int_equal(p->ip.ttl, s->net.ttl);
	assert_int_equal(p->ip.tos, s->net.tos);
	assert_int_equal(p->tcp.sport, s->sport);
	assert_int_equal(p->tcp.dport, s->dport);
	assert_int_equal(p->tcp.seq, s->seq);
	assert_int_equal(p->tcp.ack, s->ack);
	assert_int_equal(p->tcp.flags, s->flags);
	assert_int_equal(p->tcp.reserved, 0);
	assert_int_equal(p->tcp.window, s->window);
	assert_int_equal(p->tcp.urgent, s->urgent);
	assert_int_equal(p->tcp.checksum_ok, 1);
}

/*
 * build.h: sf_build_context() is "a libnet context for building only (no
 * device); sf_build_* use it". Every builder must work with it as it is.
 */
static void test_context_builds_without_device(void **state)
{
	struct sf_err err = { "" };
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_addr target = addr("2001:2::1");
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	set_net(&s.net, 4);
	s.flags = SF_TCP_SYN;
	rc = sf_build_tcp(l, &s, &frame, &len, &err);
	if (rc != 0)
		print_error("sf_build_tcp on sf_build_context(): %s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_int_equal(len, ETH_HLEN + IP4_HLEN + TCP_HLEN);
	sf_build_free(l, frame);
	frame = NULL;
	assert_int_equal(sf_build_udp(l, &s.net, 1, 2, NULL, 0, &frame, &len, &err), 0);
	sf_build_free(l, frame);
	frame = NULL;
	assert_int_equal(sf_build_arp_reply(l, MAC_A, &s.net.src, MAC_B, &s.net.dst, &frame, &len, &err), 0);
	sf_build_free(l, frame);
	frame = NULL;
	set_net(&s.net, 6);
	assert_int_equal(sf_build_neighbor_adv(l, &s.net, &target, &frame, &len, &err), 0);
	sf_build_free(l, frame);
}

static void test_syn_ipv4_round_trip(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;

	set_full_spec(&s, 4);
	build_tcp_ok(l, &s, &frame, &len);
	assert_int_equal(len, ETH_HLEN + IP4_HLEN + TCP_HLEN + 20);
	decode_ok(frame, len, &p);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(p.l3, SF_L3_IPV4);
	assert_int_equal(p.ip.src.family, 4);
	assert_int_equal(p.ip.id, 0x1234);
	assert_int_equal(p.ip.df, 1);
	assert_int_equal(p.ip.fragment, 0);
	assert_int_equal(p.ip.total_len, IP4_HLEN + TCP_HLEN + 20);
	assert_int_equal(p.ip.header_checksum_ok, 1);
	assert_tcp_fields(&p, &s);
	assert_syn_options(&p.tcp);
	assert_int_equal(p.tcp.payload_len, 0);
	sf_build_free(l, frame);
}

static void test_syn_ipv6_round_trip(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;

	set_full_spec(&s, 6);
	build_tcp_ok(l, &s, &frame, &len);
	assert_int_equal(len, ETH_HLEN + IP6_HLEN + TCP_HLEN + 20);
	decode_ok(frame, len, &p);
	assert_int_equal(p.ethertype, 0x86dd);
	assert_int_equal(p.l3, SF_L3_IPV6);
	assert_int_equal(p.ip.src.family, 6);
	assert_int_equal(p.ip.flow_label, 0);
	assert_int_equal(p.ip.total_len, IP6_HLEN + TCP_HLEN + 20);
	assert_tcp_fields(&p, &s);
	assert_syn_options(&p.tcp);
	sf_build_free(l, frame);
}

/* Cleared fields must build as cleared: no flag, DF or TTL of its own. */
static void test_zero_fields_and_default_ttl(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;

	memset(&s, 0, sizeof(s));
	set_net(&s.net, 4);
	build_tcp_ok(l, &s, &frame, &len);
	assert_int_equal(len, ETH_HLEN + IP4_HLEN + TCP_HLEN);
	decode_ok(frame, len, &p);
	assert_int_equal(p.ip.ttl, 64); /* ttl 0 means 64 */
	assert_int_equal(p.ip.df, 0);
	assert_int_equal(p.ip.id, 0);
	assert_int_equal(p.ip.tos, 0);
	assert_int_equal(p.tcp.flags, 0);
	assert_int_equal(p.tcp.seq, 0);
	assert_int_equal(p.tcp.ack, 0);
	assert_int_equal(p.tcp.doff, 5);
	assert_int_equal(p.tcp.option_count, 0);
	assert_int_equal(p.tcp.checksum_ok, 1);
	sf_build_free(l, frame);
}

static void test_each_flag_alone(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_packet p;
	unsigned bit;

	memset(&s, 0, sizeof(s));
	set_net(&s.net, 6);
	for (bit = 0; bit < 8; bit++) {
		uint8_t *frame = NULL;
		uint32_t len = 0;

		s.flags = (uint8_t)(1u << bit);
		build_tcp_ok(l, &s, &frame, &len);
		decode_ok(frame, len, &p);
		assert_int_equal(p.tcp.flags, 1u << bit);
		assert_int_equal(p.tcp.reserved, 0);
		sf_build_free(l, frame);
	}
}

static void test_payload_round_trip(void **state)
{
	static const uint8_t data[] = "GET / HTTP/1.0\r\n\r\n\0\xff\x80"; /* NUL and high bytes too */
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_packet p;
	int family;

	for (family = 4; family <= 6; family += 2) {
		uint8_t *frame = NULL;
		uint32_t len = 0;

		set_full_spec(&s, family);
		s.flags = SF_TCP_PSH | SF_TCP_ACK;
		s.payload = data;
		s.payload_len = sizeof(data); /* 22 bytes: odd, for the checksum pad */
		build_tcp_ok(l, &s, &frame, &len);
		assert_int_equal(len, ETH_HLEN + (family == 6 ? IP6_HLEN : IP4_HLEN) + TCP_HLEN + 20 + sizeof(data));
		decode_ok(frame, len, &p);
		assert_int_equal(p.tcp.payload_len, sizeof(data));
		assert_memory_equal(p.tcp.payload, data, sizeof(data));
		assert_int_equal(p.tcp.checksum_ok, 1);
		assert_syn_options(&p.tcp);
		sf_build_free(l, frame);
	}
}

/* Build s in `mode`; return the checksum field and checksum_ok as decoded. */
static uint16_t built_checksum(libnet_t *l, struct sf_seg_spec *s, enum sf_csum_mode mode, uint16_t value,
			       int *ok)
{
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	uint16_t csum;

	s->csum_mode = mode;
	s->checksum = value;
	build_tcp_ok(l, s, &frame, &len);
	decode_ok(frame, len, &p);
	csum = p.tcp.checksum;
	*ok = p.tcp.checksum_ok;
	sf_build_free(l, frame);
	return csum;
}

static void check_csum_modes(libnet_t *l, int family)
{
	struct sf_seg_spec s;
	uint16_t good, bad, given;
	int ok;

	set_full_spec(&s, family);
	good = built_checksum(l, &s, SF_CSUM_AUTO, 0x1111 /* ignored in AUTO */, &ok);
	assert_int_equal(ok, 1);
	bad = built_checksum(l, &s, SF_CSUM_CORRUPT, 0x1111 /* ignored in CORRUPT */, &ok);
	assert_int_equal(ok, 0);
	assert_int_equal(bad, good ^ 0xffff);
	given = built_checksum(l, &s, SF_CSUM_VALUE, 0x1234, &ok);
	assert_int_equal(given, 0x1234);
	assert_int_equal(ok, good == 0x1234);
	/* VALUE with the right value must be right, not re-corrupted. */
	given = built_checksum(l, &s, SF_CSUM_VALUE, good, &ok);
	assert_int_equal(given, good);
	assert_int_equal(ok, 1);
}

static void test_checksum_modes_ipv4(void **state)
{
	check_csum_modes(*state, 4);
}

static void test_checksum_modes_ipv6(void **state)
{
	check_csum_modes(*state, 6);
}

/* The AUTO checksum, recomputed independently over the pseudo-header. */
static void test_auto_checksum_independent(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int family;

	for (family = 4; family <= 6; family += 2) {
		size_t off = ETH_HLEN + (family == 6 ? IP6_HLEN : IP4_HLEN);

		set_full_spec(&s, family);
		build_tcp_ok(l, &s, &frame, &len);
		assert_int_equal(sf_csum_l4(&s.net.src, &s.net.dst, IPPROTO_TCP, frame + off, len - off), 0);
		sf_build_free(l, frame);
		frame = NULL;
	}
}

static void test_options_encode_exact_bytes(void **state)
{
	static const uint8_t want[] = {
		2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
	};
	struct sf_seg_spec s;
	struct sf_err err = { "" };
	uint8_t out[40];

	(void)state;
	memset(&s, 0, sizeof(s));
	set_syn_options(&s);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(sf_tcp_options_encode(s.options, s.option_count, out, &err), 20);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(out[20], 0xaa); /* nothing written past the end */
	assert_int_equal(sf_tcp_options_encode(s.options, 0, out, &err), 0);
}

/* RFC 9293 3.1: the header ends on a 32-bit boundary, padded with EOL. */
static void test_options_encode_pads_with_eol(void **state)
{
	static const uint8_t mss[] = { 0x05, 0xb4 };
	static const uint8_t ws[] = { 7 };
	struct sf_tcp_option o[2];
	struct sf_err err = { "" };
	uint8_t out[40];

	(void)state;
	o[0] = opt(SF_TCPOPT_MSS, 4, mss);
	o[1] = opt(SF_TCPOPT_WSCALE, 3, ws);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(sf_tcp_options_encode(o, 2, out, &err), 8);
	assert_memory_equal(out, ((const uint8_t[]){ 2, 4, 0x05, 0xb4, 3, 3, 7, 0 }), 8);
	assert_int_equal(out[8], 0xaa);

	o[0] = opt(SF_TCPOPT_NOP, 1, NULL);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(sf_tcp_options_encode(o, 1, out, &err), 4);
	assert_memory_equal(out, ((const uint8_t[]){ 1, 0, 0, 0 }), 4);
	assert_int_equal(out[4], 0xaa);

	o[1] = opt(SF_TCPOPT_SACK_PERM, 2, NULL);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(sf_tcp_options_encode(o, 2, out, &err), 4);
	assert_memory_equal(out, ((const uint8_t[]){ 1, 4, 2, 0 }), 4);
}

static void test_options_encode_limit(void **state)
{
	static const uint8_t ts[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
	struct sf_tcp_option o[SF_TCP_MAX_OPTIONS + 1];
	struct sf_err err = { "" };
	uint8_t out[40];
	size_t i;

	(void)state;
	/* Exactly 40 bytes fit: 40 NOPs. */
	for (i = 0; i < SF_TCP_MAX_OPTIONS + 1; i++)
		o[i] = opt(SF_TCPOPT_NOP, 1, NULL);
	assert_int_equal(sf_tcp_options_encode(o, 40, out, &err), 40);
	/* The 41st byte does not, and the message names that option. */
	assert_int_equal(sf_tcp_options_encode(o, 41, out, &err), -1);
	assert_non_null(strstr(err.msg, "option 41 (kind 1, length 1)"));

	/* 4 timestamps are 40 bytes; a fifth is refused, by number and kind. */
	for (i = 0; i < 5; i++)
		o[i] = opt(SF_TCPOPT_TIMESTAMP, 10, ts);
	assert_int_equal(sf_tcp_options_encode(o, 4, out, &err), 40);
	err.msg[0] = 0;
	assert_int_equal(sf_tcp_options_encode(o, 5, out, &err), -1);
	assert_non_null(strstr(err.msg, "option 5 (kind 8, length 10)"));
	assert_non_null(strstr(err.msg, "40 bytes"));

	/* One option longer than the whole option space. */
	o[0] = opt(254, 41, NULL);
	err.msg[0] = 0;
	assert_int_equal(sf_tcp_options_encode(o, 1, out, &err), -1);
	assert_non_null(strstr(err.msg, "option 1 (kind 254, length 41)"));
}

/* sf_build_tcp refuses what does not encode, and says why. */
static void test_build_tcp_refuses_long_options(void **state)
{
	static const uint8_t ts[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_err err = { "" };
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int i;

	memset(&s, 0, sizeof(s));
	set_net(&s.net, 4);
	s.option_count = 5;
	for (i = 0; i < 5; i++)
		s.options[i] = opt(SF_TCPOPT_TIMESTAMP, 10, ts);
	assert_int_equal(sf_build_tcp(l, &s, &frame, &len, &err), -1);
	assert_null(frame);
	assert_non_null(strstr(err.msg, "option 5 (kind 8"));
}

static void test_mixed_families_refused(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_err err = { "" };
	uint8_t *frame = NULL;
	uint32_t len = 0;

	memset(&s, 0, sizeof(s));
	set_net(&s.net, 4);
	s.net.dst = addr("2001:2::2");
	assert_int_equal(sf_build_tcp(l, &s, &frame, &len, &err), -1);
	assert_null(frame);
	assert_non_null(strstr(err.msg, "different families"));
}

static void check_udp(libnet_t *l, int family)
{
	static const uint8_t data[] = "probe"; /* 6 bytes with the NUL */
	struct sf_l2l3 net;
	struct sf_err err = { "" };
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	size_t off = ETH_HLEN + (family == 6 ? IP6_HLEN : IP4_HLEN);

	set_net(&net, family);
	net.ttl = 3;
	assert_int_equal(sf_build_udp(l, &net, 33434, 9, data, sizeof(data), &frame, &len, &err), 0);
	assert_int_equal(len, off + 8 + sizeof(data));
	decode_ok(frame, len, &p);
	assert_int_equal(p.l4, SF_L4_UDP);
	assert_int_equal(p.ip.proto, IPPROTO_UDP);
	assert_int_equal(p.ip.ttl, 3);
	assert_true(sf_addr_equal(&p.ip.src, &net.src));
	assert_true(sf_addr_equal(&p.ip.dst, &net.dst));
	assert_memory_equal(p.eth_src, MAC_A, SF_ETH_ALEN);
	assert_memory_equal(p.eth_dst, MAC_B, SF_ETH_ALEN);
	assert_int_equal(p.udp.sport, 33434);
	assert_int_equal(p.udp.dport, 9);
	assert_int_equal(p.udp.len, 8 + sizeof(data));
	assert_memory_equal(frame + off + 8, data, sizeof(data));
	/* The decoder does not verify UDP checksums: check it here. */
	assert_int_not_equal(p.udp.checksum, 0);
	assert_int_equal(sf_csum_l4(&net.src, &net.dst, IPPROTO_UDP, frame + off, len - off), 0);
	if (family == 4)
		assert_int_equal(p.ip.header_checksum_ok, 1);
	sf_build_free(l, frame);
}

static void test_udp_ipv4(void **state)
{
	check_udp(*state, 4);
}

static void test_udp_ipv6(void **state)
{
	check_udp(*state, 6);
}

static void test_arp_reply(void **state)
{
	libnet_t *l = *state;
	struct sf_addr spa = addr("198.18.0.1"), tpa = addr("198.19.0.2");
	struct sf_err err = { "" };
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;

	assert_int_equal(sf_build_arp_reply(l, MAC_A, &spa, MAC_B, &tpa, &frame, &len, &err), 0);
	assert_int_equal(len, ETH_HLEN + 28);
	decode_ok(frame, len, &p);
	assert_int_equal(p.ethertype, 0x0806);
	assert_int_equal(p.l3, SF_L3_ARP);
	assert_memory_equal(p.eth_src, MAC_A, SF_ETH_ALEN);
	assert_memory_equal(p.eth_dst, MAC_B, SF_ETH_ALEN);
	assert_int_equal(p.arp.op, 2);
	assert_memory_equal(p.arp.sha, MAC_A, SF_ETH_ALEN);
	assert_memory_equal(p.arp.tha, MAC_B, SF_ETH_ALEN);
	assert_true(sf_addr_equal(&p.arp.spa, &spa));
	assert_true(sf_addr_equal(&p.arp.tpa, &tpa));
	sf_build_free(l, frame);
}

/* RFC 4861 4.4 and 7.1.2. */
static void test_neighbor_adv(void **state)
{
	libnet_t *l = *state;
	struct sf_l2l3 net;
	struct sf_addr target = addr("2001:2::1");
	struct sf_err err = { "" };
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	const size_t icmp = ETH_HLEN + IP6_HLEN;

	set_net(&net, 6);
	net.ttl = 17; /* must be overridden: an NA with hop limit != 255 is discarded */
	assert_int_equal(sf_build_neighbor_adv(l, &net, &target, &frame, &len, &err), 0);
	assert_int_equal(len, icmp + 24 + 8);
	decode_ok(frame, len, &p);
	assert_int_equal(p.l3, SF_L3_IPV6);
	assert_int_equal(p.ip.proto, 58);
	assert_int_equal(p.ip.ttl, 255);
	assert_true(sf_addr_equal(&p.ip.src, &net.src));
	assert_true(sf_addr_equal(&p.ip.dst, &net.dst));
	assert_memory_equal(p.eth_src, MAC_A, SF_ETH_ALEN);
	assert_memory_equal(p.eth_dst, MAC_B, SF_ETH_ALEN);
	assert_int_equal(p.l4, SF_L4_ICMP);
	assert_int_equal(p.icmp.v6, 1);
	assert_int_equal(p.icmp.type, 136);
	assert_int_equal(p.icmp.code, 0);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_true(sf_addr_equal(&p.icmp.nd_target, &target));
	assert_int_equal(p.icmp.has_nd_lladdr, 1);
	assert_memory_equal(p.icmp.nd_lladdr, MAC_A, SF_ETH_ALEN);
	/* Solicited and Override set, Router clear; option type 2 (target), 1 unit. */
	assert_int_equal(frame[icmp + 4], 0x60);
	assert_int_equal(frame[icmp + 24], 2);
	assert_int_equal(frame[icmp + 25], 1);
	assert_int_equal(sf_csum_l4(&net.src, &net.dst, 58, frame + icmp, len - icmp), 0);
	sf_build_free(l, frame);
}

/* RFC 4861 4.3 and 7.2.2: to the solicited-node group of the target
 * (RFC 4291 2.7.1; RFC 2464 7 for its MAC), hop limit 255, our MAC in a
 * source link-layer address option. */
static void test_neighbor_solicit(void **state)
{
	static const uint8_t group_mac[SF_ETH_ALEN] = { 0x33, 0x33, 0xff, 0x12, 0x34, 0x56 };
	libnet_t *l = *state;
	struct sf_addr spa = addr("2001:2::1"), tpa = addr("2001:2::ab:cd12:3456"), group = addr("ff02::1:ff12:3456");
	struct sf_err err = { "" };
	struct sf_packet p;
	uint8_t *frame = NULL;
	uint32_t len = 0;
	const size_t icmp = ETH_HLEN + IP6_HLEN;

	assert_int_equal(sf_build_neighbor_solicit(l, MAC_A, &spa, &tpa, &frame, &len, &err), 0);
	assert_int_equal(len, icmp + 24 + 8);
	decode_ok(frame, len, &p);
	assert_int_equal(p.l3, SF_L3_IPV6);
	assert_int_equal(p.ip.ttl, 255);
	assert_true(sf_addr_equal(&p.ip.src, &spa));
	assert_true(sf_addr_equal(&p.ip.dst, &group));
	assert_memory_equal(p.eth_src, MAC_A, SF_ETH_ALEN);
	assert_memory_equal(p.eth_dst, group_mac, SF_ETH_ALEN);
	assert_int_equal(p.icmp.v6, 1);
	assert_int_equal(p.icmp.type, 135);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_true(sf_addr_equal(&p.icmp.nd_target, &tpa));
	assert_int_equal(p.icmp.has_nd_lladdr, 1);
	assert_memory_equal(p.icmp.nd_lladdr, MAC_A, SF_ETH_ALEN);
	assert_int_equal(frame[icmp + 24], 1); /* option type 1: source link-layer address */
	assert_int_equal(sf_csum_l4(&spa, &group, 58, frame + icmp, len - icmp), 0);
	sf_build_free(l, frame);
}

/* One context builds frame after frame: nothing of the last one stays. */
static void test_context_reuse(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	struct sf_packet p;
	uint8_t *a = NULL, *b = NULL;
	uint32_t alen = 0, blen = 0;

	set_full_spec(&s, 6);
	build_tcp_ok(l, &s, &a, &alen);
	memset(&s, 0, sizeof(s));
	set_net(&s.net, 4);
	s.flags = SF_TCP_RST;
	build_tcp_ok(l, &s, &b, &blen);
	assert_int_equal(blen, ETH_HLEN + IP4_HLEN + TCP_HLEN);
	decode_ok(b, blen, &p);
	assert_int_equal(p.l3, SF_L3_IPV4);
	assert_int_equal(p.tcp.flags, SF_TCP_RST);
	assert_int_equal(p.tcp.option_count, 0);
	assert_int_equal(p.tcp.checksum_ok, 1);
	decode_ok(a, alen, &p); /* the first frame is still intact */
	assert_int_equal(p.l3, SF_L3_IPV6);
	assert_int_equal(p.tcp.flags, 0xff);
	sf_build_free(l, a);
	sf_build_free(l, b);
	sf_build_free(l, NULL);
}

/* s built from scratch: a frame of another kind built first leaves no
 * TCP header in the context to rewrite. */
static void build_fresh(libnet_t *l, const struct sf_seg_spec *s, uint8_t **frame, uint32_t *len)
{
	struct sf_err err = { "" };
	uint8_t *arp = NULL;
	uint32_t arp_len = 0;

	assert_int_equal(sf_build_arp_request(l, MAC_A, &s->net.src, &s->net.dst, &arp, &arp_len, &err), 0);
	sf_build_free(l, arp);
	build_tcp_ok(l, s, frame, len);
}

/* sf_build_tcp_again (a burst's next segment) gives byte for byte the
 * frame sf_build_tcp builds from scratch, for each seq and ack. */
static void check_again(libnet_t *l, struct sf_seg_spec *s)
{
	static const uint32_t seqs[] = { 0, 1, 0x7fffffff, 0xffffffff };
	struct sf_err err = { "" };
	uint8_t *again = NULL, *fresh = NULL;
	uint32_t alen = 0, flen = 0;
	size_t i;

	build_tcp_ok(l, s, &fresh, &flen);
	sf_build_free(l, fresh);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		s->seq = seqs[i];
		s->ack = ~seqs[i];
		assert_int_equal(sf_build_tcp_again(l, s, &again, &alen, &err), 0);
		build_fresh(l, s, &fresh, &flen);
		assert_int_equal(alen, flen);
		assert_memory_equal(again, fresh, flen);
		sf_build_free(l, again);
		sf_build_free(l, fresh);
	}
}

static void test_build_again_as_fresh(void **state)
{
	libnet_t *l = *state;
	struct sf_seg_spec s;
	static const uint8_t data[] = "burst";
	struct sf_err err = { "" };
	uint8_t *frame = NULL;
	uint32_t len = 0;
	struct sf_packet p;
	int family;

	for (family = 4; family <= 6; family += 2) {
		set_full_spec(&s, family);
		check_again(l, &s);
		s.payload = data;
		s.payload_len = sizeof(data) - 1;
		check_again(l, &s);
		s.csum_mode = SF_CSUM_CORRUPT;
		check_again(l, &s);
	}
	/* Nothing of TCP in the context (an ARP built last): built from scratch. */
	set_full_spec(&s, 4);
	assert_int_equal(sf_build_arp_request(l, MAC_A, &s.net.src, &s.net.dst, &frame, &len, &err), 0);
	sf_build_free(l, frame);
	assert_int_equal(sf_build_tcp_again(l, &s, &frame, &len, &err), 0);
	decode_ok(frame, len, &p);
	assert_int_equal(p.tcp.seq, 0xdeadbeef);
	assert_int_equal(p.tcp.checksum_ok, 1);
	sf_build_free(l, frame);
}

/* sf_build_tcp after a segment of the same shape (addresses, IP header,
 * options, payload length) rewrites only the TCP header, and gives byte
 * for byte the frame built from scratch: whatever the numbers, flags,
 * window or the payload's bytes; and a change of shape builds anew. */
static void test_same_shape_as_fresh(void **state)
{
	libnet_t *l = *state;
	static const uint8_t one[] = "abcd", two[] = "wxyz";
	struct sf_seg_spec s, prev;
	uint8_t *next = NULL, *fresh = NULL;
	uint32_t nlen = 0, flen = 0;
	int family, i;

	for (family = 4; family <= 6; family += 2) {
		set_full_spec(&s, family);
		for (i = 0; i < 6; i++) {
			prev = s;
			s.seq = 1000u + (uint32_t)i * 4;
			s.ack = ~s.seq;
			s.flags = i % 2 ? SF_TCP_ACK | SF_TCP_PSH : SF_TCP_ACK;
			s.window = (uint16_t)(100 * i);
			s.payload = i % 2 ? one : two;
			s.payload_len = 4;
			if (i == 4)
				s.net.ttl = 7; /* a new shape from here */
			if (i == 5)
				s.option_count = 0;
			build_fresh(l, &prev, &next, &nlen); /* the context holds the segment before */
			sf_build_free(l, next);
			build_tcp_ok(l, &s, &next, &nlen); /* its TCP header rewritten, if of its shape */
			build_fresh(l, &s, &fresh, &flen);
			assert_int_equal(nlen, flen);
			assert_memory_equal(next, fresh, flen);
			sf_build_free(l, next);
			sf_build_free(l, fresh);
		}
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_context_builds_without_device, setup, teardown),
		T(test_syn_ipv4_round_trip),
		T(test_syn_ipv6_round_trip),
		T(test_zero_fields_and_default_ttl),
		T(test_each_flag_alone),
		T(test_payload_round_trip),
		T(test_checksum_modes_ipv4),
		T(test_checksum_modes_ipv6),
		T(test_auto_checksum_independent),
		cmocka_unit_test(test_options_encode_exact_bytes),
		cmocka_unit_test(test_options_encode_pads_with_eol),
		cmocka_unit_test(test_options_encode_limit),
		T(test_build_tcp_refuses_long_options),
		T(test_mixed_families_refused),
		T(test_udp_ipv4),
		T(test_udp_ipv6),
		T(test_arp_reply),
		T(test_neighbor_adv),
		T(test_neighbor_solicit),
		T(test_context_reuse),
		T(test_build_again_as_fresh),
		T(test_same_shape_as_fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
