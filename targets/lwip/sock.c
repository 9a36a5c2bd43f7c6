/*
 * sock.c - agent sockets on lwIP's raw TCP API: the table, lwIP's
 * callbacks, and the lifecycle requests (socket ... abort).
 *
 * A socket is what an application on lwIP would keep beside its pcb:
 * received data not yet read, whether the peer's FIN came, how the
 * connection ended (lwIP's err callback, after which the pcb is gone).
 */
#include "lwip_agent.h"
#include "lwip_cmds.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fdtab.h"
#include "lwip/priv/tcp_priv.h"

static struct lsock *socks[FDTAB_MAX];

struct lsock *lsock_get(int fd)
{
	return fd >= 0 && fd < FDTAB_MAX ? socks[fd] : NULL;
}

static int lsock_number(struct lsock *s)
{
	for (int fd = 3; fd < FDTAB_MAX; fd++) {
		if (!socks[fd]) {
			socks[fd] = s;
			s->fd = fd;
			fdtab_add(fd, s->family);
			return fd;
		}
	}
	return -1;
}

void lsock_remember_tuple(struct lsock *s)
{
	if (!s->pcb)
		return;
	ip_addr_copy(s->local_ip, s->pcb->local_ip);
	s->local_port = s->pcb->local_port;
	if (s->listening)
		return;
	ip_addr_copy(s->remote_ip, s->pcb->remote_ip);
	s->remote_port = s->pcb->remote_port;
}

static bool in_list(struct tcp_pcb *list, const struct tcp_pcb *pcb)
{
	for (; list; list = list->next)
		if (list == pcb)
			return true;
	return false;
}

struct tcp_pcb *lsock_pcb(struct lsock *s)
{
	struct tcp_pcb *p = s->pcb;
	bool live;

	if (!p || !s->placed)
		return p;
	if (s->listening)
		live = in_list(tcp_listen_pcbs.pcbs, p) && p->local_port == s->local_port;
	else
		live = (in_list(tcp_active_pcbs, p) || in_list(tcp_tw_pcbs, p) || in_list(tcp_bound_pcbs, p)) &&
		       p->local_port == s->local_port && p->remote_port == s->remote_port;
	if (!live)
		s->pcb = NULL;
	return s->pcb;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct lsock *s = arg;

	(void)err;
	if (!p) {
		if (s)
			s->eof = true;
		return ERR_OK;
	}
	if (!s) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	if (s->rx)
		pbuf_cat(s->rx, p);
	else
		s->rx = p;
	return ERR_OK;
}

/* lwIP has freed the pcb: a RST (ERR_RST), a timeout (ERR_ABRT from
 * tcp_slowtmr), or the end of LAST_ACK (ERR_CLSD). */
static void on_err(void *arg, err_t err)
{
	struct lsock *s = arg;

	if (!s)
		return;
	s->pcb = NULL;
	if (err == ERR_CLSD)
		s->error = 0;
	else if (err == ERR_RST)
		s->error = s->connecting ? ECONNREFUSED : ECONNRESET;
	else if (err == ERR_ABRT)
		s->error = ETIMEDOUT;
	else
		s->error = lwip_errno(err);
	s->pending_error = s->error;
	s->connecting = false;
}

static struct lsock *lsock_new(int family, struct tcp_pcb *pcb)
{
	struct lsock *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fd = -1;
	s->family = family;
	s->linger = -1;
	s->pcb = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_err(pcb, on_err);
	return s;
}

/* The application's side of a connection lwIP completed (RFC 9293 3.10.7.2:
 * it leaves SYN-RECEIVED for ESTABLISHED before lwIP calls this). */
static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct lsock *l = arg, *s;

	if (err != ERR_OK || !pcb || !l || l->queued >= LSOCK_ACCEPT_MAX)
		return ERR_MEM; /* lwIP aborts the connection: RST */
	s = lsock_new(l->family, pcb);
	if (!s)
		return ERR_MEM;
	s->placed = true;
	s->connected = true;
	lsock_remember_tuple(s);
	l->queue[l->queued++] = s;
	return ERR_OK;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct lsock *s = arg;

	(void)pcb;
	(void)err;
	if (s) {
		s->connecting = false;
		s->connected = true;
		lsock_remember_tuple(s);
	}
	return ERR_OK;
}

/* Forget s: its pcb is lwIP's alone from now on (callbacks cleared), its
 * unread data is dropped, its number is free again. */
static void lsock_free(struct lsock *s)
{
	if (s->pcb) {
		tcp_arg(s->pcb, NULL);
		if (!s->listening) {
			tcp_recv(s->pcb, NULL);
			tcp_err(s->pcb, NULL);
		}
	}
	if (s->rx)
		pbuf_free(s->rx);
	for (int i = 0; i < s->queued; i++) {
		struct lsock *c = s->queue[i];
		if (lsock_pcb(c)) {
			tcp_err(c->pcb, NULL);
			tcp_abort(c->pcb); /* a connection nobody accepted: RST, as Linux */
			c->pcb = NULL;
		}
		lsock_free(c);
	}
	if (s->fd >= 0) {
		socks[s->fd] = NULL;
		fdtab_del(s->fd);
	}
	free(s);
}

