/*
 * oracle_sent.c - judging one segment the target sends: does it answer
 * what the target owes (or the other side of a policy choice), are its
 * numbers right, and what does it teach the model (the ISN, new text, a
 * FIN it sent without a CLOSE we saw, its window). See oracle.h.
 */
#include "oracle_int.h"

#include <stdio.h>
#include <string.h>

#define FMT_BUF 96

static bool is_bare_ack(const struct sf_tcp_seg *s)
{
	return s->flags & SF_TCP_ACK && !(s->flags & (SF_TCP_SYN | SF_TCP_FIN | SF_TCP_RST)) && !s->len;
}

/* An ACK answer with no control and no text: the reply to an unacceptable
 * segment, a challenge ACK, an ACK of text or FIN. */
static bool is_ack_answer(const struct sf_fsm_emit *e)
{
	return is_bare_ack(&e->seg);
}

/* Can seg be the answer e? By kind only; numbers are judged after. Text
 * may carry an owed ACK (piggybacking, 3.10.7.4), and in SYN-RECEIVED a
 * retransmitted SYN-ACK carries the same acknowledgment. */
static bool same_kind(const struct sf_oracle *o, const struct sf_fsm_emit *e,
	const struct sf_tcp_seg *s)
{
	uint8_t ef = e->seg.flags, sf = s->flags;

	if (ef & SF_TCP_RST)
		return sf & SF_TCP_RST;
	if (sf & SF_TCP_RST)
		return false;
	if (ef & SF_TCP_SYN)
		return (sf & (SF_TCP_SYN | SF_TCP_ACK)) == (ef & (SF_TCP_SYN | SF_TCP_ACK));
	if (ef & SF_TCP_FIN)
		return sf & SF_TCP_FIN;
	if (sf & SF_TCP_SYN)
		return (sf & SF_TCP_ACK) && is_ack_answer(e) && o->model.state == SF_TCPS_SYN_RECEIVED;
	if (e->seg.len)
		return s->len > 0;
	return sf & SF_TCP_ACK;
}

/* The RST a target owes: 3.10.7.1 / 3.5.2 numbers for an answer,
 * <SEQ=SND.NXT> for an ABORT (3.10.5). */
static void judge_rst(struct sf_oracle *o, const struct sf_fsm_emit *e,
	const struct sf_tcp_seg *s, struct sf_findings *out)
{
	char want[FMT_BUF], got[FMT_BUF];

	sf_tcp_seg_format(&e->seg, want, sizeof(want));
	sf_tcp_seg_format(s, got, sizeof(got));
	if (o->syn_rst_either && s->seq == o->syn_rst_seq &&
	    (!(s->flags & SF_TCP_ACK) || s->ack == o->syn_rst_ack))
		return;  /* <SEQ=SND.NXT><ACK=RCV.NXT> for an in-window SYN */
	if (e->seg.flags & SF_TCP_ACK) {
		if (!(s->flags & SF_TCP_ACK) || s->ack != e->seg.ack)
			sf_oracle_add(o, out, SF_FIND_RST_BAD_SEQ, "a RST answering a segment without "
				"ACK must be %s (ACK = SEG.SEQ+SEG.LEN, RFC 9293 3.10.7.1); target sent %s",
				want, got);
	} else if (s->seq != e->seg.seq) {
		sf_oracle_add(o, out, SF_FIND_RST_BAD_SEQ, "the RST owed (%s) must carry SEQ=%u (%s); "
			"target sent %s", e->why, e->seg.seq, e->kind == SF_EMIT_ANSWER
			? "the ACK of the offending segment, RFC 9293 3.10.7.1" : "SND.NXT, RFC 9293 3.10.5",
			got);
	}
}

/* Does seg settle e? A lagging ACK (below the one owed) does not. */
static bool settles(struct sf_oracle *o, const struct sf_fsm_emit *e,
	const struct sf_tcp_seg *s, struct sf_findings *out)
{
	if (e->seg.flags & SF_TCP_RST) {
		judge_rst(o, e, s, out);
		return true;
	}
	if (!is_ack_answer(e) || sf_seq_geq(s->ack, e->seg.ack))
		return true;
	if (o->peer_fin && e->seg.ack == o->peer_fin_seq + 1 && s->ack == o->peer_fin_seq) {
		sf_oracle_add(o, out, SF_FIND_FIN_ACK_NOT_COUNTED, "the peer's FIN occupies %u; "
			"its acknowledgment must be ACK=%u, target sent ACK=%u",
			o->peer_fin_seq, o->peer_fin_seq + 1, s->ack);
		return true;
	}
	return false;
}

