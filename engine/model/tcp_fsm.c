/*
 * tcp_fsm.c - the state machine's shared parts: names, the default policy,
 * segment helpers, result helpers, segmentization (output) and the
 * SEGMENT ARRIVES dispatch of RFC 9293 3.10.7. See tcp_fsm.h.
 */
#include "tcp_fsm_unsynced.h"
#include "tcp_fsm_synced.h"
#include "tcp_transitions.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const state_names[SF_TCPS_COUNT] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
	"TIME_WAIT",
};

const char *sf_tcp_state_name(enum sf_tcp_state s)
{
	if ((unsigned)s >= SF_TCPS_COUNT)
		return "?";
	return state_names[s];
}

/* Case-insensitive compare where '-' in name stands for '_'. */
static bool state_name_eq(const char *name, const char *want)
{
	for (; *name && *want; name++, want++) {
		char c = *name == '-' ? '_' : (char)toupper((unsigned char)*name);

		if (c != *want)
			return false;
	}
	return *name == '\0' && *want == '\0';
}

int sf_tcp_state_parse(const char *name, enum sf_tcp_state *out)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < SF_TCPS_COUNT; i++) {
		if (state_name_eq(name, state_names[i])) {
			*out = (enum sf_tcp_state)i;
			return 0;
		}
	}
	return -1;
}

const char *sf_fsm_event_name(enum sf_fsm_event ev)
{
	static const char *const names[SF_EV_COUNT] = {
		"passive OPEN", "active OPEN", "SEND", "CLOSE", "ABORT",
		"rcv SYN", "rcv SYN,ACK", "rcv ACK of SYN", "rcv FIN",
		"rcv ACK of FIN", "rcv FIN,ACK of FIN", "rcv RST",
		"timeout=2MSL", "user timeout",
	};

	if ((unsigned)ev >= SF_EV_COUNT)
		return "?";
	return names[ev];
}

