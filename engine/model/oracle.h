/*
 * oracle.h - judges what a target stack sends on one connection.
 *
 * The oracle runs the reference state machine (tcp_fsm.h) as a model of
 * the TARGET's side. It is fed every segment the target receives, every
 * segment it sends, and the user calls made on it (the agent's close(),
 * ...). It keeps the state the target should be in, the answers the target
 * owes (a RST, a challenge ACK, a SYN-ACK...), and for each segment the
 * target sends returns findings: a stable code, a message quoting the
 * numbers, the RFC section.
 *
 * The model adopts what a stack may choose: its ISN (learnt from its SYN or
 * SYN-ACK), its options and advertised window, retransmissions of its SYN,
 * SYN-ACK, FIN and data, delayed or piggybacked ACKs, text and FIN it
 * sends without a SEND or CLOSE the oracle was told about.
 *
 * Where RFC 9293 lets a stack choose (RFC 5961 on or off), the oracle also
 * runs the other choice; a target that follows it gets a finding naming
 * that choice and the model follows the target. Whether a finding is a
 * violation or a documented deviation is the caller's profile: codes
 * passed to sf_oracle_allow() are reported as deviations.
 *
 * Plain data, no allocation: a struct sf_oracle can live on the stack.
 *
 * One module in three files: oracle.c keeps the books (what the target
 * received, its calls and timers, settling), oracle_sent.c judges what it
 * sends (sf_oracle_target_sent), oracle_owed.c keeps what it owes and by
 * when (the obligations); oracle_int.h is what they share.
 */
#ifndef SYNFIN_ORACLE_H
#define SYNFIN_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcp_fsm.h"

enum sf_finding_code {
	SF_FIND_SYNACK_BAD_ACK,      /* SYN-ACK does not acknowledge the peer's ISN+1 */
	SF_FIND_ISN_CHANGED,         /* a retransmitted SYN or SYN-ACK with another ISN */
	SF_FIND_SYN_NOT_COUNTED,     /* the segment after the SYN reuses the ISN */
	SF_FIND_FIN_NOT_COUNTED,     /* the segment after the FIN reuses the FIN's number */
	SF_FIND_FIN_ACK_NOT_COUNTED, /* the peer's FIN at F acknowledged with F, not F+1 */
	SF_FIND_DATA_AFTER_FIN,      /* new sequence space after the target's FIN */
	SF_FIND_RST_ANSWERED,        /* a RST sent in reply to a RST */
	SF_FIND_RST_ANSWERED_ACK,    /* an ACK sent in reply to a RST that must be dropped silently */
	SF_FIND_RST_BAD_SEQ,         /* a RST the peer cannot accept */
	SF_FIND_DATA_BEYOND_WINDOW,  /* text beyond SND.UNA+SND.WND */
	SF_FIND_SENT_WHEN_CLOSED,    /* a segment with no connection and nothing to answer */
	SF_FIND_SENT_IN_TIME_WAIT,   /* text or a new FIN in TIME-WAIT */
	SF_FIND_ACK_UNSENT,          /* acknowledges more than the peer sent */
	SF_FIND_NO_ACK_FLAG,         /* ACK bit off once synchronized */
	SF_FIND_ANSWER_MISMATCH,     /* an answer of another kind than the one owed */
	SF_FIND_MISSING_ANSWER,      /* a required answer never came */
	/* The target followed the other side of a policy choice. */
	SF_FIND_RST_CHALLENGE_ACK,   /* challenge ACK for an in-window RST (RFC 5961 3.2), policy off */
	SF_FIND_RST_NO_CHALLENGE_ACK,/* in-window RST accepted without challenge, policy on */
	SF_FIND_SYN_CHALLENGE_ACK,   /* challenge ACK for a SYN (RFC 5961 4.2), policy off */
	SF_FIND_SYN_RESET,           /* RFC 793 reset for an in-window SYN, policy on */
	SF_FIND_ACK_CHALLENGE_ACK,   /* challenge ACK for an old ACK (RFC 5961 5.2), policy off */
	SF_FIND_ACK_NO_CHALLENGE_ACK,/* old ACK ignored without challenge, policy on */
	/* Obligations: what the target owed and did not send in time. */
	SF_FIND_FIN_NOT_SENT,        /* no FIN after a CLOSE (RFC 9293 3.10.4) */
	SF_FIND_FIN_NOT_SENT_SYN_RECEIVED, /* the same, CLOSE in SYN-RECEIVED */
	SF_FIND_NO_RETRANSMISSION,   /* unacknowledged SYN, SYN-ACK, FIN or data not resent (3.10.8) */
	SF_FIND_ACK_NOT_SENT,        /* new data or FIN not acknowledged in time (3.8.6.3) */
	SF_FIND_COUNT
};

