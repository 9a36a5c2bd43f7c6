/*
 * tcp_transitions.c - RFC 9293 Figure 5 as data, plus the edges the figure
 * leaves out (its Notes 1-3): RST in every state, ABORT, user timeout, the
 * RFC 793 SYN reset and the TIME-WAIT reopen.
 *
 * The state machine finds every state change here by (from, to, event), so
 * the names a report prints are the names the code followed. The name is
 * "FROM --event/send--> TO"; test_tcp_fsm.c checks it against the fields.
 */
#include "tcp_transitions.h"

#define S(x) SF_TCPS_##x
#define E(x) SF_EV_##x

/* One row: from, event, to, what is sent, name, section, in Figure 5. */
#define EDGE(f, ev, t, snd, nm, sec, fig) \
	{ .from = S(f), .to = S(t), .event = E(ev), .send = snd, .name = nm, .rfc = sec, .figure5 = fig }

static const struct sf_fsm_transition transitions[] = {
	/* Figure 5, top to bottom. */
	EDGE(CLOSED, OPEN_PASSIVE, LISTEN, "", "CLOSED --passive OPEN--> LISTEN", "RFC 9293 3.10.1", true),
	EDGE(CLOSED, OPEN_ACTIVE, SYN_SENT, "snd SYN", "CLOSED --active OPEN/snd SYN--> SYN_SENT", "RFC 9293 3.10.1", true),
	EDGE(LISTEN, CLOSE, CLOSED, "", "LISTEN --CLOSE--> CLOSED", "RFC 9293 3.10.4", true),
	EDGE(LISTEN, RCV_SYN, SYN_RECEIVED, "snd SYN,ACK", "LISTEN --rcv SYN/snd SYN,ACK--> SYN_RECEIVED", "RFC 9293 3.10.7.2", true),
	EDGE(LISTEN, SEND, SYN_SENT, "snd SYN", "LISTEN --SEND/snd SYN--> SYN_SENT", "RFC 9293 3.10.2", true),
	EDGE(SYN_SENT, CLOSE, CLOSED, "", "SYN_SENT --CLOSE--> CLOSED", "RFC 9293 3.10.4", true),
	EDGE(SYN_SENT, RCV_SYN, SYN_RECEIVED, "snd SYN,ACK", "SYN_SENT --rcv SYN/snd SYN,ACK--> SYN_RECEIVED", "RFC 9293 3.10.7.3", true),
	EDGE(SYN_SENT, RCV_SYN_ACK, ESTABLISHED, "snd ACK", "SYN_SENT --rcv SYN,ACK/snd ACK--> ESTABLISHED", "RFC 9293 3.10.7.3", true),
	EDGE(SYN_RECEIVED, RCV_ACK_OF_SYN, ESTABLISHED, "", "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED", "RFC 9293 3.10.7.4", true),
	EDGE(SYN_RECEIVED, RCV_RST, LISTEN, "", "SYN_RECEIVED --rcv RST--> LISTEN", "RFC 9293 3.10.7.4", true),
	EDGE(SYN_RECEIVED, CLOSE, FIN_WAIT_1, "snd FIN", "SYN_RECEIVED --CLOSE/snd FIN--> FIN_WAIT_1", "RFC 9293 3.10.4", true),
	EDGE(ESTABLISHED, CLOSE, FIN_WAIT_1, "snd FIN", "ESTABLISHED --CLOSE/snd FIN--> FIN_WAIT_1", "RFC 9293 3.10.4", true),
	EDGE(ESTABLISHED, RCV_FIN, CLOSE_WAIT, "snd ACK", "ESTABLISHED --rcv FIN/snd ACK--> CLOSE_WAIT", "RFC 9293 3.10.7.4", true),
	EDGE(FIN_WAIT_1, RCV_ACK_OF_FIN, FIN_WAIT_2, "", "FIN_WAIT_1 --rcv ACK of FIN--> FIN_WAIT_2", "RFC 9293 3.10.7.4", true),
	EDGE(FIN_WAIT_1, RCV_FIN, CLOSING, "snd ACK", "FIN_WAIT_1 --rcv FIN/snd ACK--> CLOSING", "RFC 9293 3.10.7.4", true),
	EDGE(FIN_WAIT_2, RCV_FIN, TIME_WAIT, "snd ACK", "FIN_WAIT_2 --rcv FIN/snd ACK--> TIME_WAIT", "RFC 9293 3.10.7.4", true),
	EDGE(CLOSE_WAIT, CLOSE, LAST_ACK, "snd FIN", "CLOSE_WAIT --CLOSE/snd FIN--> LAST_ACK", "RFC 9293 3.10.4", true),
	EDGE(CLOSING, RCV_ACK_OF_FIN, TIME_WAIT, "", "CLOSING --rcv ACK of FIN--> TIME_WAIT", "RFC 9293 3.10.7.4", true),
	EDGE(LAST_ACK, RCV_ACK_OF_FIN, CLOSED, "", "LAST_ACK --rcv ACK of FIN--> CLOSED", "RFC 9293 3.10.7.4", true),
	EDGE(TIME_WAIT, TIMEOUT_2MSL, CLOSED, "", "TIME_WAIT --timeout=2MSL--> CLOSED", "RFC 9293 3.10.8", true),

	/* Note 2: FIN and the ACK of our FIN in one segment. */
	EDGE(FIN_WAIT_1, RCV_FIN_ACK_OF_FIN, TIME_WAIT, "snd ACK",
		"FIN_WAIT_1 --rcv FIN,ACK of FIN/snd ACK--> TIME_WAIT", "RFC 9293 3.10.7.4", false),

	/* Opening edges the figure omits. */
	EDGE(LISTEN, OPEN_ACTIVE, SYN_SENT, "snd SYN", "LISTEN --active OPEN/snd SYN--> SYN_SENT", "RFC 9293 3.10.1", false),
	EDGE(SYN_SENT, RCV_RST, CLOSED, "", "SYN_SENT --rcv RST--> CLOSED", "RFC 9293 3.10.7.3", false),
	EDGE(SYN_RECEIVED, RCV_RST, CLOSED, "", "SYN_RECEIVED --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(SYN_RECEIVED, RCV_SYN, LISTEN, "", "SYN_RECEIVED --rcv SYN--> LISTEN", "RFC 9293 3.10.7.4", false),
	EDGE(TIME_WAIT, RCV_SYN, SYN_RECEIVED, "snd SYN,ACK", "TIME_WAIT --rcv SYN/snd SYN,ACK--> SYN_RECEIVED", "RFC 9293 3.6.1", false),

	/* Note 3: an acceptable RST in a synchronized state. */
	EDGE(ESTABLISHED, RCV_RST, CLOSED, "", "ESTABLISHED --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(FIN_WAIT_1, RCV_RST, CLOSED, "", "FIN_WAIT_1 --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(FIN_WAIT_2, RCV_RST, CLOSED, "", "FIN_WAIT_2 --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(CLOSE_WAIT, RCV_RST, CLOSED, "", "CLOSE_WAIT --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(CLOSING, RCV_RST, CLOSED, "", "CLOSING --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(LAST_ACK, RCV_RST, CLOSED, "", "LAST_ACK --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(TIME_WAIT, RCV_RST, CLOSED, "", "TIME_WAIT --rcv RST--> CLOSED", "RFC 9293 3.10.7.4", false),

	/* RFC 793 behaviour kept in 3.10.7.4 for stacks without RFC 5961:
	 * a SYN in the window resets the connection. */
	EDGE(SYN_RECEIVED, RCV_SYN, CLOSED, "snd RST", "SYN_RECEIVED --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(ESTABLISHED, RCV_SYN, CLOSED, "snd RST", "ESTABLISHED --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(FIN_WAIT_1, RCV_SYN, CLOSED, "snd RST", "FIN_WAIT_1 --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(FIN_WAIT_2, RCV_SYN, CLOSED, "snd RST", "FIN_WAIT_2 --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(CLOSE_WAIT, RCV_SYN, CLOSED, "snd RST", "CLOSE_WAIT --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(CLOSING, RCV_SYN, CLOSED, "snd RST", "CLOSING --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(LAST_ACK, RCV_SYN, CLOSED, "snd RST", "LAST_ACK --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),
	EDGE(TIME_WAIT, RCV_SYN, CLOSED, "snd RST", "TIME_WAIT --rcv SYN/snd RST--> CLOSED", "RFC 9293 3.10.7.4", false),

	/* ABORT (3.10.5): a RST where the peer may hold state. */
	EDGE(LISTEN, ABORT, CLOSED, "", "LISTEN --ABORT--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(SYN_SENT, ABORT, CLOSED, "", "SYN_SENT --ABORT--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(SYN_RECEIVED, ABORT, CLOSED, "snd RST", "SYN_RECEIVED --ABORT/snd RST--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(ESTABLISHED, ABORT, CLOSED, "snd RST", "ESTABLISHED --ABORT/snd RST--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(FIN_WAIT_1, ABORT, CLOSED, "snd RST", "FIN_WAIT_1 --ABORT/snd RST--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(FIN_WAIT_2, ABORT, CLOSED, "snd RST", "FIN_WAIT_2 --ABORT/snd RST--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(CLOSE_WAIT, ABORT, CLOSED, "snd RST", "CLOSE_WAIT --ABORT/snd RST--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(CLOSING, ABORT, CLOSED, "", "CLOSING --ABORT--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(LAST_ACK, ABORT, CLOSED, "", "LAST_ACK --ABORT--> CLOSED", "RFC 9293 3.10.5", false),
	EDGE(TIME_WAIT, ABORT, CLOSED, "", "TIME_WAIT --ABORT--> CLOSED", "RFC 9293 3.10.5", false),

	/* USER TIMEOUT (3.10.8): "For any state". */
	EDGE(LISTEN, TIMEOUT_USER, CLOSED, "", "LISTEN --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(SYN_SENT, TIMEOUT_USER, CLOSED, "", "SYN_SENT --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(SYN_RECEIVED, TIMEOUT_USER, CLOSED, "", "SYN_RECEIVED --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(ESTABLISHED, TIMEOUT_USER, CLOSED, "", "ESTABLISHED --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(FIN_WAIT_1, TIMEOUT_USER, CLOSED, "", "FIN_WAIT_1 --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(FIN_WAIT_2, TIMEOUT_USER, CLOSED, "", "FIN_WAIT_2 --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(CLOSE_WAIT, TIMEOUT_USER, CLOSED, "", "CLOSE_WAIT --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(CLOSING, TIMEOUT_USER, CLOSED, "", "CLOSING --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(LAST_ACK, TIMEOUT_USER, CLOSED, "", "LAST_ACK --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
	EDGE(TIME_WAIT, TIMEOUT_USER, CLOSED, "", "TIME_WAIT --user timeout--> CLOSED", "RFC 9293 3.10.8", false),
};

const struct sf_fsm_transition *sf_fsm_transitions(size_t *n)
{
	if (n)
		*n = sizeof(transitions) / sizeof(transitions[0]);
	return transitions;
}

const struct sf_fsm_transition *sf_fsm_transition_find(enum sf_tcp_state from,
	enum sf_tcp_state to, enum sf_fsm_event ev)
{
	size_t i;

	for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
		const struct sf_fsm_transition *t = &transitions[i];

		if (t->from == from && t->to == to && t->event == ev)
			return t;
	}
	return NULL;
}
