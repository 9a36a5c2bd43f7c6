/*
 * test_packet_shape.c - the C conversions behind the one packet shape:
 * sf_seg_spec_tcp() (a spec read back as the wire would carry it),
 * sf_tcp_seg_options() (the state machine's options as the option list the
 * tester sends) and sf_oracle_target_call_result() (a user call's
 * transition). Each is checked against its inverse where there is one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "build.h"
#include "oracle.h"
#include "tcp_fsm.h"

static struct sf_tcp_option raw_opt(uint8_t kind, const uint8_t *body, uint8_t n)
{
	struct sf_tcp_option o;

	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.len = kind <= SF_TCPOPT_NOP ? 1 : (uint8_t)(n + 2);
	if (n)
		memcpy(o.data, body, n);
	return o;
}

static void test_spec_fields_copied(void **state)
{
	static const uint8_t payload[] = "abc";
	struct sf_seg_spec s = { .sport = 40000, .dport = 80, .seq = 7, .ack = 9, .flags = SF_TCP_ACK | SF_TCP_PSH,
				 .window = 1000, .urgent = 3, .payload = payload, .payload_len = 3 };
	struct sf_tcp tcp;
	struct sf_err err;

	(void)state;
	assert_int_equal(sf_seg_spec_tcp(&s, &tcp, &err), 0);
	assert_int_equal(tcp.sport, 40000);
	assert_int_equal(tcp.dport, 80);
	assert_int_equal(tcp.seq, 7);
	assert_int_equal(tcp.ack, 9);
	assert_int_equal(tcp.flags, SF_TCP_ACK | SF_TCP_PSH);
	assert_int_equal(tcp.window, 1000);
	assert_int_equal(tcp.urgent, 3);
	assert_int_equal(tcp.doff, 5);
	assert_ptr_equal(tcp.payload, payload);
	assert_int_equal(tcp.payload_len, 3);
	assert_int_equal(tcp.option_count, 0);
	assert_true(tcp.checksum_ok);
}

/* A raw option of kind 2 is an MSS to the receiver, so it is one here too. */
static void test_spec_options_read_as_the_wire_carries_them(void **state)
{
	static const uint8_t mss[] = { 0x05, 0xb4 }, ts[] = { 0, 0, 0, 5, 0, 0, 0, 6 };
	struct sf_seg_spec s = { .flags = SF_TCP_SYN, .option_count = 3 };
	struct sf_tcp tcp;
	struct sf_tcp_seg seg;
	struct sf_err err;

	(void)state;
	s.options[0] = raw_opt(SF_TCPOPT_MSS, mss, 2);
	s.options[1] = raw_opt(SF_TCPOPT_NOP, NULL, 0);
	s.options[2] = raw_opt(SF_TCPOPT_TIMESTAMP, ts, 8);
	assert_int_equal(sf_seg_spec_tcp(&s, &tcp, &err), 0);
	assert_int_equal(tcp.doff, 5 + 4); /* 4 + 1 + 10 = 15 bytes, padded to 16 */
	assert_int_equal(tcp.options[0].v.mss, 1460);
	sf_tcp_seg_from_packet(&tcp, &seg);
	assert_true(seg.opt.has_mss);
	assert_int_equal(seg.opt.mss, 1460);
	assert_true(seg.opt.has_ts);
	assert_int_equal(seg.opt.ts_val, 5);
	assert_int_equal(seg.opt.ts_ecr, 6);
	assert_false(seg.opt.has_wscale);
}

static void test_spec_bad_options_refused(void **state)
{
	static const uint8_t junk[38] = { 0 };
	struct sf_seg_spec s = { .flags = SF_TCP_SYN, .option_count = 2 };
	struct sf_tcp tcp;
	struct sf_err err;

	(void)state;
	s.options[0] = raw_opt(99, junk, 30);
	s.options[1] = raw_opt(98, junk, 30);
	assert_int_equal(sf_seg_spec_tcp(&s, &tcp, &err), -1);
	assert_non_null(strstr(err.msg, "40 bytes"));
}

