/*
 * oracle.c - the oracle's bookkeeping: finding codes, profiles, what the
 * target receives (the reference answers and the alternatives of each
 * policy choice), its user calls and timers, and settling owed answers.
 * Judging what the target sends is in oracle_sent.c. See oracle.h.
 */
#include "oracle_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* sf_oracle.allowed has one bit per code. */
_Static_assert(SF_FIND_COUNT <= 32, "finding codes must fit struct sf_oracle.allowed");

static const struct {
	const char *name;
	const char *rfc;
} codes[SF_FIND_COUNT] = {
	[SF_FIND_SYNACK_BAD_ACK] = { "SYNACK_BAD_ACK", "RFC 9293 3.10.7.2" },
	[SF_FIND_ISN_CHANGED] = { "ISN_CHANGED", "RFC 9293 3.10.8" },
	[SF_FIND_SYN_NOT_COUNTED] = { "SYN_NOT_COUNTED", "RFC 9293 3.4" },
	[SF_FIND_FIN_NOT_COUNTED] = { "FIN_NOT_COUNTED", "RFC 9293 3.4" },
	[SF_FIND_FIN_ACK_NOT_COUNTED] = { "FIN_ACK_NOT_COUNTED", "RFC 9293 3.10.7.4" },
	[SF_FIND_DATA_AFTER_FIN] = { "DATA_AFTER_FIN", "RFC 9293 3.6" },
	[SF_FIND_RST_ANSWERED] = { "RST_ANSWERED", "RFC 9293 3.5.2" },
	[SF_FIND_RST_ANSWERED_ACK] = { "RST_ANSWERED_ACK", "RFC 9293 3.10.7.4" },
	[SF_FIND_RST_BAD_SEQ] = { "RST_BAD_SEQ", "RFC 9293 3.5.2" },
	[SF_FIND_DATA_BEYOND_WINDOW] = { "DATA_BEYOND_WINDOW", "RFC 9293 3.8.6" },
	[SF_FIND_SENT_WHEN_CLOSED] = { "SENT_WHEN_CLOSED", "RFC 9293 3.10.7.1" },
	[SF_FIND_SENT_IN_TIME_WAIT] = { "SENT_IN_TIME_WAIT", "RFC 9293 3.10.7.4" },
	[SF_FIND_ACK_UNSENT] = { "ACK_UNSENT", "RFC 9293 3.4" },
	[SF_FIND_NO_ACK_FLAG] = { "NO_ACK_FLAG", "RFC 9293 3.8" },
	[SF_FIND_ANSWER_MISMATCH] = { "ANSWER_MISMATCH", "RFC 9293 3.10.7" },
	[SF_FIND_MISSING_ANSWER] = { "MISSING_ANSWER", "RFC 9293 3.10.7" },
	[SF_FIND_RST_CHALLENGE_ACK] = { "RST_CHALLENGE_ACK", "RFC 5961 3.2" },
	[SF_FIND_RST_NO_CHALLENGE_ACK] = { "RST_NO_CHALLENGE_ACK", "RFC 5961 3.2" },
	[SF_FIND_SYN_CHALLENGE_ACK] = { "SYN_CHALLENGE_ACK", "RFC 5961 4.2" },
	[SF_FIND_SYN_RESET] = { "SYN_RESET", "RFC 9293 3.10.7.4" },
	[SF_FIND_ACK_CHALLENGE_ACK] = { "ACK_CHALLENGE_ACK", "RFC 5961 5.2" },
	[SF_FIND_ACK_NO_CHALLENGE_ACK] = { "ACK_NO_CHALLENGE_ACK", "RFC 5961 5.2" },
	[SF_FIND_FIN_NOT_SENT] = { "FIN_NOT_SENT", "RFC 9293 3.10.4" },
	[SF_FIND_FIN_NOT_SENT_SYN_RECEIVED] = { "FIN_NOT_SENT_SYN_RECEIVED", "RFC 9293 3.10.4" },
	[SF_FIND_NO_RETRANSMISSION] = { "NO_RETRANSMISSION", "RFC 9293 3.10.8" },
	[SF_FIND_ACK_NOT_SENT] = { "ACK_NOT_SENT", "RFC 9293 3.8.6.3" },
};

const char *sf_finding_code_name(enum sf_finding_code code)
{
	return (unsigned)code < SF_FIND_COUNT ? codes[code].name : "?";
}

int sf_finding_code_parse(const char *name, enum sf_finding_code *out)
{
	int i;

	for (i = 0; name && i < SF_FIND_COUNT; i++) {
		if (strcmp(name, codes[i].name) == 0) {
			*out = (enum sf_finding_code)i;
			return 0;
		}
	}
	return -1;
}

