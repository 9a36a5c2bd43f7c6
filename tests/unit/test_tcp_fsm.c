/*
 * test_tcp_fsm.c - the reference state machine, edge by edge: both sides of
 * Figure 5, simultaneous open and close, RST and SYN in every state, ABORT
 * and timeouts. Every call goes through tcp_fsm_steps.h, which checks the
 * inputs were not modified and counts the table edges taken; the last test
 * fails if any edge of the table was never reached. Window edges, ACK and
 * text processing, options and errors are in test_tcp_fsm_rules.c.
 */
#include "tcp_fsm_steps.h"

/* ---- the table ------------------------------------------------------------ */

/* Each name is "FROM --event/send--> TO" built from the row's own fields,
 * rows are unique, lookup finds them, and Figure 5 has its 20 edges. */
static void test_table_well_formed(void **state)
{
	size_t n, i, j, fig = 0;
	const struct sf_fsm_transition *tab = sf_fsm_transitions(&n);
	char want[160];

	(void)state;
	assert_true(n < sizeof(hits) / sizeof(hits[0]));
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "%s --%s%s%s--> %s", sf_tcp_state_name(tab[i].from),
			sf_fsm_event_name(tab[i].event), tab[i].send[0] ? "/" : "", tab[i].send,
			sf_tcp_state_name(tab[i].to));
		assert_string_equal(tab[i].name, want);
		assert_ptr_equal(sf_fsm_transition_find(tab[i].from, tab[i].to, tab[i].event), &tab[i]);
		assert_non_null(strstr(tab[i].rfc, "RFC "));
		fig += tab[i].figure5;
		for (j = i + 1; j < n; j++)
			assert_false(tab[i].from == tab[j].from && tab[i].to == tab[j].to &&
				tab[i].event == tab[j].event);
	}
	assert_int_equal(fig, 20);
	assert_null(sf_fsm_transition_find(SF_TCPS_CLOSED, SF_TCPS_ESTABLISHED, SF_EV_RCV_SYN));
}

/* ---- Figure 5, the client side (Figures 6 and 12, peer A) --------------- */

static void test_client_path(void **state)
{
	struct sf_tcb t;
	struct sf_fsm_result r;

	(void)state;
	memset(&t, 0, sizeof(t));
	r = call(&t, SF_CALL_OPEN_ACTIVE, 0);
	edge(&r, "CLOSED --active OPEN/snd SYN--> SYN_SENT");
	assert_int_equal(r.n_emit, 1);
	emits(&r, 0, 100, 0, SYN, 0);
	assert_true(r.emit[0].seg.opt.has_mss);
	assert_int_equal(r.emit[0].seg.opt.mss, 1460);
	assert_int_equal(r.emit[0].seg.wnd, 1000);
	assert_int_equal(t.snd_una, 100);
	assert_int_equal(t.snd_nxt, 101);

	r = rcv(&t, seg(300, 101, SYN | ACK, 0));
	edge(&r, "SYN_SENT --rcv SYN,ACK/snd ACK--> ESTABLISHED");
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(r.user, SF_USER_CONNECTED);
	assert_int_equal(r.n_emit, 1);
	emits(&r, 0, 101, 301, ACK, 0);
	assert_int_equal(r.emit[0].kind, SF_EMIT_ANSWER);
	assert_int_equal(t.irs, 300);
	assert_int_equal(t.rcv_nxt, 301);
	assert_int_equal(t.snd_una, 101);
	assert_int_equal(t.snd_wnd, 10000);
	assert_int_equal(t.peer_mss, 536);

	r = call(&t, SF_CALL_CLOSE, 0);
	edge(&r, "ESTABLISHED --CLOSE/snd FIN--> FIN_WAIT_1");
	emits(&r, 0, 101, 301, FIN | ACK, 0);
	assert_int_equal(t.fin_seq, 101);
	assert_int_equal(t.snd_nxt, 102);

	r = rcv(&t, seg(301, 102, ACK, 0));
	edge(&r, "FIN_WAIT_1 --rcv ACK of FIN--> FIN_WAIT_2");
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(r.user, SF_USER_CLOSED);

	r = rcv(&t, seg(301, 102, FIN | ACK, 0));
	edge(&r, "FIN_WAIT_2 --rcv FIN/snd ACK--> TIME_WAIT");
	emits(&r, 0, 102, 302, ACK, 0);
	assert_int_equal(r.user, SF_USER_EOF);
	assert_true(r.time_wait_timer);

	r = tmo(&t, SF_TIMEOUT_TIME_WAIT);
	edge(&r, "TIME_WAIT --timeout=2MSL--> CLOSED");
	assert_int_equal(t.state, SF_TCPS_CLOSED);
}