/* "SYNACK_BAD_ACK", ...; "?" out of range. */
const char *sf_finding_code_name(enum sf_finding_code code);
/* Parse a code name (exact, upper case). 0, or -1 when unknown. */
int sf_finding_code_parse(const char *name, enum sf_finding_code *out);

enum sf_finding_severity {
	SF_SEV_VIOLATION,
	SF_SEV_DEVIATION,            /* allowed by the caller's profile */
};

struct sf_finding {
	enum sf_finding_code code;
	enum sf_finding_severity severity;
	const char *rfc;
	char message[256];
};

#define SF_ORACLE_MAX_FINDINGS 8

struct sf_findings {
	size_t n;
	struct sf_finding f[SF_ORACLE_MAX_FINDINGS];
};

enum sf_oracle_verdict {
	SF_ORACLE_CONFORMANT,
	SF_ORACLE_DEVIATES_AS_DOCUMENTED,
	SF_ORACLE_DEVIATES,
};

/* "conformant", "deviates as documented", "deviates". */
const char *sf_oracle_verdict_name(enum sf_oracle_verdict v);

/* The outcome of the other side of one policy choice, kept until the
 * target shows which one it follows. */
struct sf_oracle_alt {
	enum sf_finding_code code;   /* SF_FIND_COUNT: a choice that is no finding */
	struct sf_tcb tcb;
	size_t n_emit;
	struct sf_fsm_emit emit[SF_FSM_MAX_EMIT];
};

#define SF_ORACLE_MAX_ALT 5

/* Something the target owes by a time: its FIN after a CLOSE, the
 * retransmission of the front of its retransmission queue, an ACK of new
 * data. seq: the FIN's number, SND.UNA, or the acknowledgment owed. */
struct sf_oracle_owed {
	bool on;
	enum sf_finding_code code;
	uint32_t seq;
	unsigned sent;               /* retransmission: transmissions so far */
	double since, due;           /* seconds, the caller's clock */
};

/* Read through the functions below; the fields are here so the struct can
 * be allocated by the caller. */
struct sf_oracle {
	struct sf_fsm_policy pol;
	struct sf_tcb model;
	bool listener;               /* started in LISTEN: the port keeps listening */
	uint32_t allowed;            /* bit per code: a documented deviation */
	unsigned violations, deviations;
	/* What the target owes, and the alternatives of the last segment. */
	size_t n_expect;
	struct sf_fsm_emit expect[SF_FSM_MAX_EMIT];
	size_t n_alt;
	struct sf_oracle_alt alt[SF_ORACLE_MAX_ALT];
	/* The target's RCV.WND is a range: model.rcv_wnd is what it advertised,
	 * rcv_wnd_hi what its buffer may allow beyond that (a window rounded by
	 * its scale, or more than the 16-bit field can say). */
	uint32_t rcv_wnd_hi;
	/* An in-window SYN's reset (RFC 5961 off) may also be
	 * <SEQ=SND.NXT><ACK=RCV.NXT>: RFC 9293 gives it no format. */
	bool syn_rst_either;
	uint32_t syn_rst_seq, syn_rst_ack;
	/* Obligations and the clock they are timed by (sf_oracle_clock). */
	double now;
	struct sf_oracle_owed owe_fin, owe_rexmit, owe_ack;
	bool sent_any;
	uint32_t sent_max;           /* the end of everything the target sent */
	/* What the target received. */
	bool rst_unanswered;         /* the last thing received carried RST */
	bool peer_seen, peer_fin;
	uint32_t peer_max;           /* highest SEG.SEQ+SEG.LEN it accepted */
	uint32_t peer_fin_seq;       /* the peer's FIN, once processed */
	struct sf_tcp_seg_opts peer_syn_opts;
	/* What the target sent. */
	bool iss_known, after_syn;
	bool fin_seen, after_fin;
	uint32_t fin_seq;            /* sequence number of the target's FIN */
};