static void lsock_abort(struct lsock *s)
{
	if (lsock_pcb(s)) {
		tcp_err(s->pcb, NULL);
		tcp_abort(s->pcb); /* RFC 9293 3.10.5 ABORT: sends RST */
		s->pcb = NULL;
	}
	lsock_free(s);
}

/* Orderly release (RFC 9293 3.10.4). lwIP's tcp_close() itself sends RST
 * instead of FIN when received data was never read (tcp_close_shutdown). */
static void lsock_close(struct lsock *s)
{
	struct tcp_pcb *pcb = lsock_pcb(s);

	if (pcb && !s->listening && s->linger == 0)
		return lsock_abort(s);
	if (pcb) {
		tcp_arg(pcb, NULL);
		if (!s->listening) {
			tcp_recv(pcb, NULL);
			tcp_err(pcb, NULL);
		}
		if (tcp_close(pcb) != ERR_OK)
			tcp_abort(pcb); /* no memory for the FIN: the only way out */
		s->pcb = NULL;
	}
	lsock_free(s);
}

void lsock_close_all(void)
{
	for (int fd = 0; fd < FDTAB_MAX; fd++)
		if (socks[fd])
			lsock_close(socks[fd]);
}

/* An FD argument naming one of this agent's sockets. */
int arg_lsock(struct reply *r, const char *tok, struct lsock **s)
{
	int fd;

	if (arg_fd(r, tok, &fd) < 0)
		return -1;
	*s = lsock_get(fd);
	return *s ? 0 : reply_err(r, "EBADF", "fd %d is not an agent socket", fd);
}

int arg_ip(struct reply *r, struct lsock *s, const char *addr, const char *port, ip_addr_t *ip, uint16_t *p)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (arg_endpoint(r, s->fd, addr, port, &ss, &len) < 0)
		return -1;
	memset(ip, 0, sizeof(*ip));
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
		ip_2_ip4(ip)->addr = sin->sin_addr.s_addr;
		IP_SET_TYPE_VAL(*ip, IPADDR_TYPE_V4);
		*p = ntohs(sin->sin_port);
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&ss;
		memcpy(ip_2_ip6(ip)->addr, &sin6->sin6_addr, 16);
		IP_SET_TYPE_VAL(*ip, IPADDR_TYPE_V6);
		*p = ntohs(sin6->sin6_port);
	}
	return 0;
}

int lcmd_socket(char **argv, struct reply *r)
{
	long fam;
	struct tcp_pcb *pcb;
	struct lsock *s;

	if (arg_num(r, "family", argv[1], 4, 6, &fam) < 0 || fam == 5)
		return fam == 5 ? reply_usage(r, "bad family %s (expected 4 or 6)", quote(argv[1]).s) : -1;
	pcb = tcp_new_ip_type(fam == 4 ? IPADDR_TYPE_V4 : IPADDR_TYPE_V6);
	s = pcb ? lsock_new(fam == 4 ? AF_INET : AF_INET6, pcb) : NULL;
	if (!s) {
		if (pcb)
			tcp_abort(pcb);
		return reply_err(r, "ENOMEM", "tcp_new: out of memory");
	}
	if (lsock_number(s) < 0) {
		lsock_close(s);
		return reply_err(r, "EMFILE", "no free agent socket number below %d", FDTAB_MAX);
	}
	reply_kv(r, "fd", "%d", s->fd);
	return 0;
}

int lcmd_bind(char **argv, struct reply *r)
{
	struct lsock *s;
	ip_addr_t ip;
	uint16_t port;
	err_t e;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_ip(r, s, argv[2], argv[3], &ip, &port) < 0)
		return -1;
	if (!lsock_pcb(s) || s->placed)
		return reply_err(r, "EINVAL", "bind fd %d: already bound or connected", s->fd);
	e = tcp_bind(s->pcb, &ip, port);
	if (e != ERR_OK)
		return reply_errno(r, lwip_errno(e), "bind fd %d: tcp_bind", s->fd);
	s->placed = true;
	lsock_remember_tuple(s);
	return 0;
}

int lcmd_listen(char **argv, struct reply *r)
{
	struct lsock *s;
	struct tcp_pcb *l;
	long backlog;
	err_t e;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_num(r, "BACKLOG", argv[2], 0, 65535, &backlog) < 0)
		return -1;
	if (s->listening)
		return 0;
	if (!lsock_pcb(s) || s->pcb->state != CLOSED || !s->placed)
		return reply_err(r, "EINVAL", "listen fd %d: not a bound, unconnected socket", s->fd);
	l = tcp_listen_with_backlog_and_err(s->pcb, (u8_t)(backlog > 255 ? 255 : backlog), &e);
	if (!l)
		return reply_errno(r, lwip_errno(e), "listen fd %d: tcp_listen", s->fd);
	s->pcb = l; /* lwIP freed the old pcb */
	s->listening = true;
	s->backlog = (int)backlog;
	tcp_arg(l, s);
	tcp_accept(l, on_accept);
	lsock_remember_tuple(s);
	return 0;
}