/* ---- Figure 5, the server side (Figures 6 and 12, peer B) --------------- */

static void test_server_path(void **state)
{
	struct sf_tcb t;
	struct sf_fsm_result r;

	(void)state;
	memset(&t, 0, sizeof(t));
	r = call(&t, SF_CALL_OPEN_PASSIVE, 0);
	edge(&r, "CLOSED --passive OPEN--> LISTEN");
	assert_int_equal(r.n_emit, 0);

	r = rcv(&t, seg(300, 0, SYN, 0));
	edge(&r, "LISTEN --rcv SYN/snd SYN,ACK--> SYN_RECEIVED");
	emits(&r, 0, 100, 301, SYN | ACK, 0);
	assert_true(t.passive);
	assert_int_equal(t.irs, 300);

	r = rcv(&t, seg(301, 101, ACK, 0));
	edge(&r, "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED");
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(r.user, SF_USER_CONNECTED);
	assert_int_equal(t.snd_una, 101);

	r = rcv(&t, seg(301, 101, FIN | ACK, 0));
	edge(&r, "ESTABLISHED --rcv FIN/snd ACK--> CLOSE_WAIT");
	emits(&r, 0, 101, 302, ACK, 0);
	assert_int_equal(r.user, SF_USER_EOF);

	r = call(&t, SF_CALL_CLOSE, 0);
	edge(&r, "CLOSE_WAIT --CLOSE/snd FIN--> LAST_ACK");
	emits(&r, 0, 101, 302, FIN | ACK, 0);

	r = rcv(&t, seg(302, 102, ACK, 0));
	edge(&r, "LAST_ACK --rcv ACK of FIN--> CLOSED");
	assert_int_equal(r.user, SF_USER_CLOSED);
	assert_int_equal(r.n_emit, 0);
}

/* Figure 7: four segments, both ends CLOSED -> SYN-SENT -> SYN-RECEIVED ->
 * ESTABLISHED. Two machines exchange what they emit. */
static void test_simultaneous_open(void **state)
{
	struct sf_fsm_policy pa = pol(), pb = pol();
	struct sf_tcb a, b;
	struct sf_fsm_result ra, rb, r1, r2;

	(void)state;
	pb.iss = 300;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	sf_fsm_user_call(&a, SF_CALL_OPEN_ACTIVE, 0, &pa, &a, &ra);
	sf_fsm_user_call(&b, SF_CALL_OPEN_ACTIVE, 0, &pb, &b, &rb);
	record(&ra);
	record(&rb);
	emits(&ra, 0, 100, 0, SYN, 0);
	emits(&rb, 0, 300, 0, SYN, 0);

	r1 = rcv_p(&a, rb.emit[0].seg, &pa);
	edge(&r1, "SYN_SENT --rcv SYN/snd SYN,ACK--> SYN_RECEIVED");
	emits(&r1, 0, 100, 301, SYN | ACK, 0);
	assert_false(a.passive);
	r2 = rcv_p(&b, ra.emit[0].seg, &pb);
	emits(&r2, 0, 300, 101, SYN | ACK, 0);

	ra = rcv_p(&a, r2.emit[0].seg, &pa);
	edge(&ra, "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED");
	assert_int_equal(ra.n_emit, 0);
	rb = rcv_p(&b, r1.emit[0].seg, &pb);
	assert_int_equal(rb.n_emit, 0);
	assert_int_equal(a.state, SF_TCPS_ESTABLISHED);
	assert_int_equal(b.state, SF_TCPS_ESTABLISHED);
	assert_int_equal(a.rcv_nxt, 301);
	assert_int_equal(b.rcv_nxt, 101);
}

