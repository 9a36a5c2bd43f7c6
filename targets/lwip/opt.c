/*
 * opt.c - socket options on lwIP pcbs, and what lwIP is compiled with.
 *
 * The raw API has fewer knobs than a socket: what lwIP lacks answers
 * ENOPROTOOPT (targets/AGENT.md), so dependent tests skip. Buffers and
 * windows are compile-time (TCP_WND, TCP_SND_BUF in Debian's lwipopts.h).
 */
#include "lwip_agent.h"
#include "lwip_cmds.h"

#include <string.h>

#include "args.h"
#include "lwip/priv/tcp_priv.h"

enum opt { O_REUSEADDR, O_KEEPALIVE, O_KEEPIDLE, O_KEEPINTVL, O_KEEPCNT, O_NODELAY, O_MAXSEG,
	   O_RCVBUF, O_SNDBUF, O_LINGER, O_V6ONLY, O_ERROR, O_NONE };

static const char *const names[] = {
	[O_REUSEADDR] = "reuseaddr", [O_KEEPALIVE] = "keepalive", [O_KEEPIDLE] = "keepidle",
	[O_KEEPINTVL] = "keepintvl", [O_KEEPCNT] = "keepcnt", [O_NODELAY] = "nodelay",
	[O_MAXSEG] = "maxseg", [O_RCVBUF] = "rcvbuf", [O_SNDBUF] = "sndbuf", [O_LINGER] = "linger",
	[O_V6ONLY] = "v6only", [O_ERROR] = "error",
};

/* Names of the protocol that lwIP has no counterpart for. */
static const char *const lacking[] = { "reuseport", "user_timeout", "defer_accept", "syncnt" };

static int arg_opt(struct reply *r, const char *tok, enum opt *o)
{
	for (int i = 0; i < O_NONE; i++)
		if (!strcmp(names[i], tok)) {
			*o = (enum opt)i;
			return 0;
		}
	for (size_t i = 0; i < sizeof(lacking) / sizeof(lacking[0]); i++)
		if (!strcmp(lacking[i], tok))
			return reply_err(r, "ENOPROTOOPT", "lwIP has no option %s", quote(tok).s);
	return reply_usage(r, "unknown option %s", quote(tok).s);
}

static int set_linger(struct reply *r, struct lsock *s, const char *tok)
{
	long v;

	if (!strcmp(tok, "off")) {
		s->linger = -1;
		return 0;
	}
	if (arg_num(r, "linger", tok, 0, 60, &v) < 0)
		return -1;
	/* A lingering close would need the socket layer's blocking close;
	 * only {on, 0}, close as abort, is what this agent can do. */
	if (v != 0)
		return reply_err(r, "ENOPROTOOPT", "linger %ld: only off and 0 on lwIP's raw API", v);
	s->linger = 0;
	return 0;
}

static int set_num(struct reply *r, struct tcp_pcb *pcb, enum opt o, long v)
{
	switch (o) {
	case O_REUSEADDR:
		if (v)
			ip_set_option(pcb, SOF_REUSEADDR);
		else
			ip_reset_option(pcb, SOF_REUSEADDR);
		return 0;
	case O_KEEPALIVE:
		if (v)
			ip_set_option(pcb, SOF_KEEPALIVE);
		else
			ip_reset_option(pcb, SOF_KEEPALIVE);
		return 0;
	case O_KEEPIDLE: pcb->keep_idle = (u32_t)v * 1000; return 0;
	case O_KEEPINTVL: pcb->keep_intvl = (u32_t)v * 1000; return 0;
	case O_KEEPCNT: pcb->keep_cnt = (u32_t)v; return 0;
	case O_NODELAY:
		if (v)
			tcp_nagle_disable(pcb);
		else
			tcp_nagle_enable(pcb);
		return 0;
	case O_V6ONLY:
		return v || !IP_IS_V6_VAL(pcb->local_ip) ? 0
		       : reply_err(r, "ENOPROTOOPT", "this agent's IPv6 sockets are IPv6 only");
	default:
		return reply_err(r, "ENOPROTOOPT", "%s is fixed when lwIP is compiled", names[o]);
	}
}

