/*
 * test_decode.c - the decoder, field by field.
 *
 * Good frames come from tests/golden/cases.txt (golden.h) and every field
 * they decode to is checked against values written here by hand; bad
 * frames are made by changing one thing in a good one, and each must give
 * -1 and its own exact message. Frames handed to sf_decode() are exact-size
 * heap copies where it matters, so ASan catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "decode.h"
#include "summary.h"
#include "golden.h"

/* ---- helpers ------------------------------------------------------------ */

static void load(const char *name, struct golden_case *gc)
{
	if (golden_find(name, gc) != 0)
		fail_msg("golden case %s not found (exactly once) in %s", name, GOLDEN_FILE);
}

static void decode_ok(const struct golden_case *gc, struct sf_packet *pkt)
{
	struct sf_err err = { "" };

	if (sf_decode(gc->frame, gc->len, pkt, &err) != 0)
		fail_msg("%s: unexpected decode error: %s", gc->name, err.msg);
	assert_int_equal(pkt->frame_len, gc->len);
}

/* Decode an exact-size heap copy; returns sf_decode()'s result. */
static int decode_copy(const uint8_t *frame, size_t len, struct sf_packet *pkt, struct sf_err *err)
{
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	if (len)
		memcpy(copy, frame, len);
	err->msg[0] = '\0';
	rc = sf_decode(copy, len, pkt, err);
	free(copy);
	return rc;
}

static void expect_error(const uint8_t *frame, size_t len, const char *msg)
{
	struct sf_packet pkt;
	struct sf_err err;

	assert_int_equal(decode_copy(frame, len, &pkt, &err), -1);
	assert_string_equal(err.msg, msg);
}

static void assert_addr(const struct sf_addr *a, const char *want)
{
	struct sf_addr w;
	char buf[64];

	assert_int_equal(sf_addr_parse(want, &w), 0);
	assert_int_equal(a->family, w.family);
	assert_string_equal(sf_addr_str(a, buf, sizeof(buf)), want);
	assert_true(sf_addr_equal(a, &w));
}

static void assert_mac(const uint8_t *m, uint8_t last)
{
	const uint8_t want[SF_ETH_ALEN] = { 0x02, 0, 0, 0, 0, last };

	assert_memory_equal(m, want, SF_ETH_ALEN);
}