/* Figure 13: both CLOSE; FIN_WAIT_1 -> CLOSING -> TIME_WAIT -> CLOSED. */
static void test_simultaneous_close(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_FIN_WAIT_1);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(301, 101, FIN | ACK, 0));
	edge(&r, "FIN_WAIT_1 --rcv FIN/snd ACK--> CLOSING");
	emits(&r, 0, 102, 302, ACK, 0);
	r = rcv(&t, seg(302, 102, ACK, 0));
	edge(&r, "CLOSING --rcv ACK of FIN--> TIME_WAIT");
	assert_true(r.time_wait_timer);
	assert_int_equal(r.n_emit, 0);
	r = tmo(&t, SF_TIMEOUT_TIME_WAIT);
	edge(&r, "TIME_WAIT --timeout=2MSL--> CLOSED");
}

/* Note 2: the FIN and the ACK of our FIN in one segment. */
static void test_fin_wait_1_note_2(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_FIN_WAIT_1);
	struct sf_fsm_result r = rcv(&t, seg(301, 102, FIN | ACK, 0));

	(void)state;
	assert_int_equal(r.n_path, 1);
	edge(&r, "FIN_WAIT_1 --rcv FIN,ACK of FIN/snd ACK--> TIME_WAIT");
	emits(&r, 0, 102, 302, ACK, 0);
	assert_int_equal(r.user, SF_USER_CLOSED | SF_USER_EOF);
}

/* ACK of our FIN, FIN beyond RCV.NXT: only FIN_WAIT_2 (recorded late). */
static void test_fin_wait_1_ack_and_out_of_order_fin(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_FIN_WAIT_1);
	struct sf_fsm_result r = rcv(&t, seg(310, 102, FIN | ACK, 0));

	(void)state;
	edge(&r, "FIN_WAIT_1 --rcv ACK of FIN--> FIN_WAIT_2");
	assert_int_equal(r.verdict, SF_FSM_OUT_OF_ORDER);
	emits(&r, 0, 102, 301, ACK, 0);
}

static void test_listen_send_close_and_open(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_LISTEN);
	struct sf_fsm_result r;

	(void)state;
	r = call(&t, SF_CALL_SEND, 10);
	edge(&r, "LISTEN --SEND/snd SYN--> SYN_SENT");
	emits(&r, 0, 100, 0, SYN, 0);
	assert_int_equal(t.snd_buf, 10);
	/* The queued text goes out once ESTABLISHED, after the ACK of SYN,ACK. */
	r = rcv(&t, seg(300, 101, SYN | ACK, 0));
	assert_int_equal(r.n_emit, 2);
	emits(&r, 0, 101, 301, ACK, 0);
	emits(&r, 1, 101, 301, ACK | PSH, 10);

	t = reach(SF_TCPS_LISTEN);
	r = call(&t, SF_CALL_CLOSE, 0);
	edge(&r, "LISTEN --CLOSE--> CLOSED");
	t = reach(SF_TCPS_LISTEN);
	r = call(&t, SF_CALL_OPEN_ACTIVE, 0);
	edge(&r, "LISTEN --active OPEN/snd SYN--> SYN_SENT");
	emits(&r, 0, 100, 0, SYN, 0);
	t = reach(SF_TCPS_SYN_SENT);
	r = call(&t, SF_CALL_CLOSE, 0);
	edge(&r, "SYN_SENT --CLOSE--> CLOSED");
	assert_int_equal(r.n_emit, 0);
}

