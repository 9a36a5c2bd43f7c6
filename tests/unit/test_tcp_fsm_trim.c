/*
 * test_tcp_fsm_trim.c - the reference state machine on the rules of issue
 * 10, each test written from the RFC sentence it implements: the first
 * step's trimming reaches the SYN bit too (RFC 9293 3.10.7.4), text on a
 * SYN waits for ESTABLISHED (3.10.7.2, 3.10.7.3), and the policy knobs for
 * SYN-FIN dropping and per-state RFC 5961 SYN handling. ISNs and windows as
 * in tcp_fsm_steps.h (ours 100, the peer's 300, RCV.WND 1000).
 */
#include "tcp_fsm_steps.h"

static struct sf_fsm_policy pol_no5961_syn(void)
{
	struct sf_fsm_policy p = pol();

	p.rfc5961_syn = false;
	return p;
}

static bool emitted_rst(const struct sf_fsm_result *r)
{
	size_t i;

	for (i = 0; i < r->n_emit; i++)
		if (r->emit[i].seg.flags & RST)
			return true;
	return false;
}

/* ---- trimming before the SYN check (RFC 9293 3.10.7.4) ------------------ */

/*
 * "In the following it is assumed that the segment is the idealized
 * segment that begins at RCV.NXT and does not exceed the window. One could
 * tailor actual segments to fit this assumption by trimming off any
 * portions that lie outside the window (including SYN and FIN) and only
 * processing further if the segment then begins at RCV.NXT." and, fourth
 * step: "If the SYN is not in the window, this step would not be reached
 * and an ACK would have been sent in the first step." ESTABLISHED, RFC 5961
 * off: a SYN,ACK at RCV.NXT-1 with 3 octets loses its SYN; the text is
 * acknowledged, the connection stays.
 */
static void test_established_syn_below_window_is_trimmed(void **state)
{
	struct sf_fsm_policy p = pol_no5961_syn();
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r = rcv_p(&t, seg(300, 101, SYN | ACK, 3), &p);

	(void)state;
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(r.delivered, 3);
	assert_false(emitted_rst(&r));
	assert_int_equal(t.state, SF_TCPS_ESTABLISHED);
	assert_int_equal(t.rcv_nxt, 304);
	assert_int_equal(r.n_emit, 1);
	emits(&r, 0, 101, 304, ACK, 0);
	/* Without the ACK bit the trimmed segment goes on to the fifth step:
	 * "if the ACK bit is off, drop the segment and return". */
	t = reach(SF_TCPS_ESTABLISHED);
	r = rcv_p(&t, seg(300, 0, SYN, 3), &p);
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(t.state, SF_TCPS_ESTABLISHED);
	assert_int_equal(r.n_emit, 0);
}

/* With RFC 5961 the SYN is answered "irrespective of the sequence number"
 * (RFC 9293 3.10.7.4 fourth step, RFC 5961 4.2): a challenge ACK, the
 * segment dropped, its text not delivered. */
static void test_established_syn_below_window_rfc5961(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);
	struct sf_fsm_result r = rcv(&t, seg(300, 101, SYN | ACK, 3));

	(void)state;
	assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
	assert_int_equal(r.delivered, 0);
	emits(&r, 0, 101, 301, ACK, 0);
	assert_int_equal(t.state, SF_TCPS_ESTABLISHED);
}

/* SYN-RECEIVED from LISTEN, fourth step: "If the connection was initiated
 * with a passive OPEN, then return this connection to the LISTEN state and
 * return." -- only for a SYN that is still in the window after trimming.
 * The peer's SYN again (SEG.SEQ = IRS), now with text, loses its SYN: with
 * an ACK of our SYN it completes the handshake and its text is delivered;
 * without one it is dropped. Neither returns to LISTEN. */
static void test_syn_received_old_syn_with_text(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_RECEIVED);
	struct sf_fsm_result r = rcv(&t, seg(300, 0, SYN, 3));

	(void)state;
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(t.state, SF_TCPS_SYN_RECEIVED);
	assert_int_equal(r.n_emit, 0);
	r = rcv(&t, seg(300, 101, SYN | ACK, 3));
	edge(&r, "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED");
	assert_int_equal(r.delivered, 3);
	emits(&r, 0, 101, 304, ACK, 0);
	/* An in-window SYN still returns to LISTEN. */
	t = reach(SF_TCPS_SYN_RECEIVED);
	r = rcv(&t, seg(301, 0, SYN, 0));
	edge(&r, "SYN_RECEIVED --rcv SYN--> LISTEN");
}

/* TIME-WAIT, RFC 5961 off: a SYN,FIN,ACK whose SYN is at RCV.NXT-1 and
 * whose FIN is at RCV.NXT. The SYN is trimmed, so no reset; the FIN is
 * processed as in TIME-WAIT: "Remain in the TIME-WAIT state. Restart the
 * 2 MSL time-wait timeout." */
