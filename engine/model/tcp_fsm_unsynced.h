/*
 * tcp_fsm_unsynced.h - SEGMENT ARRIVES in the states without a synchronized
 * connection (RFC 9293 3.10.7.1 CLOSED, 3.10.7.2 LISTEN, 3.10.7.3 SYN-SENT).
 * Called by the dispatch in tcp_fsm.c; each handler fills c->res and c->tcb.
 */
#ifndef SYNFIN_TCP_FSM_UNSYNCED_H
#define SYNFIN_TCP_FSM_UNSYNCED_H

#include "tcp_fsm_int.h"

void sf_fsm_rcv_closed(struct sf_fsm_ctx *c);
void sf_fsm_rcv_listen(struct sf_fsm_ctx *c);
void sf_fsm_rcv_syn_sent(struct sf_fsm_ctx *c);

/* A SYN opens a connection: IRS, RCV.NXT and the options from it, ISS iss,
 * SYN,ACK sent, SYN-RECEIVED entered. Used by LISTEN and by the TIME-WAIT
 * reopen (RFC 6191) in tcp_fsm_synced.c. */
void sf_fsm_accept_syn(struct sf_fsm_ctx *c, uint32_t iss, bool passive);

#endif
