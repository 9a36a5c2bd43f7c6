/*
 * tcp_fsm_synced.c - SEGMENT ARRIVES in SYN-RECEIVED and the synchronized
 * states: RFC 9293 3.10.7.4, step by step (sequence number, RST, SYN, ACK,
 * text, FIN; security and URG are not modelled), with the RFC 5961
 * variants and RFC 1337 chosen by the policy.
 *
 * Only in-order text is accepted: a segment that starts beyond RCV.NXT is
 * not held (SHLD-31 is not followed) but answered with a duplicate ACK
 * (MAY-13), so the expected numbers stay simple and exact.
 */
#include "tcp_fsm_synced.h"
#include "tcp_fsm_unsynced.h"

#define RFC_OTHER "RFC 9293 3.10.7.4"

/* A test-only mutant (CMake SYNFIN_MODEL_MUTATION=rst_in_window_accepts
 * builds synfin-mutant with it): every in-window RST resets, as if RFC 5961
 * 3.2 were off while the policy says on. The matrix run against Linux with
 * that binary must fail in exactly the cells this rule decides
 * (tests/selftest/matrix-mutant.sh). Never defined in synfin itself. */
#ifdef SYNFIN_MODEL_MUTATION_RST_IN_WINDOW_ACCEPTS
#define MUTANT_RST_IN_WINDOW_ACCEPTS 1
#else
#define MUTANT_RST_IN_WINDOW_ACCEPTS 0
#endif

/* Trim the segment to the idealized one of 3.10.7.4: drop text already
 * received and text beyond RCV.NXT+RCV.WND (the FIN too if it is beyond). */
static void trim(struct sf_fsm_ctx *c)
{
	const struct sf_tcp_seg *s = c->seg;
	const struct sf_tcb *t = c->tcb;
	uint32_t start = s->seq + !!(s->flags & SF_TCP_SYN);
	uint32_t len = s->len;
	uint32_t right = t->rcv_nxt + t->rcv_wnd;

	c->fin_pos = start + len;
	c->syn_trimmed = (s->flags & SF_TCP_SYN) && sf_seq_lt(s->seq, t->rcv_nxt);
	if (sf_seq_lt(start, t->rcv_nxt)) {
		uint32_t old = t->rcv_nxt - start;

		old = old > len ? len : old;
		start += old;
		len -= old;
	}
	if (sf_seq_gt(start + len, right))
		len = sf_seq_lt(start, right) ? right - start : 0;
	c->text_seq = start;
	c->text_len = len;
	c->fin_in_window = (s->flags & SF_TCP_FIN) &&
		sf_seq_geq(c->fin_pos, t->rcv_nxt) && sf_seq_lt(c->fin_pos, right);
}

/* RFC 9293 3.6.1 MAY-2 with RFC 6191 2: a SYN in TIME-WAIT opens a new
 * incarnation when it is provably newer: with timestamps on both
 * incarnations, a higher TSval, or an equal TSval and a higher sequence
 * number; with timestamps on the new one only, always; without them, a
 * higher sequence number. Otherwise it is silently dropped. The new ISS
 * must be above anything the old incarnation used (3.6.1 (1)). Returns
 * true when it decided. */
static bool time_wait_reopen(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;
	bool new_ts = s->opt.has_ts && c->pol->timestamps;
	bool newer;
	uint32_t iss;

	if (t->state != SF_TCPS_TIME_WAIT || !c->pol->time_wait_reopen)
		return false;
	if ((s->flags & (SF_TCP_SYN | SF_TCP_ACK | SF_TCP_RST)) != SF_TCP_SYN)
		return false;
	if (t->ts_ok && new_ts)
		newer = sf_seq_gt(s->opt.ts_val, t->ts_recent) ||
			(s->opt.ts_val == t->ts_recent && sf_seq_gt(s->seq, t->rcv_nxt));
	else
		newer = new_ts || sf_seq_gt(s->seq, t->rcv_nxt);
	if (!newer) {
		sf_fsm_decide(c->res, SF_FSM_DROPPED, "RFC 6191 2",
			"TIME-WAIT: SYN not newer than the old incarnation: silently dropped");
		return true;
	}
	iss = sf_seq_geq(c->pol->iss, t->snd_nxt) ? c->pol->iss : t->snd_nxt;
	sf_fsm_accept_syn(c, iss, true);
	sf_fsm_decide(c->res, SF_FSM_ACCEPTED, "RFC 9293 3.6.1",
		"TIME-WAIT: newer SYN reopens the connection (MAY-2, RFC 6191)");
	return true;
}

