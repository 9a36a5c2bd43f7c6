/*
 * tcp_fsm_unsynced.c - SEGMENT ARRIVES in the states without a synchronized
 * connection: RFC 9293 3.10.7.1 CLOSED, 3.10.7.2 LISTEN, 3.10.7.3 SYN-SENT.
 */
#include "tcp_fsm_unsynced.h"
#include "tcp_fsm_synced.h"

#define RFC_CLOSED "RFC 9293 3.10.7.1"
#define RFC_LISTEN "RFC 9293 3.10.7.2"
#define RFC_SYN_SENT "RFC 9293 3.10.7.3"

/* No TCB: drop a RST, answer anything else with a RST the sender will
 * accept: <SEQ=SEG.ACK><CTL=RST>, or <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
 * when the ACK bit is off (SYN and FIN count in SEG.LEN). */
void sf_fsm_rcv_closed(struct sf_fsm_ctx *c)
{
	const struct sf_tcp_seg *s = c->seg;

	if (s->flags & SF_TCP_RST) {
		sf_fsm_decide(c->res, SF_FSM_DROPPED, RFC_CLOSED,
			"a RST for a connection that does not exist is discarded");
		return;
	}
	sf_fsm_emit_reset_for(s, c->res, "RST: no such connection");
	sf_fsm_decide(c->res, SF_FSM_REJECTED, RFC_CLOSED, (s->flags & SF_TCP_ACK)
		? "no connection: <SEQ=SEG.ACK><CTL=RST>"
		: "no connection: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>");
}

/* A SYN opens a connection: IRS and RCV.NXT from it, our ISS, options
 * negotiated, SYN-ACK sent, SYN_RECEIVED entered. Text on the SYN is held
 * until ESTABLISHED (sf_fsm_hold_syn_text); a FIN on it is not processed.
 * Used by LISTEN and by the TIME-WAIT reopen. */
void sf_fsm_accept_syn(struct sf_fsm_ctx *c, uint32_t iss, bool passive)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	sf_fsm_new_connection(t, c->pol, t->state);
	t->passive = passive;
	t->irs = s->seq;
	t->rcv_nxt = s->seq + 1;
	t->iss = iss;
	t->snd_una = iss;
	t->snd_nxt = iss + 1;
	sf_fsm_learn_syn(t, s);
	t->snd_wnd = s->wnd;
	t->max_snd_wnd = s->wnd;
	t->snd_wl1 = s->seq;
	sf_fsm_hold_syn_text(t, s);
	sf_fsm_go(t, c->res, SF_TCPS_SYN_RECEIVED, SF_EV_RCV_SYN);
	sf_fsm_emit_syn(t, c->res, SF_EMIT_ANSWER, true);
}

void sf_fsm_rcv_listen(struct sf_fsm_ctx *c)
{
	const struct sf_tcp_seg *s = c->seg;

	/* First: no RST can be valid for a connection not yet begun. */
	if (s->flags & SF_TCP_RST) {
		sf_fsm_decide(c->res, SF_FSM_RST_IGNORED, RFC_LISTEN,
			"LISTEN: an incoming RST is ignored");
		return;
	}
	/* Second: any acknowledgment is bad in LISTEN. */
	if (s->flags & SF_TCP_ACK) {
		sf_fsm_emit(c->res, SF_EMIT_ANSWER, "RST: ACK in LISTEN", s->ack, 0, SF_TCP_RST);
		sf_fsm_decide(c->res, SF_FSM_REJECTED, RFC_LISTEN,
			"LISTEN: an ACK-bearing segment gets <SEQ=SEG.ACK><CTL=RST>");
		return;
	}
	/* Third: a SYN. */
	if (s->flags & SF_TCP_SYN) {
		sf_fsm_accept_syn(c, c->pol->iss, true);
		sf_fsm_decide(c->res, SF_FSM_ACCEPTED, RFC_LISTEN,
			"LISTEN: SYN accepted, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> sent");
		return;
	}
	/* Fourth: anything else cannot be valid here. */
	sf_fsm_decide(c->res, SF_FSM_DROPPED, RFC_LISTEN,
		"LISTEN: neither RST, ACK nor SYN: dropped");
}

/* The peer's SYN sets the send window (RFC 9293 3.10.7.3: SND.WND <-
 * SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK). */
static void window_from_syn(struct sf_tcb *t, const struct sf_tcp_seg *s)
{
	t->snd_wnd = s->wnd;
	t->max_snd_wnd = s->wnd;
	t->snd_wl1 = s->seq;
	t->snd_wl2 = s->ack;
}

