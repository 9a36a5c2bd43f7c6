/*
 * tcp_fsm_calls.c - user calls (RFC 9293 3.10.1 OPEN, 3.10.2 SEND,
 * 3.10.3 RECEIVE, 3.10.4 CLOSE, 3.10.5 ABORT) and timeouts (3.10.8).
 * Errors come back in res->error in the RFC's words; the state is then
 * unchanged.
 */
#include "tcp_fsm_int.h"

#define E_EXISTS "error: connection already exists"
#define E_NOCONN "error: connection does not exist"
#define E_CLOSING "error: connection closing"

static void fail(struct sf_fsm_result *res, const char *rfc, const char *error)
{
	res->rfc = rfc;
	res->error = error;
	res->reason = error;
}

/* Select an ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA=ISS, SND.NXT=ISS+1,
 * enter SYN-SENT (from CLOSED or LISTEN). */
static void active_open(struct sf_tcb *t, const struct sf_fsm_policy *pol,
	struct sf_fsm_result *res, enum sf_fsm_event ev)
{
	sf_fsm_new_connection(t, pol, t->state);
	t->iss = pol->iss;
	t->snd_una = pol->iss;
	t->snd_nxt = pol->iss + 1;
	sf_fsm_go(t, res, SF_TCPS_SYN_SENT, ev);
	sf_fsm_emit_syn(t, res, SF_EMIT_OUTPUT, false);
}

static void call_open(struct sf_tcb *t, bool active, const struct sf_fsm_policy *pol,
	struct sf_fsm_result *res)
{
	res->rfc = "RFC 9293 3.10.1";
	if (t->state == SF_TCPS_CLOSED && !active) {
		sf_fsm_new_connection(t, pol, SF_TCPS_CLOSED);
		sf_fsm_go(t, res, SF_TCPS_LISTEN, SF_EV_OPEN_PASSIVE);
	} else if (active && (t->state == SF_TCPS_CLOSED || t->state == SF_TCPS_LISTEN)) {
		active_open(t, pol, res, SF_EV_OPEN_ACTIVE);
	} else {
		fail(res, "RFC 9293 3.10.1", E_EXISTS);
	}
}

static void call_send(struct sf_tcb *t, uint32_t len, const struct sf_fsm_policy *pol,
	struct sf_fsm_result *res)
{
	res->rfc = "RFC 9293 3.10.2";
	switch (t->state) {
	case SF_TCPS_CLOSED:
		fail(res, res->rfc, E_NOCONN);
		break;
	case SF_TCPS_LISTEN:
		active_open(t, pol, res, SF_EV_SEND);
		t->snd_buf = len;
		break;
	case SF_TCPS_SYN_SENT:
	case SF_TCPS_SYN_RECEIVED:
		/* Queued for transmission after entering ESTABLISHED. */
		if (t->fin_queued)
			fail(res, res->rfc, E_CLOSING);
		else
			t->snd_buf += len;
		break;
	case SF_TCPS_ESTABLISHED:
	case SF_TCPS_CLOSE_WAIT:
		t->snd_buf += len;
		sf_fsm_output(t, res);
		break;
	default:
		fail(res, res->rfc, E_CLOSING);
		break;
	}
}

/* RECEIVE changes no state; the model delivers text as it arrives. */
static void call_receive(const struct sf_tcb *t, struct sf_fsm_result *res)
{
	res->rfc = "RFC 9293 3.10.3";
	if (t->state == SF_TCPS_CLOSED)
		fail(res, res->rfc, E_NOCONN);
	else if (t->state >= SF_TCPS_CLOSE_WAIT)
		fail(res, res->rfc, E_CLOSING);
}

static void call_close(struct sf_tcb *t, struct sf_fsm_result *res)
{
	res->rfc = "RFC 9293 3.10.4";
	switch (t->state) {
	case SF_TCPS_CLOSED:
		fail(res, res->rfc, E_NOCONN);
		break;
	case SF_TCPS_LISTEN:
	case SF_TCPS_SYN_SENT:
		sf_fsm_go(t, res, SF_TCPS_CLOSED, SF_EV_CLOSE);
		break;
	case SF_TCPS_SYN_RECEIVED:
		/* FIN now if nothing is queued, else after ESTABLISHED. */
		t->fin_queued = true;
		if (t->snd_buf == 0) {
			sf_fsm_go(t, res, SF_TCPS_FIN_WAIT_1, SF_EV_CLOSE);
			sf_fsm_emit_fin(t, res);
		}
		break;
	case SF_TCPS_ESTABLISHED:
		t->fin_queued = true;
		sf_fsm_go(t, res, SF_TCPS_FIN_WAIT_1, SF_EV_CLOSE);
		sf_fsm_output(t, res);
		break;
	case SF_TCPS_CLOSE_WAIT:
		t->fin_queued = true;
		sf_fsm_go(t, res, SF_TCPS_LAST_ACK, SF_EV_CLOSE);
		sf_fsm_output(t, res);
		break;
	default:
		/* FIN-WAIT-1/2: "strictly speaking, this is an error". */
		fail(res, res->rfc, E_CLOSING);
		break;
	}
}

