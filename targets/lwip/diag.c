/*
 * diag.c - lwIP's real TCP state: state, tuple_state, sockets,
 * accept_queue, read from its pcb lists (tcp_priv.h): tcp_listen_pcbs,
 * tcp_bound_pcbs (bound, CLOSED), tcp_active_pcbs (SYN_SENT to LAST_ACK,
 * half-open passive connections included) and tcp_tw_pcbs (TIME_WAIT).
 */
#include "lwip_agent.h"
#include "lwip_cmds.h"

#include <arpa/inet.h>
#include <string.h>

#include "addr.h"
#include "args.h"
#include "lwip/priv/tcp_priv.h"

void lsock_addr_text(const ip_addr_t *ip, char *text, size_t len)
{
	if (IP_IS_V6_VAL(*ip))
		inet_ntop(AF_INET6, ip_2_ip6(ip)->addr, text, (socklen_t)len);
	else
		inet_ntop(AF_INET, &ip_2_ip4(ip)->addr, text, (socklen_t)len);
}

/* The form tuple_state compares: IPv4 as IPv4-mapped IPv6 (addr.h). */
static void mapped(const ip_addr_t *ip, struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (IP_IS_V6_VAL(*ip)) {
		memcpy(out, ip_2_ip6(ip)->addr, 16);
		return;
	}
	out->s6_addr[10] = out->s6_addr[11] = 0xff;
	memcpy(out->s6_addr + 12, &ip_2_ip4(ip)->addr, 4);
}

static void report_states(struct reply *r, enum tcp_state st)
{
	reply_kv(r, "state", "%s", lstate_rfc(st));
	reply_kv(r, "kstate", "%s", lstate_lwip(st));
}

static long ticks_ms(u32_t since)
{
	return (long)(tcp_ticks - since) * TCP_SLOW_INTERVAL;
}

/* The timer tcp_slowtmr() runs for pcb (tcp.c), if any. An orphaned
 * FIN_WAIT_2 (TF_RXCLOSED) dies after TCP_FIN_WAIT_TIMEOUT, TIME_WAIT after
 * 2 * TCP_MSL, both counted from pcb->tmr; retransmission is rtime ticks of
 * rto; persist_backoff > 0 is the zero-window probe. */
static void report_timer(struct reply *r, const struct tcp_pcb *pcb)
{
	const char *name = NULL;
	long ms = 0;

	if (pcb->state == TIME_WAIT) {
		name = "timewait";
		ms = 2 * (long)TCP_MSL - ticks_ms(pcb->tmr);
	} else if (pcb->state == FIN_WAIT_2 && (pcb->flags & TF_RXCLOSED)) {
		name = "timewait";
		ms = TCP_FIN_WAIT_TIMEOUT - ticks_ms(pcb->tmr);
	} else if (pcb->persist_backoff > 0) {
		name = "probe";
		ms = (long)(pcb->persist_cnt) * TCP_SLOW_INTERVAL;
	} else if (pcb->rtime >= 0 && (pcb->unacked || pcb->state == SYN_SENT || pcb->state == SYN_RCVD)) {
		name = "retrans";
		ms = (long)(pcb->rto - pcb->rtime) * TCP_SLOW_INTERVAL;
	}
	if (!name)
		return;
	reply_kv(r, "timer", "%s", name);
	reply_kv(r, "timer_ms", "%ld", ms < 0 ? 0 : ms);
}

static void reply_endpoint(struct reply *r, const char *akey, const char *pkey, const ip_addr_t *ip, uint16_t port)
{
	char text[INET6_ADDRSTRLEN];

	lsock_addr_text(ip, text, sizeof(text));
	reply_kv(r, akey, "%s", text);
	reply_kv(r, pkey, "%u", port);
}

static void reply_wildcard(struct reply *r, int family)
{
	reply_kv(r, "raddr", "%s", family == AF_INET ? "0.0.0.0" : "::");
	reply_kv(r, "rport", "0");
}

int lcmd_state(char **argv, struct reply *r)
{
	struct lsock *s;
	struct tcp_pcb *pcb;

	if (arg_lsock(r, argv[1], &s) < 0)
		return -1;
	pcb = lsock_pcb(s);
	if (!pcb) {
		report_states(r, CLOSED);
		reply_endpoint(r, "laddr", "lport", &s->local_ip, s->local_port);
		if (s->remote_port)
			reply_endpoint(r, "raddr", "rport", &s->remote_ip, s->remote_port);
		else
			reply_wildcard(r, s->family);
		return 0;
	}
	report_states(r, pcb->state);
	if (!s->placed) { /* tcp_new: no address yet */
		reply_kv(r, "laddr", "%s", s->family == AF_INET ? "0.0.0.0" : "::");
		reply_kv(r, "lport", "0");
	} else
		reply_endpoint(r, "laddr", "lport", &pcb->local_ip, pcb->local_port);
	if (s->listening || pcb->state == CLOSED) {
		reply_wildcard(r, s->family);
		return 0;
	}
	reply_endpoint(r, "raddr", "rport", &pcb->remote_ip, pcb->remote_port);
	report_timer(r, pcb);
	return 0;
}