/* First: the acceptability test, with the zero-window allowance for ACKs
 * and RSTs (MUST-66). */
static bool check_seq(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;
	uint32_t len = sf_tcp_seg_len(s);

	if (sf_fsm_seq_acceptable(t->rcv_nxt, t->rcv_wnd, s->seq, len)) {
		trim(c);
		return true;
	}
	if (t->rcv_wnd == 0 && s->seq == t->rcv_nxt && (s->flags & (SF_TCP_ACK | SF_TCP_RST))) {
		c->ack_only = true;
		return true;
	}
	if (s->flags & SF_TCP_RST) {
		sf_fsm_decide(c->res, SF_FSM_DROPPED, c->pol->rfc5961_rst ? "RFC 5961 3.2" : RFC_OTHER,
			"RST outside the receive window: silently dropped");
		return false;
	}
	sf_fsm_emit_ack(t, c->res, SF_EMIT_ANSWER, "ACK of an unacceptable segment");
	sf_fsm_decide(c->res, SF_FSM_UNACCEPTABLE, RFC_OTHER,
		"segment fails the acceptability test: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>");
	/* TIME-WAIT: a retransmitted remote FIN is acknowledged and the
	 * 2 MSL timer restarted. */
	if (t->state == SF_TCPS_TIME_WAIT && (s->flags & SF_TCP_FIN) && s->seq + len == t->rcv_nxt) {
		c->res->time_wait_timer = true;
		c->res->reason = "TIME-WAIT: retransmitted FIN: ACK and restart 2 MSL";
	}
	return false;
}

static void challenge_ack(struct sf_fsm_ctx *c, const char *rfc, const char *reason)
{
	sf_fsm_emit_ack(c->tcb, c->res, SF_EMIT_ANSWER, "challenge ACK");
	sf_fsm_decide(c->res, SF_FSM_CHALLENGE_ACK, rfc, reason);
}

/* A passive SYN-RECEIVED goes back to LISTEN with a fresh TCB. */
static void back_to_listen(struct sf_fsm_ctx *c, enum sf_fsm_event ev)
{
	sf_fsm_go(c->tcb, c->res, SF_TCPS_LISTEN, ev);
	sf_fsm_new_connection(c->tcb, c->pol, SF_TCPS_LISTEN);
}

/* The acceptable RST, per state (second step). */
static void reset_by_rst(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;

	sf_fsm_decide(c->res, SF_FSM_RESET, RFC_OTHER, "acceptable RST: connection reset");
	switch (t->state) {
	case SF_TCPS_SYN_RECEIVED:
		if (t->passive) {
			back_to_listen(c, SF_EV_RCV_RST);
			c->res->reason = "SYN-RECEIVED from LISTEN: RST returns to LISTEN";
			return;
		}
		c->res->user |= SF_USER_REFUSED;
		c->res->error = "error: connection refused";
		break;
	case SF_TCPS_ESTABLISHED:
	case SF_TCPS_FIN_WAIT_1:
	case SF_TCPS_FIN_WAIT_2:
	case SF_TCPS_CLOSE_WAIT:
		c->res->user |= SF_USER_RESET;
		c->res->error = "error: connection reset";
		break;
	default:
		break;
	}
	sf_fsm_go(t, c->res, SF_TCPS_CLOSED, SF_EV_RCV_RST);
}

/* Second: the RST bit. RFC 1337 (policy) ignores it in TIME-WAIT; with
 * RFC 5961 only SEG.SEQ == RCV.NXT resets, the rest of the window gets a
 * challenge ACK. */
static bool check_rst(struct sf_fsm_ctx *c)
{
	if (!(c->seg->flags & SF_TCP_RST))
		return true;
	if (c->tcb->state == SF_TCPS_TIME_WAIT && c->pol->rfc1337) {
		sf_fsm_decide(c->res, SF_FSM_RST_IGNORED, "RFC 1337 3",
			"TIME-WAIT: RST ignored (RFC 1337 fix F1)");
		return false;
	}
	if (!MUTANT_RST_IN_WINDOW_ACCEPTS && c->pol->rfc5961_rst && c->seg->seq != c->tcb->rcv_nxt) {
		challenge_ack(c, "RFC 5961 3.2", "RST in the window but SEG.SEQ != RCV.NXT");
		return false;
	}
	reset_by_rst(c);
	return false;
}

