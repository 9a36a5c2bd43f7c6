/*
 * test_matrix_rfc.c - the model's predictions for one full row of the
 * matrix (every kind of segment at every position in ESTABLISHED) and one
 * full column (RST at every position in every state), checked against
 * tables written from the RFC text, not from the model. The matrix
 * (scripts/matrix/, lua/synfin/matrix.lua) takes its expectations from the
 * model; these tables are the independent reading it is checked against.
 *
 * Numbers (tcp_fsm_steps.h): our ISS 100, the peer's 300, RCV.WND 1000,
 * the peer's window 10000. In ESTABLISHED 100 octets are in flight:
 * SND.UNA 101, SND.NXT 201, RCV.NXT 301, MAX.SND.WND 10000. Positions as
 * in lua/synfin/matrix.lua: outside-left (the segment ends before RCV.NXT),
 * left-edge RCV.NXT, inside RCV.NXT+500, right-edge RCV.NXT+999,
 * outside-right RCV.NXT+1000; ack-old SND.UNA-10001, ack-SND.UNA,
 * ack-in-flight 151, ack-SND.NXT, ack-beyond SND.NXT+1.
 *
 * The sentences (RFC 9293 3.10.7.4 unless said otherwise):
 *  [U] "If an incoming segment is not acceptable, an acknowledgment should be
 *      sent in reply (unless the RST bit is set, if so drop the segment and
 *      return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
 *  [R] "If the RST bit is set and the sequence number exactly matches the
 *      next expected sequence number (RCV.NXT), then TCP MUST reset the
 *      connection" (RFC 5961 3.2) ... "enter the CLOSED state"
 *  [C] "If the RST bit is set and the sequence number does not exactly match
 *      the next expected sequence value, yet is within the current receive
 *      window, TCP MUST send an acknowledgment (challenge ACK)" (RFC 5961 3.2)
 *  [S] "If the SYN bit is set, irrespective of the sequence number, TCP MUST
 *      send an ACK (also referred to as challenge ACK)" (RFC 5961 4.2)
 *  [O] "if the ACK bit is off, drop the segment and return" (fifth check)
 *  [A] "All incoming segments whose ACK value doesn't satisfy [(SND.UNA -
 *      MAX.SND.WND) =< SEG.ACK =< SND.NXT] MUST be discarded and an ACK sent
 *      back" (RFC 5961 5.2); "If the ACK acks something not yet sent (SEG.ACK >
 *      SND.NXT), then send an ACK, drop the segment, and return"
 *  [D] "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored";
 *      "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK"
 *  [T] text at RCV.NXT is delivered and acknowledged: "Send an
 *      acknowledgment of the form: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
 *  [Q] text or FIN beyond RCV.NXT (out of order): "A TCP receiver SHOULD send
 *      an immediate duplicate ACK when an out-of-order segment arrives"
 *      (RFC 5681 4.2); the FIN "implies PUSH ... for any segment text not yet
 *      delivered" and cannot be processed before the gap
 *  [F] "If the FIN bit is set ... advance RCV.NXT over the FIN, and send an
 *      acknowledgment for the FIN ... ESTABLISHED STATE: Enter the CLOSE-WAIT state"
 *  [0] CLOSED: "An incoming segment containing a RST is discarded" (3.10.7.1)
 *  [L] LISTEN: "An incoming RST should be ignored" (3.10.7.2)
 *  [Y] SYN-SENT: "If the RST bit is set ... Otherwise (no ACK), drop the
 *      segment and return" (3.10.7.3)
 *  [P] SYN-RECEIVED: "If this connection was initiated with a passive OPEN
 *      (i.e., came from the LISTEN state), then return this connection to
 *      LISTEN state and return"
 */
#include "tcp_fsm_steps.h"

#define NONE 0xff
#define OLD (101u - 10001u)

struct cell {
	const char *name;
	uint8_t flags;
	uint32_t len, seq, ack;
	uint8_t ans;          /* flags of the one answer, NONE for none */
	uint32_t ans_seq, ans_ack;
	enum sf_tcp_state after;
};

/* ESTABLISHED with 100 octets in flight. */
static struct sf_tcb established(void)
{
	struct sf_tcb t = reach(SF_TCPS_ESTABLISHED);

	call(&t, SF_CALL_SEND, 100);
	assert_int_equal(t.snd_una, 101);
	assert_int_equal(t.snd_nxt, 201);
	assert_int_equal(t.rcv_nxt, 301);
	return t;
}

