/*
 * names.c - lwIP's errors and states in the protocol's words.
 */
#include "lwip_agent.h"

#include <errno.h>

/* targets/AGENT.md, "Writing an agent for another stack", item 3. */
int lwip_errno(err_t e)
{
	switch (e) {
	case ERR_OK: return 0;
	case ERR_MEM: return EAGAIN;
	case ERR_BUF: return ENOBUFS;
	case ERR_TIMEOUT: return ETIMEDOUT;
	case ERR_RTE: return ENETUNREACH;
	case ERR_INPROGRESS: return EINPROGRESS;
	case ERR_VAL: return EINVAL;
	case ERR_WOULDBLOCK: return EWOULDBLOCK;
	case ERR_USE: return EADDRINUSE;
	case ERR_ALREADY: return EALREADY;
	case ERR_ISCONN: return EISCONN;
	case ERR_CONN: return ENOTCONN;
	case ERR_IF: return ENETDOWN;
	case ERR_ABRT: return ECONNABORTED;
	case ERR_RST: return ECONNRESET;
	case ERR_CLSD: return ENOTCONN;
	case ERR_ARG: return EINVAL;
	}
	return EIO;
}

/* RFC 9293 3.3.2's names; lwIP calls SYN-RECEIVED SYN_RCVD. */
const char *lstate_rfc(enum tcp_state st)
{
	static const char *const names[] = {
		[CLOSED] = "CLOSED", [LISTEN] = "LISTEN", [SYN_SENT] = "SYN_SENT",
		[SYN_RCVD] = "SYN_RECEIVED", [ESTABLISHED] = "ESTABLISHED", [FIN_WAIT_1] = "FIN_WAIT_1",
		[FIN_WAIT_2] = "FIN_WAIT_2", [CLOSE_WAIT] = "CLOSE_WAIT", [CLOSING] = "CLOSING",
		[LAST_ACK] = "LAST_ACK", [TIME_WAIT] = "TIME_WAIT",
	};

	return (unsigned)st <= TIME_WAIT ? names[st] : "CLOSED";
}

const char *lstate_lwip(enum tcp_state st)
{
	return tcp_debug_state_str(st);
}