/* Start a connection model in CLOSED (the target will connect, or is a
 * closed port) or LISTEN (the target accepts). pol NULL: the default
 * policy. Returns -1 for any other initial state. */
int sf_oracle_init(struct sf_oracle *o, enum sf_tcp_state initial,
	const struct sf_fsm_policy *pol);

/* Report code as a documented deviation. sf_oracle_allow_name() takes a
 * code name from a profile file and returns -1 when it is unknown. */
void sf_oracle_allow(struct sf_oracle *o, enum sf_finding_code code);
int sf_oracle_allow_name(struct sf_oracle *o, const char *name);

/* A segment the target receives. res (may be NULL) gets what the
 * reference machine decides: the conformant answers and end state. */
void sf_oracle_target_received(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	struct sf_fsm_result *res);

/* A segment the target sends. out (may be NULL) gets its findings. */
void sf_oracle_target_sent(struct sf_oracle *o, const struct sf_tcp_seg *seg,
	struct sf_findings *out);

/* A user call made on the target (connect, send, close, abort...). */
void sf_oracle_target_call(struct sf_oracle *o, enum sf_fsm_call call, uint32_t len);
/* The same, with what the model did (the transition taken, the segments
 * the target now owes) in res (may be NULL). */
void sf_oracle_target_call_result(struct sf_oracle *o, enum sf_fsm_call call, uint32_t len,
	struct sf_fsm_result *res);

/* A timer expired on the target (2 MSL, user timeout). */
void sf_oracle_target_timeout(struct sf_oracle *o, enum sf_fsm_timeout which);

/*
 * Obligations, timed. The caller keeps the clock: sf_oracle_clock(o, t)
 * before each event (a segment's capture time, a call's time), in any
 * unit of seconds, never going back. An obligation not met by its due
 * time becomes one finding: FIN_NOT_SENT (or FIN_NOT_SENT_SYN_RECEIVED)
 * the policy's obligation_rto after a CLOSE that owes a FIN (3.10.4);
 * NO_RETRANSMISSION when the front of what the target sent stays
 * unacknowledged and is not resent within obligation_rto, doubled per
 * transmission (3.10.8, RFC 6298 5.5); ACK_NOT_SENT when new data or a
 * FIN is not acknowledged within obligation_ack (3.8.6.3, MUST-40). A
 * connection that ends (CLOSED) owes nothing more. sf_oracle_finish()
 * is the end of the test: what is overdue is found, the rest forgotten.
 */
void sf_oracle_clock(struct sf_oracle *o, double now, struct sf_findings *out);
void sf_oracle_finish(struct sf_oracle *o, double now, struct sf_findings *out);

/* The caller stopped waiting: every required answer still owed becomes a
 * finding (or shows the target followed the silent alternative). */
void sf_oracle_settle(struct sf_oracle *o, struct sf_findings *out);

enum sf_tcp_state sf_oracle_state(const struct sf_oracle *o);
const struct sf_tcb *sf_oracle_tcb(const struct sf_oracle *o);

/* The answers the target still owes. */
const struct sf_fsm_emit *sf_oracle_pending(const struct sf_oracle *o, size_t *n);

/* Over every finding so far. */
enum sf_oracle_verdict sf_oracle_verdict(const struct sf_oracle *o);

#endif
