/*
 * oracle_owed.c - what the target owes, and by when: its FIN after a
 * CLOSE (RFC 9293 3.10.4), the retransmission of what it sent and the
 * peer has not acknowledged (3.10.8, RFC 6298 5), an ACK of new data or a
 * FIN (3.8.6.3). Kept up to date after every event the oracle is fed;
 * timed by the caller's clock (sf_oracle_clock). See oracle.h.
 */
#include "oracle_int.h"

#include <stdio.h>

#define DEFAULT_RTO 1.5   /* RFC 6298 2.1's initial 1 s, with room for scheduling */
#define DEFAULT_ACK 0.7   /* MUST-40's 0.5 s, with the same room */
#define MAX_RTO 60.0      /* RFC 6298 2.5: a maximum of at least 60 s */

static double rto(const struct sf_oracle *o)
{
	return o->pol.obligation_rto > 0 ? o->pol.obligation_rto : DEFAULT_RTO;
}

static double ack_delay(const struct sf_oracle *o)
{
	return o->pol.obligation_ack > 0 ? o->pol.obligation_ack : DEFAULT_ACK;
}

static void owe(struct sf_oracle_owed *w, enum sf_finding_code code, uint32_t seq, double due)
{
	w->on = true;
	w->code = code;
	w->seq = seq;
	w->since = 0;
	w->due = due;
}

/* RFC 6298 5.5: "The host MUST set RTO <- RTO * 2 ("back off the timer")". */
static double backoff(const struct sf_oracle *o, unsigned sent)
{
	double d = rto(o);
	unsigned i;

	for (i = 1; i < sent && d < MAX_RTO; i++)
		d *= 2;
	return d < MAX_RTO ? d : MAX_RTO;
}

/* A CLOSE whose FIN the model sent at once owes that FIN: "form a FIN
 * segment and send it" (3.10.4, ESTABLISHED, CLOSE-WAIT and, with nothing
 * queued, SYN-RECEIVED). A FIN waiting behind queued text is owed with the
 * text, as a retransmission is not. */
void sf_oracle_owed_call(struct sf_oracle *o, enum sf_tcp_state before, enum sf_fsm_call call)
{
	const struct sf_tcb *t = &o->model;

	if (call != SF_CALL_CLOSE || o->fin_seen || !t->fin_sent)
		return;
	owe(&o->owe_fin, before == SF_TCPS_SYN_RECEIVED ? SF_FIND_FIN_NOT_SENT_SYN_RECEIVED
		: SF_FIND_FIN_NOT_SENT, t->fin_seq, o->now + rto(o));
	o->owe_fin.since = o->now;
}

static bool ended(const struct sf_oracle *o)
{
	enum sf_tcp_state st = o->model.state;

	return st == SF_TCPS_CLOSED || st == SF_TCPS_LISTEN;
}

static void forget_all(struct sf_oracle *o)
{
	o->owe_fin.on = o->owe_rexmit.on = o->owe_ack.on = false;
}

/* The front of the retransmission queue: what the target sent beyond
 * SND.UNA. RFC 6298 5.3: "When an ACK is received that acknowledges new
 * data, restart the retransmission timer"; 5.1: started when a segment
 * containing data is sent; off when all is acknowledged (5.2). */
static void track_front(struct sf_oracle *o)
{
	const struct sf_tcb *t = &o->model;
	struct sf_oracle_owed *w = &o->owe_rexmit;

	if (!o->sent_any || !sf_seq_lt(t->snd_una, o->sent_max) ||
	    t->state == SF_TCPS_TIME_WAIT) {
		w->on = false;
		return;
	}
	if (w->on && w->seq == t->snd_una)
		return;
	owe(w, SF_FIND_NO_RETRANSMISSION, t->snd_una, o->now + backoff(o, 1));
	w->since = o->now;
	w->sent = 1;
}