static void test_syn_received_close(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_RECEIVED);
	struct sf_fsm_result r = call(&t, SF_CALL_CLOSE, 0);

	(void)state;
	edge(&r, "SYN_RECEIVED --CLOSE/snd FIN--> FIN_WAIT_1");
	emits(&r, 0, 101, 301, FIN | ACK, 0);

	/* With text queued the FIN waits for ESTABLISHED (3.10.4). */
	t = reach(SF_TCPS_SYN_RECEIVED);
	call(&t, SF_CALL_SEND, 10);
	r = call(&t, SF_CALL_CLOSE, 0);
	assert_null(r.transition);
	assert_int_equal(r.n_emit, 0);
	r = rcv(&t, seg(301, 101, ACK, 0));
	assert_int_equal(r.n_path, 2);
	assert_string_equal(r.path[0]->name, "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED");
	assert_string_equal(r.path[1]->name, "ESTABLISHED --CLOSE/snd FIN--> FIN_WAIT_1");
	emits(&r, 0, 101, 301, ACK | PSH, 10);
	emits(&r, 1, 111, 301, FIN | ACK, 0);
}

/* One segment, two edges: ACK of SYN and FIN. */
static void test_syn_received_ack_and_fin(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_RECEIVED);
	struct sf_fsm_result r = rcv(&t, seg(301, 101, FIN | ACK, 5));

	(void)state;
	assert_int_equal(r.n_path, 2);
	assert_string_equal(r.path[1]->name, "ESTABLISHED --rcv FIN/snd ACK--> CLOSE_WAIT");
	assert_int_equal(r.user, SF_USER_CONNECTED | SF_USER_DATA | SF_USER_EOF);
	assert_int_equal(r.delivered, 5);
	emits(&r, 0, 101, 307, ACK, 0);
}

/* ---- RST ---------------------------------------------------------------- */

static void test_rst_syn_sent(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_SENT);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(0, 101, RST | ACK, 0));
	edge(&r, "SYN_SENT --rcv RST--> CLOSED");
	assert_int_equal(r.verdict, SF_FSM_RESET);
	assert_int_equal(r.user, SF_USER_RESET);
	assert_string_equal(r.error, "error: connection reset");

	t = reach(SF_TCPS_SYN_SENT);
	r = rcv(&t, seg(0, 0, RST, 0));
	assert_int_equal(r.verdict, SF_FSM_RST_IGNORED);
	r = rcv(&t, seg(0, 100, RST | ACK, 0));
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, SF_TCPS_SYN_SENT);
}

static void test_rst_syn_received(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_RECEIVED);
	struct sf_fsm_policy p = pol();
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(301, 0, RST, 0));
	edge(&r, "SYN_RECEIVED --rcv RST--> LISTEN");
	assert_int_equal(r.user, 0);
	assert_int_equal(t.state, SF_TCPS_LISTEN);

	t = reach(SF_TCPS_SYN_RECEIVED);
	r = rcv(&t, seg(350, 0, RST, 0));
	assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
	emits(&r, 0, 101, 301, ACK, 0);
	p.rfc5961_rst = false;
	r = rcv_p(&t, seg(350, 0, RST, 0), &p);
	edge(&r, "SYN_RECEIVED --rcv RST--> LISTEN");

	/* Reached by simultaneous open: the connection was refused. */
	t = reach(SF_TCPS_SYN_SENT);
	rcv(&t, seg(300, 0, SYN, 0));
	r = rcv(&t, seg(301, 0, RST, 0));
	edge(&r, "SYN_RECEIVED --rcv RST--> CLOSED");
	assert_int_equal(r.user, SF_USER_REFUSED);
	assert_string_equal(r.error, "error: connection refused");
}

/* Exact RCV.NXT resets, the rest of the window gets a challenge ACK
 * (RFC 5961 3.2), outside the window nothing; without RFC 5961 the whole
 * window resets. */