static bool match_expect(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	size_t i;

	for (i = 0; i < o->n_expect; i++) {
		if (!same_kind(o, &o->expect[i], s) || !settles(o, &o->expect[i], s, out))
			continue;
		sf_oracle_drop_expect(o, i);
		o->n_alt = 0;
		return true;
	}
	return false;
}

/* The target answered as the other side of a policy choice would: report
 * the choice and follow the target from now on. */
static bool match_alt(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	char got[FMT_BUF];
	size_t i;

	for (i = 0; i < o->n_alt; i++) {
		struct sf_oracle_alt *a = &o->alt[i];
		const struct sf_fsm_emit *e = &a->emit[0];

		if (a->n_emit == 0 || !same_kind(o, e, s))
			continue;
		if (is_ack_answer(e) && sf_seq_lt(s->ack, e->seg.ack))
			continue;
		if (a->code != SF_FIND_COUNT)
			sf_oracle_add(o, out, a->code, "target sent %s (%s): the other side of a "
				"policy choice from the profile's", sf_tcp_seg_format(s, got, sizeof(got)),
				e->why);
		o->model = a->tcb;
		o->n_expect = 0;
		for (i = 1; i < a->n_emit; i++)
			o->expect[o->n_expect++] = a->emit[i];
		o->n_alt = 0;
		return true;
	}
	return false;
}

static bool is_retransmission(const struct sf_oracle *o, const struct sf_tcp_seg *s)
{
	if (s->flags & SF_TCP_SYN)
		return o->iss_known && s->seq == o->model.iss;
	if (s->flags & SF_TCP_FIN)
		return o->fin_seen && s->seq + s->len == o->fin_seq;
	return s->len && sf_seq_leq(s->seq + s->len, o->model.snd_nxt);
}

/* Nothing owed matches: a control segment while an answer of another
 * kind is owed, or an ACK in reply to a RST that must be dropped. */
static bool unmatched(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	char want[FMT_BUF], got[FMT_BUF];
	bool control = (s->flags & (SF_TCP_RST | SF_TCP_SYN)) || is_bare_ack(s);
	size_t i;

	for (i = 0; i < o->n_expect && !sf_oracle_required(&o->expect[i]); i++)
		;
	if (i < o->n_expect && control && !is_retransmission(o, s)) {
		sf_oracle_add(o, out, SF_FIND_ANSWER_MISMATCH, "the target owed %s %s and sent %s",
			o->expect[i].why, sf_tcp_seg_format(&o->expect[i].seg, want, sizeof(want)),
			sf_tcp_seg_format(s, got, sizeof(got)));
		sf_oracle_drop_expect(o, i);
		return true;
	}
	if (o->rst_unanswered && is_bare_ack(s)) {
		sf_oracle_add(o, out, SF_FIND_RST_ANSWERED_ACK, "target answered a RST it must drop "
			"silently with %s", sf_tcp_seg_format(s, got, sizeof(got)));
		return true;
	}
	return false;
}

/* ---- learning the target's choices --------------------------------------- */

/* The target's ISN: move every send variable by the difference. Options
 * are what it offered in a SYN, what both offered after a SYN-ACK. */
static void adopt_isn(struct sf_oracle *o, const struct sf_tcp_seg *s)
{
	struct sf_tcb *t = &o->model;
	const struct sf_tcp_seg_opts *p = &o->peer_syn_opts;
	uint32_t d = s->seq - t->iss;

	t->iss += d;
	t->snd_una += d;
	t->snd_nxt += d;
	t->fin_seq += t->fin_sent ? d : 0;
	t->rcv_wscale = s->opt.has_wscale ? (s->opt.wscale > 14 ? 14 : s->opt.wscale) : 0;
	if (s->flags & SF_TCP_ACK) {
		t->wscale_ok = s->opt.has_wscale && p->has_wscale;
		t->snd_wscale = t->wscale_ok ? (p->wscale > 14 ? 14 : p->wscale) : 0;
		t->ts_ok = s->opt.has_ts && p->has_ts;
		t->sack_ok = s->opt.sack_perm && p->sack_perm;
	} else {
		t->wscale_offered = s->opt.has_wscale;
		t->ts_offered = s->opt.has_ts;
		t->sack_offered = s->opt.sack_perm;
	}
	o->iss_known = true;
}

