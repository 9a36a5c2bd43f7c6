/*
 * io.c - send and recv on lwIP pcbs.
 */
#include "lwip_agent.h"
#include "lwip_cmds.h"

#include <errno.h>
#include <string.h>

#include "agent.h"
#include "args.h"
#include "hex.h"

static unsigned char data[AGENT_MAX_PAYLOAD];
static char hex[2 * AGENT_MAX_PAYLOAD + 1];

/* Linux's answers for a send that cannot go out (tcp_sendmsg). */
static int send_refused(struct reply *r, struct lsock *s, struct tcp_pcb *pcb)
{
	/* After a RST, as lwIP's own sockets (lwip_send: the netconn's pending
	 * ERR_RST): the reset, not EPIPE. */
	if (!pcb && s->error)
		return reply_errno(r, s->error, "send fd %d", s->fd);
	if (!pcb || s->shut_wr)
		return reply_err(r, "EPIPE", "send fd %d: the connection is closed for sending", s->fd);
	if (pcb->state == SYN_SENT || pcb->state == SYN_RCVD)
		return reply_err(r, "EAGAIN", "send fd %d: not yet connected", s->fd);
	if (pcb->state != ESTABLISHED && pcb->state != CLOSE_WAIT)
		return reply_err(r, s->connected ? "EPIPE" : "ENOTCONN", "send fd %d: state %s", s->fd,
				 lstate_lwip(pcb->state));
	return 0;
}

int lcmd_send(char **argv, struct reply *r)
{
	struct lsock *s;
	struct tcp_pcb *pcb;
	size_t bad;
	long n;
	u16_t room;
	err_t e;

	if (arg_lsock(r, argv[1], &s) < 0)
		return -1;
	if (strlen(argv[2]) > 2 * AGENT_MAX_PAYLOAD || (n = hex_decode(argv[2], data, &bad)) <= 0)
		return reply_usage(r, "bad HEX %s (1 to %d bytes as hex digits)", quote(argv[2]).s, AGENT_MAX_PAYLOAD);
	pcb = s->listening ? NULL : lsock_pcb(s);
	if (s->listening || (!pcb && !s->connected))
		return reply_err(r, "ENOTCONN", "send fd %d: not connected", s->fd);
	if (send_refused(r, s, pcb) < 0)
		return -1;
	room = tcp_sndbuf(pcb);
	if (n > room)
		n = room;
	/* lwIP also bounds the segments queued (TCP_SND_QUEUELEN): halve until it fits. */
	while (n > 0 && (e = tcp_write(pcb, data, (u16_t)n, TCP_WRITE_FLAG_COPY)) == ERR_MEM)
		n /= 2;
	if (n == 0)
		return reply_err(r, "EAGAIN", "send fd %d: the send buffer is full", s->fd);
	if (e != ERR_OK)
		return reply_errno(r, lwip_errno(e), "send fd %d: tcp_write", s->fd);
	tcp_output(pcb);
	reply_kv(r, "n", "%ld", n);
	return 0;
}

/* Take up to max bytes off s's receive queue, and open the window by as
 * much (tcp_recved), as a socket read does. */
static u16_t take(struct lsock *s, u16_t max)
{
	u16_t n = s->rx->tot_len < max ? s->rx->tot_len : max;

	pbuf_copy_partial(s->rx, data, n, 0);
	s->rx = pbuf_free_header(s->rx, n);
	if (lsock_pcb(s))
		tcp_recved(s->pcb, n);
	return n;
}

int lcmd_recv(char **argv, struct reply *r)
{
	struct lsock *s;
	long max;
	int ms;
	long long deadline;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_num(r, "MAX", argv[2], 1, AGENT_MAX_PAYLOAD, &max) < 0 ||
	    arg_timeout(r, argv[3], &ms) < 0)
		return -1;
	if (s->listening || (!s->connected && !s->connecting && !s->error))
		return reply_err(r, "ENOTCONN", "recv fd %d: not connected", s->fd);
	deadline = now_ms() + ms;
	for (;;) {
		if (s->rx) {
			u16_t n = take(s, (u16_t)(max > 0xffff ? 0xffff : max));
			hex_encode(data, n, hex);
			reply_kv(r, "data", "%s", hex);
			reply_kv(r, "n", "%u", n);
			return 0;
		}
		if (s->error)
			return reply_errno(r, s->error, "recv fd %d", s->fd);
		/* A pcb gone without an error ended in LAST_ACK: the FIN came first. */
		if (s->eof || s->shut_rd || (s->connected && !lsock_pcb(s))) {
			reply_word(r, "eof");
			return 0;
		}
		if (!core_wait(deadline))
			return reply_err(r, "ETIMEDOUT", "recv fd %d: nothing within %d ms", s->fd, ms);
	}
}