static void test_rst_synchronized_states(void **state)
{
	struct sf_fsm_policy p = pol();
	char name[64];
	size_t i;

	(void)state;
	p.rfc5961_rst = false;
	for (i = 0; i < N_SYNC; i++) {
		uint32_t nxt = sync_states[i].rcv_nxt, snd = sync_states[i].snd_nxt;
		struct sf_tcb t = reach(sync_states[i].s);
		struct sf_fsm_result r = rcv(&t, seg(nxt, 0, RST, 0));

		snprintf(name, sizeof(name), "%s --rcv RST--> CLOSED", sf_tcp_state_name(sync_states[i].s));
		edge(&r, name);
		assert_int_equal(r.verdict, SF_FSM_RESET);
		assert_int_equal(r.user, sync_states[i].user_on_rst);
		assert_int_equal(r.n_emit, 0);

		t = reach(sync_states[i].s);
		r = rcv(&t, seg(nxt + 100, 0, RST, 0));
		assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
		assert_string_equal(r.rfc, "RFC 5961 3.2");
		assert_int_equal(r.n_emit, 1);
		emits(&r, 0, snd, nxt, ACK, 0);
		assert_int_equal(t.state, sync_states[i].s);

		r = rcv(&t, seg(nxt + 1000, 0, RST, 0));
		assert_int_equal(r.verdict, SF_FSM_DROPPED);
		assert_int_equal(r.n_emit, 0);
		r = rcv(&t, seg(nxt - 1, 0, RST, 0));
		assert_int_equal(r.verdict, SF_FSM_DROPPED);
		assert_int_equal(t.state, sync_states[i].s);

		r = rcv_p(&t, seg(nxt + 999, 0, RST, 0), &p);
		edge(&r, name);
	}
}

static void test_rst_time_wait_rfc1337(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_TIME_WAIT);
	struct sf_fsm_policy p = pol();
	struct sf_fsm_result r;

	(void)state;
	p.rfc1337 = true;
	r = rcv_p(&t, seg(302, 0, RST, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_RST_IGNORED);
	assert_string_equal(r.rfc, "RFC 1337 3");
	assert_int_equal(r.n_emit, 0);
	assert_int_equal(t.state, SF_TCPS_TIME_WAIT);
}

/* ---- SYN in a synchronized state ---------------------------------------- */

static void test_syn_synchronized_states(void **state)
{
	struct sf_fsm_policy p = pol();
	char name[64];
	size_t i;

	(void)state;
	p.rfc5961_syn = false;
	for (i = 0; i < N_SYNC; i++) {
		uint32_t nxt = sync_states[i].rcv_nxt, snd = sync_states[i].snd_nxt;
		struct sf_tcb t = reach(sync_states[i].s);
		struct sf_fsm_result r = rcv(&t, seg(nxt + 10, 0, SYN, 0));

		assert_int_equal(r.verdict, SF_FSM_CHALLENGE_ACK);
		assert_string_equal(r.rfc, "RFC 5961 4.2");
		emits(&r, 0, snd, nxt, ACK, 0);
		/* Outside the window the sequence check already answers. */
		r = rcv(&t, seg(nxt + 5000, 0, SYN, 0));
		assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
		emits(&r, 0, snd, nxt, ACK, 0);

		r = rcv_p(&t, seg(nxt + 10, 0, SYN, 0), &p);
		snprintf(name, sizeof(name), "%s --rcv SYN/snd RST--> CLOSED", sf_tcp_state_name(sync_states[i].s));
		edge(&r, name);
		emits(&r, 0, 0, nxt + 11, RST | ACK, 0);
		assert_int_equal(r.user, SF_USER_RESET);
	}
}

static void test_syn_syn_received(void **state)
{
	struct sf_fsm_policy p = pol();
	struct sf_tcb t = reach(SF_TCPS_SYN_RECEIVED);
	struct sf_fsm_result r;

	(void)state;
	r = rcv(&t, seg(305, 0, SYN, 0));
	edge(&r, "SYN_RECEIVED --rcv SYN--> LISTEN");
	assert_int_equal(r.n_emit, 0);
	/* A retransmission of the first SYN is below the window: ACK. */
	t = reach(SF_TCPS_SYN_RECEIVED);
	r = rcv(&t, seg(300, 0, SYN, 0));
	assert_int_equal(r.verdict, SF_FSM_UNACCEPTABLE);
	emits(&r, 0, 101, 301, ACK, 0);

	p.rfc5961_syn = false;
	t = reach(SF_TCPS_SYN_SENT);
	rcv(&t, seg(300, 0, SYN, 0));
	r = rcv_p(&t, seg(310, 0, SYN, 0), &p);
	edge(&r, "SYN_RECEIVED --rcv SYN/snd RST--> CLOSED");
	emits(&r, 0, 0, 311, RST | ACK, 0);
}