static void check_isn(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	if (!o->iss_known)
		adopt_isn(o, s);
	else if (s->seq != o->model.iss)
		sf_oracle_add(o, out, SF_FIND_ISN_CHANGED, "retransmitted %s carries ISN %u; the "
			"first one had %u", (s->flags & SF_TCP_ACK) ? "SYN-ACK" : "SYN", s->seq, o->model.iss);
	o->after_syn = true;
}

/* The window field gives the target's RCV.WND as a range: at least what
 * it says, up to the rounding of its scale, and, when the field is at its
 * maximum, up to what its buffer may allow (policy rcv_wnd_max). Linux
 * keeps tp->rcv_wnd above 65535 while advertising 65535 without window
 * scaling (tcp_select_window() in net/ipv4/tcp_output.c). */
static void learn_window(struct sf_oracle *o, const struct sf_tcp_seg *s, uint8_t shift)
{
	uint32_t lo = (uint32_t)s->wnd << shift;
	uint32_t hi = lo + ((1u << shift) - 1);
	uint32_t max = o->pol.rcv_wnd_max ? o->pol.rcv_wnd_max : 1u << 30;

	if (s->wnd == 0xffff && max > hi)
		hi = max;
	o->model.rcv_wnd = lo;
	o->rcv_wnd_hi = hi;
}

static void observe_syn(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	struct sf_tcb *t = &o->model;
	struct sf_fsm_policy p = o->pol;
	struct sf_fsm_result r;

	if (!(s->flags & SF_TCP_ACK)) {
		if (t->state == SF_TCPS_CLOSED || t->state == SF_TCPS_LISTEN) {
			/* A SYN nobody asked for: the target's active OPEN. */
			p.iss = s->seq;
			sf_fsm_user_call(t, SF_CALL_OPEN_ACTIVE, 0, &p, t, &r);
			sf_oracle_new_connection(o, SF_TCPS_CLOSED);
		}
		if (t->state == SF_TCPS_SYN_SENT) {
			check_isn(o, s, out);
			learn_window(o, s, 0);
		}
		return;
	}
	if (t->state == SF_TCPS_CLOSED || t->state == SF_TCPS_LISTEN || t->state == SF_TCPS_SYN_SENT)
		return;
	check_isn(o, s, out);
	learn_window(o, s, 0);  /* never scaled in a SYN (RFC 7323 2.2) */
	if (s->ack != t->irs + 1)
		sf_oracle_add(o, out, SF_FIND_SYNACK_BAD_ACK, "SYN-ACK acknowledges %u; the peer's "
			"ISN is %u, so it must acknowledge %u", s->ack, t->irs, t->irs + 1);
}

/* An unsolicited RST on a connection is the target's ABORT: the peer
 * accepts it only at its RCV.NXT, somewhere in [SND.UNA, SND.NXT]. */
static void observe_rst(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out,
	bool answered)
{
	struct sf_tcb *t = &o->model;
	struct sf_fsm_result r;

	if (answered || t->state == SF_TCPS_SYN_SENT)
		return;
	if (t->state == SF_TCPS_CLOSED || t->state == SF_TCPS_LISTEN) {
		sf_oracle_add(o, out, SF_FIND_SENT_WHEN_CLOSED, "RST with SEQ=%u sent in %s with "
			"nothing to answer", s->seq, sf_tcp_state_name(t->state));
		return;
	}
	if (sf_seq_lt(s->seq, t->snd_una) || sf_seq_gt(s->seq, t->snd_nxt))
		sf_oracle_add(o, out, SF_FIND_RST_BAD_SEQ, "RST with SEQ=%u is outside [SND.UNA %u, "
			"SND.NXT %u]: the peer cannot accept it (RFC 9293 3.10.5: <SEQ=SND.NXT>)",
			s->seq, t->snd_una, t->snd_nxt);
	sf_fsm_user_call(t, SF_CALL_ABORT, 0, &o->pol, t, &r);
}

