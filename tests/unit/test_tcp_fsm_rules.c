/*
 * test_tcp_fsm_rules.c - the reference state machine where the state does
 * not change: the acceptability test at, below and beyond the window edges
 * (zero window included), answers for segments that do not belong, ACK and
 * window processing (RFC 5961 5.2 on and off), text and FIN trimming,
 * segmentization, options and window scaling, user-call errors. Exact
 * numbers throughout; see tcp_fsm_steps.h for the fixed ISNs and windows.
 */
#include "tcp_fsm_steps.h"

/* ---- names -------------------------------------------------------------- */

static void test_state_names(void **state)
{
	static const char *const names[] = {
		"CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
		"FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
	};
	enum sf_tcp_state s;
	int i;

	(void)state;
	assert_int_equal(SF_TCPS_COUNT, 11);
	for (i = 0; i < SF_TCPS_COUNT; i++) {
		assert_string_equal(sf_tcp_state_name((enum sf_tcp_state)i), names[i]);
		assert_int_equal(sf_tcp_state_parse(names[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(sf_tcp_state_parse("syn-received", &s), 0);
	assert_int_equal(s, SF_TCPS_SYN_RECEIVED);
	assert_int_equal(sf_tcp_state_parse("Time-Wait", &s), 0);
	assert_int_equal(s, SF_TCPS_TIME_WAIT);
	assert_int_equal(sf_tcp_state_parse("ESTAB", &s), -1);
	assert_int_equal(sf_tcp_state_parse("ESTABLISHEDX", &s), -1);
	assert_int_equal(sf_tcp_state_parse("", &s), -1);
	assert_int_equal(sf_tcp_state_parse(NULL, &s), -1);
	assert_string_equal(sf_tcp_state_name((enum sf_tcp_state)99), "?");
}


/* ---- the acceptability test (RFC 9293 3.10.7.4 Table 6) ------------------ */

static void test_seq_acceptable_table(void **state)
{
	(void)state;
	/* length 0, window 0: SEG.SEQ = RCV.NXT */
	assert_true(sf_fsm_seq_acceptable(301, 0, 301, 0));
	assert_false(sf_fsm_seq_acceptable(301, 0, 300, 0));
	assert_false(sf_fsm_seq_acceptable(301, 0, 302, 0));
	/* length 0, window > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND */
	assert_true(sf_fsm_seq_acceptable(301, 1000, 301, 0));
	assert_true(sf_fsm_seq_acceptable(301, 1000, 1300, 0));
	assert_false(sf_fsm_seq_acceptable(301, 1000, 1301, 0));
	assert_false(sf_fsm_seq_acceptable(301, 1000, 300, 0));
	/* length > 0, window 0: never */
	assert_false(sf_fsm_seq_acceptable(301, 0, 301, 1));
	/* length > 0, window > 0: first or last octet in the window */
	assert_true(sf_fsm_seq_acceptable(301, 1000, 301, 10));
	assert_true(sf_fsm_seq_acceptable(301, 1000, 1300, 10));
	assert_true(sf_fsm_seq_acceptable(301, 1000, 291, 11));
	assert_false(sf_fsm_seq_acceptable(301, 1000, 291, 10));
	assert_false(sf_fsm_seq_acceptable(301, 1000, 1301, 1));
	/* Covering the whole window: neither end inside, so not acceptable
	 * by the letter of Table 6. */
	assert_false(sf_fsm_seq_acceptable(301, 1000, 200, 2000));
	/* Modulo 2^32: the window [0xfffffff0, 0x10). */
	assert_true(sf_fsm_seq_acceptable(0xfffffff0u, 0x20, 0x0f, 0));
	assert_false(sf_fsm_seq_acceptable(0xfffffff0u, 0x20, 0x10, 0));
	assert_false(sf_fsm_seq_acceptable(0xfffffff0u, 0x20, 0xffffffefu, 0));
	assert_true(sf_fsm_seq_acceptable(0xfffffff0u, 0x20, 0xfffffffau, 10));
	assert_true(sf_fsm_seq_acceptable(0xfffffff0u, 0x20, 0xffffffe0u, 17));
}

/* The same edges through SEGMENT ARRIVES in ESTABLISHED (RCV.NXT 301,
 * RCV.WND 1000, SND.NXT 101). */
static void test_window_edges(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(300, 101, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	emits(&r, 0, 101, 301, ACK, 0);
	assert_int_equal(r.emit[0].kind, SF_EMIT_ANSWER);
	assert_int_equal(r.emit[0].seg.wnd, 1000);
	r = rcv(&t, seg(1300, 101, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(r.n_emit, 0);
	r = rcv(&t, seg(1301, 101, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	emits(&r, 0, 101, 301, ACK, 0);
	r = rcv(&t, seg(1300, 101, ACK, 10));
	assert_int_equal(r.verdict, SF_FSM_OUT_OF_ORDER);
	assert_int_equal(r.delivered, 0);
	emits(&r, 0, 101, 301, ACK, 0);
	r = rcv(&t, seg(291, 101, ACK, 10));
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	/* Straddling the left edge: only the 10 new octets count. */
	r = rcv(&t, seg(291, 101, ACK, 20));
	assert_int_equal(r.delivered, 10);
	emits(&r, 0, 101, 311, ACK, 0);
	assert_int_equal(r.emit[0].kind, SF_EMIT_ACK);
	/* Beyond the right edge (311 + 1000): trimmed to the window. */
	r = rcv(&t, seg(311, 101, ACK, 1100));
	assert_int_equal(r.delivered, 1000);
	emits(&r, 0, 101, 1311, ACK, 0);
	assert_int_equal(t.rcv_nxt, 1311);
}

/* A FIN just past a full window is trimmed with the text beyond. */
static void test_fin_beyond_window(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r = rcv(&t, seg(301, 101, FIN | ACK, 1000));

	(void)state;
	assert_int_equal(r.delivered, 1000);
	assert_int_equal(r.user, SF_USER_DATA);
	assert_null(r.transition);
	emits(&r, 0, 101, 1301, ACK, 0);
	r = rcv(&t, seg(1301, 101, FIN | ACK, 0));
	edge(&r, "ESTABLISHED --rcv FIN/snd ACK--> CLOSE_WAIT");
	emits(&r, 0, 101, 1302, ACK, 0);
	/* An out-of-order FIN is not processed: duplicate ACK. */
	t = reach(SF_TCPS_ESTABLISHED);
	r = rcv(&t, seg(310, 101, FIN | ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_OUT_OF_ORDER);
	emits(&r, 0, 101, 301, ACK, 0);
}

/* RCV.WND = 0: only SEG.SEQ = RCV.NXT; ACK and RST fields still count
 * (MUST-66), text does not. */
static void test_zero_window(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r;

	(void)state;
	call(&t, SF_CALL_SEND, 10);
	t.rcv_wnd = 0;
	r = rcv(&t, seg(301, 101, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(r.n_emit, 0);
	r = rcv(&t, seg(302, 101, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	emits(&r, 0, 111, 301, ACK, 0);
	assert_int_equal(r.emit[0].seg.wnd, 0);
	r = rcv(&t, seg(301, 111, ACK, 5));
	assert_int_equal(r.verdict, SF_FSM_WINDOW_ZERO);
	assert_int_equal(r.delivered, 0);
	assert_int_equal(t.snd_una, 111);
	emits(&r, 0, 111, 301, ACK, 0);
	r = rcv(&t, seg(302, 0, RST, 0));
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	r = rcv(&t, seg(301, 0, RST, 0));
	assert_int_equal(r.verdict, SF_FSM_RESET);
	assert_int_equal(t.state, SF_TCPS_CLOSED);
}

/* ---- ACK processing --------------------------------------------------------- */

static void test_ack_processing(void **state)
{
	struct sf_fsm_policy off = pol();
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r;

	(void)state;
	off.rfc5961_ack = false;
	r = call(&t, SF_CALL_SEND, 100);
	emits(&r, 0, 101, 301, ACK | PSH, 100);
	assert_int_equal(r.emit[0].kind, SF_EMIT_OUTPUT);
	/* SEG.ACK > SND.NXT: challenge ACK (RFC 5961 5.2) or plain ACK. */
	r = rcv(&t, seg(301, 202, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
	assert_string_equal(r.rfc, "RFC 5961 5.2");
	emits(&r, 0, 201, 301, ACK, 0);
	r = rcv_p(&t, seg(301, 202, ACK, 0), &off);
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	emits(&r, 0, 201, 301, ACK, 0);
	/* A new ACK moves SND.UNA and the window. */
	r = rcv(&t, seg(301, 151, ACK, 0));
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.snd_una, 151);
	assert_int_equal(t.snd_wl2, 151);
	/* Older than SND.UNA - MAX.SND.WND (151 - 10000). */
	r = rcv(&t, seg(301, 151 - 10001, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
	emits(&r, 0, 201, 301, ACK, 0);
	r = rcv(&t, seg(301, 151 - 10000, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(r.n_emit, 0);
	r = rcv_p(&t, seg(301, 151 - 10001, ACK, 0), &off);
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(t.snd_una, 151);
}

/* SND.WND follows SND.WL1/SND.WL2; a duplicate ACK never updates it. */
static void test_window_update(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_tcp_seg s;

	(void)state;
	call(&t, SF_CALL_SEND, 100);
	s = seg(301, 151, ACK, 0);
	s.wnd = 50;
	rcv(&t, s);
	assert_int_equal(t.snd_wnd, 50);
	s = seg(301, 201, ACK, 0);
	s.wnd = 7000;
	rcv(&t, s);
	assert_int_equal(t.snd_wnd, 7000);
	s = seg(301, 151, ACK, 0);
	s.wnd = 1;
	rcv(&t, s);
	assert_int_equal(t.snd_wnd, 7000);
	assert_int_equal(t.max_snd_wnd, 10000);
}

/* Text is cut to the peer's MSS and window; an ACK that opens the window
 * lets the rest out. */
static void test_segmentization(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_SENT);
	struct sf_tcp_seg s = seg(300, 101, SYN | ACK, 0);
	struct sf_fsm_result r;

	(void)state;
	s.wnd = 600;
	s.opt.has_mss = true;
	s.opt.mss = 500;
	rcv(&t, s);
	r = call(&t, SF_CALL_SEND, 1000);
	assert_int_equal(r.n_emit, 2);
	emits(&r, 0, 101, 301, ACK, 500);
	emits(&r, 1, 601, 301, ACK, 100);
	assert_int_equal(t.snd_buf, 400);
	s = seg(301, 601, ACK, 0);
	s.wnd = 600;
	r = rcv(&t, s);
	assert_int_equal(r.n_emit, 1);
	emits(&r, 0, 701, 301, ACK | PSH, 400);
	assert_int_equal(t.snd_buf, 0);
}

static void test_syn_ack_with_text_and_fin(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_SENT);
	struct sf_fsm_result r = rcv(&t, seg(300, 101, SYN | ACK | FIN, 5));

	(void)state;
	assert_int_equal(r.n_path, 2);
	assert_string_equal(r.path[0]->name, "SYN_SENT --rcv SYN,ACK/snd ACK--> ESTABLISHED");
	assert_string_equal(r.path[1]->name, "ESTABLISHED --rcv FIN/snd ACK--> CLOSE_WAIT");
	assert_int_equal(r.delivered, 5);
	assert_int_equal(r.n_emit, 1);
	emits(&r, 0, 101, 307, ACK, 0);
}

/* Sequence numbers wrap: our ISS 0xffffffff, the peer's 0xfffffff0, text
 * across zero on both sides. */
static void test_wraparound(void **state)
{
	struct sf_fsm_policy p = pol();
	struct sf_tcb t;
	struct sf_fsm_result r;

	(void)state;
	p.iss = 0xffffffffu;
	memset(&t, 0, sizeof(t));
	sf_fsm_user_call(&t, SF_CALL_OPEN_ACTIVE, 0, &p, &t, &r);
	assert_int_equal(t.snd_nxt, 0);
	r = rcv_p(&t, seg(0xfffffff0u, 0, SYN | ACK, 0), &p);
	edge(&r, "SYN_SENT --rcv SYN,ACK/snd ACK--> ESTABLISHED");
	emits(&r, 0, 0, 0xfffffff1u, ACK, 0);
	r = rcv_p(&t, seg(0xfffffff1u, 0, ACK, 0x20), &p);
	assert_int_equal(r.delivered, 0x20);
	emits(&r, 0, 0, 0x11, ACK, 0);
	sf_fsm_user_call(&t, SF_CALL_SEND, 10, &p, &t, &r);
	emits(&r, 0, 0, 0x11, ACK | PSH, 10);
	r = rcv_p(&t, seg(0x11, 0xffffffffu, ACK, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(t.snd_una, 0);
	r = rcv_p(&t, seg(0x11, 11, ACK, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
	r = rcv_p(&t, seg(0x11, 10, ACK, 0), &p);
	assert_int_equal(t.snd_una, 10);
}

/* ---- options -------------------------------------------------------------- */

static void test_window_scale_and_timestamps(void **state)
{
	struct sf_fsm_policy p = pol();
	struct sf_tcb t;
	struct sf_tcp_seg s;
	struct sf_fsm_result r;

	(void)state;
	p.wscale = 7;
	p.timestamps = true;
	p.sack_perm = true;
	memset(&t, 0, sizeof(t));
	sf_fsm_user_call(&t, SF_CALL_OPEN_ACTIVE, 0, &p, &t, &r);
	assert_true(r.emit[0].seg.opt.has_wscale);
	assert_int_equal(r.emit[0].seg.opt.wscale, 7);
	assert_true(r.emit[0].seg.opt.sack_perm && r.emit[0].seg.opt.has_ts);
	s = seg(300, 101, SYN | ACK, 0);
	s.opt.has_wscale = true;
	s.opt.wscale = 2;
	s.opt.has_ts = true;
	s.opt.ts_val = 55;
	r = rcv_p(&t, s, &p);
	assert_true(t.wscale_ok && t.ts_ok);
	assert_false(t.sack_ok);
	assert_int_equal(t.snd_wnd, 10000);
	assert_int_equal(r.emit[0].seg.wnd, 1000 >> 7);
	assert_int_equal(r.emit[0].seg.opt.ts_ecr, 55);
	s = seg(301, 101, ACK, 0);
	s.wnd = 3000;
	s.opt.has_ts = true;
	s.opt.ts_val = 60;
	rcv_p(&t, s, &p);
	assert_int_equal(t.snd_wnd, 12000);
	assert_int_equal(t.ts_recent, 60);

	/* Passive side: the SYN-ACK echoes only what the SYN offered. */
	memset(&t, 0, sizeof(t));
	sf_fsm_user_call(&t, SF_CALL_OPEN_PASSIVE, 0, &p, &t, &r);
	s = seg(300, 0, SYN, 0);
	s.opt.has_wscale = true;
	s.opt.wscale = 3;
	r = rcv_p(&t, s, &p);
	assert_true(r.emit[0].seg.opt.has_wscale);
	assert_int_equal(r.emit[0].seg.opt.wscale, 7);
	assert_false(r.emit[0].seg.opt.has_ts || r.emit[0].seg.opt.sack_perm);
	assert_int_equal(r.emit[0].seg.wnd, 1000);
}

/* ---- segments that do not belong ------------------------------------------ */

static void test_closed_port_rst(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_CLOSED);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(1000, 0, SYN, 0));
	assert_int_equal(r.verdict, SF_FSM_REJECTED);
	assert_string_equal(r.rfc, "RFC 9293 3.10.7.1");
	emits(&r, 0, 0, 1001, RST | ACK, 0);
	r = rcv(&t, seg(1000, 0, SYN | FIN, 10));
	emits(&r, 0, 0, 1012, RST | ACK, 0);
	r = rcv(&t, seg(5, 777, ACK, 20));
	emits(&r, 0, 777, 0, RST, 0);
	r = rcv(&t, seg(5, 777, ACK | FIN, 0));
	emits(&r, 0, 777, 0, RST, 0);
	r = rcv(&t, seg(5, 777, RST | ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, SF_TCPS_CLOSED);
}

static void test_listen_non_syn(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_LISTEN);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(300, 0, RST, 0));
	assert_int_equal(r.verdict, SF_FSM_RST_IGNORED);
	r = rcv(&t, seg(300, 4242, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_REJECTED);
	emits(&r, 0, 4242, 0, RST, 0);
	r = rcv(&t, seg(300, 4242, SYN | ACK, 0));
	emits(&r, 0, 4242, 0, RST, 0);
	r = rcv(&t, seg(300, 0, FIN, 3));
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, SF_TCPS_LISTEN);
}

static void test_syn_sent_bad_ack(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_SENT);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(300, 100, SYN | ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_REJECTED);
	emits(&r, 0, 100, 0, RST, 0);
	r = rcv(&t, seg(300, 102, ACK, 0));
	emits(&r, 0, 102, 0, RST, 0);
	r = rcv(&t, seg(300, 101, ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, SF_TCPS_SYN_SENT);
}

static void test_syn_received_bad_ack(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_RECEIVED);
	struct sf_fsm_result r = rcv(&t, seg(301, 500, ACK, 0));

	(void)state;
	assert_int_equal(r.verdict, SF_FSM_REJECTED);
	emits(&r, 0, 500, 0, RST, 0);
	assert_int_equal(t.state, SF_TCPS_SYN_RECEIVED);
}

static void test_time_wait_retransmitted_fin(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_TIME_WAIT);
	struct sf_fsm_result r = rcv(&t, seg(301, 102, FIN | ACK, 0));

	(void)state;
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	emits(&r, 0, 102, 302, ACK, 0);
	assert_true(r.time_wait_timer);
	assert_int_equal(t.state, SF_TCPS_TIME_WAIT);
	r = tmo(&t, SF_TIMEOUT_RETRANSMIT);
	assert_int_equal(r.n_emit, 0);
}

/* ---- user calls ------------------------------------------------------------ */

static void call_fails(enum sf_tcp_state s, enum sf_fsm_call c, const char *error)
{
	struct sf_tcb t = reach(s);
	struct sf_fsm_result r = call(&t, c, 10);

	assert_non_null(r.error);
	assert_string_equal(r.error, error);
	assert_null(r.transition);
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, s);
}

static void test_user_call_errors(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r;

	(void)state;
	call_fails(SF_TCPS_ESTABLISHED, SF_CALL_OPEN_ACTIVE, "error: connection already exists");
	call_fails(SF_TCPS_LISTEN, SF_CALL_OPEN_PASSIVE, "error: connection already exists");
	call_fails(SF_TCPS_CLOSED, SF_CALL_SEND, "error: connection does not exist");
	call_fails(SF_TCPS_FIN_WAIT_1, SF_CALL_SEND, "error: connection closing");
	call_fails(SF_TCPS_FIN_WAIT_2, SF_CALL_CLOSE, "error: connection closing");
	call_fails(SF_TCPS_CLOSED, SF_CALL_CLOSE, "error: connection does not exist");
	call_fails(SF_TCPS_CLOSE_WAIT, SF_CALL_RECEIVE, "error: connection closing");
	call_fails(SF_TCPS_CLOSED, SF_CALL_ABORT, "error: connection does not exist");
	r = call(&t, SF_CALL_RECEIVE, 0);
	assert_null(r.error);
	assert_null(r.transition);
}

/* The output TCB may be the input; a NULL policy is the default one. */
static void test_out_may_alias_in(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_LISTEN);
	struct sf_tcp_seg s = seg(300, 0, SYN, 0);
	struct sf_fsm_result r;

	(void)state;
	sf_fsm_segment_arrives(&t, &s, NULL, &t, &r);
	assert_int_equal(t.state, SF_TCPS_SYN_RECEIVED);
	assert_int_equal(t.iss, 1000000);
	emits(&r, 0, 1000000, 301, SYN | ACK, 0);
}

static void test_seg_from_packet_and_format(void **state)
{
	struct sf_tcp tcp;
	struct sf_tcp_seg s;
	char buf[96];

	(void)state;
	memset(&tcp, 0, sizeof(tcp));
	tcp.seq = 100;
	tcp.ack = 301;
	tcp.flags = SYN | ACK;
	tcp.window = 8192;
	tcp.payload_len = 3;
	tcp.option_count = 3;
	tcp.options[0].kind = SF_TCPOPT_MSS;
	tcp.options[0].v.mss = 1460;
	tcp.options[1].kind = SF_TCPOPT_WSCALE;
	tcp.options[1].v.wscale = 7;
	tcp.options[2].kind = SF_TCPOPT_TIMESTAMP;
	tcp.options[2].v.ts.val = 9;
	tcp.options[2].v.ts.ecr = 8;
	sf_tcp_seg_from_packet(&tcp, &s);
	assert_int_equal(sf_tcp_seg_len(&s), 4);
	assert_true(s.opt.has_mss && s.opt.has_wscale && s.opt.has_ts);
	assert_false(s.opt.sack_perm);
	assert_int_equal(s.opt.mss, 1460);
	assert_int_equal(s.opt.wscale, 7);
	assert_int_equal(s.opt.ts_val, 9);
	assert_string_equal(sf_tcp_seg_format(&s, buf, sizeof(buf)),
		"<SEQ=100><ACK=301><CTL=SYN,ACK><LEN=3><WND=8192>");
	s = seg(7, 0, RST, 0);
	assert_string_equal(sf_tcp_seg_format(&s, buf, sizeof(buf)),
		"<SEQ=7><CTL=RST><LEN=0><WND=10000>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_seq_acceptable_table),
		cmocka_unit_test(test_window_edges),
		cmocka_unit_test(test_fin_beyond_window),
		cmocka_unit_test(test_zero_window),
		cmocka_unit_test(test_ack_processing),
		cmocka_unit_test(test_window_update),
		cmocka_unit_test(test_segmentization),
		cmocka_unit_test(test_syn_ack_with_text_and_fin),
		cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_window_scale_and_timestamps),
		cmocka_unit_test(test_closed_port_rst),
		cmocka_unit_test(test_listen_non_syn),
		cmocka_unit_test(test_syn_sent_bad_ack),
		cmocka_unit_test(test_syn_received_bad_ack),
		cmocka_unit_test(test_time_wait_retransmitted_fin),
		cmocka_unit_test(test_user_call_errors),
		cmocka_unit_test(test_out_may_alias_in),
		cmocka_unit_test(test_seg_from_packet_and_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