#define E SF_TCPS_ESTABLISHED
#define CW SF_TCPS_CLOSE_WAIT
#define ACKED ACK, 201, 301          /* [U] [S] [C] [A] [Q]: <SEQ=SND.NXT><ACK=RCV.NXT> */

static const struct cell row[] = {
	/* SYN, SYN with text, SYN-FIN: [U] outside the window, [S] inside it. */
	{ "SYN/outside-left", SYN, 0, 300, 0, ACKED, E },
	{ "SYN/left-edge", SYN, 0, 301, 0, ACKED, E },
	{ "SYN/inside", SYN, 0, 801, 0, ACKED, E },
	{ "SYN/right-edge", SYN, 0, 1300, 0, ACKED, E },
	{ "SYN/outside-right", SYN, 0, 1301, 0, ACKED, E },
	{ "SYN-text/outside-left", SYN, 10, 290, 0, ACKED, E },
	{ "SYN-text/left-edge", SYN, 10, 301, 0, ACKED, E },
	{ "SYN-text/inside", SYN, 10, 801, 0, ACKED, E },
	{ "SYN-text/right-edge", SYN, 10, 1300, 0, ACKED, E },
	{ "SYN-text/outside-right", SYN, 10, 1301, 0, ACKED, E },
	{ "SYN-FIN/outside-left", SYN | FIN, 0, 299, 0, ACKED, E },
	{ "SYN-FIN/left-edge", SYN | FIN, 0, 301, 0, ACKED, E },
	{ "SYN-FIN/inside", SYN | FIN, 0, 801, 0, ACKED, E },
	{ "SYN-FIN/right-edge", SYN | FIN, 0, 1300, 0, ACKED, E },
	{ "SYN-FIN/outside-right", SYN | FIN, 0, 1301, 0, ACKED, E },
	/* SYN-ACK: the SYN check comes before the ACK field, whatever SEG.ACK. */
	{ "SYN-ACK/outside-left", SYN | ACK, 0, 300, 201, ACKED, E },
	{ "SYN-ACK/left-edge", SYN | ACK, 0, 301, 201, ACKED, E },
	{ "SYN-ACK/inside", SYN | ACK, 0, 801, 201, ACKED, E },
	{ "SYN-ACK/right-edge", SYN | ACK, 0, 1300, 201, ACKED, E },
	{ "SYN-ACK/outside-right", SYN | ACK, 0, 1301, 201, ACKED, E },
	{ "SYN-ACK/ack-old", SYN | ACK, 0, 301, OLD, ACKED, E },
	{ "SYN-ACK/ack-SND.UNA", SYN | ACK, 0, 301, 101, ACKED, E },
	{ "SYN-ACK/ack-in-flight", SYN | ACK, 0, 301, 151, ACKED, E },
	{ "SYN-ACK/ack-SND.NXT", SYN | ACK, 0, 301, 201, ACKED, E },
	{ "SYN-ACK/ack-beyond", SYN | ACK, 0, 301, 202, ACKED, E },
	/* ACK: [U] outside; in the window [D]; [A] for old and unsent. */
	{ "ACK/outside-left", ACK, 0, 300, 201, ACKED, E },
	{ "ACK/left-edge", ACK, 0, 301, 201, NONE, 0, 0, E },
	{ "ACK/inside", ACK, 0, 801, 201, NONE, 0, 0, E },
	{ "ACK/right-edge", ACK, 0, 1300, 201, NONE, 0, 0, E },
	{ "ACK/outside-right", ACK, 0, 1301, 201, ACKED, E },
	{ "ACK/ack-old", ACK, 0, 301, OLD, ACKED, E },
	{ "ACK/ack-SND.UNA", ACK, 0, 301, 101, NONE, 0, 0, E },
	{ "ACK/ack-in-flight", ACK, 0, 301, 151, NONE, 0, 0, E },
	{ "ACK/ack-SND.NXT", ACK, 0, 301, 201, NONE, 0, 0, E },
	{ "ACK/ack-beyond", ACK, 0, 301, 202, ACKED, E },
	/* ACK with 10 octets: [T] at RCV.NXT, [Q] beyond it, [U] outside, [A]. */
	{ "ACK-text/outside-left", ACK, 10, 291, 201, ACKED, E },
	{ "ACK-text/left-edge", ACK, 10, 301, 201, ACK, 201, 311, E },
	{ "ACK-text/inside", ACK, 10, 801, 201, ACKED, E },
	{ "ACK-text/right-edge", ACK, 10, 1300, 201, ACKED, E },
	{ "ACK-text/outside-right", ACK, 10, 1301, 201, ACKED, E },
	{ "ACK-text/ack-old", ACK, 10, 301, OLD, ACKED, E },
	{ "ACK-text/ack-SND.UNA", ACK, 10, 301, 101, ACK, 201, 311, E },
	{ "ACK-text/ack-in-flight", ACK, 10, 301, 151, ACK, 201, 311, E },
	{ "ACK-text/ack-SND.NXT", ACK, 10, 301, 201, ACK, 201, 311, E },
	{ "ACK-text/ack-beyond", ACK, 10, 301, 202, ACKED, E },
	/* FIN and text without ACK: [U] outside, [O] inside. */
	{ "FIN/outside-left", FIN, 0, 300, 0, ACKED, E },
	{ "FIN/left-edge", FIN, 0, 301, 0, NONE, 0, 0, E },
	{ "FIN/inside", FIN, 0, 801, 0, NONE, 0, 0, E },
	{ "FIN/right-edge", FIN, 0, 1300, 0, NONE, 0, 0, E },
	{ "FIN/outside-right", FIN, 0, 1301, 0, ACKED, E },
	{ "data/outside-left", PSH, 10, 291, 0, ACKED, E },
	{ "data/left-edge", PSH, 10, 301, 0, NONE, 0, 0, E },
	{ "data/inside", PSH, 10, 801, 0, NONE, 0, 0, E },
	{ "data/right-edge", PSH, 10, 1300, 0, NONE, 0, 0, E },
	{ "data/outside-right", PSH, 10, 1301, 0, ACKED, E },
	/* FIN-ACK: [F] at RCV.NXT, [Q] beyond, [U] outside, [A]. */
	{ "FIN-ACK/outside-left", FIN | ACK, 0, 300, 201, ACKED, E },
	{ "FIN-ACK/left-edge", FIN | ACK, 0, 301, 201, ACK, 201, 302, CW },
	{ "FIN-ACK/inside", FIN | ACK, 0, 801, 201, ACKED, E },
	{ "FIN-ACK/right-edge", FIN | ACK, 0, 1300, 201, ACKED, E },
	{ "FIN-ACK/outside-right", FIN | ACK, 0, 1301, 201, ACKED, E },
	{ "FIN-ACK/ack-old", FIN | ACK, 0, 301, OLD, ACKED, E },
	{ "FIN-ACK/ack-SND.UNA", FIN | ACK, 0, 301, 101, ACK, 201, 302, CW },
	{ "FIN-ACK/ack-in-flight", FIN | ACK, 0, 301, 151, ACK, 201, 302, CW },
	{ "FIN-ACK/ack-SND.NXT", FIN | ACK, 0, 301, 201, ACK, 201, 302, CW },
	{ "FIN-ACK/ack-beyond", FIN | ACK, 0, 301, 202, ACKED, E },
	/* RST: [U] (silently) outside, [R] exact, [C] inside; the ACK field
	 * of RST-ACK is never looked at (the RST check comes first). */
	{ "RST/outside-left", RST, 0, 300, 0, NONE, 0, 0, E },
	{ "RST/left-edge", RST, 0, 301, 0, NONE, 0, 0, SF_TCPS_CLOSED },
	{ "RST/inside", RST, 0, 801, 0, ACKED, E },
	{ "RST/right-edge", RST, 0, 1300, 0, ACKED, E },
	{ "RST/outside-right", RST, 0, 1301, 0, NONE, 0, 0, E },
	{ "RST-ACK/outside-left", RST | ACK, 0, 300, 201, NONE, 0, 0, E },
	{ "RST-ACK/left-edge", RST | ACK, 0, 301, 201, NONE, 0, 0, SF_TCPS_CLOSED },
	{ "RST-ACK/inside", RST | ACK, 0, 801, 201, ACKED, E },
	{ "RST-ACK/right-edge", RST | ACK, 0, 1300, 201, ACKED, E },
	{ "RST-ACK/outside-right", RST | ACK, 0, 1301, 201, NONE, 0, 0, E },
	{ "RST-ACK/ack-old", RST | ACK, 0, 301, OLD, NONE, 0, 0, SF_TCPS_CLOSED },
	{ "RST-ACK/ack-SND.UNA", RST | ACK, 0, 301, 101, NONE, 0, 0, SF_TCPS_CLOSED },
	{ "RST-ACK/ack-in-flight", RST | ACK, 0, 301, 151, NONE, 0, 0, SF_TCPS_CLOSED },
	{ "RST-ACK/ack-SND.NXT", RST | ACK, 0, 301, 201, NONE, 0, 0, SF_TCPS_CLOSED },
	{ "RST-ACK/ack-beyond", RST | ACK, 0, 301, 202, NONE, 0, 0, SF_TCPS_CLOSED },
};

