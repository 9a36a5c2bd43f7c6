/*
 * sockdiag.h - every TCP socket of this network namespace, from the kernel.
 *
 * The agent reports the kernel's real TCP state, not what the socket API
 * lets one infer, and also for connections that no longer have a
 * descriptor (TIME_WAIT, orphaned FIN_WAIT_2, half-open request sockets).
 * Only the inet_diag dump (NETLINK_SOCK_DIAG) sees all of those.
 */
#ifndef SYNFIN_AGENT_SOCKDIAG_H
#define SYNFIN_AGENT_SOCKDIAG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct sd_sock {
	int family;		/* AF_INET or AF_INET6 */
	unsigned state;		/* Linux TCP state number, see tcpstate.h */
	struct in6_addr laddr;	/* IPv4 stored IPv4-mapped, see addr.h */
	struct in6_addr raddr;
	uint16_t lport;		/* host order */
	uint16_t rport;
	uint32_t inode;		/* 0 when no descriptor holds the socket */
	uint32_t rqueue;	/* LISTEN: accept queue length */
	uint32_t wqueue;	/* LISTEN: backlog limit */
	unsigned timer;		/* 0 none, else see sockdiag_timer_name() */
	uint32_t timer_ms;	/* time until that timer fires */
};

/*
 * Dump all TCP sockets of both families in every state, including
 * TIME_WAIT and NEW_SYN_RECV, into a malloc'd array the caller frees.
 * Returns 0, or -1 with errno set (ETIMEDOUT if the kernel did not finish
 * within AGENT_DIAG_TIMEOUT_MS).
 */
int sockdiag_list(struct sd_sock **out, size_t *count);

/* "retrans", "keepalive", "timewait", "probe", or "none" (idiag_timer). */
const char *sockdiag_timer_name(unsigned timer);

#endif