/* Fourth: the SYN bit (the segment already passed the sequence check).
 * The first step trims "any portions that lie outside the window
 * (including SYN and FIN)", so a SYN below RCV.NXT is gone: "If the SYN
 * is not in the window, this step would not be reached and an ACK would
 * have been sent in the first step" (3.10.7.4). Only the RFC 5961 rule
 * acts on the bit "irrespective of the sequence number", and only in the
 * synchronized states (a passive SYN-RECEIVED returns to LISTEN first). */
static bool check_syn(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	bool passive_sr = t->state == SF_TCPS_SYN_RECEIVED && t->passive;
	bool challenge = sf_fsm_syn_challenge(c->pol, t->state);

	if (!(c->seg->flags & SF_TCP_SYN))
		return true;
	if (c->syn_trimmed && (passive_sr || !challenge))
		return true;
	if (passive_sr) {
		back_to_listen(c, SF_EV_RCV_SYN);
		sf_fsm_decide(c->res, SF_FSM_RESET, RFC_OTHER,
			"SYN-RECEIVED from LISTEN: SYN in the window returns to LISTEN");
		return false;
	}
	if (challenge) {
		challenge_ack(c, "RFC 5961 4.2", "SYN in a synchronized state: challenge ACK");
		return false;
	}
	sf_fsm_emit_reset_for(c->seg, c->res, "RST: SYN in the window");
	sf_fsm_go(t, c->res, SF_TCPS_CLOSED, SF_EV_RCV_SYN);
	c->res->user |= SF_USER_RESET;
	c->res->error = "error: connection reset";
	sf_fsm_decide(c->res, SF_FSM_RESET, RFC_OTHER,
		"SYN in the window: reset (RFC 793 behaviour, no RFC 5961)");
	return false;
}

/* RFC 7323 4.3: keep the newest TSval of a segment that does not start
 * beyond what we acknowledge. */
static void update_ts(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	if (t->ts_ok && s->opt.has_ts && sf_seq_leq(s->seq, t->rcv_nxt) &&
	    sf_seq_geq(s->opt.ts_val, t->ts_recent))
		t->ts_recent = s->opt.ts_val;
}

/* Fifth, per state, once SND.UNA and the window are updated. Returns
 * false when processing stops here. */
static bool ack_by_state(struct sf_fsm_ctx *c, bool fin_acked)
{
	struct sf_tcb *t = c->tcb;

	switch (t->state) {
	case SF_TCPS_FIN_WAIT_1:
		/* The edge is recorded in finish(), or as Note 2 if a FIN follows. */
		if (fin_acked) {
			t->state = SF_TCPS_FIN_WAIT_2;
			c->fw1_fin_acked = true;
			c->res->user |= SF_USER_CLOSED;
		}
		return true;
	case SF_TCPS_CLOSING:
		if (fin_acked) {
			sf_fsm_go(t, c->res, SF_TCPS_TIME_WAIT, SF_EV_RCV_ACK_OF_FIN);
			c->res->time_wait_timer = true;
			c->res->user |= SF_USER_CLOSED;
		}
		return false;  /* "otherwise, ignore the segment" */
	case SF_TCPS_LAST_ACK:
		if (!fin_acked)
			return true;
		sf_fsm_go(t, c->res, SF_TCPS_CLOSED, SF_EV_RCV_ACK_OF_FIN);
		c->res->user |= SF_USER_CLOSED;
		return false;
	default:
		return true;
	}
}