/* The answers a cell looks at: required answers and acknowledgments. */
static size_t answers(const struct sf_fsm_result *r, const struct sf_fsm_emit **out)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_emit; i++)
		if (r->emit[i].kind == SF_EMIT_ANSWER || r->emit[i].kind == SF_EMIT_ACK)
			out[n++] = &r->emit[i];
	return n;
}

static void check_cell(const char *state, struct sf_tcb t, const struct cell *c)
{
	const struct sf_fsm_emit *a[SF_FSM_MAX_EMIT];
	struct sf_fsm_result r = rcv(&t, seg(c->seq, c->ack, c->flags, c->len));
	size_t n = answers(&r, a);

	print_message("  %s/%s: %s (%s)\n", state, c->name, r.reason, r.rfc);
	if (c->ans == NONE) {
		assert_int_equal(n, 0);
	} else {
		assert_int_equal(n, 1);
		assert_int_equal(a[0]->seg.flags, c->ans);
		assert_int_equal(a[0]->seg.seq, c->ans_seq);
		assert_int_equal(a[0]->seg.ack, c->ans_ack);
	}
	assert_string_equal(sf_tcp_state_name(t.state), sf_tcp_state_name(c->after));
}

static void test_row_established(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(row) / sizeof(row[0]); i++)
		check_cell("ESTABLISHED", established(), &row[i]);
}

