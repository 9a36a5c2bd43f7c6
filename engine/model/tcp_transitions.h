/*
 * tcp_transitions.h - RFC 9293 Figure 5 as data, plus the edges the figure
 * leaves out (its Notes 1-3): RST in every state, ABORT, user timeout. The
 * state machine names the edges it takes from this table (struct
 * sf_fsm_result's path), and reports draw the diagram from it. The table is
 * const and static: nothing to free.
 */
#ifndef SYNFIN_TCP_TRANSITIONS_H
#define SYNFIN_TCP_TRANSITIONS_H

#include <stddef.h>

#include "tcp_fsm.h"

/* The whole diagram, in a stable order; *n receives the entry count. */
const struct sf_fsm_transition *sf_fsm_transitions(size_t *n);

/* The edge from -> to on ev, or NULL when the table has none. */
const struct sf_fsm_transition *sf_fsm_transition_find(enum sf_tcp_state from,
	enum sf_tcp_state to, enum sf_fsm_event ev);

#endif
