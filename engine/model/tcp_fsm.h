/*
 * tcp_fsm.h - the reference TCP state machine of RFC 9293, as pure
 * functions.
 *
 * Every entry point takes a const input TCB and one event (an arriving
 * segment, a user call, a timeout) and writes an output TCB and a result:
 * the segments a conformant stack sends in answer, the edges of the state
 * diagram it follows, what it does with the arriving segment and why (with
 * the RFC section), and what the user is told. Nothing here touches the
 * network, allocates, or keeps mutable globals, so a test generator can ask
 * "what does a conformant stack do in state X on segment Y" offline. The
 * output TCB may be the same object as the input.
 *
 * Deliberate simplifications are listed in docs/STATE-MACHINE.md: no
 * reassembly queue (only in-order text is accepted), no security /
 * compartment checks, no urgent data, no PAWS, no congestion control, the
 * user reads instantly (RCV.WND never shrinks on its own).
 *
 * One module in several files, this header its interface: tcp_fsm.c
 * (names, helpers, the SEGMENT ARRIVES dispatch, output), tcp_fsm_calls.c
 * (sf_fsm_user_call, sf_fsm_timeout), tcp_fsm_unsynced.h and
 * tcp_fsm_synced.h (the per-state handlers), tcp_transitions.h (the
 * diagram).
 */
#ifndef SYNFIN_TCP_FSM_H
#define SYNFIN_TCP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

/* The eleven states of RFC 9293 3.3.2. CLOSED is the fictional "no TCB". */
enum sf_tcp_state {
	SF_TCPS_CLOSED,
	SF_TCPS_LISTEN,
	SF_TCPS_SYN_SENT,
	SF_TCPS_SYN_RECEIVED,
	SF_TCPS_ESTABLISHED,
	SF_TCPS_FIN_WAIT_1,
	SF_TCPS_FIN_WAIT_2,
	SF_TCPS_CLOSE_WAIT,
	SF_TCPS_CLOSING,
	SF_TCPS_LAST_ACK,
	SF_TCPS_TIME_WAIT,
	SF_TCPS_COUNT
};

/* "CLOSED", "SYN_SENT", ...; "?" for a value out of range. */
const char *sf_tcp_state_name(enum sf_tcp_state s);

/* Parse a state name: the names above, case-insensitive, '-' accepted for
 * '_' (the RFC writes SYN-SENT). Returns 0, or -1 for an unknown name. */
int sf_tcp_state_parse(const char *name, enum sf_tcp_state *out);

