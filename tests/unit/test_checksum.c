/*
 * test_checksum.c - the Internet checksum (RFC 1071) and the TCP/UDP
 * pseudo-headers, against RFC 1071's worked example, hand-summed edge
 * cases, and segments whose checksums tshark accepted (tests/golden).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "decode.h"
#include "golden.h"

static uint16_t sum16(const uint8_t *data, size_t len)
{
	return sf_csum_fold(sf_csum_add(0, data, len));
}

/* RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2. */
static void test_rfc1071_example(void **state)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(sum16(b, sizeof(b)), 0xddf2);
	assert_int_equal((uint16_t)~sum16(b, sizeof(b)), 0x220d);
}

/* RFC 1071 2(A): an odd last byte is the high half of a padded word. */
static void test_odd_length(void **state)
{
	static const uint8_t one[] = { 0x01 };
	static const uint8_t three[] = { 0xab, 0xcd, 0xef };

	(void)state;
	assert_int_equal(sum16(one, 1), 0x0100);
	/* abcd + ef00 = 19acd -> 9ace */
	assert_int_equal(sum16(three, 3), 0x9ace);
}

static void test_end_around_carry(void **state)
{
	static const uint8_t b[] = { 0xff, 0xff, 0x00, 0x01 };

	(void)state;
	assert_int_equal(sum16(b, sizeof(b)), 0x0001);
	assert_int_equal(sf_csum_fold(0x1fffe), 0xffff);
	assert_int_equal(sf_csum_fold(0xffffffffu), 0xffff);
	assert_int_equal(sf_csum_fold(0x12345), 0x2346);
	assert_int_equal(sf_csum_fold(0), 0);
}

/* RFC 1071 2(B): the sum may be taken in pieces, even lengths first. */
static void test_chained_equals_whole(void **state)
{
	static const uint8_t b[] = { 0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x01 };
	uint32_t s;

	(void)state;
	s = sf_csum_add(0, b, 4);
	s = sf_csum_add(s, b + 4, 6);
	s = sf_csum_add(s, b + 10, 1);
	assert_int_equal(sf_csum_fold(s), sum16(b, sizeof(b)));
	assert_int_equal(sf_csum_add(0, NULL, 0), 0);
	assert_int_equal(sf_csum_add(0x1234, NULL, 0), 0x1234);
}

/* Long buffers must not overflow the accumulator: 65536 words of ffff
 * are still ffff (ones' complement -0). */
static void test_long_buffer(void **state)
{
	size_t n = 131072;
	uint8_t *b = malloc(n);

	(void)state;
	assert_non_null(b);
	memset(b, 0xff, n);
	assert_int_equal(sum16(b, n), 0xffff);
	memset(b, 0, n);
	b[n - 1] = 0x07;
	assert_int_equal(sum16(b, n), 0x0007);
	free(b);
}

/* RFC 9293 3.1: zero addresses, protocol 6, length 4, zero segment:
 * the pseudo-header sums to 6 + 4 = 0x000a. */
static void test_pseudo_v4_by_hand(void **state)
{
	struct sf_addr a = { 4, { 0 } };
	uint8_t seg[4] = { 0 };

	(void)state;
	assert_int_equal(sf_csum_l4(&a, &a, 6, seg, sizeof(seg)), (uint16_t)~0x000a);
	/* Storing the result makes the segment verify. */
	seg[2] = 0xff;
	seg[3] = 0xf5;
	assert_int_equal(sf_csum_l4(&a, &a, 6, seg, sizeof(seg)), 0);
}

/* RFC 8200 8.1: the length is 32 bits; a 65536-byte segment puts a 1 in
 * the high word (an implementation that kept 16 bits would get fff9). */
static void test_pseudo_v6_long_length(void **state)
{
	struct sf_addr a = { 6, { 0 } };
	size_t n = 65536;
	uint8_t *seg = calloc(1, n);

	(void)state;
	assert_non_null(seg);
	assert_int_equal(sf_csum_l4(&a, &a, 6, seg, n), (uint16_t)~0x0007);
	free(seg);
}

static void test_pseudo_v6_addresses_count(void **state)
{
	struct sf_addr s, d;
	uint8_t seg[8] = { 0 };

	(void)state;
	assert_int_equal(sf_addr_parse("2001:2::1", &s), 0);
	assert_int_equal(sf_addr_parse("2001:2::2", &d), 0);
	/* 2001+0002+0001 + 2001+0002+0002 + len 8 + next header 17 */
	assert_int_equal(sf_csum_l4(&s, &d, 17, seg, sizeof(seg)),
			 (uint16_t)~(0x2001 + 2 + 1 + 0x2001 + 2 + 2 + 8 + 17));
}

/* Verify a transport checksum in a golden frame; l4 is the segment's
 * offset in the frame. */
static void check_golden_segment(const char *name, size_t l4, uint8_t proto, uint16_t want)
{
	struct golden_case gc;
	struct sf_packet pkt;
	struct sf_err err;
	size_t csum_at = l4 + (proto == 6 ? 16 : proto == 17 ? 6 : 2), n;
	uint8_t *seg;

	assert_int_equal(golden_find(name, &gc), 0);
	assert_int_equal(sf_decode(gc.frame, gc.len, &pkt, &err), 0);
	n = gc.len - l4;
	seg = gc.frame + l4;
	assert_int_equal(sf_csum_l4(&pkt.ip.src, &pkt.ip.dst, proto, seg, n), 0);
	assert_int_equal(gc.frame[csum_at] << 8 | gc.frame[csum_at + 1], want);
	/* Zeroed, the function gives back the checksum to store. */
	gc.frame[csum_at] = gc.frame[csum_at + 1] = 0;
	assert_int_equal(sf_csum_l4(&pkt.ip.src, &pkt.ip.dst, proto, seg, n), want);
	/* Any single changed byte is caught. */
	seg[n - 1] ^= 0x40;
	assert_int_not_equal(sf_csum_l4(&pkt.ip.src, &pkt.ip.dst, proto, seg, n), want);
}

static void test_golden_segments(void **state)
{
	(void)state;
	check_golden_segment("syn_v4_options", 34, 6, 0x206e);
	check_golden_segment("synack_v6", 54, 6, 0x7c09);
	check_golden_segment("icmp6_neighbor_solicit", 54, 58, 0x1595);
	check_golden_segment("udp_v4", 34, 17, 0xeb97);
}

/* The IPv4 header of a golden frame sums to ffff (RFC 791 3.1). */
static void test_ipv4_header(void **state)
{
	struct golden_case gc;

	(void)state;
	assert_int_equal(golden_find("syn_v4_options", &gc), 0);
	assert_int_equal(sum16(gc.frame + 14, 20), 0xffff);
	gc.frame[14 + 8] = 63; /* TTL */
	assert_int_not_equal(sum16(gc.frame + 14, 20), 0xffff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc1071_example),
		cmocka_unit_test(test_odd_length),
		cmocka_unit_test(test_end_around_carry),
		cmocka_unit_test(test_chained_equals_whole),
		cmocka_unit_test(test_long_buffer),
		cmocka_unit_test(test_pseudo_v4_by_hand),
		cmocka_unit_test(test_pseudo_v6_long_length),
		cmocka_unit_test(test_pseudo_v6_addresses_count),
		cmocka_unit_test(test_golden_segments),
		cmocka_unit_test(test_ipv4_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