const char *sf_oracle_verdict_name(enum sf_oracle_verdict v)
{
	static const char *const names[] = { "conformant", "deviates as documented", "deviates" };

	return (unsigned)v < 3 ? names[v] : "?";
}

void sf_oracle_add(struct sf_oracle *o, struct sf_findings *out, enum sf_finding_code code,
	const char *fmt, ...)
{
	bool allowed = o->allowed & (1u << code);
	struct sf_finding *f;
	va_list ap;

	if (allowed)
		o->deviations++;
	else
		o->violations++;
	if (!out || out->n >= SF_ORACLE_MAX_FINDINGS)
		return;
	f = &out->f[out->n++];
	f->code = code;
	f->severity = allowed ? SF_SEV_DEVIATION : SF_SEV_VIOLATION;
	f->rfc = codes[code].rfc;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
}

int sf_oracle_init(struct sf_oracle *o, enum sf_tcp_state initial,
	const struct sf_fsm_policy *pol)
{
	struct sf_fsm_result r;

	memset(o, 0, sizeof(*o));
	if (pol)
		o->pol = *pol;
	else
		sf_fsm_policy_default(&o->pol);
	o->model.state = SF_TCPS_CLOSED;
	o->listener = initial == SF_TCPS_LISTEN;
	if (initial == SF_TCPS_LISTEN)
		sf_fsm_user_call(&o->model, SF_CALL_OPEN_PASSIVE, 0, &o->pol, &o->model, &r);
	else if (initial != SF_TCPS_CLOSED)
		return -1;
	return 0;
}

void sf_oracle_allow(struct sf_oracle *o, enum sf_finding_code code)
{
	if ((unsigned)code < SF_FIND_COUNT)
		o->allowed |= 1u << code;
}

int sf_oracle_allow_name(struct sf_oracle *o, const char *name)
{
	enum sf_finding_code code;

	if (sf_finding_code_parse(name, &code) < 0)
		return -1;
	sf_oracle_allow(o, code);
	return 0;
}

enum sf_tcp_state sf_oracle_state(const struct sf_oracle *o)
{
	return o->model.state;
}

const struct sf_tcb *sf_oracle_tcb(const struct sf_oracle *o)
{
	return &o->model;
}

const struct sf_fsm_emit *sf_oracle_pending(const struct sf_oracle *o, size_t *n)
{
	*n = o->n_expect;
	return o->expect;
}

enum sf_oracle_verdict sf_oracle_verdict(const struct sf_oracle *o)
{
	if (o->violations)
		return SF_ORACLE_DEVIATES;
	return o->deviations ? SF_ORACLE_DEVIATES_AS_DOCUMENTED : SF_ORACLE_CONFORMANT;
}

void sf_oracle_new_connection(struct sf_oracle *o, enum sf_tcp_state before)
{
	enum sf_tcp_state now = o->model.state;

	if (now != SF_TCPS_SYN_SENT && now != SF_TCPS_SYN_RECEIVED)
		return;
	if (before == SF_TCPS_SYN_SENT || before == SF_TCPS_SYN_RECEIVED)
		return;
	o->iss_known = o->after_syn = o->fin_seen = o->after_fin = false;
	o->peer_seen = o->peer_fin = false;
	o->sent_any = false;
	o->owe_fin.on = o->owe_rexmit.on = o->owe_ack.on = false;
}

bool sf_oracle_required(const struct sf_fsm_emit *e)
{
	if (e->kind == SF_EMIT_ANSWER)
		return true;
	return e->kind == SF_EMIT_OUTPUT &&
		(e->seg.flags & (SF_TCP_SYN | SF_TCP_FIN | SF_TCP_RST));
}

void sf_oracle_drop_expect(struct sf_oracle *o, size_t i)
{
	memmove(&o->expect[i], &o->expect[i + 1], (o->n_expect - i - 1) * sizeof(o->expect[0]));
	o->n_expect--;
}

static void expect_add(struct sf_oracle *o, const struct sf_fsm_emit *e, size_t n)
{
	size_t i;

	for (i = 0; i < n && o->n_expect < SF_FSM_MAX_EMIT; i++)
		o->expect[o->n_expect++] = e[i];
}

/* A new segment supersedes the answers owed to the previous one (ACKs
 * aggregate, MUST-58); output asked for by user calls stays owed. */
static void expect_replace(struct sf_oracle *o, const struct sf_fsm_result *r)
{
	size_t i = 0;

	while (i < o->n_expect) {
		if (o->expect[i].kind == SF_EMIT_OUTPUT)
			i++;
		else
			sf_oracle_drop_expect(o, i);
	}
	expect_add(o, r->emit, r->n_emit);
}

