/*
 * tcpstate.h - names of Linux TCP states, Linux's own and RFC 9293's.
 *
 * The protocol reports both: state= with the RFC 9293 name a test script
 * reasons about, kstate= with what Linux actually calls it, because the
 * two differ (NEW_SYN_RECV is a request socket, not a full socket).
 */
#ifndef SYNFIN_AGENT_TCPSTATE_H
#define SYNFIN_AGENT_TCPSTATE_H

/* Linux's name for state (include/net/tcp_states.h), e.g. "FIN_WAIT1". */
const char *tcpstate_linux(unsigned state);

/* The RFC 9293 section 3.3.2 name, e.g. "FIN_WAIT_1". */
const char *tcpstate_rfc(unsigned state);

/* The Linux state numbers the agent itself tests for. */
#define TCPSTATE_CLOSE 7
#define TCPSTATE_LISTEN 10

#endif