void sf_oracle_owed_sent(struct sf_oracle *o, const struct sf_tcp_seg *s)
{
	const struct sf_tcb *t = &o->model;
	uint32_t end = s->seq + sf_tcp_seg_len(s);
	struct sf_oracle_owed *w = &o->owe_rexmit;

	/* A RST from the target ends the connection on its side, whatever
	 * the model made of it: nothing more is owed. */
	if (ended(o) || (s->flags & SF_TCP_RST)) {
		forget_all(o);
		return;
	}
	if (o->fin_seen)
		o->owe_fin.on = false;
	if (o->owe_ack.on && (s->flags & SF_TCP_ACK) && sf_seq_geq(s->ack, o->owe_ack.seq))
		o->owe_ack.on = false;
	if (!(s->flags & SF_TCP_RST) && sf_tcp_seg_len(s) &&
	    (!o->sent_any || sf_seq_gt(end, o->sent_max))) {
		o->sent_max = end;
		o->sent_any = true;
	}
	track_front(o);
	/* A segment starting at or below SND.UNA and covering it resends the front. */
	if (w->on && sf_tcp_seg_len(s) && sf_seq_leq(s->seq, t->snd_una) &&
	    sf_seq_gt(end, t->snd_una) && o->now > w->since) {
		w->sent++;
		w->since = o->now;
		w->due = o->now + backoff(o, w->sent);
	}
}

/* New data or a FIN the target accepted owes an ACK of it (3.10.7.4
 * seventh and eighth steps); the first one owed sets the time, later ones
 * raise the number (ACKs aggregate, MUST-58). */
void sf_oracle_owed_received(struct sf_oracle *o, const struct sf_fsm_result *ref)
{
	if (ended(o)) {
		forget_all(o);
		return;
	}
	if (ref->delivered || (ref->user & SF_USER_EOF)) {
		if (!o->owe_ack.on) {
			owe(&o->owe_ack, SF_FIND_ACK_NOT_SENT, o->model.rcv_nxt, o->now + ack_delay(o));
			o->owe_ack.since = o->now;
		}
		o->owe_ack.seq = o->model.rcv_nxt;
	}
	track_front(o);
}

static const char *front_name(const struct sf_oracle *o)
{
	const struct sf_tcb *t = &o->model;

	if (o->owe_rexmit.seq == t->iss)
		return t->state == SF_TCPS_SYN_SENT ? "SYN" : "SYN-ACK";
	if (o->fin_seen && o->owe_rexmit.seq == o->fin_seq)
		return "FIN";
	return "data";
}

static void overdue(struct sf_oracle *o, struct sf_oracle_owed *w, struct sf_findings *out)
{
	if (!w->on || !(o->now > w->due))
		return;
	w->on = false;
	switch (w->code) {
	case SF_FIND_NO_RETRANSMISSION:
		sf_oracle_add(o, out, w->code, "the target's %s at SEQ=%u stays unacknowledged: "
			"transmission %u was not followed by a retransmission within %.2f s",
			front_name(o), w->seq, w->sent, w->due - w->since);
		/* Found once: a later retransmission of the same front re-arms it. */
		w->on = true;
		w->due = 1e300;
		break;
	case SF_FIND_ACK_NOT_SENT:
		sf_oracle_add(o, out, w->code, "the target accepted text or a FIN up to %u and sent "
			"no ACK of it within %.2f s", w->seq, w->due - w->since);
		break;
	default:
		sf_oracle_add(o, out, w->code, "after the CLOSE the target owed its FIN (SEQ=%u) "
			"and did not send it within %.2f s", w->seq, w->due - w->since);
		break;
	}
}

void sf_oracle_clock(struct sf_oracle *o, double now, struct sf_findings *out)
{
	if (out)
		out->n = 0;
	if (now > o->now)
		o->now = now;
	if (ended(o)) {
		forget_all(o);
		return;
	}
	overdue(o, &o->owe_fin, out);
	overdue(o, &o->owe_rexmit, out);
	overdue(o, &o->owe_ack, out);
}

void sf_oracle_finish(struct sf_oracle *o, double now, struct sf_findings *out)
{
	sf_oracle_clock(o, now, out);
	forget_all(o);
}
