/*
 * tcp_fsm_synced.h - SEGMENT ARRIVES in SYN-RECEIVED and the synchronized
 * states (RFC 9293 3.10.7.4, with the RFC 5961, RFC 1337 and RFC 6191
 * choices of the policy). Called by the dispatch in tcp_fsm.c.
 */
#ifndef SYNFIN_TCP_FSM_SYNCED_H
#define SYNFIN_TCP_FSM_SYNCED_H

#include "tcp_fsm_int.h"

void sf_fsm_rcv_other(struct sf_fsm_ctx *c);

/* The segment text and FIN steps of 3.10.7.4 (seventh and eighth; URG, the
 * sixth, is not modelled). Also used by SYN-SENT for a SYN,ACK that carries
 * text or a FIN (3.10.7.3). */
void sf_fsm_text_and_fin(struct sf_fsm_ctx *c);

#endif
