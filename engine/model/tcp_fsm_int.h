/*
 * tcp_fsm_int.h - what the state machine's source files share and nobody
 * else should use: the per-segment context and the result helpers. The
 * per-state handlers of RFC 9293 3.10.7 are in tcp_fsm_unsynced.h and
 * tcp_fsm_synced.h.
 *
 *   tcp_fsm.c         names, policy, result helpers, dispatch, output
 *   tcp_fsm_unsynced.c 3.10.7.1-3.10.7.3: CLOSED, LISTEN, SYN-SENT
 *   tcp_fsm_synced.c  3.10.7.4: every other state
 *   tcp_fsm_calls.c   3.10.1-3.10.5 user calls, 3.10.8 timeouts
 *   tcp_transitions.c the diagram
 */
#ifndef SYNFIN_TCP_FSM_INT_H
#define SYNFIN_TCP_FSM_INT_H

#include "tcp_fsm.h"

/* Default send MSS when the peer sent no MSS option (RFC 9293 3.7.1, MUST-15). */
#define SF_FSM_DEFAULT_MSS 536

/* Working state while one segment is processed. */
struct sf_fsm_ctx {
	struct sf_tcb *tcb;
	const struct sf_tcp_seg *seg;
	const struct sf_fsm_policy *pol;
	struct sf_fsm_result *res;
	uint32_t text_seq;     /* first new text octet after trimming */
	uint32_t text_len;     /* new text octets inside the window */
	uint32_t fin_pos;      /* sequence number the FIN occupies */
	bool fin_in_window;    /* FIN present and not trimmed away */
	bool syn_trimmed;      /* SYN below RCV.NXT: trimmed away (3.10.7.4 first step) */
	bool ack_only;         /* zero window: ACK and RST fields only (3.10.7.4) */
	bool ack_now;          /* acknowledge RCV.NXT when done */
	bool fw1_fin_acked;    /* FIN_WAIT_1 -> FIN_WAIT_2 pending (Note 2) */
};

/* Result and TCB helpers (tcp_fsm.c). */
void sf_fsm_result_init(struct sf_fsm_result *res);
void sf_fsm_decide(struct sf_fsm_result *res, enum sf_fsm_verdict v,
	const char *rfc, const char *reason);
void sf_fsm_go(struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_tcp_state to, enum sf_fsm_event ev);
void sf_fsm_go_from(struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_tcp_state from, enum sf_tcp_state to, enum sf_fsm_event ev);
struct sf_fsm_emit *sf_fsm_emit(struct sf_fsm_result *res, enum sf_fsm_emit_kind kind,
	const char *why, uint32_t seq, uint32_t ack, uint8_t flags);
uint16_t sf_fsm_adv_wnd(const struct sf_tcb *t);
void sf_fsm_emit_ack(const struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_fsm_emit_kind kind, const char *why);
void sf_fsm_emit_syn(const struct sf_tcb *t, struct sf_fsm_result *res,
	enum sf_fsm_emit_kind kind, bool with_ack);
void sf_fsm_emit_fin(struct sf_tcb *t, struct sf_fsm_result *res);
void sf_fsm_emit_reset_for(const struct sf_tcp_seg *seg, struct sf_fsm_result *res,
	const char *why);
void sf_fsm_output(struct sf_tcb *t, struct sf_fsm_result *res);
void sf_fsm_new_connection(struct sf_tcb *t, const struct sf_fsm_policy *pol,
	enum sf_tcp_state state);
void sf_fsm_learn_syn(struct sf_tcb *t, const struct sf_tcp_seg *seg);
bool sf_fsm_syn_challenge(const struct sf_fsm_policy *pol, enum sf_tcp_state st);
void sf_fsm_hold_syn_text(struct sf_tcb *t, const struct sf_tcp_seg *seg);
uint32_t sf_fsm_scaled_wnd(const struct sf_tcb *t, const struct sf_tcp_seg *seg);
const struct sf_fsm_policy *sf_fsm_policy_or_default(const struct sf_fsm_policy *pol,
	struct sf_fsm_policy *store);

#endif