/* ---- alternatives -------------------------------------------------------- */

/* The policy choices whose other side the oracle watches for; code[0] is
 * reported when the reference has the choice on, code[1] when off. */
static const struct {
	enum sf_finding_code code[2];
} knobs[] = {
	{ { SF_FIND_RST_NO_CHALLENGE_ACK, SF_FIND_RST_CHALLENGE_ACK } },
	{ { SF_FIND_SYN_RESET, SF_FIND_SYN_CHALLENGE_ACK } },
	{ { SF_FIND_ACK_NO_CHALLENGE_ACK, SF_FIND_ACK_CHALLENGE_ACK } },
};

static bool *knob(struct sf_fsm_policy *p, size_t k)
{
	return k == 0 ? &p->rfc5961_rst : k == 1 ? &p->rfc5961_syn : &p->rfc5961_ack;
}

static bool same_outcome(const struct sf_fsm_result *a, const struct sf_tcb *ta,
	const struct sf_fsm_result *b, const struct sf_tcb *tb)
{
	size_t i;

	if (ta->state != tb->state || a->n_emit != b->n_emit)
		return false;
	for (i = 0; i < a->n_emit; i++) {
		const struct sf_tcp_seg *x = &a->emit[i].seg, *y = &b->emit[i].seg;

		if (x->flags != y->flags || x->seq != y->seq || x->ack != y->ack || x->len != y->len)
			return false;
	}
	return true;
}

/* The target's receive window may be above what it advertised
 * (rcv_wnd_hi): a segment beyond the advertised edge but inside the
 * larger window may be treated as in the window, with no finding. */
static void window_alternative(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	const struct sf_fsm_result *ref, const struct sf_tcb *next)
{
	struct sf_oracle_alt *a = &o->alt[o->n_alt];
	struct sf_fsm_result r;
	struct sf_tcb wide = o->model;

	if (o->rcv_wnd_hi <= wide.rcv_wnd || wide.state < SF_TCPS_SYN_RECEIVED)
		return;
	wide.rcv_wnd = o->rcv_wnd_hi;
	sf_fsm_segment_arrives(&wide, seg, &o->pol, &a->tcb, &r);
	if (same_outcome(ref, next, &r, &a->tcb))
		return;
	a->tcb.rcv_wnd = o->model.rcv_wnd;
	a->code = SF_FIND_COUNT;
	a->n_emit = r.n_emit;
	memcpy(a->emit, r.emit, sizeof(a->emit));
	o->n_alt++;
}

static void build_alternatives(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	const struct sf_fsm_result *ref, const struct sf_tcb *next)
{
	size_t k;

	o->n_alt = 0;
	window_alternative(o, seg, ref, next);
	for (k = 0; k < sizeof(knobs) / sizeof(knobs[0]); k++) {
		struct sf_fsm_policy p = o->pol;
		struct sf_oracle_alt *a = &o->alt[o->n_alt];
		struct sf_fsm_result r;
		bool *b = knob(&p, k);

		*b = !*b;
		sf_fsm_segment_arrives(&o->model, seg, &p, &a->tcb, &r);
		if (same_outcome(ref, next, &r, &a->tcb))
			continue;
		a->code = knobs[k].code[*b ? 1 : 0];
		a->n_emit = r.n_emit;
		memcpy(a->emit, r.emit, sizeof(a->emit));
		o->n_alt++;
	}
}

/* What the peer has sent that the target accepted: the limit for the
 * target's ACKs, and where the peer's FIN was. */
static void track_peer(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	const struct sf_fsm_result *ref, const struct sf_tcb *next)
{
	uint32_t end = seg->seq + sf_tcp_seg_len(seg);

	if (seg->flags & SF_TCP_SYN)
		o->peer_syn_opts = seg->opt;
	if (ref->verdict != SF_FSM_ACCEPTED && ref->verdict != SF_FSM_OUT_OF_ORDER)
		return;
	if (next->state == SF_TCPS_CLOSED || next->state == SF_TCPS_LISTEN)
		return;
	if (!o->peer_seen || sf_seq_gt(end, o->peer_max))
		o->peer_max = end;
	o->peer_seen = true;
	if (ref->user & SF_USER_EOF) {
		o->peer_fin = true;
		o->peer_fin_seq = next->rcv_nxt - 1;
	}
}

/* RFC 9293 3.10.7.4 fourth step without RFC 5961: "If the SYN is in the
 * window it is an error, send a reset" -- no format is given. The 3.5.2
 * numbers the model emits are one; <SEQ=SND.NXT><ACK=RCV.NXT> (the
 * connection's own numbers, as for an ABORT) is as legal. */
