/*
 * test_build_icmp.c - the "packet too big" builder (engine/packet/build.h,
 * sf_build_icmp_too_big) read back with the decoder: ICMP destination
 * unreachable / fragmentation needed (RFC 792, RFC 1191) and ICMPv6 packet
 * too big (RFC 4443), with the type, code, MTU, the quoted datagram (cut
 * to RFC 1812's 576 and RFC 4443's 1280) and correct checksums.
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
#define ICMP_HLEN 8

static const uint8_t MAC_TESTER[SF_ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t MAC_TARGET[SF_ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

#include "build_fixture.h"

/* From `from` (the router: the tester) to `to` (the target), or back. */
static void set_net(struct sf_l2l3 *net, int family, int from_target)
{
	struct sf_addr tester = addr(family == 6 ? "2001:2::1" : "198.18.0.1");
	struct sf_addr target = addr(family == 6 ? "2001:2::2" : "198.18.0.2");

	memset(net, 0, sizeof(*net));
	memcpy(net->eth_src, from_target ? MAC_TARGET : MAC_TESTER, SF_ETH_ALEN);
	memcpy(net->eth_dst, from_target ? MAC_TESTER : MAC_TARGET, SF_ETH_ALEN);
	net->src = from_target ? target : tester;
	net->dst = from_target ? tester : target;
	net->df = 1;
}

static void decode_ok(const uint8_t *frame, uint32_t len, struct sf_packet *pkt)
{
	struct sf_err err = { "" };
	int rc = sf_decode(frame, len, pkt, &err);

	if (rc != 0)
		print_error("sf_decode: %s\n", err.msg);
	assert_int_equal(rc, 0);
}

/* The offending datagram: a full-size data segment the target sent,
 * 80 -> 40001, seq 0x11223344, `payload` octets. Returns the frame. */
static uint8_t *target_segment(libnet_t *l, int family, size_t payload, uint32_t *len)
{
	static uint8_t data[1500];
	struct sf_seg_spec s;
	struct sf_err err = { "" };
	uint8_t *frame = NULL;

	memset(&s, 0, sizeof(s));
	memset(data, 'p', sizeof(data));
	set_net(&s.net, family, 1);
	s.sport = 80;
	s.dport = 40001;
	s.seq = 0x11223344;
	s.ack = 1000001;
	s.flags = SF_TCP_ACK | SF_TCP_PSH;
	s.window = 64240;
	s.payload = data;
	s.payload_len = payload;
	assert_int_equal(sf_build_tcp(l, &s, &frame, len, &err), 0);
	return frame;
}