/* The SYN-ACK completed our open: acknowledge it after processing any text
 * or FIN it carries, so one ACK covers everything (the suppression 3.10.7.3
 * allows). */
static void syn_sent_established(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	window_from_syn(t, s);
	sf_fsm_go(t, c->res, SF_TCPS_ESTABLISHED, SF_EV_RCV_SYN_ACK);
	c->res->user |= SF_USER_CONNECTED;
	sf_fsm_decide(c->res, SF_FSM_ACCEPTED, RFC_SYN_SENT,
		"SYN-SENT: SYN,ACK acknowledges our SYN: ESTABLISHED, ACK sent");
	if (s->len || (s->flags & SF_TCP_FIN)) {
		c->text_seq = t->rcv_nxt;
		c->text_len = s->len > t->rcv_wnd ? t->rcv_wnd : s->len;
		c->fin_pos = t->rcv_nxt + s->len;
		c->fin_in_window = (s->flags & SF_TCP_FIN) && s->len < t->rcv_wnd;
		sf_fsm_text_and_fin(c);
	}
	c->ack_now = false;
	sf_fsm_emit_ack(t, c->res, SF_EMIT_ANSWER, "ACK of SYN,ACK");
}

/* Simultaneous open (RFC 9293 Figure 7): a SYN without ACK. */
static void syn_sent_simultaneous(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	window_from_syn(t, s);
	t->passive = false;
	sf_fsm_hold_syn_text(t, s);
	sf_fsm_go(t, c->res, SF_TCPS_SYN_RECEIVED, SF_EV_RCV_SYN);
	sf_fsm_emit_syn(t, c->res, SF_EMIT_ANSWER, true);
	sf_fsm_decide(c->res, SF_FSM_ACCEPTED, RFC_SYN_SENT,
		"SYN-SENT: SYN without ACK (simultaneous open): SYN,ACK sent");
}

/* Fourth step: the SYN bit, reached with an acceptable ACK or none. */
static void syn_sent_syn(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	t->irs = s->seq;
	t->rcv_nxt = s->seq + 1;
	sf_fsm_learn_syn(t, s);
	if (s->flags & SF_TCP_ACK)
		t->snd_una = s->ack;
	if (sf_seq_gt(t->snd_una, t->iss))
		syn_sent_established(c);
	else
		syn_sent_simultaneous(c);
}

/* Second step: a RST counts only with an acceptable ACK. The RFC 5961
 * exact-match check is not applied: RCV.NXT is not known yet. */
static void syn_sent_rst(struct sf_fsm_ctx *c)
{
	if (!(c->seg->flags & SF_TCP_ACK)) {
		sf_fsm_decide(c->res, SF_FSM_RST_IGNORED, RFC_SYN_SENT,
			"SYN-SENT: RST without ACK is dropped");
		return;
	}
	sf_fsm_go(c->tcb, c->res, SF_TCPS_CLOSED, SF_EV_RCV_RST);
	c->res->user |= SF_USER_RESET;
	c->res->error = "error: connection reset";
	sf_fsm_decide(c->res, SF_FSM_RESET, RFC_SYN_SENT,
		"SYN-SENT: RST with an acceptable ACK: connection reset");
}

void sf_fsm_rcv_syn_sent(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	/* First: an ACK must acknowledge our SYN: ISS < SEG.ACK =< SND.NXT. */
	if ((s->flags & SF_TCP_ACK) &&
	    (sf_seq_leq(s->ack, t->iss) || sf_seq_gt(s->ack, t->snd_nxt))) {
		if (s->flags & SF_TCP_RST) {
			sf_fsm_decide(c->res, SF_FSM_DROPPED, RFC_SYN_SENT,
				"SYN-SENT: RST with an unacceptable ACK is dropped");
			return;
		}
		sf_fsm_emit(c->res, SF_EMIT_ANSWER, "RST: bad ACK in SYN-SENT", s->ack, 0, SF_TCP_RST);
		sf_fsm_decide(c->res, SF_FSM_REJECTED, RFC_SYN_SENT,
			"SYN-SENT: SEG.ACK =< ISS or SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>");
		return;
	}
	if (s->flags & SF_TCP_RST) {
		syn_sent_rst(c);
		return;
	}
	if (s->flags & SF_TCP_SYN) {
		syn_sent_syn(c);
		return;
	}
	/* Fifth: neither SYN nor RST. */
	sf_fsm_decide(c->res, SF_FSM_DROPPED, RFC_SYN_SENT,
		"SYN-SENT: neither SYN nor RST: dropped");
}