/* Sequence number comparisons, modulo 2^32 (RFC 9293 3.4). */
static inline bool sf_seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool sf_seq_leq(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }
static inline bool sf_seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool sf_seq_geq(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

/* Options carried by a segment (RFC 9293 3.2, RFC 7323, RFC 2018). */
struct sf_tcp_seg_opts {
	bool has_mss;
	uint16_t mss;
	bool has_wscale;
	uint8_t wscale;
	bool sack_perm;
	bool has_ts;
	uint32_t ts_val, ts_ecr;
};

/* A segment as the state machine sees it: header fields and a payload
 * length, no bytes. */
struct sf_tcp_seg {
	uint32_t seq, ack;
	uint8_t flags;         /* SF_TCP_* from packet.h */
	uint16_t wnd;          /* the window field as on the wire (unscaled) */
	uint32_t len;          /* payload octets */
	struct sf_tcp_seg_opts opt;
};

/* SEG.LEN: payload plus one for SYN and one for FIN (RFC 9293 3.4). */
static inline uint32_t sf_tcp_seg_len(const struct sf_tcp_seg *s)
{
	return s->len + !!(s->flags & SF_TCP_SYN) + !!(s->flags & SF_TCP_FIN);
}

/* Fill a segment from a decoded packet's TCP header and options. */
void sf_tcp_seg_from_packet(const struct sf_tcp *tcp, struct sf_tcp_seg *out);

/*
 * The inverse for options: o as an option list in the order Linux sends
 * them (mss, sackOK, timestamps, nop + wscale), which is what the tester
 * endpoint puts on the wire. Writes at most max options to out and
 * returns how many (at most 5).
 */
size_t sf_tcp_seg_options(const struct sf_tcp_seg_opts *o, struct sf_tcp_option *out, size_t max);

/* RFC 793 notation: "<SEQ=100><ACK=301><CTL=SYN,ACK><LEN=0><WND=8192>".
 * Returns buf. */
char *sf_tcp_seg_format(const struct sf_tcp_seg *s, char *buf, size_t n);

/*
 * The documented choices a profile can make. sf_fsm_policy_default() gives
 * RFC 9293 with the RFC 5961 mitigations on (what 3.10.7.4 describes for
 * "stacks implementing the protection"), RFC 1337 off, no TIME-WAIT reopen.
 */
struct sf_fsm_policy {
	bool rfc5961_rst;      /* RST: exact RCV.NXT resets, else challenge ACK (RFC 5961 3.2) */
	bool rfc5961_syn;      /* SYN in a synchronized state: challenge ACK (RFC 5961 4.2); off: RFC 793 reset */
	bool rfc5961_ack;      /* ACK range check against MAX.SND.WND (RFC 5961 5.2, MAY-12) */
	bool rfc1337;          /* ignore RST in TIME-WAIT (RFC 1337 3, fix F1) */
	bool time_wait_reopen; /* SYN may reopen from TIME-WAIT (RFC 9293 3.6.1 MAY-2, RFC 6191) */
	uint16_t rfc5961_syn_flip; /* bit per state (1 << SF_TCPS_*): the other side of rfc5961_syn there */
	bool drop_syn_fin;     /* a segment with both SYN and FIN is silently dropped (hardening) */
	double obligation_rto; /* oracle only: seconds within which an owed FIN or the first
	                          retransmission must come, doubled per retransmission (0: 1.5) */
	double obligation_ack; /* oracle only: seconds within which new data is acknowledged (0: 0.7) */
	uint32_t rcv_wnd_max;  /* oracle only: the most a target's RCV.WND may be while it
	                          advertises the field's maximum (0: 2^30, RFC 7323 2.3) */
	uint32_t iss;          /* ISS chosen for a new connection */
	uint32_t rcv_wnd;      /* receive window offered, in octets */
	uint16_t mss;          /* MSS option sent in SYNs */
	int wscale;            /* window scale shift offered, -1 for none (RFC 7323 2) */
	bool timestamps;       /* offer / accept the Timestamps option (RFC 7323 3) */
	bool sack_perm;        /* offer / accept SACK-permitted (RFC 2018) */
};

void sf_fsm_policy_default(struct sf_fsm_policy *p);

/* The transmission control block: the RFC 9293 3.3.1 variables plus what
 * the model needs to decide FIN, option and close handling. */
struct sf_tcb {
	enum sf_tcp_state state;
	bool passive;          /* SYN_RECEIVED was reached from LISTEN (MUST-11) */

	uint32_t iss, snd_una, snd_nxt, snd_wnd, snd_wl1, snd_wl2;
	uint32_t max_snd_wnd;  /* MAX.SND.WND (RFC 5961 5.2) */
	uint32_t irs, rcv_nxt, rcv_wnd;

	uint32_t syn_text;     /* text that came on the peer's SYN, queued until ESTABLISHED
	                          (RFC 9293 3.10.7.2, 3.10.7.3) */
	uint32_t snd_buf;      /* octets SENT by the user, not yet segmentized */
	bool fin_queued;       /* CLOSE called, FIN not yet sent */
	bool fin_sent;
	uint32_t fin_seq;      /* sequence number our FIN occupies */

	uint16_t our_mss, peer_mss;       /* peer_mss: 536 when absent (MUST-15) */
	bool wscale_offered, wscale_ok;   /* ok: both SYNs carried it */
	uint8_t snd_wscale, rcv_wscale;   /* shift applied to SEG.WND / to RCV.WND */
	bool ts_offered, ts_ok;
	uint32_t ts_recent;    /* last TSval accepted from the peer */
	bool sack_offered, sack_ok;
};

/* Events named in the state diagram. */
enum sf_fsm_event {
	SF_EV_OPEN_PASSIVE,
	SF_EV_OPEN_ACTIVE,
	SF_EV_SEND,
	SF_EV_CLOSE,
	SF_EV_ABORT,
	SF_EV_RCV_SYN,
	SF_EV_RCV_SYN_ACK,
	SF_EV_RCV_ACK_OF_SYN,
	SF_EV_RCV_FIN,
	SF_EV_RCV_ACK_OF_FIN,
	SF_EV_RCV_FIN_ACK_OF_FIN,  /* FIN-WAIT-1 Note 2: FIN and the ACK of ours */
	SF_EV_RCV_RST,
	SF_EV_TIMEOUT_2MSL,
	SF_EV_TIMEOUT_USER,
	SF_EV_COUNT
};

/* "passive OPEN", "rcv SYN,ACK", "timeout=2MSL", ... */
const char *sf_fsm_event_name(enum sf_fsm_event ev);

/* One edge of the state diagram (the table is in tcp_transitions.h). */
struct sf_fsm_transition {
	enum sf_tcp_state from, to;
	enum sf_fsm_event event;
	const char *send;      /* "snd SYN,ACK", or "" */
	const char *name;      /* "LISTEN --rcv SYN/snd SYN,ACK--> SYN_RECEIVED" */
	const char *rfc;       /* the section that specifies the edge */
	bool figure5;          /* drawn in RFC 9293 Figure 5 */
};

/* What the machine did with an arriving segment. */
enum sf_fsm_verdict {
	SF_FSM_NONE,           /* not a segment event */
	SF_FSM_ACCEPTED,       /* processed */
	SF_FSM_OUT_OF_ORDER,   /* acceptable but beyond RCV.NXT: not buffered, duplicate ACK */
	SF_FSM_WINDOW_ZERO,    /* zero window: ACK/RST processed, text dropped, ACK sent */
	SF_FSM_UNACCEPTABLE,   /* failed a sequence or ACK test: ACK sent, dropped */
	SF_FSM_DROPPED,        /* silently dropped */
	SF_FSM_RST_IGNORED,    /* a RST that changes nothing */
	SF_FSM_CHALLENGE_ACK,  /* RFC 5961 challenge ACK sent, dropped */
	SF_FSM_RESET,          /* the segment ended the connection */
	SF_FSM_REJECTED,       /* answered with a RST, state unchanged */
};

const char *sf_fsm_verdict_name(enum sf_fsm_verdict v);

/* Why a segment is emitted; the oracle uses this to tell required answers
 * from acknowledgments that may be delayed or piggybacked. */
enum sf_fsm_emit_kind {
	SF_EMIT_ANSWER,        /* required reply: RST, SYN-ACK, handshake or challenge ACK, ACK of an unacceptable segment */
	SF_EMIT_ACK,           /* acknowledges accepted text or FIN; may be delayed (RFC 9293 3.8.6.3) */
	SF_EMIT_OUTPUT,        /* new SYN, data or FIN after a user call or an opened window */
	SF_EMIT_RETRANSMIT,    /* the front of the retransmission queue again (3.10.8) */
};

struct sf_fsm_emit {
	struct sf_tcp_seg seg;
	enum sf_fsm_emit_kind kind;
	const char *why;
};

/* What the user is told (RFC 9293 3.10: "signal the user ..."). */
enum sf_fsm_user {
	SF_USER_CONNECTED = 1 << 0,  /* the OPEN completed: ESTABLISHED reached */
	SF_USER_DATA = 1 << 1,       /* res->delivered octets handed to RECEIVE */
	SF_USER_EOF = 1 << 2,        /* "connection closing": the peer's FIN */
	SF_USER_RESET = 1 << 3,      /* "connection reset" */
	SF_USER_REFUSED = 1 << 4,    /* "connection refused" */
	SF_USER_CLOSED = 1 << 5,     /* our CLOSE finished: FIN acknowledged */
	SF_USER_TIMEOUT = 1 << 6,    /* "connection aborted due to user timeout" */
};

#define SF_FSM_MAX_EMIT 6
#define SF_FSM_MAX_PATH 4

struct sf_fsm_result {
	enum sf_fsm_verdict verdict;
	const char *rfc;       /* "RFC 9293 3.10.7.4", "RFC 5961 3.2", ... */
	const char *reason;    /* one line: which rule decided */
	size_t n_emit;
	struct sf_fsm_emit emit[SF_FSM_MAX_EMIT];
	/* Edges taken, in order; one segment can take several (SYN_RECEIVED
	 * --ACK--> ESTABLISHED --FIN--> CLOSE_WAIT). transition is the last
	 * one, NULL when the state did not change. */
	size_t n_path;
	const struct sf_fsm_transition *path[SF_FSM_MAX_PATH];
	const struct sf_fsm_transition *transition;
	unsigned user;         /* SF_USER_* bits */
	uint32_t delivered;    /* octets delivered to the user */
	const char *error;     /* user-call error in RFC wording, or NULL */
	bool time_wait_timer;  /* start or restart the 2 MSL timer */
};

/* RFC 9293 3.10.7: a segment arrives. pol may be NULL for the default. */
void sf_fsm_segment_arrives(const struct sf_tcb *in, const struct sf_tcp_seg *seg,
	const struct sf_fsm_policy *pol, struct sf_tcb *out, struct sf_fsm_result *res);

enum sf_fsm_call {
	SF_CALL_OPEN_ACTIVE,
	SF_CALL_OPEN_PASSIVE,
	SF_CALL_SEND,          /* len octets */
	SF_CALL_RECEIVE,
	SF_CALL_CLOSE,
	SF_CALL_ABORT,
};

/* RFC 9293 3.10.1-3.10.5: a user call. len is used by SEND only. */
void sf_fsm_user_call(const struct sf_tcb *in, enum sf_fsm_call call, uint32_t len,
	const struct sf_fsm_policy *pol, struct sf_tcb *out, struct sf_fsm_result *res);

enum sf_fsm_timeout {
	SF_TIMEOUT_RETRANSMIT,
	SF_TIMEOUT_TIME_WAIT,
	SF_TIMEOUT_USER,
};

/* RFC 9293 3.10.8: a timer expires. */
void sf_fsm_timeout(const struct sf_tcb *in, enum sf_fsm_timeout which,
	const struct sf_fsm_policy *pol, struct sf_tcb *out, struct sf_fsm_result *res);

/* The acceptability test of RFC 9293 3.10.7.4 (Table 6). */
bool sf_fsm_seq_acceptable(uint32_t rcv_nxt, uint32_t rcv_wnd, uint32_t seq, uint32_t seg_len);

#endif
