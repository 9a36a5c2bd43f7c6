/*
 * lwip_agent.h - synfin-lwip-agent: lwIP 2.1.3 (Debian's liblwip, threaded:
 * the tcpip thread) driven by the agent protocol of targets/AGENT.md.
 *
 * The protocol side (line reader, reply builder, tokenizer, argument
 * parsers) is synfin_agent_core, shared with synfin-agent; this agent adds
 * its own command table on lwIP's raw TCP API. Every call into lwIP holds
 * the core lock (LWIP_TCPIP_CORE_LOCKING=1 in Debian's lwipopts.h); lwIP's
 * callbacks run in the tcpip thread under the same lock, so the socket
 * table below is only touched with the lock held.
 */
#ifndef SYNFIN_LWIP_AGENT_H
#define SYNFIN_LWIP_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"

#define LWIP_AGENT_NAME "synfin-lwip-agent"

/* Connections waiting for accept on one listener: the application's
 * accept queue, since lwIP itself limits none (TCP_LISTEN_BACKLOG 0). */
#define LSOCK_ACCEPT_MAX 64

/* One agent socket: an lwIP pcb and what the application side has seen. */
struct lsock {
	int fd;                /* the number on the wire; -1 until accepted */
	int family;            /* AF_INET or AF_INET6 */
	struct tcp_pcb *pcb;   /* NULL once lwIP freed it (reset, abort, timeout) */
	/* The last 4-tuple, to report after the pcb is gone and to check that
	 * pcb still names this connection (lwIP frees TIME_WAIT pcbs silently). */
	ip_addr_t local_ip, remote_ip;
	uint16_t local_port, remote_port;
	bool placed;           /* bound, listening or connecting: in one of lwIP's lists */
	bool listening, connecting, connected, eof, shut_wr, shut_rd;
	int error;             /* errno of what ended the connection, 0: none */
	int pending_error;     /* SO_ERROR: reported once */
	int linger;            /* -1 off; 0 makes close an abort */
	struct pbuf *rx;       /* received, not yet read by recv */
	struct lsock *queue[LSOCK_ACCEPT_MAX]; /* a listener's accept queue */
	int queued;
	int backlog;
};

/* lock.c: the core lock, and waiting for a condition with it released. */
void core_lock(void);
void core_unlock(void);
/* Release the lock for about a millisecond; returns false once deadline_ms
 * (from now_ms()) has passed. */
bool core_wait(long long deadline_ms);
long long now_ms(void);

/* sock.c: the socket table. */
struct lsock *lsock_get(int fd);
/* The pcb of s if lwIP still holds it in one of its lists for the same
 * connection, otherwise NULL (and s->pcb is cleared). */
struct tcp_pcb *lsock_pcb(struct lsock *s);
void lsock_remember_tuple(struct lsock *s);
void lsock_close_all(void);

/* Print ip as the protocol does (RFC 5952 for IPv6), into len bytes. */
void lsock_addr_text(const ip_addr_t *ip, char *text, size_t len);

/* names.c: lwIP's err_t as an errno. */
int lwip_errno(err_t e);

/* link.c: the netifs on $SYNFIN_IF; 0, or -1 with a message on stderr. */
int link_start(void);
/* With the core lock held: let lwIP take in every frame already on the
 * link (bounded wait, the lock released meanwhile). */
void link_settle(void);

/* TCP state names: RFC 9293's, and lwIP's own (tcp_debug_state_str). */
const char *lstate_rfc(enum tcp_state st);
const char *lstate_lwip(enum tcp_state st);

#endif