/* RFC 1122 4.2.3.6: "Such a segment generally contains SEG.SEQ =
 * SND.NXT-1 and may or may not contain one garbage octet of data" -- a
 * keep-alive probe, once everything sent is acknowledged. */
static bool is_keepalive(const struct sf_oracle *o, const struct sf_tcp_seg *s)
{
	const struct sf_tcb *t = &o->model;

	return !(s->flags & (SF_TCP_SYN | SF_TCP_FIN | SF_TCP_RST)) && s->len <= 1 &&
		s->seq == t->snd_nxt - 1 && t->snd_una == t->snd_nxt;
}

/* The first segment after a SYN starts at ISN+1. A keep-alive probe at
 * ISN is no answer to anything (an owed ACK at ISN is the bug). */
static void check_after_syn(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out,
	bool answered)
{
	if (!o->after_syn)
		return;
	o->after_syn = false;
	if (s->seq == o->model.iss && (answered || !is_keepalive(o, s)))
		sf_oracle_add(o, out, SF_FIND_SYN_NOT_COUNTED, "first segment after the SYN has SEQ=%u, "
			"the ISN; the SYN occupies %u, so it must be %u", s->seq, s->seq, s->seq + 1);
}

static void check_ack(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	struct sf_tcb *t = &o->model;

	if (!(s->flags & SF_TCP_ACK)) {
		sf_oracle_add(o, out, SF_FIND_NO_ACK_FLAG, "SEQ=%u sent in %s without the ACK bit; "
			"once synchronized every segment carries an acknowledgment", s->seq,
			sf_tcp_state_name(t->state));
		return;
	}
	if (o->peer_seen && sf_seq_gt(s->ack, o->peer_max))
		sf_oracle_add(o, out, SF_FIND_ACK_UNSENT, "ACK=%u, but the peer has sent only up to %u",
			s->ack, o->peer_max);
	else if (sf_seq_gt(s->ack, t->rcv_nxt))
		t->rcv_nxt = s->ack;  /* it held out-of-order text the model dropped */
	if ((s->flags & SF_TCP_FIN) && o->peer_fin && s->ack == o->peer_fin_seq)
		sf_oracle_add(o, out, SF_FIND_FIN_ACK_NOT_COUNTED, "FIN carries ACK=%u, the sequence "
			"number of the peer's FIN; it must be %u", s->ack, s->ack + 1);
}

/* After its FIN the target sends no new sequence space, and its next
 * segment starts at FIN+1. */
static void check_after_fin(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	uint32_t end = s->seq + s->len;
	bool first = o->after_fin;

	if (!o->fin_seen)
		return;
	if (!(s->flags & SF_TCP_FIN))
		o->after_fin = false;
	if ((s->flags & SF_TCP_FIN) ? sf_seq_gt(end, o->fin_seq)
	    : (s->len ? sf_seq_gt(end, o->fin_seq) : sf_seq_gt(s->seq, o->fin_seq + 1))) {
		sf_oracle_add(o, out, SF_FIND_DATA_AFTER_FIN, "sequence space up to %u sent after the "
			"FIN at %u", s->len ? end : s->seq, o->fin_seq);
	} else if (first && !(s->flags & SF_TCP_FIN) && !s->len && s->seq == o->fin_seq) {
		sf_oracle_add(o, out, SF_FIND_FIN_NOT_COUNTED, "segment after the FIN has SEQ=%u, the "
			"FIN's own number; the FIN occupies %u, so it must be %u", s->seq, s->seq, s->seq + 1);
	}
}

/* New sequence numbers lie in [SND.NXT, SND.UNA+SND.WND); one octet into
 * a zero window is a probe (3.8.6.1). */