static void test_spec_corrupt_checksum_reads_bad(void **state)
{
	struct sf_seg_spec s = { .flags = SF_TCP_RST, .csum_mode = SF_CSUM_CORRUPT };
	struct sf_tcp tcp;
	struct sf_err err;

	(void)state;
	assert_int_equal(sf_seg_spec_tcp(&s, &tcp, &err), 0);
	assert_false(tcp.checksum_ok);
}

/* Linux's order, which the tester endpoint sends: mss, sackOK, TS, nop, wscale. */
static void test_seg_options_in_linux_order(void **state)
{
	struct sf_tcp_seg_opts o = { .has_mss = true, .mss = 1460, .sack_perm = true, .has_ts = true,
				     .ts_val = 1, .ts_ecr = 2, .has_wscale = true, .wscale = 7 };
	struct sf_tcp_option out[8];

	(void)state;
	assert_int_equal(sf_tcp_seg_options(&o, out, 8), 5);
	assert_int_equal(out[0].kind, SF_TCPOPT_MSS);
	assert_int_equal(out[0].len, 4);
	assert_int_equal(out[0].data[0], 0x05);
	assert_int_equal(out[0].data[1], 0xb4);
	assert_int_equal(out[0].v.mss, 1460);
	assert_int_equal(out[1].kind, SF_TCPOPT_SACK_PERM);
	assert_int_equal(out[1].len, 2);
	assert_int_equal(out[2].kind, SF_TCPOPT_TIMESTAMP);
	assert_int_equal(out[2].v.ts.ecr, 2);
	assert_int_equal(out[3].kind, SF_TCPOPT_NOP);
	assert_int_equal(out[3].len, 1);
	assert_int_equal(out[4].kind, SF_TCPOPT_WSCALE);
	assert_int_equal(out[4].v.wscale, 7);
	assert_int_equal(sf_tcp_seg_options(&o, out, 2), 2);
}

/* seg -> options -> spec -> tcp -> seg gives the options back. */
static void test_seg_options_round_trip(void **state)
{
	struct sf_tcp_seg in = { .seq = 1, .flags = SF_TCP_SYN,
				 .opt = { .has_mss = true, .mss = 536, .has_wscale = true, .wscale = 14, .has_ts = true,
					  .ts_val = 0xfffffff0u, .ts_ecr = 0 } };
	struct sf_seg_spec s = { .seq = 1, .flags = SF_TCP_SYN };
	struct sf_tcp tcp;
	struct sf_tcp_seg out;
	struct sf_err err;

	(void)state;
	s.option_count = (uint8_t)sf_tcp_seg_options(&in.opt, s.options, SF_TCP_MAX_OPTIONS);
	assert_int_equal(sf_seg_spec_tcp(&s, &tcp, &err), 0);
	sf_tcp_seg_from_packet(&tcp, &out);
	assert_memory_equal(&out.opt, &in.opt, sizeof(in.opt));
	assert_int_equal(out.seq, 1);
	assert_int_equal(out.flags, SF_TCP_SYN);
}

static void test_oracle_call_result_names_the_transition(void **state)
{
	struct sf_oracle o;
	struct sf_fsm_result res;

	(void)state;
	assert_int_equal(sf_oracle_init(&o, SF_TCPS_CLOSED, NULL), 0);
	sf_oracle_target_call_result(&o, SF_CALL_OPEN_PASSIVE, 0, &res);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_LISTEN);
	assert_int_equal(res.n_path, 1);
	assert_int_equal(res.path[0]->from, SF_TCPS_CLOSED);
	assert_int_equal(res.path[0]->to, SF_TCPS_LISTEN);
	sf_oracle_target_call_result(&o, SF_CALL_CLOSE, 0, NULL); /* res may be NULL */
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_fields_copied),
		cmocka_unit_test(test_spec_options_read_as_the_wire_carries_them),
		cmocka_unit_test(test_spec_bad_options_refused),
		cmocka_unit_test(test_spec_corrupt_checksum_reads_bad),
		cmocka_unit_test(test_seg_options_in_linux_order),
		cmocka_unit_test(test_seg_options_round_trip),
		cmocka_unit_test(test_oracle_call_result_names_the_transition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