static void test_time_wait_syn_fin_below_window(void **state)
{
	struct sf_fsm_policy p = pol_no5961_syn();
	struct sf_tcb t = reach(SF_TCPS_TIME_WAIT);
	struct sf_fsm_result r = rcv_p(&t, seg(301, 102, SYN | FIN | ACK, 0), &p);

	(void)state;
	assert_false(emitted_rst(&r));
	assert_int_equal(t.state, SF_TCPS_TIME_WAIT);
	assert_true(r.time_wait_timer);
	emits(&r, 0, 102, 303, ACK, 0);
	/* The same SYN inside the window resets (RFC 793 behaviour). */
	t = reach(SF_TCPS_TIME_WAIT);
	r = rcv_p(&t, seg(302, 102, SYN | ACK, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_RESET);
	assert_int_equal(t.state, SF_TCPS_CLOSED);
}

/* ---- text on a SYN waits for ESTABLISHED (3.10.7.2, 3.10.7.3) ----------- */

/* 3.10.7.3, SYN-SENT, a SYN without ACK: "If there are other controls or
 * text in the segment, queue them for processing after the ESTABLISHED
 * state has been reached, return." Simultaneous open, the peer's SYN with 3
 * octets: the SYN-ACK acknowledges the SYN only; ESTABLISHED delivers the
 * 3 octets, and our FIN acknowledges IRS+4. */
static void test_simultaneous_open_syn_text(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_SENT);
	struct sf_fsm_result r = rcv(&t, seg(300, 0, SYN, 3));

	(void)state;
	edge(&r, "SYN_SENT --rcv SYN/snd SYN,ACK--> SYN_RECEIVED");
	emits(&r, 0, 100, 301, SYN | ACK, 0);
	assert_int_equal(r.delivered, 0);
	r = rcv(&t, seg(300, 101, SYN | ACK, 0));
	edge(&r, "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED");
	assert_int_equal(r.delivered, 3);
	assert_true(r.user & SF_USER_DATA);
	emits(&r, 0, 101, 304, ACK, 0);
	r = call(&t, SF_CALL_CLOSE, 0);
	emits(&r, 0, 101, 304, FIN | ACK, 0);
}

/* 3.10.7.2, LISTEN: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and
 * any other control or text should be queued for processing later." The
 * SYN-ACK acknowledges SEG.SEQ+1; the handshake ACK delivers the text once,
 * even when it repeats it. */
static void test_listen_syn_text(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_LISTEN);
	struct sf_fsm_result r = rcv(&t, seg(300, 0, SYN, 5));

	(void)state;
	emits(&r, 0, 100, 301, SYN | ACK, 0);
	assert_int_equal(t.rcv_nxt, 301);
	r = rcv(&t, seg(301, 101, ACK, 5));
	edge(&r, "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED");
	assert_int_equal(r.delivered, 5);
	assert_int_equal(t.rcv_nxt, 306);
	emits(&r, 0, 101, 306, ACK, 0);
}

/* ---- policy knobs ---------------------------------------------------------- */

/* drop_syn_fin: a hardening choice outside RFC 9293 (which would process
 * both bits): a SYN-FIN is silently dropped in every state. */
static void test_drop_syn_fin(void **state)
{
	struct sf_fsm_policy p = pol();
	struct sf_tcb t = reach(SF_TCPS_LISTEN);
	struct sf_fsm_result r;

	(void)state;
	p.drop_syn_fin = true;
	r = rcv_p(&t, seg(300, 0, SYN | FIN, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, SF_TCPS_LISTEN);
	t = reach(SF_TCPS_ESTABLISHED);
	r = rcv_p(&t, seg(301, 101, SYN | FIN | ACK, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(t.state, SF_TCPS_ESTABLISHED);
	/* Off (the default): LISTEN takes the SYN. */
	t = reach(SF_TCPS_LISTEN);
	r = rcv(&t, seg(300, 0, SYN | FIN, 0));
	assert_int_equal(t.state, SF_TCPS_SYN_RECEIVED);
}

/* rfc5961_syn_flip: RFC 5961 4.2 per state. A stack that resets on an
 * in-window SYN (RFC 793: "If the SYN is in the window it is an error, send
 * a reset") but answers one in TIME-WAIT with a challenge ACK. */
static void test_rfc5961_syn_per_state(void **state)
{
	struct sf_fsm_policy p = pol_no5961_syn();
	struct sf_tcb t = reach(SF_TCPS_TIME_WAIT);
	struct sf_fsm_result r;

	(void)state;
	p.rfc5961_syn_flip = 1u << SF_TCPS_TIME_WAIT;
	r = rcv_p(&t, seg(302, 102, SYN | ACK, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
	emits(&r, 0, 102, 302, ACK, 0);
	assert_int_equal(t.state, SF_TCPS_TIME_WAIT);
	t = reach(SF_TCPS_ESTABLISHED);
	r = rcv_p(&t, seg(301, 101, SYN | ACK, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_RESET);
	assert_int_equal(t.state, SF_TCPS_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_established_syn_below_window_is_trimmed),
		cmocka_unit_test(test_established_syn_below_window_rfc5961),
		cmocka_unit_test(test_syn_received_old_syn_with_text),
		cmocka_unit_test(test_time_wait_syn_fin_below_window),
		cmocka_unit_test(test_simultaneous_open_syn_text),
		cmocka_unit_test(test_listen_syn_text),
		cmocka_unit_test(test_drop_syn_fin),
		cmocka_unit_test(test_rfc5961_syn_per_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