static void reply_endpoint(struct reply *r, const char *akey, const char *pkey, const ip_addr_t *ip, uint16_t port)
{
	char text[IPADDR_STRLEN_MAX];

	lsock_addr_text(ip, text, sizeof(text));
	reply_kv(r, akey, "%s", text);
	reply_kv(r, pkey, "%u", port);
}

int lcmd_accept(char **argv, struct reply *r)
{
	struct lsock *l, *s;
	int ms;
	long long deadline;

	if (arg_lsock(r, argv[1], &l) < 0 || arg_timeout(r, argv[2], &ms) < 0)
		return -1;
	if (!l->listening)
		return reply_err(r, "EINVAL", "accept fd %d: not listening", l->fd);
	deadline = now_ms() + ms;
	while (!l->queued)
		if (!core_wait(deadline))
			return reply_err(r, "ETIMEDOUT", "accept fd %d: no connection within %d ms", l->fd, ms);
	s = l->queue[0];
	memmove(l->queue, l->queue + 1, sizeof(l->queue[0]) * (size_t)--l->queued);
	if (lsock_number(s) < 0) {
		lsock_close(s);
		return reply_err(r, "EMFILE", "no free agent socket number below %d", FDTAB_MAX);
	}
	reply_kv(r, "fd", "%d", s->fd);
	reply_endpoint(r, "raddr", "rport", &s->remote_ip, s->remote_port);
	reply_endpoint(r, "laddr", "lport", &s->local_ip, s->local_port);
	return 0;
}

int lcmd_connect(char **argv, struct reply *r)
{
	struct lsock *s;
	ip_addr_t ip;
	uint16_t port;
	err_t e;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_ip(r, s, argv[2], argv[3], &ip, &port) < 0)
		return -1;
	if (s->connecting)
		return reply_err(r, "EALREADY", "connect fd %d: already in progress", s->fd);
	if (s->connected || s->listening || !lsock_pcb(s))
		return reply_err(r, "EISCONN", "connect fd %d: not a fresh socket", s->fd);
	e = tcp_connect(s->pcb, &ip, port, on_connected);
	if (e != ERR_OK)
		return reply_errno(r, lwip_errno(e), "connect fd %d: tcp_connect", s->fd);
	s->placed = true;
	s->connecting = true;
	lsock_remember_tuple(s);
	reply_word(r, "inprogress");
	return 0;
}

int lcmd_wait_connected(char **argv, struct reply *r)
{
	struct lsock *s;
	int ms;
	long long deadline;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_timeout(r, argv[2], &ms) < 0)
		return -1;
	deadline = now_ms() + ms;
	for (;;) {
		if (s->connected)
			return 0;
		if (s->error)
			return reply_errno(r, s->error, "connect fd %d", s->fd);
		if (!s->connecting)
			return reply_err(r, "ENOTCONN", "fd %d was never connected", s->fd);
		if (!core_wait(deadline))
			return reply_err(r, "ETIMEDOUT", "connect fd %d: still in progress after %d ms", s->fd, ms);
	}
}

int lcmd_shutdown(char **argv, struct reply *r)
{
	struct lsock *s;
	bool rd = !strcmp(argv[2], "rd") || !strcmp(argv[2], "rdwr");
	bool wr = !strcmp(argv[2], "wr") || !strcmp(argv[2], "rdwr");
	err_t e;

	if (arg_lsock(r, argv[1], &s) < 0)
		return -1;
	if (!rd && !wr)
		return reply_usage(r, "bad how %s (expected rd, wr or rdwr)", quote(argv[2]).s);
	if (!lsock_pcb(s) || s->listening || (!s->connected && !s->connecting))
		return reply_err(r, "ENOTCONN", "shutdown fd %d: not connected", s->fd);
	e = tcp_shutdown(s->pcb, rd, wr);
	if (e != ERR_OK)
		return reply_errno(r, lwip_errno(e), "shutdown fd %d: tcp_shutdown", s->fd);
	s->shut_rd |= rd;
	s->shut_wr |= wr;
	lsock_pcb(s); /* a shutdown of both may have freed it */
	return 0;
}

int lcmd_close(char **argv, struct reply *r)
{
	struct lsock *s;

	if (arg_lsock(r, argv[1], &s) < 0)
		return -1;
	lsock_close(s);
	return 0;
}

int lcmd_abort(char **argv, struct reply *r)
{
	struct lsock *s;

	if (arg_lsock(r, argv[1], &s) < 0)
		return -1;
	lsock_abort(s);
	return 0;
}