/* The RST column: per state, RCV.NXT and SND.NXT (for the challenge ACK)
 * and what an exact RST leads to. */
struct rst_state {
	enum sf_tcp_state st;
	uint32_t rcv_nxt, snd_nxt;
	enum sf_tcp_state exact;  /* after an RST at RCV.NXT [R] [P] */
	bool window;              /* [U] [R] [C] apply; else the whole column is "nothing, unchanged" [0] [L] [Y] */
};

static const struct rst_state column[] = {
	{ SF_TCPS_CLOSED, 0, 0, SF_TCPS_CLOSED, false },          /* [0] */
	{ SF_TCPS_LISTEN, 0, 0, SF_TCPS_LISTEN, false },          /* [L] */
	{ SF_TCPS_SYN_SENT, 0, 0, SF_TCPS_SYN_SENT, false },      /* [Y] */
	{ SF_TCPS_SYN_RECEIVED, 301, 101, SF_TCPS_LISTEN, true }, /* [P] (passive) */
	{ SF_TCPS_ESTABLISHED, 301, 101, SF_TCPS_CLOSED, true },
	{ SF_TCPS_FIN_WAIT_1, 301, 102, SF_TCPS_CLOSED, true },
	{ SF_TCPS_FIN_WAIT_2, 301, 102, SF_TCPS_CLOSED, true },
	{ SF_TCPS_CLOSE_WAIT, 302, 101, SF_TCPS_CLOSED, true },
	{ SF_TCPS_CLOSING, 302, 102, SF_TCPS_CLOSED, true },
	{ SF_TCPS_LAST_ACK, 302, 102, SF_TCPS_CLOSED, true },
	{ SF_TCPS_TIME_WAIT, 302, 102, SF_TCPS_CLOSED, true },    /* RFC 1337 off */
};

static void test_column_rst(void **state)
{
	static const char *const pos[] = { "outside-left", "left-edge", "inside", "right-edge", "outside-right" };
	size_t i, p;

	(void)state;
	for (i = 0; i < sizeof(column) / sizeof(column[0]); i++) {
		const struct rst_state *s = &column[i];
		uint32_t base = s->window ? s->rcv_nxt : 1000;
		uint32_t at[5] = { base - 1, base, base + 500, base + 999, base + 1000 };

		for (p = 0; p < 5; p++) {
			struct cell c = { pos[p], RST, 0, at[p], 0, NONE, 0, 0, s->st };
			struct sf_tcb t = reach(s->st);

			if (s->window && p == 1)
				c.after = s->exact;
			if (s->window && (p == 2 || p == 3)) {
				c.ans = ACK;
				c.ans_seq = s->snd_nxt;
				c.ans_ack = s->rcv_nxt;
			}
			assert_int_equal(t.rcv_nxt, s->rcv_nxt);
			check_cell(sf_tcp_state_name(s->st), t, &c);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_established),
		cmocka_unit_test(test_column_rst),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