static void assert_opt(const struct sf_tcp_option *o, uint8_t kind, uint8_t len)
{
	assert_int_equal(o->kind, kind);
	assert_int_equal(o->len, len);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* ---- bytes.h ------------------------------------------------------------ */

static void test_cursor_reads(void **state)
{
	static const uint8_t b[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde };
	struct sf_cursor c, sub;
	const uint8_t *span;
	uint32_t v32;
	uint16_t v16;
	uint8_t v8, out[4];

	(void)state;
	sf_cursor_init(&c, b, sizeof(b));
	assert_true(sf_get_u16(&c, &v16));
	assert_int_equal(v16, 0x1234);
	assert_true(sf_get_u32(&c, &v32));
	assert_int_equal(v32, 0x56789abc);
	assert_int_equal(sf_left(&c), 1);
	/* A read past the end fails, reads nothing and does not move. */
	v32 = 7;
	assert_false(sf_get_u32(&c, &v32));
	assert_int_equal(v32, 7);
	assert_false(sf_get_u16(&c, &v16));
	assert_false(sf_get_bytes(&c, out, 2));
	assert_false(sf_skip(&c, 2));
	assert_false(sf_peek_u8(&c, 1, &v8));
	assert_true(sf_peek_u8(&c, 0, &v8));
	assert_int_equal(v8, 0xde);
	assert_int_equal(c.off, 6);
	assert_true(sf_get_u8(&c, &v8));
	assert_false(sf_get_u8(&c, &v8));
	assert_true(sf_get_bytes(&c, out, 0));
	/* Sub-cursors and spans. */
	sf_cursor_init(&c, b, sizeof(b));
	assert_true(sf_skip(&c, 1));
	assert_true(sf_get_sub(&c, 3, &sub));
	assert_int_equal(sf_left(&sub), 3);
	assert_false(sf_get_u32(&sub, &v32));
	assert_true(sf_get_bytes(&sub, out, 3));
	assert_memory_equal(out, b + 1, 3);
	assert_false(sf_get_sub(&c, 4, &sub));
	assert_true(sf_get_span(&c, 3, &span));
	assert_ptr_equal(span, b + 4);
	assert_int_equal(sf_left(&c), 0);
	/* NULL is an empty buffer. */
	sf_cursor_init(&c, NULL, 10);
	assert_int_equal(sf_left(&c), 0);
	assert_false(sf_get_u8(&c, &v8));
}

/* ---- good frames, every field -------------------------------------------- */

static void test_syn_v4_options(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	const struct sf_tcp *t = &p.tcp;

	(void)state;
	load("syn_v4_options", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(gc.len, 74);
	assert_mac(p.eth_dst, 2);
	assert_mac(p.eth_src, 1);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(p.l3, SF_L3_IPV4);
	assert_int_equal(p.l4, SF_L4_TCP);
	assert_addr(&p.ip.src, "198.18.0.1");
	assert_addr(&p.ip.dst, "198.18.0.2");
	assert_int_equal(p.ip.proto, 6);
	assert_int_equal(p.ip.ttl, 64);
	assert_int_equal(p.ip.tos, 0);
	assert_int_equal(p.ip.id, 0x1234);
	assert_int_equal(p.ip.df, 1);
	assert_int_equal(p.ip.fragment, 0);
	assert_int_equal(p.ip.more_frags, 0);
	assert_int_equal(p.ip.frag_offset, 0);
	assert_int_equal(p.ip.total_len, 60);
	assert_int_equal(p.ip.flow_label, 0);
	assert_int_equal(p.ip.header_checksum_ok, 1);
	assert_int_equal(t->sport, 40000);
	assert_int_equal(t->dport, 80);
	assert_int_equal(t->seq, 1000);
	assert_int_equal(t->ack, 0);
	assert_int_equal(t->doff, 10);
	assert_int_equal(t->flags, SF_TCP_SYN);
	assert_int_equal(t->reserved, 0);
	assert_int_equal(t->window, 64240);
	assert_int_equal(t->checksum, 0x206e);
	assert_int_equal(t->checksum_ok, 1);
	assert_int_equal(t->urgent, 0);
	assert_int_equal(t->option_count, 5);
	assert_opt(&t->options[0], SF_TCPOPT_MSS, 4);
	assert_int_equal(t->options[0].v.mss, 1460);
	assert_int_equal(t->options[0].data[0], 0x05);
	assert_int_equal(t->options[0].data[1], 0xb4);
	assert_opt(&t->options[1], SF_TCPOPT_SACK_PERM, 2);
	assert_opt(&t->options[2], SF_TCPOPT_TIMESTAMP, 10);
	assert_int_equal(t->options[2].v.ts.val, 1);
	assert_int_equal(t->options[2].v.ts.ecr, 0);
	assert_opt(&t->options[3], SF_TCPOPT_NOP, 1);
	assert_opt(&t->options[4], SF_TCPOPT_WSCALE, 3);
	assert_int_equal(t->options[4].v.wscale, 7);
	assert_int_equal(t->payload_len, 0);
	assert_ptr_equal(t->payload, gc.frame + 74);
}

static void test_synack_v6(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	const struct sf_tcp *t = &p.tcp;

	(void)state;
	load("synack_v6", &gc);
	decode_ok(&gc, &p);
	assert_mac(p.eth_dst, 1);
	assert_mac(p.eth_src, 2);
	assert_int_equal(p.ethertype, 0x86dd);
	assert_int_equal(p.l3, SF_L3_IPV6);
	assert_int_equal(p.l4, SF_L4_TCP);
	assert_addr(&p.ip.src, "2001:2::2");
	assert_addr(&p.ip.dst, "2001:2::1");
	assert_int_equal(p.ip.proto, 6);
	assert_int_equal(p.ip.ttl, 64);
	assert_int_equal(p.ip.tos, 0x28);
	assert_int_equal(p.ip.flow_label, 0x12345);
	assert_int_equal(p.ip.total_len, 72);
	assert_int_equal(p.ip.header_checksum_ok, 1);
	assert_int_equal(p.ip.fragment, 0);
	assert_int_equal(t->sport, 80);
	assert_int_equal(t->dport, 40000);
	assert_int_equal(t->seq, 5000);
	assert_int_equal(t->ack, 1001);
	assert_int_equal(t->flags, SF_TCP_SYN | SF_TCP_ACK);
	assert_int_equal(t->window, 65535);
	assert_int_equal(t->doff, 8);
	assert_int_equal(t->checksum, 0x7c09);
	assert_int_equal(t->checksum_ok, 1);
	/* EOL ends the list: the 0x02 after it is padding, not an MSS. */
	assert_int_equal(t->option_count, 5);
	assert_opt(&t->options[0], SF_TCPOPT_MSS, 4);
	assert_int_equal(t->options[0].v.mss, 1440);
	assert_opt(&t->options[1], SF_TCPOPT_NOP, 1);
	assert_opt(&t->options[2], SF_TCPOPT_WSCALE, 3);
	assert_int_equal(t->options[2].v.wscale, 8);
	assert_opt(&t->options[3], SF_TCPOPT_SACK_PERM, 2);
	assert_opt(&t->options[4], SF_TCPOPT_EOL, 1);
	assert_int_equal(t->payload_len, 0);
}

static void test_rstack_v4(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("rstack_v4", &gc);
	decode_ok(&gc, &p);
	assert_addr(&p.ip.src, "198.18.0.2");
	assert_addr(&p.ip.dst, "198.18.0.1");
	assert_int_equal(p.ip.id, 0);
	assert_int_equal(p.ip.df, 1);
	assert_int_equal(p.ip.total_len, 40);
	assert_int_equal(p.tcp.flags, SF_TCP_RST | SF_TCP_ACK);
	assert_int_equal(p.tcp.seq, 0);
	assert_int_equal(p.tcp.ack, 1001);
	assert_int_equal(p.tcp.window, 0);
	assert_int_equal(p.tcp.doff, 5);
	assert_int_equal(p.tcp.option_count, 0);
	assert_int_equal(p.tcp.checksum_ok, 1);
	assert_int_equal(p.tcp.payload_len, 0);
}

static void test_finack_payload(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("finack_payload_v4", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.total_len, 64);
	assert_int_equal(p.ip.id, 0x1235);
	assert_int_equal(p.tcp.flags, SF_TCP_FIN | SF_TCP_ACK);
	assert_int_equal(p.tcp.seq, 1001);
	assert_int_equal(p.tcp.ack, 5001);
	assert_int_equal(p.tcp.window, 502);
	assert_int_equal(p.tcp.doff, 8);
	assert_int_equal(p.tcp.option_count, 3);
	assert_opt(&p.tcp.options[0], SF_TCPOPT_NOP, 1);
	assert_opt(&p.tcp.options[1], SF_TCPOPT_NOP, 1);
	assert_opt(&p.tcp.options[2], SF_TCPOPT_TIMESTAMP, 10);
	assert_int_equal(p.tcp.options[2].v.ts.val, 100);
	assert_int_equal(p.tcp.options[2].v.ts.ecr, 200);
	assert_int_equal(p.tcp.checksum_ok, 1);
	assert_int_equal(p.tcp.payload_len, 12);
	assert_ptr_equal(p.tcp.payload, gc.frame + 66);
	assert_memory_equal(p.tcp.payload, "hello synfin", 12);
}

static void test_arp(void **state)
{
	static const uint8_t bcast[SF_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[SF_ETH_ALEN] = { 0 };
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("arp_request_padded", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.frame_len, 60);
	assert_memory_equal(p.eth_dst, bcast, SF_ETH_ALEN);
	assert_mac(p.eth_src, 1);
	assert_int_equal(p.ethertype, 0x0806);
	assert_int_equal(p.l3, SF_L3_ARP);
	assert_int_equal(p.l4, SF_L4_NONE);
	assert_int_equal(p.arp.op, 1);
	assert_mac(p.arp.sha, 1);
	assert_addr(&p.arp.spa, "198.18.0.1");
	assert_memory_equal(p.arp.tha, zero, SF_ETH_ALEN);
	assert_addr(&p.arp.tpa, "198.18.0.2");

	load("arp_reply", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l3, SF_L3_ARP);
	assert_int_equal(p.arp.op, 2);
	assert_mac(p.arp.sha, 2);
	assert_addr(&p.arp.spa, "198.18.0.2");
	assert_mac(p.arp.tha, 1);
	assert_addr(&p.arp.tpa, "198.18.0.1");
}

static void test_icmp_port_unreachable(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	const struct sf_icmp *ic = &p.icmp;

	(void)state;
	load("icmp_port_unreach_udp", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l4, SF_L4_ICMP);
	assert_addr(&p.ip.src, "198.18.0.2");
	assert_addr(&p.ip.dst, "198.18.0.1");
	assert_int_equal(p.ip.proto, 1);
	assert_int_equal(p.ip.tos, 0xc0);
	assert_int_equal(p.ip.df, 0);
	assert_int_equal(ic->v6, 0);
	assert_int_equal(ic->type, 3);
	assert_int_equal(ic->code, 3);
	assert_int_equal(ic->checksum, 0x6813);
	assert_int_equal(ic->checksum_ok, 1);
	assert_int_equal(ic->mtu, 0);
	assert_int_equal(ic->has_inner, 1);
	assert_addr(&ic->inner_src, "198.18.0.1");
	assert_addr(&ic->inner_dst, "198.18.0.2");
	assert_int_equal(ic->inner_proto, 17);
	assert_int_equal(ic->inner_sport, 40000);
	assert_int_equal(ic->inner_dport, 9999);
	assert_int_equal(ic->inner_seq, 0);
	assert_int_equal(ic->has_nd_lladdr, 0);
}

static void test_icmp_frag_needed(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	const struct sf_icmp *ic = &p.icmp;

	(void)state;
	load("icmp_frag_needed_tcp", &gc);
	decode_ok(&gc, &p);
	assert_addr(&p.ip.src, "198.19.255.254");
	assert_int_equal(p.ip.ttl, 255);
	assert_int_equal(p.l4, SF_L4_ICMP);
	assert_int_equal(ic->type, 3);
	assert_int_equal(ic->code, 4);
	assert_int_equal(ic->checksum_ok, 1);
	assert_int_equal(ic->mtu, 296);
	assert_int_equal(ic->has_inner, 1);
	assert_addr(&ic->inner_src, "198.18.0.1");
	assert_addr(&ic->inner_dst, "198.18.0.2");
	assert_int_equal(ic->inner_proto, 6);
	assert_int_equal(ic->inner_sport, 40000);
	assert_int_equal(ic->inner_dport, 80);
	assert_int_equal(ic->inner_seq, 1001);
}

/* A quoted later fragment starts with data, not a transport header. */
static void test_quoted_later_fragment(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("icmp_frag_needed_tcp", &gc);
	put16(gc.frame + 42 + 6, 185); /* quoted IP: offset 1480 */
	decode_ok(&gc, &p);
	assert_int_equal(p.icmp.has_inner, 1);
	assert_int_equal(p.icmp.inner_proto, 6);
	assert_int_equal(p.icmp.inner_sport, 0);
	assert_int_equal(p.icmp.inner_dport, 0);
	assert_int_equal(p.icmp.inner_seq, 0);
	assert_int_equal(p.icmp.checksum_ok, 0);

	/* IPv6: the quoted TCP header now reads as a fragment header whose
	 * offset (the low bits of port 80) is not zero. */
	load("icmp6_packet_too_big", &gc);
	gc.frame[62 + 6] = 44;
	decode_ok(&gc, &p);
	assert_int_equal(p.icmp.has_inner, 1);
	assert_int_equal(p.icmp.inner_proto, 0x9c);
	assert_int_equal(p.icmp.inner_sport, 0);
	assert_int_equal(p.icmp.inner_dport, 0);
}

static void test_icmp6_packet_too_big(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	const struct sf_icmp *ic = &p.icmp;

	(void)state;
	load("icmp6_packet_too_big", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l3, SF_L3_IPV6);
	assert_int_equal(p.l4, SF_L4_ICMP);
	assert_addr(&p.ip.src, "2001:2::fe");
	assert_addr(&p.ip.dst, "2001:2::1");
	assert_int_equal(p.ip.proto, 58);
	assert_int_equal(p.ip.ttl, 255);
	assert_int_equal(ic->v6, 1);
	assert_int_equal(ic->type, 2);
	assert_int_equal(ic->code, 0);
	assert_int_equal(ic->checksum, 0x796a);
	assert_int_equal(ic->checksum_ok, 1);
	assert_int_equal(ic->mtu, 1280);
	assert_int_equal(ic->has_inner, 1);
	assert_addr(&ic->inner_src, "2001:2::1");
	assert_addr(&ic->inner_dst, "2001:2::2");
	assert_int_equal(ic->inner_proto, 6);
	assert_int_equal(ic->inner_sport, 40000);
	assert_int_equal(ic->inner_dport, 80);
	assert_int_equal(ic->inner_seq, 7001);
}

static void test_icmp6_port_unreachable(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	const struct sf_icmp *ic = &p.icmp;

	(void)state;
	load("icmp6_port_unreach", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(ic->v6, 1);
	assert_int_equal(ic->type, 1);
	assert_int_equal(ic->code, 4);
	assert_int_equal(ic->checksum_ok, 1);
	assert_int_equal(ic->mtu, 0);
	assert_int_equal(ic->has_inner, 1);
	assert_addr(&ic->inner_src, "2001:2::1");
	assert_addr(&ic->inner_dst, "2001:2::2");
	assert_int_equal(ic->inner_proto, 17);
	assert_int_equal(ic->inner_sport, 40000);
	assert_int_equal(ic->inner_dport, 9999);
}

static void test_neighbor_discovery(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("icmp6_neighbor_solicit", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.ttl, 255);
	assert_int_equal(p.icmp.type, 135);
	assert_int_equal(p.icmp.code, 0);
	assert_int_equal(p.icmp.checksum, 0x1595);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_addr(&p.icmp.nd_target, "2001:2::2");
	assert_int_equal(p.icmp.has_nd_lladdr, 1);
	assert_mac(p.icmp.nd_lladdr, 1);
	assert_int_equal(p.icmp.has_inner, 0);

	load("icmp6_neighbor_advert", &gc);
	decode_ok(&gc, &p);
	assert_addr(&p.ip.src, "2001:2::2");
	assert_int_equal(p.icmp.type, 136);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_addr(&p.icmp.nd_target, "2001:2::2");
	assert_int_equal(p.icmp.has_nd_lladdr, 1);
	assert_mac(p.icmp.nd_lladdr, 2);
}

static void test_ipv6_extension_headers(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("ipv6_hopbyhop_tcp", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l4, SF_L4_TCP);
	assert_int_equal(p.ip.proto, 6); /* the upper layer, not 0 */
	assert_int_equal(p.ip.total_len, 68);
	assert_int_equal(p.tcp.sport, 40000);
	assert_int_equal(p.tcp.dport, 80);
	assert_int_equal(p.tcp.seq, 1001);
	assert_int_equal(p.tcp.ack, 5001);
	assert_int_equal(p.tcp.flags, SF_TCP_ACK);
	assert_int_equal(p.tcp.checksum_ok, 1);
	assert_int_equal(p.tcp.payload_len, 0);

	load("udp_v6_dstopts_routing", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l4, SF_L4_UDP);
	assert_int_equal(p.ip.proto, 17);
	assert_int_equal(p.udp.sport, 40000);
	assert_int_equal(p.udp.dport, 9999);
	assert_int_equal(p.udp.len, 11);
}

/* 60 bytes on the wire, 40 of them IP: the 6 bytes of 0xaa padding are
 * not payload and not summed (they would break the checksum). */
static void test_ethernet_padding(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("ipv4_ethernet_padded", &gc);
	assert_int_equal(gc.len, 60);
	assert_int_equal(gc.frame[59], 0xaa);
	decode_ok(&gc, &p);
	assert_int_equal(p.frame_len, 60);
	assert_int_equal(p.ip.total_len, 40);
	assert_int_equal(p.l4, SF_L4_TCP);
	assert_int_equal(p.tcp.payload_len, 0);
	assert_ptr_equal(p.tcp.payload, gc.frame + 54);
	assert_int_equal(p.tcp.checksum_ok, 1);
	assert_int_equal(p.ip.header_checksum_ok, 1);
}

static void test_vlan(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("vlan_syn_v4", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(p.l3, SF_L3_IPV4);
	assert_int_equal(p.tcp.sport, 40001);
	assert_int_equal(p.tcp.dport, 443);
	assert_int_equal(p.tcp.seq, 0xfffffff0u);
	assert_int_equal(p.tcp.flags, SF_TCP_SYN | SF_TCP_ECE | SF_TCP_CWR);
	assert_int_equal(p.tcp.window, 29200);
	assert_int_equal(p.tcp.option_count, 1);
	assert_int_equal(p.tcp.options[0].v.mss, 1460);
	assert_int_equal(p.tcp.checksum_ok, 1);
}

static void test_udp(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("udp_v4", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l4, SF_L4_UDP);
	assert_int_equal(p.udp.sport, 40000);
	assert_int_equal(p.udp.dport, 9999);
	assert_int_equal(p.udp.len, 12);
	assert_int_equal(p.udp.checksum, 0xeb97);
}

static void test_sack_option(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("ack_sack_v4", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.tcp.option_count, 3);
	assert_opt(&p.tcp.options[2], SF_TCPOPT_SACK, 18);
	assert_int_equal(p.tcp.options[2].v.sack.count, 2);
	assert_int_equal(p.tcp.options[2].v.sack.left[0], 2001);
	assert_int_equal(p.tcp.options[2].v.sack.right[0], 3001);
	assert_int_equal(p.tcp.options[2].v.sack.left[1], 4001);
	assert_int_equal(p.tcp.options[2].v.sack.right[1], 5001);
}

static void test_urgent_and_unknown_option(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("psh_urg_unknown_opt_v4", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.tcp.flags, SF_TCP_PSH | SF_TCP_ACK | SF_TCP_URG);
	assert_int_equal(p.tcp.urgent, 3);
	assert_int_equal(p.tcp.seq, 4294967290u);
	assert_int_equal(p.tcp.option_count, 1);
	assert_opt(&p.tcp.options[0], 254, 4);
	assert_int_equal(p.tcp.options[0].data[0], 0x12);
	assert_int_equal(p.tcp.options[0].data[1], 0x34);
	assert_int_equal(p.tcp.payload_len, 10);
	assert_memory_equal(p.tcp.payload, "0123456789", 10);
}

static void test_reserved_bits_echo_and_unknown_protocols(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("tcp_reserved_bits_v4", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.tcp.reserved, 5);
	assert_int_equal(p.tcp.flags, SF_TCP_ACK);
	assert_int_equal(p.tcp.doff, 5);
	assert_int_equal(p.tcp.checksum_ok, 1);

	load("icmp_echo_request", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.icmp.type, 8);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_int_equal(p.icmp.has_inner, 0);

	load("lldp_unknown_ethertype", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ethertype, 0x88cc);
	assert_int_equal(p.l3, SF_L3_NONE);
	assert_int_equal(p.l4, SF_L4_NONE);

	/* Unknown protocols are not errors either. */
	load("gre_v4_unknown_proto", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l3, SF_L3_IPV4);
	assert_int_equal(p.ip.proto, 47);
	assert_int_equal(p.l4, SF_L4_OTHER);
	assert_int_equal(p.ip.header_checksum_ok, 1);
	load("ipv6_no_next_header", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.proto, 59);
	assert_int_equal(p.ip.total_len, 40);
	assert_int_equal(p.l4, SF_L4_NONE);
}

static void test_fragments(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("ipv4_first_fragment_udp", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.id, 0x4660);
	assert_int_equal(p.ip.fragment, 1);
	assert_int_equal(p.ip.more_frags, 1);
	assert_int_equal(p.ip.frag_offset, 0);
	assert_int_equal(p.ip.df, 0);
	assert_int_equal(p.l4, SF_L4_UDP);
	assert_int_equal(p.udp.len, 2008);

	load("ipv4_later_fragment", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.fragment, 1);
	assert_int_equal(p.ip.more_frags, 0);
	assert_int_equal(p.ip.frag_offset, 1480);
	assert_int_equal(p.ip.proto, 17);
	assert_int_equal(p.l4, SF_L4_NONE);
	assert_int_equal(p.udp.sport, 0);

	load("ipv6_later_fragment", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.fragment, 1);
	assert_int_equal(p.ip.frag_offset, 1448);
	assert_int_equal(p.ip.more_frags, 0);
	assert_int_equal(p.ip.proto, 6);
	assert_int_equal(p.l4, SF_L4_NONE);
}

/* A first fragment's transport checksum covers bytes that are not in it:
 * not verified, reported good, ip.fragment says why. */
static void test_first_fragment_checksum_unverified(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("finack_payload_v4", &gc);
	gc.frame[20] |= 0x20; /* MF */
	gc.frame[gc.len - 1] ^= 0xff;
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.fragment, 1);
	assert_int_equal(p.ip.more_frags, 1);
	assert_int_equal(p.ip.header_checksum_ok, 0);
	assert_int_equal(p.l4, SF_L4_TCP);
	assert_int_equal(p.tcp.checksum_ok, 1);
	gc.frame[21] = 1; /* offset 8: a later fragment */
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.frag_offset, 8);
	assert_int_equal(p.l4, SF_L4_NONE);
}

/* sf_decode() starts from a clean struct every time. */
static void test_packet_is_reset(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("finack_payload_v4", &gc);
	decode_ok(&gc, &p);
	load("arp_reply", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.l4, SF_L4_NONE);
	assert_int_equal(p.tcp.seq, 0);
	assert_int_equal(p.tcp.option_count, 0);
	assert_null(p.tcp.payload);
	assert_int_equal(p.ip.src.family, 0);
}

/* ---- checksums -------------------------------------------------------- */

static void test_bad_checksums_flagged(void **state)
{
	struct golden_case gc;
	struct sf_packet p;

	(void)state;
	load("bad_tcp_checksum", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.tcp.checksum_ok, 0);
	assert_int_equal(p.ip.header_checksum_ok, 1);
	load("bad_ip_checksum", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.ip.header_checksum_ok, 0);
	assert_int_equal(p.tcp.checksum_ok, 1);
	load("bad_icmp_checksum", &gc);
	decode_ok(&gc, &p);
	assert_int_equal(p.icmp.checksum_ok, 0);
}

/*
 * Flip each byte from `from` to the end of a good frame in turn: the frame
 * either no longer decodes or the checksum covering that byte reads bad.
 * Returns how many flips still decoded, so callers can insist that the
 * checksum, not the error path, did the work.
 */
static int flip_each(const char *name, size_t from, size_t to, int (*ok)(const struct sf_packet *))
{
	struct golden_case gc;
	struct sf_packet p;
	struct sf_err err;
	int decoded = 0;
	size_t i;

	load(name, &gc);
	for (i = from; i < to; i++) {
		gc.frame[i] ^= 0x01;
		if (decode_copy(gc.frame, gc.len, &p, &err) == 0) {
			decoded++;
			if (ok(&p))
				fail_msg("%s: flipping byte %zu went unnoticed", name, i);
		}
		gc.frame[i] ^= 0x01;
	}
	return decoded;
}

static int tcp_ok(const struct sf_packet *p) { return p->l4 == SF_L4_TCP && p->tcp.checksum_ok; }
static int ip_ok(const struct sf_packet *p) { return p->ip.header_checksum_ok; }
static int icmp_ok(const struct sf_packet *p) { return p->l4 == SF_L4_ICMP && p->icmp.checksum_ok; }

static void test_every_flipped_byte_is_caught(void **state)
{
	(void)state;
	/* TCP segment, and the addresses of the pseudo-header. The counts are
	 * the flips that still decode (the others break an option or a
	 * length): the checksum, not the error path, must catch those. */
	assert_true(flip_each("syn_v4_options", 34, 74, tcp_ok) >= 33);
	assert_true(flip_each("syn_v4_options", 26, 34, tcp_ok) == 8);
	assert_true(flip_each("finack_payload_v4", 34, 78, tcp_ok) >= 43);
	assert_true(flip_each("synack_v6", 22, 86, tcp_ok) >= 57);
	/* IPv4 header. */
	assert_true(flip_each("rstack_v4", 14, 34, ip_ok) >= 17);
	/* ICMP and ICMPv6 messages, quoted datagram included. */
	assert_true(flip_each("icmp_frag_needed_tcp", 34, 70, icmp_ok) == 36);
	assert_true(flip_each("icmp6_packet_too_big", 54, 122, icmp_ok) == 68);
	assert_true(flip_each("icmp6_neighbor_advert", 54, 86, icmp_ok) >= 31);
}

/* ---- malformed frames --------------------------------------------------- */

static void test_malformed_ethernet_and_arp(void **state)
{
	struct golden_case gc;
	struct sf_packet p;
	struct sf_err err;

	(void)state;
	expect_error(NULL, 0, "frame: 0 bytes is shorter than an Ethernet header (14)");
	load("arp_reply", &gc);
	expect_error(gc.frame, 13, "frame: 13 bytes is shorter than an Ethernet header (14)");
	expect_error(gc.frame, 19, "arp: 5 bytes is shorter than the fixed header (6)");
	expect_error(gc.frame, 21, "arp: 7 bytes is shorter than an Ethernet/IPv4 ARP packet (28)");
	expect_error(gc.frame, 41, "arp: 27 bytes is shorter than an Ethernet/IPv4 ARP packet (28)");
	gc.frame[18] = 8;
	expect_error(gc.frame, gc.len, "arp: address lengths 8/4, expected 6/4 for Ethernet/IPv4");
	load("arp_reply", &gc);
	gc.frame[15] = 6; /* IEEE 802 hardware: not ours, not an error */
	assert_int_equal(decode_copy(gc.frame, gc.len, &p, &err), 0);
	assert_int_equal(p.l3, SF_L3_NONE);
	load("vlan_syn_v4", &gc);
	expect_error(gc.frame, 17, "vlan: 3 bytes after the Ethernet header is shorter than an 802.1Q tag (4)");
}

static void test_malformed_ipv4(void **state)
{
	struct golden_case gc;

	(void)state;
	load("syn_v4_options", &gc);
	expect_error(gc.frame, 33, "ipv4: 19 bytes is shorter than the minimum header (20)");
	expect_error(gc.frame, 73, "ipv4: total length 60 exceeds the 59 bytes captured");
	gc.frame[14] = 0x44;
	expect_error(gc.frame, gc.len, "ipv4: header length 16 bytes is below 20");
	gc.frame[14] = 0x40;
	expect_error(gc.frame, gc.len, "ipv4: header length 0 bytes is below 20");
	gc.frame[14] = 0x65;
	expect_error(gc.frame, gc.len, "ipv4: version 6 in an IPv4 (0x0800) frame");
	load("rstack_v4", &gc);
	gc.frame[14] = 0x4f;
	expect_error(gc.frame, gc.len, "ipv4: total length 40 is below the header length 60");
	load("rstack_v4", &gc);
	put16(gc.frame + 16, 19);
	expect_error(gc.frame, gc.len, "ipv4: total length 19 is below the header length 20");
}

static void test_malformed_tcp(void **state)
{
	struct golden_case gc;

	(void)state;
	load("syn_v4_options", &gc);
	gc.frame[46] = 0x40;
	expect_error(gc.frame, gc.len, "tcp: data offset 4 words is below the minimum 5");
	gc.frame[46] = 0x00;
	expect_error(gc.frame, gc.len, "tcp: data offset 0 words is below the minimum 5");
	gc.frame[46] = 0xf0;
	expect_error(gc.frame, gc.len,
		     "tcp: data offset 15 words (60 bytes) runs past the end of the 40-byte segment");
	load("rstack_v4", &gc);
	gc.frame[46] = 0x60;
	expect_error(gc.frame, gc.len,
		     "tcp: data offset 6 words (24 bytes) runs past the end of the 20-byte segment");
	load("rstack_v4", &gc);
	put16(gc.frame + 16, 39);
	expect_error(gc.frame, gc.len, "tcp: 19 bytes is shorter than the minimum header (20)");
	/* An option error surfaces through sf_decode() too. */
	load("syn_v4_options", &gc);
	gc.frame[55] = 3; /* MSS length */
	expect_error(gc.frame, gc.len, "tcp: option kind 2 (MSS) has length 3, expected 4");
}

static void test_malformed_udp_icmp(void **state)
{
	struct golden_case gc;

	(void)state;
	load("udp_v4", &gc);
	put16(gc.frame + 16, 26);
	expect_error(gc.frame, gc.len, "udp: 6 bytes is shorter than the header (8)");
	load("icmp_echo_request", &gc);
	put16(gc.frame + 16, 24);
	expect_error(gc.frame, gc.len, "icmp: 4 bytes is shorter than the header (8)");
	load("icmp6_neighbor_solicit", &gc);
	put16(gc.frame + 18, 6);
	expect_error(gc.frame, 60, "icmp6: 6 bytes is shorter than the header (8)");
	put16(gc.frame + 18, 20);
	expect_error(gc.frame, 74, "icmp6: neighbor solicitation of 20 bytes is shorter than 24");
	put16(gc.frame + 18, 25);
	expect_error(gc.frame, 79, "icmp6: nd option cut short, 1 byte(s) left");
	load("icmp6_neighbor_solicit", &gc);
	gc.frame[79] = 2; /* option length 16 bytes, 8 present */
	expect_error(gc.frame, gc.len,
		     "icmp6: nd option type 1 of 16 bytes runs past the end of the message (8 bytes left)");
	gc.frame[79] = 0;
	expect_error(gc.frame, gc.len, "icmp6: nd option type 1 has length 0");
}

/* An IPv6 frame from 2001:2::1 to 2001:2::2 with this payload. */
static size_t v6_frame(uint8_t *f, uint8_t nh, const uint8_t *payload, size_t len)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd };
	struct sf_addr s, d;

	sf_addr_parse("2001:2::1", &s);
	sf_addr_parse("2001:2::2", &d);
	memcpy(f, eth, sizeof(eth));
	memset(f + 14, 0, 40);
	f[14] = 0x60;
	put16(f + 18, (uint16_t)len);
	f[20] = nh;
	f[21] = 64;
	memcpy(f + 22, s.bytes, 16);
	memcpy(f + 38, d.bytes, 16);
	memcpy(f + 54, payload, len);
	return 54 + len;
}

/* n destination-options headers (8 bytes each, one PadN) then UDP. */
static size_t dstopts_chain(uint8_t *f, int n)
{
	static const uint8_t udp[8] = { 0x9c, 0x40, 0x27, 0x0f, 0, 8, 0, 0 };
	uint8_t payload[128];
	int i;

	for (i = 0; i < n; i++) {
		static const uint8_t padn[8] = { 0, 0, 1, 4, 0, 0, 0, 0 };

		memcpy(payload + 8 * i, padn, 8);
		payload[8 * i] = i + 1 < n ? 60 : 17;
	}
	memcpy(payload + 8 * n, udp, sizeof(udp));
	return v6_frame(f, 60, payload, 8u * (unsigned)n + 8);
}

static void test_malformed_ipv6(void **state)
{
	static const uint8_t one[1] = { 6 }, four[4] = { 6, 0, 0, 0 };
	struct golden_case gc;
	struct sf_packet p;
	struct sf_err err;
	uint8_t f[256];
	size_t n;

	(void)state;
	load("synack_v6", &gc);
	expect_error(gc.frame, 53, "ipv6: 39 bytes is shorter than the header (40)");
	expect_error(gc.frame, gc.len - 1, "ipv6: payload length 32 exceeds the 31 bytes captured after the header");
	gc.frame[14] = 0x40;
	expect_error(gc.frame, gc.len, "ipv6: version 4 in an IPv6 (0x86dd) frame");
	load("ipv6_hopbyhop_tcp", &gc);
	gc.frame[55] = 10;
	expect_error(gc.frame, gc.len,
		     "ipv6: hop-by-hop options header of 88 bytes runs past the end of the payload (28 bytes left)");
	n = v6_frame(f, 0, one, 1);
	expect_error(f, n, "ipv6: hop-by-hop options header runs past the end of the payload (1 bytes left)");
	n = v6_frame(f, 44, four, 4);
	expect_error(f, n, "ipv6: fragment header runs past the end of the payload (8 bytes needed)");
	/* The walk is bounded: 8 extension headers are fine, 9 are not. */
	n = dstopts_chain(f, 8);
	assert_int_equal(decode_copy(f, n, &p, &err), 0);
	assert_int_equal(p.l4, SF_L4_UDP);
	assert_int_equal(p.udp.dport, 9999);
	n = dstopts_chain(f, 9);
	expect_error(f, n, "ipv6: more than 8 extension headers");
}

/* Every error names its layer first. */
static void assert_layer_prefix(const char *msg)
{
	regex_t re;

	assert_int_equal(regcomp(&re, "^(frame|vlan|arp|ipv4|ipv6|tcp|udp|icmp|icmp6): [a-z0-9]", REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&re, msg, 0, NULL, 0) != 0)
		fail_msg("error message without a layer: \"%s\"", msg);
	regfree(&re);
}

/* How much of the frame the decoder needs: Ethernet (+802.1Q) plus the
 * IP datagram or the ARP packet; anything after that is padding. */
static size_t needed(const struct golden_case *gc, const struct sf_packet *p)
{
	size_t eth = gc->frame[12] == 0x81 && gc->frame[13] == 0x00 ? 18 : 14;

	switch (p->l3) {
	case SF_L3_IPV4:
	case SF_L3_IPV6:
		return eth + p->ip.total_len;
	case SF_L3_ARP:
		return eth + 28;
	default:
		return eth;
	}
}

static void truncate_case(const struct golden_case *gc, void *arg)
{
	char full[512], got[512];
	struct sf_packet p;
	struct sf_err err;
	size_t len, need;
	int *count = arg;

	if (decode_copy(gc->frame, gc->len, &p, &err) < 0)
		return; /* the malformed cases are truncated already */
	sf_packet_summary(&p, full, sizeof(full));
	need = needed(gc, &p);
	for (len = 0; len < gc->len; len++) {
		int rc = decode_copy(gc->frame, len, &p, &err);

		if (len < need && rc != -1)
			fail_msg("%s: %zu of %zu bytes decoded", gc->name, len, need);
		if (len < need) {
			assert_layer_prefix(err.msg);
			continue;
		}
		if (rc != 0)
			fail_msg("%s: %zu bytes (%zu needed): %s", gc->name, len, need, err.msg);
		sf_packet_summary(&p, got, sizeof(got));
		if (p.l3 != SF_L3_NONE) /* else the line carries the frame length */
			assert_string_equal(got, full);
	}
	(*count)++;
}

/* Every prefix of every good frame: an error naming its layer while the
 * frame is short of what its headers promise, the same packet after. */
static void test_every_truncation(void **state)
{
	int count = 0;

	(void)state;
	assert_true(golden_each(truncate_case, &count) > 0);
	assert_true(count >= 25);
}

/* ---- TCP options, directly ---------------------------------------------- */

static void expect_opt_error(const uint8_t *opts, size_t n, const char *msg)
{
	struct sf_tcp t;
	struct sf_err err = { "" };
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, opts, n);
	rc = sf_decode_tcp_options(copy, n, &t, &err);
	free(copy);
	assert_int_equal(rc, -1);
	assert_string_equal(err.msg, msg);
}