const char *sf_fsm_verdict_name(enum sf_fsm_verdict v)
{
	static const char *const names[] = {
		"none", "accepted", "out-of-order", "window-zero", "unacceptable",
		"dropped", "rst-ignored", "challenge-ack", "reset", "rejected",
	};

	if ((unsigned)v >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[v];
}

void sf_fsm_policy_default(struct sf_fsm_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->rfc5961_rst = true;
	p->rfc5961_syn = true;
	p->rfc5961_ack = true;
	p->iss = 1000000;
	p->rcv_wnd = 65535;
	p->mss = 1460;
	p->wscale = -1;
}

const struct sf_fsm_policy *sf_fsm_policy_or_default(const struct sf_fsm_policy *pol,
	struct sf_fsm_policy *store)
{
	if (pol)
		return pol;
	sf_fsm_policy_default(store);
	return store;
}

/* The acceptability test, Table 6 of RFC 9293 3.10.7.4. "x in window"
 * is RCV.NXT =< x < RCV.NXT+RCV.WND, modulo 2^32. */
bool sf_fsm_seq_acceptable(uint32_t rcv_nxt, uint32_t rcv_wnd, uint32_t seq, uint32_t seg_len)
{
	if (seg_len == 0 && rcv_wnd == 0)
		return seq == rcv_nxt;
	if (seg_len == 0)
		return seq - rcv_nxt < rcv_wnd;
	if (rcv_wnd == 0)
		return false;
	return seq - rcv_nxt < rcv_wnd || seq + seg_len - 1 - rcv_nxt < rcv_wnd;
}

static void opts_from_packet(const struct sf_tcp *tcp, struct sf_tcp_seg_opts *o)
{
	unsigned i;

	for (i = 0; i < tcp->option_count && i < SF_TCP_MAX_OPTIONS; i++) {
		const struct sf_tcp_option *op = &tcp->options[i];

		if (op->kind == SF_TCPOPT_MSS) {
			o->has_mss = true;
			o->mss = op->v.mss;
		} else if (op->kind == SF_TCPOPT_WSCALE) {
			o->has_wscale = true;
			o->wscale = op->v.wscale;
		} else if (op->kind == SF_TCPOPT_SACK_PERM) {
			o->sack_perm = true;
		} else if (op->kind == SF_TCPOPT_TIMESTAMP) {
			o->has_ts = true;
			o->ts_val = op->v.ts.val;
			o->ts_ecr = op->v.ts.ecr;
		}
	}
}

void sf_tcp_seg_from_packet(const struct sf_tcp *tcp, struct sf_tcp_seg *out)
{
	memset(out, 0, sizeof(*out));
	out->seq = tcp->seq;
	out->ack = tcp->ack;
	out->flags = tcp->flags;
	out->wnd = tcp->window;
	out->len = (uint32_t)tcp->payload_len;
	opts_from_packet(tcp, &out->opt);
}

/* One option whose body is the n bytes of `body`, big-endian already. */
static struct sf_tcp_option option(uint8_t kind, const uint8_t *body, uint8_t n)
{
	struct sf_tcp_option o;

	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.len = kind == SF_TCPOPT_NOP ? 1 : (uint8_t)(n + 2);
	if (n)
		memcpy(o.data, body, n);
	return o;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t sf_tcp_seg_options(const struct sf_tcp_seg_opts *o, struct sf_tcp_option *out, size_t max)
{
	struct sf_tcp_option all[5];
	uint8_t b[8];
	size_t n = 0;

	if (o->has_mss) {
		b[0] = (uint8_t)(o->mss >> 8);
		b[1] = (uint8_t)o->mss;
		all[n] = option(SF_TCPOPT_MSS, b, 2);
		all[n++].v.mss = o->mss;
	}
	if (o->sack_perm)
		all[n++] = option(SF_TCPOPT_SACK_PERM, NULL, 0);
	if (o->has_ts) {
		put32(b, o->ts_val);
		put32(b + 4, o->ts_ecr);
		all[n] = option(SF_TCPOPT_TIMESTAMP, b, 8);
		all[n].v.ts.val = o->ts_val;
		all[n++].v.ts.ecr = o->ts_ecr;
	}
	if (o->has_wscale) { /* RFC 7323 2.2: a NOP before it keeps the rest aligned */
		all[n++] = option(SF_TCPOPT_NOP, NULL, 0);
		all[n] = option(SF_TCPOPT_WSCALE, &o->wscale, 1);
		all[n++].v.wscale = o->wscale;
	}
	n = n < max ? n : max;
	memcpy(out, all, n * sizeof(all[0]));
	return n;
}

char *sf_tcp_seg_format(const struct sf_tcp_seg *s, char *buf, size_t n)
{
	static const struct { uint8_t bit; const char *name; } ctl[] = {
		{ SF_TCP_SYN, "SYN" }, { SF_TCP_FIN, "FIN" }, { SF_TCP_RST, "RST" },
		{ SF_TCP_ACK, "ACK" }, { SF_TCP_PSH, "PSH" }, { SF_TCP_URG, "URG" },
	};
	char ctls[32] = "";
	char ack[24] = "";
	size_t i;

	for (i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++) {
		if (!(s->flags & ctl[i].bit))
			continue;
		if (ctls[0])
			strcat(ctls, ",");
		strcat(ctls, ctl[i].name);
	}
	if (s->flags & SF_TCP_ACK)
		snprintf(ack, sizeof(ack), "<ACK=%u>", s->ack);
	snprintf(buf, n, "<SEQ=%u>%s<CTL=%s><LEN=%u><WND=%u>",
		s->seq, ack, ctls[0] ? ctls : "none", s->len, s->wnd);
	return buf;
}

/* ---- result helpers ---------------------------------------------------- */

void sf_fsm_result_init(struct sf_fsm_result *res)
{
	memset(res, 0, sizeof(*res));
	res->verdict = SF_FSM_NONE;
}

void sf_fsm_decide(struct sf_fsm_result *res, enum sf_fsm_verdict v,
	const char *rfc, const char *reason)
{
	res->verdict = v;
	res->rfc = rfc;
	res->reason = reason;
}

void sf_fsm_go_from(struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_tcp_state from, enum sf_tcp_state to, enum sf_fsm_event ev)
{
	const struct sf_fsm_transition *tr = sf_fsm_transition_find(from, to, ev);

	/* A NULL here is a bug (an edge missing from the table); the unit
	 * test checks every path for it. */
	if (res->n_path < SF_FSM_MAX_PATH)
		res->path[res->n_path++] = tr;
	res->transition = tr;
	t->state = to;
}

void sf_fsm_go(struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_tcp_state to, enum sf_fsm_event ev)
{
	sf_fsm_go_from(t, res, t->state, to, ev);
}

struct sf_fsm_emit *sf_fsm_emit(struct sf_fsm_result *res, enum sf_fsm_emit_kind kind,
	const char *why, uint32_t seq, uint32_t ack, uint8_t flags)
{
	struct sf_fsm_emit *e;

	if (res->n_emit >= SF_FSM_MAX_EMIT)
		return NULL;
	e = &res->emit[res->n_emit++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->why = why;
	e->seg.seq = seq;
	e->seg.ack = (flags & SF_TCP_ACK) ? ack : 0;
	e->seg.flags = flags;
	return e;
}

/* The window field we send: RCV.WND scaled down once both SYNs carried
 * the option, never scaled in a SYN (RFC 7323 2.2), at most 65535. */
uint16_t sf_fsm_adv_wnd(const struct sf_tcb *t)
{
	uint32_t w = t->rcv_wnd;

	if (t->wscale_ok && t->state != SF_TCPS_SYN_SENT && t->state != SF_TCPS_SYN_RECEIVED)
		w >>= t->rcv_wscale;
	return w > 65535 ? 65535 : (uint16_t)w;
}

/* Timestamps go on every segment once negotiated (RFC 7323 3.2). TSval is
 * a clock the model does not have: left 0 for the caller to fill. */
static void stamp(const struct sf_tcb *t, struct sf_tcp_seg *s)
{
	if (!t->ts_ok)
		return;
	s->opt.has_ts = true;
	s->opt.ts_ecr = t->ts_recent;
}

void sf_fsm_emit_ack(const struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_fsm_emit_kind kind, const char *why)
{
	struct sf_fsm_emit *e = sf_fsm_emit(res, kind, why, t->snd_nxt, t->rcv_nxt, SF_TCP_ACK);

	if (!e)
		return;
	e->seg.wnd = sf_fsm_adv_wnd(t);
	stamp(t, &e->seg);
}

/* <SEQ=ISS><CTL=SYN> or <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. A SYN offers
 * what the policy allowed; a SYN-ACK only echoes what the peer offered
 * (RFC 7323 2.2, 3.2; RFC 2018 2). */
void sf_fsm_emit_syn(const struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_fsm_emit_kind kind, bool with_ack)
{
	uint8_t flags = SF_TCP_SYN | (with_ack ? SF_TCP_ACK : 0);
	struct sf_fsm_emit *e = sf_fsm_emit(res, kind, with_ack ? "SYN,ACK" : "SYN",
		t->iss, t->rcv_nxt, flags);
	struct sf_tcp_seg_opts *o;

	if (!e)
		return;
	o = &e->seg.opt;
	e->seg.wnd = t->rcv_wnd > 65535 ? 65535 : (uint16_t)t->rcv_wnd;
	o->has_mss = true;
	o->mss = t->our_mss;
	o->has_wscale = with_ack ? t->wscale_ok : t->wscale_offered;
	o->wscale = o->has_wscale ? t->rcv_wscale : 0;
	o->sack_perm = with_ack ? t->sack_ok : t->sack_offered;
	o->has_ts = with_ack ? t->ts_ok : t->ts_offered;
	o->ts_ecr = with_ack && t->ts_ok ? t->ts_recent : 0;
}

/* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>; the FIN takes one sequence
 * number (RFC 9293 3.4). */
void sf_fsm_emit_fin(struct sf_tcb *t, struct sf_fsm_result *res)
{
	struct sf_fsm_emit *e = sf_fsm_emit(res, SF_EMIT_OUTPUT, "FIN", t->snd_nxt,
		t->rcv_nxt, SF_TCP_FIN | SF_TCP_ACK);

	if (!e)
		return;
	e->seg.wnd = sf_fsm_adv_wnd(t);
	stamp(t, &e->seg);
	t->fin_seq = t->snd_nxt;
	t->snd_nxt++;
	t->fin_sent = true;
	t->fin_queued = false;
}

/* The reset of RFC 9293 3.5.2 / 3.10.7.1 for a segment that does not
 * belong: take SEQ from its ACK, or SEQ=0 and acknowledge all of it. */
void sf_fsm_emit_reset_for(const struct sf_tcp_seg *seg, struct sf_fsm_result *res,
	const char *why)
{
	if (seg->flags & SF_TCP_ACK)
		sf_fsm_emit(res, SF_EMIT_ANSWER, why, seg->ack, 0, SF_TCP_RST);
	else
		sf_fsm_emit(res, SF_EMIT_ANSWER, why, 0, seg->seq + sf_tcp_seg_len(seg),
			SF_TCP_RST | SF_TCP_ACK);
}

/* States where queued text and a queued FIN may still go out. */
static bool can_output(const struct sf_tcb *t)
{
	switch (t->state) {
	case SF_TCPS_ESTABLISHED:
	case SF_TCPS_CLOSE_WAIT:
	case SF_TCPS_FIN_WAIT_1:
	case SF_TCPS_CLOSING:
	case SF_TCPS_LAST_ACK:
		return !t->fin_sent;
	default:
		return false;
	}
}

/* Octets the send window still allows: SND.UNA+SND.WND-SND.NXT (glossary,
 * "send window"). */
static uint32_t usable_window(const struct sf_tcb *t)
{
	uint32_t right = t->snd_una + t->snd_wnd;

	return sf_seq_gt(right, t->snd_nxt) ? right - t->snd_nxt : 0;
}

/* Segmentize queued text within the send window and the peer's MSS, one
 * segment per MSS, then the FIN once the queue is empty (3.10.2, 3.10.4).
 * PSH marks the last queued segment (MUST-61). The FIN always goes in its
 * own segment: a modelling choice. */
void sf_fsm_output(struct sf_tcb *t, struct sf_fsm_result *res)
{
	if (!can_output(t))
		return;
	while (t->snd_buf > 0 && res->n_emit < SF_FSM_MAX_EMIT - 1) {
		uint32_t n = usable_window(t);
		struct sf_fsm_emit *e;

		if (n == 0)
			break;
		if (n > t->peer_mss)
			n = t->peer_mss;
		if (n > t->snd_buf)
			n = t->snd_buf;
		e = sf_fsm_emit(res, SF_EMIT_OUTPUT, "data", t->snd_nxt, t->rcv_nxt, SF_TCP_ACK);
		e->seg.len = n;
		e->seg.wnd = sf_fsm_adv_wnd(t);
		stamp(t, &e->seg);
		t->snd_nxt += n;
		t->snd_buf -= n;
		if (t->snd_buf == 0)
			e->seg.flags |= SF_TCP_PSH;
	}
	if (t->fin_queued && t->snd_buf == 0)
		sf_fsm_emit_fin(t, res);
}

void sf_fsm_new_connection(struct sf_tcb *t, const struct sf_fsm_policy *pol,
	enum sf_tcp_state state)
{
	memset(t, 0, sizeof(*t));
	t->state = state;
	t->rcv_wnd = pol->rcv_wnd;
	t->our_mss = pol->mss;
	t->peer_mss = SF_FSM_DEFAULT_MSS;
	t->wscale_offered = pol->wscale >= 0;
	t->rcv_wscale = pol->wscale > 14 ? 14 : (pol->wscale < 0 ? 0 : (uint8_t)pol->wscale);
	t->ts_offered = pol->timestamps;
	t->sack_offered = pol->sack_perm;
}

/* Options from the peer's SYN or SYN-ACK: each takes effect only when both
 * sides sent it. A shift above 14 is used as 14 (RFC 7323 2.3). */
void sf_fsm_learn_syn(struct sf_tcb *t, const struct sf_tcp_seg *seg)
{
	const struct sf_tcp_seg_opts *o = &seg->opt;

	t->peer_mss = o->has_mss ? o->mss : SF_FSM_DEFAULT_MSS;
	t->wscale_ok = t->wscale_offered && o->has_wscale;
	t->snd_wscale = t->wscale_ok ? (o->wscale > 14 ? 14 : o->wscale) : 0;
	t->ts_ok = t->ts_offered && o->has_ts;
	t->ts_recent = o->has_ts ? o->ts_val : 0;
	t->sack_ok = t->sack_offered && o->sack_perm;
}

/* Does a SYN in state st get the RFC 5961 4.2 challenge ACK? The policy's
 * choice, turned over in the states of rfc5961_syn_flip (a stack may
 * challenge in some states and reset in others). */
bool sf_fsm_syn_challenge(const struct sf_fsm_policy *pol, enum sf_tcp_state st)
{
	return pol->rfc5961_syn != !!(pol->rfc5961_syn_flip & (1u << st));
}

/* RFC 9293 3.10.7.2 (LISTEN): "any other control or text should be queued
 * for processing later"; 3.10.7.3 (SYN-SENT, simultaneous open): "If there
 * are other controls or text in the segment, queue them for processing
 * after the ESTABLISHED state has been reached". The model has no
 * reassembly queue, so it holds the SYN's in-order text (up to the window)
 * and delivers it when ESTABLISHED is reached. The FIN of a SYN,FIN is not
 * held. */
void sf_fsm_hold_syn_text(struct sf_tcb *t, const struct sf_tcp_seg *seg)
{
	t->syn_text = seg->len < t->rcv_wnd ? seg->len : t->rcv_wnd;
}

/* SEG.WND in octets: a SYN's window is never scaled (RFC 7323 2.2). */
uint32_t sf_fsm_scaled_wnd(const struct sf_tcb *t, const struct sf_tcp_seg *seg)
{
	if ((seg->flags & SF_TCP_SYN) || !t->wscale_ok)
		return seg->wnd;
	return (uint32_t)seg->wnd << t->snd_wscale;
}

/* ---- SEGMENT ARRIVES ----------------------------------------------------- */

/* A CLOSE issued in SYN-RECEIVED with text pending waits for ESTABLISHED
 * (3.10.4); apply it once there. */
static void apply_queued_close(struct sf_tcb *t, struct sf_fsm_result *res)
{
	if (!t->fin_queued || t->fin_sent)
		return;
	if (t->state == SF_TCPS_ESTABLISHED)
		sf_fsm_go(t, res, SF_TCPS_FIN_WAIT_1, SF_EV_CLOSE);
	else if (t->state == SF_TCPS_CLOSE_WAIT)
		sf_fsm_go(t, res, SF_TCPS_LAST_ACK, SF_EV_CLOSE);
}

/* After the per-state steps: record a deferred FIN_WAIT_1 -> FIN_WAIT_2,
 * send what the window now allows, and acknowledge unless the ACK rode on
 * an outgoing segment (3.10.7.4 seventh: "piggybacked ... if possible"). */
static void finish(struct sf_fsm_ctx *c)
{
	struct sf_tcb *t = c->tcb;
	size_t before;

	if (c->fw1_fin_acked)
		sf_fsm_go_from(t, c->res, SF_TCPS_FIN_WAIT_1, SF_TCPS_FIN_WAIT_2,
			SF_EV_RCV_ACK_OF_FIN);
	apply_queued_close(t, c->res);
	before = c->res->n_emit;
	sf_fsm_output(t, c->res);
	if (c->ack_now && c->res->n_emit == before)
		sf_fsm_emit_ack(t, c->res, SF_EMIT_ACK, "ACK");
}

void sf_fsm_segment_arrives(const struct sf_tcb *in, const struct sf_tcp_seg *seg,
	const struct sf_fsm_policy *pol, struct sf_tcb *out, struct sf_fsm_result *res)
{
	struct sf_fsm_policy defpol;
	struct sf_tcb t = *in;
	struct sf_tcp_seg s = *seg;
	struct sf_fsm_ctx c = { .tcb = &t, .seg = &s, .res = res };

	c.pol = sf_fsm_policy_or_default(pol, &defpol);
	sf_fsm_result_init(res);
	if (c.pol->drop_syn_fin && (s.flags & (SF_TCP_SYN | SF_TCP_FIN)) == (SF_TCP_SYN | SF_TCP_FIN)) {
		/* A hardening choice outside RFC 9293 (which would process both):
		 * many firewalls and stacks discard SYN-FIN as a scan. */
		sf_fsm_decide(res, SF_FSM_DROPPED, "policy drop_syn_fin",
			"SYN and FIN together: dropped by the stack's policy");
		*out = t;
		return;
	}
	switch (t.state) {
	case SF_TCPS_CLOSED:
		sf_fsm_rcv_closed(&c);
		break;
	case SF_TCPS_LISTEN:
		sf_fsm_rcv_listen(&c);
		break;
	case SF_TCPS_SYN_SENT:
		sf_fsm_rcv_syn_sent(&c);
		break;
	default:
		sf_fsm_rcv_other(&c);
		break;
	}
	finish(&c);
	*out = t;
}