static uint8_t *too_big(libnet_t *l, int family, uint32_t mtu, const uint8_t *quote, size_t qlen, uint32_t *len)
{
	struct sf_l2l3 net;
	struct sf_err err = { "" };
	uint8_t *frame = NULL;
	int rc;

	set_net(&net, family, 0);
	rc = sf_build_icmp_too_big(l, &net, mtu, quote, qlen, &frame, len, &err);
	if (rc != 0)
		print_error("sf_build_icmp_too_big: %s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_non_null(frame);
	return frame;
}

/* The quoted header names the target's segment: addresses, ports, seq. */
static void assert_inner(const struct sf_icmp *ic, int family)
{
	struct sf_addr target = addr(family == 6 ? "2001:2::2" : "198.18.0.2");
	struct sf_addr tester = addr(family == 6 ? "2001:2::1" : "198.18.0.1");

	assert_int_equal(ic->has_inner, 1);
	assert_true(sf_addr_equal(&ic->inner_src, &target));
	assert_true(sf_addr_equal(&ic->inner_dst, &tester));
	assert_int_equal(ic->inner_proto, IPPROTO_TCP);
	assert_int_equal(ic->inner_sport, 80);
	assert_int_equal(ic->inner_dport, 40001);
	assert_int_equal(ic->inner_seq, 0x11223344);
}

/* A full-size datagram is cut to the family's limit and quoted verbatim. */
static void check_full_quote(libnet_t *l, int family, uint32_t mtu)
{
	size_t ip_hlen = family == 6 ? IP6_HLEN : IP4_HLEN;
	size_t max = family == 6 ? SF_ICMP6_MAX_QUOTE : SF_ICMP4_MAX_QUOTE;
	uint32_t seglen = 0, len = 0;
	uint8_t *seg = target_segment(l, family, 1500 - ip_hlen - 20, &seglen);
	uint8_t *frame = too_big(l, family, mtu, seg + ETH_HLEN, seglen - ETH_HLEN, &len);
	struct sf_packet p;

	/* RFC 1812 4.3.2.3: the ICMP datagram is 576 octets; RFC 4443 2.4(c): 1280. */
	assert_int_equal(len, ETH_HLEN + (family == 6 ? 1280 : 576));
	assert_memory_equal(frame + ETH_HLEN + ip_hlen + ICMP_HLEN, seg + ETH_HLEN, max);
	decode_ok(frame, len, &p);
	assert_int_equal(p.l3, family == 6 ? SF_L3_IPV6 : SF_L3_IPV4);
	assert_int_equal(p.l4, SF_L4_ICMP);
	assert_int_equal(p.ip.proto, family == 6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	assert_int_equal(p.ip.header_checksum_ok, 1);
	assert_int_equal(p.icmp.v6, family == 6);
	assert_int_equal(p.icmp.type, family == 6 ? 2 : 3);
	assert_int_equal(p.icmp.code, family == 6 ? 0 : 4);
	assert_int_equal(p.icmp.mtu, mtu);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_memory_equal(p.eth_src, MAC_TESTER, SF_ETH_ALEN);
	assert_memory_equal(p.eth_dst, MAC_TARGET, SF_ETH_ALEN);
	assert_inner(&p.icmp, family);
	sf_build_free(l, frame);
	sf_build_free(l, seg);
}

static void test_frag_needed_ipv4(void **state)
{
	check_full_quote(*state, 4, 296);
}

static void test_packet_too_big_ipv6(void **state)
{
	check_full_quote(*state, 6, 1280);
}

/* RFC 1191 4: the high-order 16 bits stay zero, the MTU in the low 16. */
static void test_ipv4_mtu_word(void **state)
{
	uint32_t seglen = 0, len = 0;
	uint8_t *seg = target_segment(*state, 4, 100, &seglen);
	uint8_t *frame = too_big(*state, 4, 0xfffe, seg + ETH_HLEN, seglen - ETH_HLEN, &len);
	const uint8_t *icmp = frame + ETH_HLEN + IP4_HLEN;

	assert_int_equal(icmp[4], 0);
	assert_int_equal(icmp[5], 0);
	assert_int_equal(icmp[6], 0xff);
	assert_int_equal(icmp[7], 0xfe);
	/* RFC 792: the checksum of the ICMP message alone. */
	assert_int_equal(sf_csum_fold(sf_csum_add(0, icmp, len - ETH_HLEN - IP4_HLEN)), 0xffff);
	sf_build_free(*state, frame);
	sf_build_free(*state, seg);
}

/* RFC 4443 3.2: 32 bits of MTU; the checksum covers the pseudo-header. */
static void test_ipv6_mtu_word_and_pseudo_header(void **state)
{
	struct sf_addr src = addr("2001:2::1"), dst = addr("2001:2::2");
	uint32_t seglen = 0, len = 0;
	uint8_t *seg = target_segment(*state, 6, 100, &seglen);
	uint8_t *frame = too_big(*state, 6, 70000, seg + ETH_HLEN, seglen - ETH_HLEN, &len);
	const uint8_t *icmp = frame + ETH_HLEN + IP6_HLEN;
	struct sf_packet p;

	assert_int_equal(len, seglen + IP6_HLEN + ICMP_HLEN); /* short enough to quote whole */
	assert_int_equal((icmp[4] << 24) | (icmp[5] << 16) | (icmp[6] << 8) | icmp[7], 70000);
	assert_int_equal(sf_csum_l4(&src, &dst, IPPROTO_ICMPV6, icmp, len - ETH_HLEN - IP6_HLEN), 0);
	decode_ok(frame, len, &p);
	assert_int_equal(p.icmp.mtu, 70000);
	sf_build_free(*state, frame);
	sf_build_free(*state, seg);
}

/* RFC 792's minimum: the IP header and the first 8 octets of the datagram,
 * which hold the ports and the sequence number. */
static void check_minimum_quote(libnet_t *l, int family)
{
	size_t min = (family == 6 ? IP6_HLEN : IP4_HLEN) + 8;
	uint32_t seglen = 0, len = 0;
	uint8_t *seg = target_segment(l, family, 1000, &seglen);
	uint8_t *frame = too_big(l, family, 1280, seg + ETH_HLEN, min, &len);
	struct sf_packet p;

	assert_int_equal(len, ETH_HLEN + (family == 6 ? IP6_HLEN : IP4_HLEN) + ICMP_HLEN + min);
	decode_ok(frame, len, &p);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_inner(&p.icmp, family);
	sf_build_free(l, frame);
	sf_build_free(l, seg);
}

static void test_minimum_quote_ipv4(void **state)
{
	check_minimum_quote(*state, 4);
}

static void test_minimum_quote_ipv6(void **state)
{
	check_minimum_quote(*state, 6);
}

/* The decoder's checksum verdict is not a constant: one flipped octet of
 * the quote makes it bad. */
static void test_checksum_detects_change(void **state)
{
	int family;

	for (family = 4; family <= 6; family += 2) {
		size_t off = ETH_HLEN + (family == 6 ? IP6_HLEN : IP4_HLEN) + ICMP_HLEN + 30;
		uint32_t seglen = 0, len = 0;
		uint8_t *seg = target_segment(*state, family, 200, &seglen);
		uint8_t *frame = too_big(*state, family, 1280, seg + ETH_HLEN, seglen - ETH_HLEN, &len);
		struct sf_packet p;

		frame[off] ^= 0x40;
		decode_ok(frame, len, &p);
		assert_int_equal(p.icmp.checksum_ok, 0);
		sf_build_free(*state, frame);
		sf_build_free(*state, seg);
	}
}

static void test_empty_quote(void **state)
{
	uint32_t len = 0;
	uint8_t *frame = too_big(*state, 4, 576, NULL, 0, &len);
	struct sf_packet p;

	assert_int_equal(len, ETH_HLEN + IP4_HLEN + ICMP_HLEN);
	decode_ok(frame, len, &p);
	assert_int_equal(p.icmp.type, 3);
	assert_int_equal(p.icmp.checksum_ok, 1);
	assert_int_equal(p.icmp.has_inner, 0);
	sf_build_free(*state, frame);
}

static void test_refusals(void **state)
{
	static const uint8_t quote[28];
	struct sf_l2l3 net;
	struct sf_err err = { "" };
	uint8_t *frame = NULL;
	uint32_t len = 0;

	set_net(&net, 4, 0);
	assert_int_equal(sf_build_icmp_too_big(*state, &net, 65536, quote, sizeof(quote), &frame, &len, &err), -1);
	assert_null(frame);
	assert_non_null(strstr(err.msg, "65536"));
	assert_int_equal(sf_build_icmp_too_big(*state, &net, 576, NULL, 8, &frame, &len, &err), -1);
	assert_null(frame);
	net.dst = addr("2001:2::2");
	assert_int_equal(sf_build_icmp_too_big(*state, &net, 1280, quote, sizeof(quote), &frame, &len, &err), -1);
	assert_null(frame);
	assert_non_null(strstr(err.msg, "different families"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_frag_needed_ipv4),
		T(test_packet_too_big_ipv6),
		T(test_ipv4_mtu_word),
		T(test_ipv6_mtu_word_and_pseudo_header),
		T(test_minimum_quote_ipv4),
		T(test_minimum_quote_ipv6),
		T(test_checksum_detects_change),
		T(test_empty_quote),
		T(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