/* Every pcb lwIP knows of, listeners first: fn returns nonzero to stop. */
static void each_pcb(int (*fn)(struct tcp_pcb *pcb, bool listener, void *arg), void *arg)
{
	struct tcp_pcb *lists[] = { tcp_bound_pcbs, tcp_active_pcbs, tcp_tw_pcbs };

	for (struct tcp_pcb *p = tcp_listen_pcbs.pcbs; p; p = p->next)
		if (fn(p, true, arg))
			return;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		for (struct tcp_pcb *p = lists[i]; p; p = p->next)
			if (fn(p, false, arg))
				return;
}

struct tuple {
	struct in6_addr la, ra;
	uint16_t lp, rp;
	struct tcp_pcb *found, *closed;
	bool listener;
};

static int match_tuple(struct tcp_pcb *pcb, bool listener, void *arg)
{
	struct tuple *t = arg;
	struct in6_addr la, ra;
	static const ip_addr_t none4 = IPADDR4_INIT(0), none6 = IPADDR6_INIT(0, 0, 0, 0);

	mapped(&pcb->local_ip, &la);
	mapped(listener ? (IP_IS_V6_VAL(pcb->local_ip) ? &none6 : &none4) : &pcb->remote_ip, &ra);
	if (pcb->local_port != t->lp || (listener ? 0 : pcb->remote_port) != t->rp || memcmp(&la, &t->la, 16) ||
	    memcmp(&ra, &t->ra, 16))
		return 0;
	if (pcb->state == CLOSED) {
		t->closed = pcb;
		return 0;
	}
	t->found = pcb;
	t->listener = listener;
	return 1;
}

static int arg_tuple_addr(struct reply *r, const char *tok, struct in6_addr *a)
{
	if (addr_parse_mapped(tok, a) < 0) {
		reply_usage(r, "bad ADDR %s (expected an IPv4 or IPv6 address)", quote(tok).s);
		return -1;
	}
	return 0;
}

int lcmd_tuple_state(char **argv, struct reply *r)
{
	struct tuple t = { 0 };

	if (arg_tuple_addr(r, argv[1], &t.la) < 0 || arg_port(r, argv[2], &t.lp) < 0 ||
	    arg_tuple_addr(r, argv[3], &t.ra) < 0 || arg_port(r, argv[4], &t.rp) < 0)
		return -1;
	each_pcb(match_tuple, &t);
	if (!t.found && !t.closed) {
		reply_kv(r, "state", "CLOSED");
		reply_kv(r, "kstate", "none");
		return 0;
	}
	if (!t.found)
		t.found = t.closed;
	report_states(r, t.found->state);
	if (!t.listener)
		report_timer(r, t.found);
	return 0;
}

struct listing {
	struct reply *r;
	int family; /* IPv4 first, then IPv6, as AGENT.md says */
	int n;
};

static int list_one(struct tcp_pcb *pcb, bool listener, void *arg)
{
	struct listing *l = arg;
	char la[INET6_ADDRSTRLEN], ra[INET6_ADDRSTRLEN], key[16];
	bool v6 = IP_IS_V6_VAL(pcb->local_ip);

	if (v6 != (l->family == AF_INET6))
		return 0;
	lsock_addr_text(&pcb->local_ip, la, sizeof(la));
	if (listener || pcb->state == CLOSED)
		snprintf(ra, sizeof(ra), "%s", v6 ? "::" : "0.0.0.0");
	else
		lsock_addr_text(&pcb->remote_ip, ra, sizeof(ra));
	snprintf(key, sizeof(key), "s%d", ++l->n);
	reply_kv(l->r, key, "%s,%s,%u,%s,%u", lstate_rfc(pcb->state), la, pcb->local_port, ra,
		 listener || pcb->state == CLOSED ? 0 : pcb->remote_port);
	return 0;
}

int lcmd_sockets(char **argv, struct reply *r)
{
	struct reply body = { 0 };
	struct listing l = { .r = &body };

	(void)argv;
	/* n= comes first: list into a scratch reply, then count. */
	reply_reset(&body);
	for (l.family = AF_INET; l.family; l.family = l.family == AF_INET ? AF_INET6 : 0)
		each_pcb(list_one, &l);
	reply_kv(r, "n", "%d", l.n);
	if (l.n)
		reply_word(r, body.buf + 3); /* body.buf is "ok s1=... s2=..." */
	reply_free(&body);
	return 0;
}

int lcmd_accept_queue(char **argv, struct reply *r)
{
	struct lsock *s;
	struct tcp_pcb *pcb;

	if (arg_lsock(r, argv[1], &s) < 0)
		return -1;
	pcb = lsock_pcb(s);
	if (!s->listening || !pcb)
		return reply_err(r, "EINVAL", "fd %d is not listening (state %s)", s->fd,
				 lstate_rfc(pcb ? pcb->state : CLOSED));
	/* lwIP limits no backlog (TCP_LISTEN_BACKLOG 0): the limit is the
	 * agent's own accept queue. */
	reply_kv(r, "backlog", "%d", LSOCK_ACCEPT_MAX);
	reply_kv(r, "queued", "%d", s->queued);
	return 0;
}