static void check_window(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out)
{
	const struct sf_tcb *t = &o->model;
	uint32_t end = s->seq + s->len, right = t->snd_una + t->snd_wnd;

	if (!s->len || sf_seq_leq(end, right) || sf_seq_leq(end, t->snd_nxt))
		return;
	if (t->snd_wnd == 0 && s->len == 1)
		return;
	sf_oracle_add(o, out, SF_FIND_DATA_BEYOND_WINDOW, "text [%u, %u) goes beyond the peer's "
		"window: SND.UNA %u + SND.WND %u = %u", s->seq, end, t->snd_una, t->snd_wnd, right);
}

/* The target's FIN: a CLOSE we did not see, or the one we did, at the
 * number the target chose. */
static void learn_fin(struct sf_oracle *o, uint32_t end)
{
	struct sf_tcb *t = &o->model;
	struct sf_fsm_result r;

	if (o->fin_seen)
		return;
	if (!t->fin_sent && !t->fin_queued) {
		t->snd_nxt = end;
		sf_fsm_user_call(t, SF_CALL_CLOSE, 0, &o->pol, t, &r);
	} else {
		t->fin_sent = true;
		t->fin_queued = false;
		t->snd_buf = 0;
		t->fin_seq = end;
		t->snd_nxt = end + 1;
	}
	o->fin_seen = o->after_fin = true;
	o->fin_seq = end;
}

/* New text moves SND.NXT (before a FIN the model placed, it moves the
 * FIN); the window field is the target's RCV.WND. */
static void learn_sent(struct sf_oracle *o, const struct sf_tcp_seg *s)
{
	struct sf_tcb *t = &o->model;
	uint32_t end = s->seq + s->len;
	uint32_t top = t->fin_sent && !o->fin_seen ? t->fin_seq : t->snd_nxt;

	if (s->len && sf_seq_gt(end, top)) {
		uint32_t more = end - top;

		t->snd_buf -= more < t->snd_buf ? more : t->snd_buf;
		if (t->fin_sent && !o->fin_seen) {
			t->fin_seq = end;
			t->snd_nxt = end + 1;
		} else {
			t->snd_nxt = end;
		}
	}
	learn_window(o, s, t->wscale_ok ? t->rcv_wscale : 0);
	if (s->flags & SF_TCP_FIN)
		learn_fin(o, end);
}

static void observe(struct sf_oracle *o, const struct sf_tcp_seg *s, struct sf_findings *out,
	bool answered)
{
	enum sf_tcp_state st = o->model.state;

	if (s->flags & SF_TCP_SYN) {
		observe_syn(o, s, out);
		return;
	}
	if (s->flags & SF_TCP_RST) {
		observe_rst(o, s, out, answered);
		return;
	}
	if (st == SF_TCPS_CLOSED || st == SF_TCPS_LISTEN) {
		if (!answered)
			sf_oracle_add(o, out, SF_FIND_SENT_WHEN_CLOSED, "SEQ=%u LEN=%u sent in %s: no "
				"connection exists", s->seq, s->len, sf_tcp_state_name(st));
		return;
	}
	if (st == SF_TCPS_SYN_SENT)
		return;
	check_after_syn(o, s, out, answered);
	check_ack(o, s, out);
	if (st == SF_TCPS_TIME_WAIT && s->len)
		sf_oracle_add(o, out, SF_FIND_SENT_IN_TIME_WAIT, "%u octets at SEQ=%u sent in "
			"TIME_WAIT", s->len, s->seq);
	else
		check_after_fin(o, s, out);
	check_window(o, s, out);
	learn_sent(o, s);
}

void sf_oracle_target_sent(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	struct sf_findings *out)
{
	struct sf_findings local;
	char got[FMT_BUF];
	bool answered;

	if (!out)
		out = &local;
	out->n = 0;
	if (o->rst_unanswered && (seg->flags & SF_TCP_RST)) {
		o->rst_unanswered = false;
		sf_oracle_add(o, out, SF_FIND_RST_ANSWERED, "target answered a RST with %s; a RST is "
			"never answered with a RST", sf_tcp_seg_format(seg, got, sizeof(got)));
		return;
	}
	answered = match_expect(o, seg, out) || match_alt(o, seg, out) || unmatched(o, seg, out);
	o->rst_unanswered = false;
	observe(o, seg, out, answered);
	sf_oracle_owed_sent(o, seg);
}