static void syn_reset_formats(struct sf_oracle *o, const struct sf_fsm_result *ref)
{
	size_t i;

	o->syn_rst_either = false;
	for (i = 0; i < ref->n_path; i++) {
		if (ref->path[i]->event == SF_EV_RCV_SYN && ref->path[i]->to == SF_TCPS_CLOSED &&
		    ref->n_emit && (ref->emit[0].seg.flags & SF_TCP_RST)) {
			o->syn_rst_either = true;
			o->syn_rst_seq = o->model.snd_nxt;
			o->syn_rst_ack = o->model.rcv_nxt;
		}
	}
}

void sf_oracle_target_received(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	struct sf_fsm_result *res)
{
	struct sf_fsm_result ref;
	struct sf_tcb next;
	enum sf_tcp_state before = o->model.state;
	bool relisten = o->listener && before == SF_TCPS_CLOSED;

	/* The oracle started in LISTEN: the target's application listens on
	 * the port, so once this connection is CLOSED a segment to it meets
	 * the listener (RFC 9293 3.10.7.2); the connection itself stays CLOSED
	 * unless a SYN opens a new one. */
	if (relisten)
		sf_fsm_user_call(&o->model, SF_CALL_OPEN_PASSIVE, 0, &o->pol, &o->model, &ref);
	sf_fsm_segment_arrives(&o->model, seg, &o->pol, &next, &ref);
	if (relisten && next.state == SF_TCPS_LISTEN)
		next.state = SF_TCPS_CLOSED;
	build_alternatives(o, seg, &ref, &next);
	syn_reset_formats(o, &ref);
	expect_replace(o, &ref);
	o->model = next;
	sf_oracle_new_connection(o, before);
	track_peer(o, seg, &ref, &next);
	o->rst_unanswered = seg->flags & SF_TCP_RST;
	sf_oracle_owed_received(o, &ref);
	if (res)
		*res = ref;
}

void sf_oracle_target_call_result(struct sf_oracle *o, enum sf_fsm_call call, uint32_t len,
				  struct sf_fsm_result *res)
{
	struct sf_fsm_result r;
	enum sf_tcp_state before = o->model.state;

	sf_fsm_user_call(&o->model, call, len, &o->pol, &o->model, &r);
	sf_oracle_new_connection(o, before);
	expect_add(o, r.emit, r.n_emit);
	sf_oracle_owed_call(o, before, call);
	if (res)
		*res = r;
}

void sf_oracle_target_call(struct sf_oracle *o, enum sf_fsm_call call, uint32_t len)
{
	sf_oracle_target_call_result(o, call, len, NULL);
}

void sf_oracle_target_timeout(struct sf_oracle *o, enum sf_fsm_timeout which)
{
	struct sf_fsm_result r;

	/* Retransmissions are recognised when they come; no model change. */
	if (which != SF_TIMEOUT_RETRANSMIT)
		sf_fsm_timeout(&o->model, which, &o->pol, &o->model, &r);
}

/* An alternative in which the target owed nothing it has not sent. */
static const struct sf_oracle_alt *silent_alternative(const struct sf_oracle *o)
{
	size_t i, j;

	for (i = 0; i < o->n_alt; i++) {
		for (j = 0; j < o->alt[i].n_emit; j++) {
			if (sf_oracle_required(&o->alt[i].emit[j]))
				break;
		}
		if (j == o->alt[i].n_emit)
			return &o->alt[i];
	}
	return NULL;
}

void sf_oracle_settle(struct sf_oracle *o, struct sf_findings *out)
{
	const struct sf_oracle_alt *alt;
	char buf[96];
	size_t i;

	if (out)
		out->n = 0;
	for (i = 0; i < o->n_expect && !sf_oracle_required(&o->expect[i]); i++)
		;
	if (i == o->n_expect) {
		o->n_expect = o->n_alt = 0;
		return;
	}
	alt = silent_alternative(o);
	if (alt && alt->code == SF_FIND_COUNT) {
		o->model = alt->tcb;
	} else if (alt) {
		sf_oracle_add(o, out, alt->code, "no %s %s was sent: the target follows the other "
			"choice (%s)", o->expect[i].why, sf_tcp_seg_format(&o->expect[i].seg, buf, sizeof(buf)),
			sf_finding_code_name(alt->code));
		o->model = alt->tcb;
	} else {
		for (; i < o->n_expect; i++) {
			if (!sf_oracle_required(&o->expect[i]))
				continue;
			sf_oracle_add(o, out, SF_FIND_MISSING_ANSWER, "the target owed %s %s and sent nothing",
				o->expect[i].why, sf_tcp_seg_format(&o->expect[i].seg, buf, sizeof(buf)));
		}
	}
	o->n_expect = o->n_alt = 0;
}