/* ESTABLISHED processing of SEG.ACK, shared by every state from here. */
static bool established_ack(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;
	bool window_ok;

	if (sf_seq_gt(s->ack, t->snd_nxt)) {
		sf_fsm_emit_ack(t, c->res, SF_EMIT_ANSWER, "ACK of an ACK for unsent data");
		sf_fsm_decide(c->res, SF_FSM_UNACCEPTABLE, RFC_OTHER,
			"SEG.ACK > SND.NXT acknowledges something not yet sent: ACK, drop");
		return false;
	}
	window_ok = sf_seq_leq(t->snd_una, s->ack);
	if (sf_seq_lt(t->snd_una, s->ack))
		t->snd_una = s->ack;
	if (window_ok && (sf_seq_lt(t->snd_wl1, s->seq) ||
	    (t->snd_wl1 == s->seq && sf_seq_leq(t->snd_wl2, s->ack)))) {
		t->snd_wnd = sf_fsm_scaled_wnd(t, s);
		t->snd_wl1 = s->seq;
		t->snd_wl2 = s->ack;
		if (t->snd_wnd > t->max_snd_wnd)
			t->max_snd_wnd = t->snd_wnd;
	}
	update_ts(c);
	sf_fsm_decide(c->res, SF_FSM_ACCEPTED, RFC_OTHER, "acceptable segment processed");
	return ack_by_state(c, t->fin_sent && sf_seq_gt(s->ack, t->fin_seq));
}

/* ESTABLISHED is reached: the text held from the peer's SYN is processed
 * now (3.10.7.2, 3.10.7.3: "queue them for processing after the
 * ESTABLISHED state has been reached"), and this segment's text is
 * trimmed again against the new RCV.NXT. */
static void deliver_syn_text(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;

	if (!t->syn_text)
		return;
	t->rcv_nxt += t->syn_text;
	c->res->delivered += t->syn_text;
	c->res->user |= SF_USER_DATA;
	c->ack_now = true;
	t->syn_text = 0;
	if (!c->ack_only)
		trim(c);
}

/* SYN-RECEIVED: an ACK of our SYN completes the handshake; any other ACK
 * gets <SEQ=SEG.ACK><CTL=RST> (3.5.2 group 2, state unchanged). */
static bool syn_received_ack(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	const struct sf_tcp_seg *s = c->seg;

	if (sf_seq_lt(t->snd_una, s->ack) && sf_seq_leq(s->ack, t->snd_nxt)) {
		sf_fsm_go(t, c->res, SF_TCPS_ESTABLISHED, SF_EV_RCV_ACK_OF_SYN);
		c->res->user |= SF_USER_CONNECTED;
		t->snd_wnd = sf_fsm_scaled_wnd(t, s);
		t->snd_wl1 = s->seq;
		t->snd_wl2 = s->ack;
		if (t->snd_wnd > t->max_snd_wnd)
			t->max_snd_wnd = t->snd_wnd;
		deliver_syn_text(c);
		return established_ack(c);
	}
	sf_fsm_emit(c->res, SF_EMIT_ANSWER, "RST: bad ACK in SYN-RECEIVED", s->ack, 0, SF_TCP_RST);
	sf_fsm_decide(c->res, SF_FSM_REJECTED, RFC_OTHER,
		"SYN-RECEIVED: ACK not acceptable: <SEQ=SEG.ACK><CTL=RST>");
	return false;
}

/* RFC 5961 5.2: (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT. */
static bool ack_in_5961_range(const struct sf_tcb *t, uint32_t ack)
{
	return sf_seq_leq(t->snd_una - t->max_snd_wnd, ack) && sf_seq_leq(ack, t->snd_nxt);
}

/* Fifth: the ACK field. The RFC 5961 range check applies to the
 * synchronized states; SYN-RECEIVED keeps the 3.5.2 reset. */
static bool check_ack(struct sf_fsm_ctx *c)
{
	const struct sf_tcp_seg *s = c->seg;

	if (!(s->flags & SF_TCP_ACK)) {
		sf_fsm_decide(c->res, SF_FSM_DROPPED, RFC_OTHER, "ACK bit off: dropped");
		return false;
	}
	if (c->tcb->state == SF_TCPS_SYN_RECEIVED)
		return syn_received_ack(c);
	if (c->pol->rfc5961_ack && !ack_in_5961_range(c->tcb, s->ack)) {
		challenge_ack(c, "RFC 5961 5.2",
			"SEG.ACK outside [SND.UNA - MAX.SND.WND, SND.NXT]: challenge ACK");
		return false;
	}
	return established_ack(c);
}

/* Seventh: text, in ESTABLISHED and FIN-WAIT-1/2 only. Returns false when
 * the segment is out of order (its FIN is then not processed either). */