int lcmd_setsockopt(char **argv, struct reply *r)
{
	struct lsock *s;
	enum opt o;
	long v;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_opt(r, argv[2], &o) < 0)
		return -1;
	if (o == O_LINGER)
		return set_linger(r, s, argv[3]);
	if (arg_num(r, "VALUE", argv[3], 0, 2147483647, &v) < 0)
		return -1;
	if (o == O_ERROR)
		return reply_err(r, "ENOPROTOOPT", "error is read-only");
	if (!lsock_pcb(s))
		return reply_err(r, "EINVAL", "fd %d: the connection is gone", s->fd);
	if (s->listening && o != O_REUSEADDR && o != O_KEEPALIVE)
		return reply_err(r, "ENOPROTOOPT", "%s on a listener: lwIP's listen pcb has no such field", names[o]);
	return set_num(r, s->pcb, o, v);
}

static long get_num(const struct lsock *s, const struct tcp_pcb *pcb, enum opt o)
{
	switch (o) {
	case O_REUSEADDR: return ip_get_option(pcb, SOF_REUSEADDR) ? 1 : 0;
	case O_KEEPALIVE: return ip_get_option(pcb, SOF_KEEPALIVE) ? 1 : 0;
	case O_KEEPIDLE: return s->listening ? TCP_KEEPIDLE_DEFAULT / 1000 : (long)pcb->keep_idle / 1000;
	case O_KEEPINTVL: return s->listening ? TCP_KEEPINTVL_DEFAULT / 1000 : (long)pcb->keep_intvl / 1000;
	case O_KEEPCNT: return s->listening ? TCP_KEEPCNT_DEFAULT : (long)pcb->keep_cnt;
	case O_NODELAY: return s->listening ? 0 : tcp_nagle_disabled(pcb) ? 1 : 0;
	case O_MAXSEG: return s->listening ? TCP_MSS : pcb->mss;
	case O_RCVBUF: return TCP_WND;
	case O_SNDBUF: return TCP_SND_BUF;
	case O_V6ONLY: return 1;
	default: return 0;
	}
}

int lcmd_getsockopt(char **argv, struct reply *r)
{
	struct lsock *s;
	enum opt o;

	if (arg_lsock(r, argv[1], &s) < 0 || arg_opt(r, argv[2], &o) < 0)
		return -1;
	if (o == O_LINGER) {
		if (s->linger < 0)
			reply_kv(r, "value", "off");
		else
			reply_kv(r, "value", "%d", s->linger);
		return 0;
	}
	if (o == O_ERROR) {
		int e = s->pending_error;
		s->pending_error = 0;
		reply_kv(r, "value", "%s", e ? reply_errname(e) : "0");
		return 0;
	}
	if (!lsock_pcb(s))
		return reply_err(r, "EINVAL", "fd %d: the connection is gone", s->fd);
	if (o == O_V6ONLY && s->family != AF_INET6)
		return reply_err(r, "ENOPROTOOPT", "v6only on an IPv4 socket");
	reply_kv(r, "value", "%ld", get_num(s, s->pcb, o));
	return 0;
}

/* What lwIP was compiled with (lwipopts.h, then opt.h's defaults), in the
 * keys of targets/AGENT.md. Keys with no lwIP counterpart (somaxconn,
 * abort_on_overflow...) are left out. */
int lcmd_settings(char **argv, struct reply *r)
{
	(void)argv;
	reply_kv(r, "syncookies", "0");
	reply_kv(r, "timestamps", "%d", LWIP_TCP_TIMESTAMPS ? 1 : 0);
	reply_kv(r, "sack", "%d", LWIP_TCP_SACK_OUT ? 1 : 0);
	reply_kv(r, "wscale", "%d", LWIP_WND_SCALE ? 1 : 0);
	reply_kv(r, "ecn", "0");
	/* tcp_slowtmr(): an orphaned FIN_WAIT_2 (TF_RXCLOSED) lives this long. */
	reply_kv(r, "fin_timeout_ms", "%d", TCP_FIN_WAIT_TIMEOUT);
	reply_kv(r, "syn_retries", "%d", TCP_SYNMAXRTX);
	/* tcp_timewait_input(): RST in TIME_WAIT is ignored (RFC 1337). */
	reply_kv(r, "rfc1337", "1");
	return 0;
}