/* ---- ABORT, timeouts, TIME-WAIT ----------------------------------------- */

static const enum sf_tcp_state open_states[] = {
	SF_TCPS_LISTEN, SF_TCPS_SYN_SENT, SF_TCPS_SYN_RECEIVED, SF_TCPS_ESTABLISHED,
	SF_TCPS_FIN_WAIT_1, SF_TCPS_FIN_WAIT_2, SF_TCPS_CLOSE_WAIT, SF_TCPS_CLOSING,
	SF_TCPS_LAST_ACK, SF_TCPS_TIME_WAIT,
};
#define N_OPEN (sizeof(open_states) / sizeof(open_states[0]))

/* ABORT: <SEQ=SND.NXT><CTL=RST> from SYN-RECEIVED to CLOSE-WAIT. */
static void test_abort_every_state(void **state)
{
	static const uint32_t rst_seq[N_OPEN] = { 0, 0, 101, 101, 102, 102, 101, 0, 0, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < N_OPEN; i++) {
		struct sf_tcb t = reach(open_states[i]);
		struct sf_fsm_result r = call(&t, SF_CALL_ABORT, 0);

		assert_int_equal(r.transition->from, open_states[i]);
		assert_int_equal(r.transition->event, SF_EV_ABORT);
		assert_int_equal(t.state, SF_TCPS_CLOSED);
		if (rst_seq[i]) {
			assert_int_equal(r.n_emit, 1);
			emits(&r, 0, rst_seq[i], 0, RST, 0);
		} else {
			assert_int_equal(r.n_emit, 0);
		}
	}
}

static void test_user_timeout_every_state(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_OPEN; i++) {
		struct sf_tcb t = reach(open_states[i]);
		struct sf_fsm_result r = tmo(&t, SF_TIMEOUT_USER);

		assert_int_equal(r.transition->from, open_states[i]);
		assert_int_equal(r.transition->event, SF_EV_TIMEOUT_USER);
		assert_int_equal(r.user, SF_USER_TIMEOUT);
		assert_string_equal(r.error, "error: connection aborted due to user timeout");
		assert_int_equal(t.state, SF_TCPS_CLOSED);
	}
}

/* RFC 9293 3.6.1 MAY-2 / RFC 6191: a newer SYN reopens from TIME-WAIT. */
static void test_time_wait_reopen(void **state)
{
	struct sf_fsm_policy p = pol();
	struct sf_tcb t = reach(SF_TCPS_TIME_WAIT);
	struct sf_fsm_result r;

	(void)state;
	p.time_wait_reopen = true;
	p.iss = 5000;
	r = rcv_p(&t, seg(200, 0, SYN, 0), &p);
	assert_int_equal(r.verdict, SF_FSM_DROPPED);
	assert_string_equal(r.rfc, "RFC 6191 2");
	assert_int_equal(t.state, SF_TCPS_TIME_WAIT);
	r = rcv_p(&t, seg(400, 0, SYN, 0), &p);
	edge(&r, "TIME_WAIT --rcv SYN/snd SYN,ACK--> SYN_RECEIVED");
	emits(&r, 0, 5000, 401, SYN | ACK, 0);
	/* An ISS not above the old incarnation's numbers is raised (3.6.1 (1)). */
	t = reach(SF_TCPS_TIME_WAIT);
	p.iss = 50;
	r = rcv_p(&t, seg(400, 0, SYN, 0), &p);
	emits(&r, 0, 102, 401, SYN | ACK, 0);
}

/* RFC 6191 2 with timestamps on both incarnations: a higher TSval, or an
 * equal TSval with a higher sequence number, reopens; else a silent drop. */