static void call_abort(struct sf_tcb *t, struct sf_fsm_result *res)
{
	res->rfc = "RFC 9293 3.10.5";
	switch (t->state) {
	case SF_TCPS_CLOSED:
		fail(res, res->rfc, E_NOCONN);
		return;
	case SF_TCPS_SYN_RECEIVED:
	case SF_TCPS_ESTABLISHED:
	case SF_TCPS_FIN_WAIT_1:
	case SF_TCPS_FIN_WAIT_2:
	case SF_TCPS_CLOSE_WAIT:
		/* <SEQ=SND.NXT><CTL=RST>; queued calls get "connection reset". */
		sf_fsm_emit(res, SF_EMIT_OUTPUT, "RST: ABORT", t->snd_nxt, 0, SF_TCP_RST);
		res->user |= SF_USER_RESET;
		break;
	case SF_TCPS_LISTEN:
	case SF_TCPS_SYN_SENT:
		res->user |= SF_USER_RESET;
		break;
	default:
		break;  /* CLOSING, LAST-ACK, TIME-WAIT: "ok" */
	}
	sf_fsm_go(t, res, SF_TCPS_CLOSED, SF_EV_ABORT);
}

void sf_fsm_user_call(const struct sf_tcb *in, enum sf_fsm_call call, uint32_t len,
	const struct sf_fsm_policy *pol, struct sf_tcb *out, struct sf_fsm_result *res)
{
	struct sf_fsm_policy defpol;
	struct sf_tcb t = *in;

	pol = sf_fsm_policy_or_default(pol, &defpol);
	sf_fsm_result_init(res);
	switch (call) {
	case SF_CALL_OPEN_ACTIVE:
	case SF_CALL_OPEN_PASSIVE:
		call_open(&t, call == SF_CALL_OPEN_ACTIVE, pol, res);
		break;
	case SF_CALL_SEND:
		call_send(&t, len, pol, res);
		break;
	case SF_CALL_RECEIVE:
		call_receive(&t, res);
		break;
	case SF_CALL_CLOSE:
		call_close(&t, res);
		break;
	case SF_CALL_ABORT:
		call_abort(&t, res);
		break;
	default:
		fail(res, "RFC 9293 3.10", "error: unknown call");
		break;
	}
	*out = t;
}

/* ---- timeouts ------------------------------------------------------------ */

/* "Send the segment at the front of the retransmission queue again." The
 * queue is rebuilt from the TCB: the SYN or SYN-ACK while SND.UNA =< ISS,
 * then the oldest unacknowledged text (one MSS at most), then the FIN. */
static void retransmit(const struct sf_tcb *t, struct sf_fsm_result *res)
{
	struct sf_fsm_emit *e;
	uint32_t end;

	if (t->state == SF_TCPS_CLOSED || t->state == SF_TCPS_LISTEN ||
	    t->state == SF_TCPS_TIME_WAIT || t->snd_una == t->snd_nxt) {
		res->reason = "nothing to retransmit";
		return;
	}
	if (sf_seq_leq(t->snd_una, t->iss)) {
		sf_fsm_emit_syn(t, res, SF_EMIT_RETRANSMIT, t->state != SF_TCPS_SYN_SENT);
		return;
	}
	if (t->fin_sent && t->snd_una == t->fin_seq) {
		e = sf_fsm_emit(res, SF_EMIT_RETRANSMIT, "FIN", t->fin_seq, t->rcv_nxt,
			SF_TCP_FIN | SF_TCP_ACK);
	} else {
		end = t->fin_sent ? t->fin_seq : t->snd_nxt;
		e = sf_fsm_emit(res, SF_EMIT_RETRANSMIT, "data", t->snd_una, t->rcv_nxt, SF_TCP_ACK);
		e->seg.len = end - t->snd_una > t->peer_mss ? t->peer_mss : end - t->snd_una;
	}
	e->seg.wnd = sf_fsm_adv_wnd(t);
	if (t->ts_ok) {
		e->seg.opt.has_ts = true;
		e->seg.opt.ts_ecr = t->ts_recent;
	}
}

void sf_fsm_timeout(const struct sf_tcb *in, enum sf_fsm_timeout which,
	const struct sf_fsm_policy *pol, struct sf_tcb *out, struct sf_fsm_result *res)
{
	struct sf_tcb t = *in;

	(void)pol;  /* no policy choice applies to timers yet */
	sf_fsm_result_init(res);
	res->rfc = "RFC 9293 3.10.8";
	switch (which) {
	case SF_TIMEOUT_RETRANSMIT:
		retransmit(&t, res);
		break;
	case SF_TIMEOUT_TIME_WAIT:
		if (t.state == SF_TCPS_TIME_WAIT)
			sf_fsm_go(&t, res, SF_TCPS_CLOSED, SF_EV_TIMEOUT_2MSL);
		else
			res->reason = "no TIME-WAIT timer runs in this state";
		break;
	case SF_TIMEOUT_USER:
		if (t.state != SF_TCPS_CLOSED) {
			sf_fsm_go(&t, res, SF_TCPS_CLOSED, SF_EV_TIMEOUT_USER);
			res->user |= SF_USER_TIMEOUT;
			res->error = "error: connection aborted due to user timeout";
		}
		break;
	}
	*out = t;
}
