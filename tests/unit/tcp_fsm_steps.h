/*
 * tcp_fsm_steps.h - helpers shared by the state machine's unit tests:
 * build segments, feed the machine while checking it never modifies its
 * inputs, count the table edges taken, and drive a TCB into a state.
 *
 * Our ISS is 100 and the peer's 300, as in RFC 9293 Figures 6-13; our
 * RCV.WND is 1000, the peer advertises 10000 and sends no MSS option (so
 * the send MSS is 536).
 */
#ifndef SYNFIN_TEST_TCP_FSM_STEPS_H
#define SYNFIN_TEST_TCP_FSM_STEPS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tcp_fsm.h"
#include "tcp_transitions.h"

#define SYN SF_TCP_SYN
#define ACK SF_TCP_ACK
#define FIN SF_TCP_FIN
#define RST SF_TCP_RST
#define PSH SF_TCP_PSH

/* Edges taken, by table index (only test_tcp_fsm.c checks them). */
static unsigned hits[128] __attribute__((unused));

static inline struct sf_fsm_policy pol(void)
{
	struct sf_fsm_policy p;

	sf_fsm_policy_default(&p);
	p.iss = 100;
	p.rcv_wnd = 1000;
	return p;
}

static inline struct sf_tcp_seg seg(uint32_t seq, uint32_t ack, uint8_t flags, uint32_t len)
{
	struct sf_tcp_seg s;

	memset(&s, 0, sizeof(s));
	s.seq = seq;
	s.ack = ack;
	s.flags = flags;
	s.wnd = 10000;
	s.len = len;
	return s;
}

/* Count the edges taken; every path entry must be a table entry. */
static inline void record(const struct sf_fsm_result *r)
{
	size_t n, i;
	const struct sf_fsm_transition *tab = sf_fsm_transitions(&n);

	for (i = 0; i < r->n_path; i++) {
		assert_non_null(r->path[i]);
		hits[r->path[i] - tab]++;
	}
	if (r->n_path)
		assert_ptr_equal(r->transition, r->path[r->n_path - 1]);
	else
		assert_null(r->transition);
}

static inline struct sf_fsm_result rcv_p(struct sf_tcb *t, struct sf_tcp_seg s, const struct sf_fsm_policy *p)
{
	struct sf_tcb before, out;
	struct sf_tcp_seg sb;
	struct sf_fsm_policy pb;
	struct sf_fsm_result r;

	memcpy(&before, t, sizeof(before));
	memcpy(&sb, &s, sizeof(sb));
	memcpy(&pb, p, sizeof(pb));
	sf_fsm_segment_arrives(t, &s, p, &out, &r);
	assert_memory_equal(&before, t, sizeof(before));
	assert_memory_equal(&sb, &s, sizeof(sb));
	assert_memory_equal(&pb, p, sizeof(pb));
	record(&r);
	*t = out;
	return r;
}

static inline struct sf_fsm_result rcv(struct sf_tcb *t, struct sf_tcp_seg s)
{
	struct sf_fsm_policy p = pol();

	return rcv_p(t, s, &p);
}

static inline struct sf_fsm_result call(struct sf_tcb *t, enum sf_fsm_call c, uint32_t len)
{
	struct sf_fsm_policy p = pol();
	struct sf_tcb before, out;
	struct sf_fsm_result r;

	memcpy(&before, t, sizeof(before));
	sf_fsm_user_call(t, c, len, &p, &out, &r);
	assert_memory_equal(&before, t, sizeof(before));
	record(&r);
	*t = out;
	return r;
}

static inline struct sf_fsm_result tmo(struct sf_tcb *t, enum sf_fsm_timeout w)
{
	struct sf_tcb before, out;
	struct sf_fsm_result r;

	memcpy(&before, t, sizeof(before));
	sf_fsm_timeout(t, w, NULL, &out, &r);
	assert_memory_equal(&before, t, sizeof(before));
	record(&r);
	*t = out;
	return r;
}

static inline void emits(const struct sf_fsm_result *r, size_t i, uint32_t seq, uint32_t ack,
	uint8_t flags, uint32_t len)
{
	assert_true(i < r->n_emit);
	assert_int_equal(r->emit[i].seg.seq, seq);
	assert_int_equal(r->emit[i].seg.ack, ack);
	assert_int_equal(r->emit[i].seg.flags, flags);
	assert_int_equal(r->emit[i].seg.len, len);
}

static inline void edge(const struct sf_fsm_result *r, const char *name)
{
	assert_non_null(r->transition);
	assert_string_equal(r->transition->name, name);
}

/* Drive a fresh TCB into state s: passive side for LISTEN and
 * SYN_RECEIVED, active side for the rest. */
static inline struct sf_tcb reach(enum sf_tcp_state s)
{
	struct sf_tcb t;

	memset(&t, 0, sizeof(t));
	if (s == SF_TCPS_CLOSED)
		return t;
	if (s == SF_TCPS_LISTEN || s == SF_TCPS_SYN_RECEIVED) {
		call(&t, SF_CALL_OPEN_PASSIVE, 0);
		if (s == SF_TCPS_SYN_RECEIVED)
			rcv(&t, seg(300, 0, SYN, 0));
		assert_int_equal(t.state, s);
		return t;
	}
	call(&t, SF_CALL_OPEN_ACTIVE, 0);
	if (s == SF_TCPS_SYN_SENT)
		return t;
	rcv(&t, seg(300, 101, SYN | ACK, 0));
	if (s == SF_TCPS_FIN_WAIT_1 || s == SF_TCPS_FIN_WAIT_2 || s == SF_TCPS_CLOSING ||
	    s == SF_TCPS_TIME_WAIT)
		call(&t, SF_CALL_CLOSE, 0);
	if (s == SF_TCPS_FIN_WAIT_2 || s == SF_TCPS_TIME_WAIT)
		rcv(&t, seg(301, 102, ACK, 0));
	if (s == SF_TCPS_CLOSE_WAIT || s == SF_TCPS_CLOSING || s == SF_TCPS_LAST_ACK)
		rcv(&t, seg(301, 101, FIN | ACK, 0));
	if (s == SF_TCPS_LAST_ACK)
		call(&t, SF_CALL_CLOSE, 0);
	if (s == SF_TCPS_TIME_WAIT)
		rcv(&t, seg(301, 102, FIN | ACK, 0));
	assert_int_equal(t.state, s);
	return t;
}

/* The synchronized states as reach() leaves them. */
static const struct {
	enum sf_tcp_state s;
	uint32_t snd_nxt, rcv_nxt;
	unsigned user_on_rst;
} sync_states[] __attribute__((unused)) = {
	{ SF_TCPS_ESTABLISHED, 101, 301, SF_USER_RESET },
	{ SF_TCPS_FIN_WAIT_1, 102, 301, SF_USER_RESET },
	{ SF_TCPS_FIN_WAIT_2, 102, 301, SF_USER_RESET },
	{ SF_TCPS_CLOSE_WAIT, 101, 302, SF_USER_RESET },
	{ SF_TCPS_CLOSING, 102, 302, 0 },
	{ SF_TCPS_LAST_ACK, 102, 302, 0 },
	{ SF_TCPS_TIME_WAIT, 102, 302, 0 },
};
#define N_SYNC (sizeof(sync_states) / sizeof(sync_states[0]))

#endif