static bool process_text(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;

	if (c->text_len == 0)
		return true;
	if (c->text_seq != t->rcv_nxt) {
		c->ack_now = true;
		sf_fsm_decide(c->res, SF_FSM_OUT_OF_ORDER, RFC_OTHER,
			"text beyond RCV.NXT: not held, duplicate ACK (MAY-13)");
		return false;
	}
	t->rcv_nxt += c->text_len;
	c->res->delivered += c->text_len;
	c->res->user |= SF_USER_DATA;
	c->ack_now = true;
	return true;
}

/* Eighth: the FIN bit, when it is the next thing expected. */
static void process_fin(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;

	if (!c->fin_in_window)
		return;
	if (c->fin_pos != t->rcv_nxt) {
		c->ack_now = true;
		sf_fsm_decide(c->res, SF_FSM_OUT_OF_ORDER, RFC_OTHER,
			"FIN beyond RCV.NXT: not processed, duplicate ACK");
		return;
	}
	t->rcv_nxt++;
	c->res->user |= SF_USER_EOF;
	c->ack_now = true;
	switch (t->state) {
	case SF_TCPS_ESTABLISHED:
		sf_fsm_go(t, c->res, SF_TCPS_CLOSE_WAIT, SF_EV_RCV_FIN);
		break;
	case SF_TCPS_FIN_WAIT_1:
		sf_fsm_go(t, c->res, SF_TCPS_CLOSING, SF_EV_RCV_FIN);
		break;
	case SF_TCPS_FIN_WAIT_2:
		if (c->fw1_fin_acked)
			sf_fsm_go_from(t, c->res, SF_TCPS_FIN_WAIT_1, SF_TCPS_TIME_WAIT,
				SF_EV_RCV_FIN_ACK_OF_FIN);
		else
			sf_fsm_go(t, c->res, SF_TCPS_TIME_WAIT, SF_EV_RCV_FIN);
		c->fw1_fin_acked = false;
		c->res->time_wait_timer = true;
		break;
	case SF_TCPS_TIME_WAIT:
		c->res->time_wait_timer = true;
		break;
	default:
		break;  /* CLOSE-WAIT, CLOSING, LAST-ACK: remain */
	}
}

/* Sixth (URG) is not modelled. Text is ignored once the peer's FIN was
 * received (CLOSE-WAIT onwards). Also used by SYN-SENT for a SYN,ACK that
 * carries text or FIN. */
void sf_fsm_text_and_fin(struct sf_fsm_ctx *c)
{
	enum sf_tcp_state st = c->tcb->state;

	if (c->ack_only)
		return;
	if (st == SF_TCPS_ESTABLISHED || st == SF_TCPS_FIN_WAIT_1 || st == SF_TCPS_FIN_WAIT_2) {
		if (!process_text(c))
			return;
	}
	process_fin(c);
}

/* Simultaneous open, RFC 9293 Figure 7 line 6: in SYN-RECEIVED the peer's
 * SYN,ACK repeats its SYN (SEG.SEQ = IRS) and acknowledges ours. The SYN is
 * an old duplicate and is trimmed ("trimming off any portions that lie
 * outside the window (including SYN and FIN)", 3.10.7.4) so the ACK can
 * complete the handshake. */
static bool old_syn_on_syn_ack(const struct sf_fsm_ctx *c)
{
	const struct sf_tcp_seg *s = c->seg;

	return c->tcb->state == SF_TCPS_SYN_RECEIVED &&
		(s->flags & (SF_TCP_SYN | SF_TCP_ACK)) == (SF_TCP_SYN | SF_TCP_ACK) &&
		s->seq == c->tcb->irs;
}

static void process(struct sf_fsm_ctx *c)
{
	if (!check_seq(c) || !check_rst(c) || !check_syn(c) || !check_ack(c))
		return;
	sf_fsm_text_and_fin(c);
	if (c->ack_only) {
		c->ack_now = true;
		sf_fsm_decide(c->res, SF_FSM_WINDOW_ZERO, RFC_OTHER,
			"zero window: ACK processed, text not accepted, ACK sent");
	}
}

void sf_fsm_rcv_other(struct sf_fsm_ctx *c)
{
	const struct sf_tcp_seg *orig = c->seg;
	struct sf_tcp_seg trimmed;

	if (time_wait_reopen(c))
		return;
	if (old_syn_on_syn_ack(c)) {
		trimmed = *orig;
		trimmed.seq++;
		trimmed.flags &= (uint8_t)~SF_TCP_SYN;
		c->seg = &trimmed;
	}
	process(c);
	c->seg = orig;
}