static void test_option_length_errors(void **state)
{
	uint8_t sack5[42] = { 5, 42 };

	(void)state;
	expect_opt_error((const uint8_t[]){ 0xfe, 0 }, 2, "tcp: option kind 254 has length 0, below the minimum 2");
	expect_opt_error((const uint8_t[]){ 0xfe, 1 }, 2, "tcp: option kind 254 has length 1, below the minimum 2");
	expect_opt_error((const uint8_t[]){ 2, 3, 5 }, 3, "tcp: option kind 2 (MSS) has length 3, expected 4");
	expect_opt_error((const uint8_t[]){ 2, 0 }, 2, "tcp: option kind 2 (MSS) has length 0, expected 4");
	expect_opt_error((const uint8_t[]){ 3, 4, 7, 0 }, 4, "tcp: option kind 3 (WSCALE) has length 4, expected 3");
	expect_opt_error((const uint8_t[]){ 4, 3, 0 }, 3, "tcp: option kind 4 (SACK_PERM) has length 3, expected 2");
	expect_opt_error((const uint8_t[]){ 8, 8, 0, 0, 0, 0, 0, 0 }, 8,
			 "tcp: option kind 8 (TIMESTAMP) has length 8, expected 10");
	expect_opt_error(sack5, sizeof(sack5),
			 "tcp: option kind 5 (SACK) has length 42, expected 2+8n with n from 1 to 4");
	expect_opt_error((const uint8_t[]){ 5, 2 }, 2,
			 "tcp: option kind 5 (SACK) has length 2, expected 2+8n with n from 1 to 4");
	expect_opt_error((const uint8_t[]){ 5, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 11,
			 "tcp: option kind 5 (SACK) has length 11, expected 2+8n with n from 1 to 4");
}

static void test_option_framing_errors(void **state)
{
	uint8_t nops[41], big[50] = { 0xfd, 41 };

	(void)state;
	expect_opt_error((const uint8_t[]){ 1, 1, 8, 10, 0, 0, 0, 1 }, 8,
			 "tcp: option kind 8 (TIMESTAMP) has length 10, running past the end of the options (6 bytes left)");
	expect_opt_error((const uint8_t[]){ 1, 2 }, 2,
			 "tcp: option kind 2 (MSS) has no length byte before the end of the options");
	expect_opt_error((const uint8_t[]){ 0xfd }, 1,
			 "tcp: option kind 253 has no length byte before the end of the options");
	memset(nops, SF_TCPOPT_NOP, sizeof(nops));
	expect_opt_error(nops, 41, "tcp: more than 40 options");
	expect_opt_error(big, sizeof(big), "tcp: option kind 253 has length 41, longer than a TCP header can hold");
}

static void test_option_values(void **state)
{
	static const uint8_t opts[] = {
		5, 34, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
		0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0x10, 0, 0, 0, 7, 0, 0, 0, 8,
		0xfd, 6, 'a', 'b', 'c', 'd',
	};
	static const uint8_t eol_stops[] = { 0, 2, 3 };
	uint8_t nops[40];
	struct sf_tcp t;
	struct sf_err err;

	(void)state;
	assert_int_equal(sf_decode_tcp_options(opts, sizeof(opts), &t, &err), 0);
	assert_int_equal(t.option_count, 2);
	assert_opt(&t.options[0], SF_TCPOPT_SACK, 34);
	assert_int_equal(t.options[0].v.sack.count, 4);
	assert_int_equal(t.options[0].v.sack.left[0], 1);
	assert_int_equal(t.options[0].v.sack.right[0], 2);
	assert_int_equal(t.options[0].v.sack.left[1], 3);
	assert_int_equal(t.options[0].v.sack.right[1], 4);
	assert_int_equal(t.options[0].v.sack.left[2], 0xfffffff0u);
	assert_int_equal(t.options[0].v.sack.right[2], 0x10);
	assert_int_equal(t.options[0].v.sack.left[3], 7);
	assert_int_equal(t.options[0].v.sack.right[3], 8);
	assert_opt(&t.options[1], 0xfd, 6);
	assert_memory_equal(t.options[1].data, "abcd", 4);

	assert_int_equal(sf_decode_tcp_options(eol_stops, sizeof(eol_stops), &t, &err), 0);
	assert_int_equal(t.option_count, 1);
	assert_opt(&t.options[0], SF_TCPOPT_EOL, 1);

	memset(nops, SF_TCPOPT_NOP, sizeof(nops));
	assert_int_equal(sf_decode_tcp_options(nops, sizeof(nops), &t, &err), 0);
	assert_int_equal(t.option_count, 40);
	assert_int_equal(sf_decode_tcp_options(NULL, 0, &t, &err), 0);
	assert_int_equal(t.option_count, 0);
}

/* ---- addresses and flags ------------------------------------------------ */

static void test_addresses(void **state)
{
	struct sf_addr a, b;
	char buf[64], small[8];

	(void)state;
	assert_int_equal(sf_addr_parse("198.18.0.1", &a), 0);
	assert_int_equal(a.family, 4);
	assert_int_equal(a.bytes[0], 198);
	assert_int_equal(a.bytes[3], 1);
	assert_string_equal(sf_addr_str(&a, buf, sizeof(buf)), "198.18.0.1");
	assert_int_equal(sf_addr_parse("2001:2:0:0::10", &b), 0);
	assert_int_equal(b.family, 6);
	assert_int_equal(b.bytes[15], 0x10);
	assert_string_equal(sf_addr_str(&b, buf, sizeof(buf)), "2001:2::10");
	assert_false(sf_addr_equal(&a, &b));
	assert_int_equal(sf_addr_parse("198.18.0.1", &b), 0);
	assert_true(sf_addr_equal(&a, &b));
	b.bytes[3] = 2;
	assert_false(sf_addr_equal(&a, &b));
	/* v4 and its v4-mapped v6 form are different addresses here. */
	assert_int_equal(sf_addr_parse("::ffff:198.18.0.1", &b), 0);
	assert_false(sf_addr_equal(&a, &b));
	assert_int_equal(sf_addr_parse("198.18.0.256", &a), -1);
	assert_int_equal(a.family, 0);
	assert_int_equal(sf_addr_parse("2001:2::1::1", &a), -1);
	assert_int_equal(sf_addr_parse("", &a), -1);
	assert_int_equal(sf_addr_parse("host", &a), -1);
	assert_int_equal(sf_addr_parse(NULL, &a), -1);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_true(sf_addr_equal(&a, &b));
	assert_string_equal(sf_addr_str(&a, buf, sizeof(buf)), "unset");
	/* Too small a buffer: a marker, never an overflow. */
	sf_addr_parse("2001:2::1234:5678", &a);
	assert_string_equal(sf_addr_str(&a, small, sizeof(small)), "?");
}

static void test_tcp_flags_str(void **state)
{
	char buf[9], tiny[3];

	(void)state;
	assert_string_equal(sf_tcp_flags_str(SF_TCP_SYN, buf, sizeof(buf)), "S");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_SYN | SF_TCP_ACK, buf, sizeof(buf)), "S.");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_FIN | SF_TCP_ACK, buf, sizeof(buf)), "F.");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_ACK, buf, sizeof(buf)), ".");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_RST, buf, sizeof(buf)), "R");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_RST | SF_TCP_ACK, buf, sizeof(buf)), "R.");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_PSH | SF_TCP_ACK, buf, sizeof(buf)), "P.");
	assert_string_equal(sf_tcp_flags_str(0, buf, sizeof(buf)), "none");
	/* tcpdump's order: F S R P . U E W */
	assert_string_equal(sf_tcp_flags_str(SF_TCP_SYN | SF_TCP_FIN, buf, sizeof(buf)), "FS");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_SYN | SF_TCP_ECE | SF_TCP_CWR, buf, sizeof(buf)), "SEW");
	assert_string_equal(sf_tcp_flags_str(SF_TCP_ACK | SF_TCP_URG | SF_TCP_PSH, buf, sizeof(buf)), "P.U");
	assert_string_equal(sf_tcp_flags_str(0xff, buf, sizeof(buf)), "FSRP.UEW");
	assert_string_equal(sf_tcp_flags_str(0xff, tiny, sizeof(tiny)), "FS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_reads),
		cmocka_unit_test(test_syn_v4_options),
		cmocka_unit_test(test_synack_v6),
		cmocka_unit_test(test_rstack_v4),
		cmocka_unit_test(test_finack_payload),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_icmp_port_unreachable),
		cmocka_unit_test(test_icmp_frag_needed),
		cmocka_unit_test(test_quoted_later_fragment),
		cmocka_unit_test(test_icmp6_packet_too_big),
		cmocka_unit_test(test_icmp6_port_unreachable),
		cmocka_unit_test(test_neighbor_discovery),
		cmocka_unit_test(test_ipv6_extension_headers),
		cmocka_unit_test(test_ethernet_padding),
		cmocka_unit_test(test_vlan),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_sack_option),
		cmocka_unit_test(test_urgent_and_unknown_option),
		cmocka_unit_test(test_reserved_bits_echo_and_unknown_protocols),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_first_fragment_checksum_unverified),
		cmocka_unit_test(test_packet_is_reset),
		cmocka_unit_test(test_bad_checksums_flagged),
		cmocka_unit_test(test_every_flipped_byte_is_caught),
		cmocka_unit_test(test_malformed_ethernet_and_arp),
		cmocka_unit_test(test_malformed_ipv4),
		cmocka_unit_test(test_malformed_tcp),
		cmocka_unit_test(test_malformed_udp_icmp),
		cmocka_unit_test(test_malformed_ipv6),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_option_length_errors),
		cmocka_unit_test(test_option_framing_errors),
		cmocka_unit_test(test_option_values),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_tcp_flags_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
