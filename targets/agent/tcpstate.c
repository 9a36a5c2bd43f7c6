/*
 * tcpstate.c - Linux TCP state numbers to names.
 */
#include "tcpstate.h"

#include <stddef.h>

struct state_names {
	const char *linux_name;
	const char *rfc_name;
};

/* Indexed by the kernel's enum in include/net/tcp_states.h. The two
 * SYN-RECEIVED flavours map to one RFC state: NEW_SYN_RECV is the request
 * socket Linux keeps for a half-open passive connection, SYN_RECV a full
 * socket in that state (e.g. with TCP Fast Open). */
static const struct state_names names[] = {
	[1] = { "ESTABLISHED", "ESTABLISHED" },
	[2] = { "SYN_SENT", "SYN_SENT" },
	[3] = { "SYN_RECV", "SYN_RECEIVED" },
	[4] = { "FIN_WAIT1", "FIN_WAIT_1" },
	[5] = { "FIN_WAIT2", "FIN_WAIT_2" },
	[6] = { "TIME_WAIT", "TIME_WAIT" },
	[7] = { "CLOSE", "CLOSED" },
	[8] = { "CLOSE_WAIT", "CLOSE_WAIT" },
	[9] = { "LAST_ACK", "LAST_ACK" },
	[10] = { "LISTEN", "LISTEN" },
	[11] = { "CLOSING", "CLOSING" },
	[12] = { "NEW_SYN_RECV", "SYN_RECEIVED" },
};

static const struct state_names *lookup(unsigned state)
{
	if (state >= sizeof(names) / sizeof(names[0]) || !names[state].linux_name)
		return NULL;
	return &names[state];
}

const char *tcpstate_linux(unsigned state)
{
	const struct state_names *n = lookup(state);

	return n ? n->linux_name : "UNKNOWN";
}

const char *tcpstate_rfc(unsigned state)
{
	const struct state_names *n = lookup(state);

	return n ? n->rfc_name : "UNKNOWN";
}