static void test_time_wait_reopen_timestamps(void **state)
{
	static const struct { uint32_t tsval, seq; bool reopens; } cases[] = {
		{ 51, 200, true },   /* newer timestamp, old sequence number */
		{ 50, 400, true },   /* same timestamp, newer sequence number */
		{ 50, 200, false },  /* same timestamp, old sequence number */
		{ 49, 400, false },  /* older timestamp */
	};
	struct sf_fsm_policy p = pol();
	size_t i;

	(void)state;
	p.time_wait_reopen = true;
	p.timestamps = true;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sf_tcb t = reach(SF_TCPS_TIME_WAIT);
		struct sf_tcp_seg sy = seg(cases[i].seq, 0, SYN, 0);
		struct sf_fsm_result r;

		t.ts_ok = true;
		t.ts_recent = 50;
		sy.opt.has_ts = true;
		sy.opt.ts_val = cases[i].tsval;
		r = rcv_p(&t, sy, &p);
		assert_int_equal(t.state, cases[i].reopens ? SF_TCPS_SYN_RECEIVED : SF_TCPS_TIME_WAIT);
		assert_int_equal(r.verdict, cases[i].reopens ? SF_FSM_ACCEPTED : SF_FSM_DROPPED);
	}
}

static void test_retransmission_timeout(void **state)
{
	struct sf_tcb t = reach(SF_TCPS_SYN_SENT);
	struct sf_fsm_result r = tmo(&t, SF_TIMEOUT_RETRANSMIT);

	(void)state;
	emits(&r, 0, 100, 0, SYN, 0);
	assert_int_equal(r.emit[0].kind, SF_EMIT_RETRANSMIT);
	assert_null(r.transition);
	t = reach(SF_TCPS_SYN_RECEIVED);
	r = tmo(&t, SF_TIMEOUT_RETRANSMIT);
	emits(&r, 0, 100, 301, SYN | ACK, 0);
	t = reach(SF_TCPS_ESTABLISHED);
	call(&t, SF_CALL_SEND, 700);
	r = tmo(&t, SF_TIMEOUT_RETRANSMIT);
	emits(&r, 0, 101, 301, ACK, 536);
	t = reach(SF_TCPS_FIN_WAIT_1);
	r = tmo(&t, SF_TIMEOUT_RETRANSMIT);
	emits(&r, 0, 101, 301, FIN | ACK, 0);
	t = reach(SF_TCPS_ESTABLISHED);
	r = tmo(&t, SF_TIMEOUT_RETRANSMIT);
	assert_int_equal(r.n_emit, 0);
	r = tmo(&t, SF_TIMEOUT_TIME_WAIT);
	assert_null(r.transition);
}

/* ---- coverage: keep last ------------------------------------------------ */

static void test_every_edge_reached(void **state)
{
	size_t n, i, missed = 0;
	const struct sf_fsm_transition *tab = sf_fsm_transitions(&n);

	(void)state;
	for (i = 0; i < n; i++) {
		if (hits[i] == 0) {
			print_error("edge never reached: %s\n", tab[i].name);
			missed++;
		}
	}
	assert_int_equal(missed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_well_formed),
		cmocka_unit_test(test_client_path),
		cmocka_unit_test(test_server_path),
		cmocka_unit_test(test_simultaneous_open),
		cmocka_unit_test(test_simultaneous_close),
		cmocka_unit_test(test_fin_wait_1_note_2),
		cmocka_unit_test(test_fin_wait_1_ack_and_out_of_order_fin),
		cmocka_unit_test(test_listen_send_close_and_open),
		cmocka_unit_test(test_syn_received_close),
		cmocka_unit_test(test_syn_received_ack_and_fin),
		cmocka_unit_test(test_rst_syn_sent),
		cmocka_unit_test(test_rst_syn_received),
		cmocka_unit_test(test_rst_synchronized_states),
		cmocka_unit_test(test_rst_time_wait_rfc1337),
		cmocka_unit_test(test_syn_synchronized_states),
		cmocka_unit_test(test_syn_syn_received),
		cmocka_unit_test(test_abort_every_state),
		cmocka_unit_test(test_user_timeout_every_state),
		cmocka_unit_test(test_time_wait_reopen),
		cmocka_unit_test(test_time_wait_reopen_timestamps),
		cmocka_unit_test(test_retransmission_timeout),
		cmocka_unit_test(test_every_edge_reached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
