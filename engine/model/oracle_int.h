/*
 * oracle_int.h - shared by oracle.c (bookkeeping: what the target
 * received, its calls, timers, settling) and oracle_sent.c (judging what
 * it sends). Not for other modules.
 */
#ifndef SYNFIN_ORACLE_INT_H
#define SYNFIN_ORACLE_INT_H

#include "oracle.h"

/* Record a finding: counted always, copied into out when there is room. */
void sf_oracle_add(struct sf_oracle *o, struct sf_findings *out, enum sf_finding_code code,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Forget the target-side facts of the previous connection when the model
 * enters SYN-SENT or SYN-RECEIVED afresh. */
void sf_oracle_new_connection(struct sf_oracle *o, enum sf_tcp_state before);

/* A required answer: a reply to the last segment, or a SYN, FIN or RST a
 * user call asked for. ACKs of text and new text may be late. */
bool sf_oracle_required(const struct sf_fsm_emit *e);

void sf_oracle_drop_expect(struct sf_oracle *o, size_t i);

/* Obligations (oracle_owed.c): kept up to date after each event. */
void sf_oracle_owed_call(struct sf_oracle *o, enum sf_tcp_state before, enum sf_fsm_call call);
void sf_oracle_owed_sent(struct sf_oracle *o, const struct sf_tcp_seg *seg);
void sf_oracle_owed_received(struct sf_oracle *o, const struct sf_fsm_result *ref);

#endif
