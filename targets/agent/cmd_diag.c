/*
 * cmd_diag.c - the kernel's TCP state of sockets and connections.
 *
 * All four requests read the same sock_diag dump: a socket with a
 * descriptor is found by its inode, a connection without one (TIME_WAIT,
 * orphans, half-open request sockets) by its 4-tuple.
 */
#include "commands.h"
#include "addr.h"
#include "args.h"
#include "fdtab.h"
#include "sockdiag.h"
#include "tcpstate.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct dump {
	struct sd_sock *socks;
	size_t count;
};

static int load(struct reply *r, struct dump *d)
{
	if (sockdiag_list(&d->socks, &d->count) < 0)
		return reply_errno(r, errno, "sock_diag dump");
	return 0;
}

static void report_states(struct reply *r, unsigned state)
{
	reply_kv(r, "state", "%s", tcpstate_rfc(state));
	reply_kv(r, "kstate", "%s", tcpstate_linux(state));
}

/* Only a pending timer is worth reporting; "none" would just be noise. */
static void report_timer(struct reply *r, const struct sd_sock *s)
{
	if (!s->timer)
		return;
	reply_kv(r, "timer", "%s", sockdiag_timer_name(s->timer));
	reply_kv(r, "timer_ms", "%u", s->timer_ms);
}

static void report_endpoints(struct reply *r, const struct sd_sock *s)
{
	char text[ADDR_TEXT_MAX];

	addr_format_mapped(s->family, &s->laddr, text);
	reply_kv(r, "laddr", "%s", text);
	reply_kv(r, "lport", "%u", s->lport);
	addr_format_mapped(s->family, &s->raddr, text);
	reply_kv(r, "raddr", "%s", text);
	reply_kv(r, "rport", "%u", s->rport);
}

/* Set *found to the dump entry of agent socket fd, or to NULL if the
 * kernel lists none. Returns -1 only if fstat() failed. */
static int find_fd(struct reply *r, const struct dump *d, int fd, const struct sd_sock **found)
{
	struct stat st;

	*found = NULL;
	if (fstat(fd, &st) < 0)
		return reply_errno(r, errno, "fstat fd %d", fd);
	for (size_t i = 0; i < d->count && !*found; i++) {
		if (d->socks[i].inode == (uint32_t)st.st_ino)
			*found = &d->socks[i];
	}
	return 0;
}

/*
 * A socket that is in no kernel hash table (never bound, or closed by a
 * reset after an automatic bind) is absent from the dump; TCP_INFO still
 * knows its state, and getsockname/getpeername its endpoints.
 */
static int report_unhashed(struct reply *r, int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	struct sockaddr_storage ss;
	char text[ADDR_TEXT_MAX];

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return reply_errno(r, errno, "getsockopt TCP_INFO fd %d", fd);
	report_states(r, ti.tcpi_state);
	for (int peer = 0; peer < 2; peer++) {
		socklen_t sl = sizeof(ss);
		int rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &sl)
			      : getsockname(fd, (struct sockaddr *)&ss, &sl);
		if (rc < 0)
			addr_to_sockaddr(fdtab_family(fd), "any", 0, &ss, &sl);
		uint16_t port = addr_from_sockaddr(&ss, text);
		reply_kv(r, peer ? "raddr" : "laddr", "%s", text);
		reply_kv(r, peer ? "rport" : "lport", "%u", port);
	}
	return 0;
}

/* fd's state from a fresh dump; s is NULL when the dump lists no socket for it. */
static int report_fd_state(struct reply *r, int fd, const struct sd_sock *s)
{
	if (!s)
		return report_unhashed(r, fd);
	report_states(r, s->state);
	report_endpoints(r, s);
	report_timer(r, s);
	return 0;
}

/* The requests about one descriptor: parse FD, dump the kernel's sockets,
 * find fd's entry and hand it to report. */
static int about_fd(char **argv, struct reply *r,
		    int (*report)(struct reply *r, int fd, const struct sd_sock *s))
{
	const struct sd_sock *s;
	struct dump d = { 0 };
	int fd, rc;

	if (arg_fd(r, argv[1], &fd) < 0 || load(r, &d) < 0)
		return -1;
	rc = find_fd(r, &d, fd, &s);
	if (rc == 0)
		rc = report(r, fd, s);
	free(d.socks);
	return rc;
}

int cmd_state(char **argv, struct reply *r)
{
	return about_fd(argv, r, report_fd_state);
}

static int same_tuple(const struct sd_sock *s, const struct in6_addr *la, uint16_t lp,
		      const struct in6_addr *ra, uint16_t rp)
{
	return s->lport == lp && s->rport == rp && memcmp(&s->laddr, la, sizeof(*la)) == 0
		&& memcmp(&s->raddr, ra, sizeof(*ra)) == 0;
}

static int arg_tuple_addr(struct reply *r, const char *tok, struct in6_addr *a)
{
	if (addr_parse_mapped(tok, a) < 0) {
		reply_usage(r, "bad ADDR %s (expected an IPv4 or IPv6 address)", quote(tok).s);
		return -1;
	}
	return 0;
}

/*
 * The entry for a 4-tuple. A socket whose connection moved on to TIME_WAIT
 * stays in the dump as a bound CLOSE socket with the same addresses, so a
 * live entry wins over a CLOSE one. NULL when the kernel has neither.
 */
static const struct sd_sock *find_tuple(const struct dump *d, const struct in6_addr *la,
					uint16_t lp, const struct in6_addr *ra, uint16_t rp)
{
	const struct sd_sock *closed = NULL;

	for (size_t i = 0; i < d->count; i++) {
		const struct sd_sock *s = &d->socks[i];
		if (!same_tuple(s, la, lp, ra, rp))
			continue;
		if (s->state != TCPSTATE_CLOSE)
			return s;
		closed = s;
	}
	return closed;
}

int cmd_tuple_state(char **argv, struct reply *r)
{
	struct in6_addr la, ra;
	uint16_t lp, rp;
	struct dump d = { 0 };

	if (arg_tuple_addr(r, argv[1], &la) < 0 || arg_port(r, argv[2], &lp) < 0
	    || arg_tuple_addr(r, argv[3], &ra) < 0 || arg_port(r, argv[4], &rp) < 0
	    || load(r, &d) < 0)
		return -1;
	const struct sd_sock *s = find_tuple(&d, &la, lp, &ra, rp);
	if (s) {
		report_states(r, s->state);
		report_timer(r, s);
	} else {
		reply_kv(r, "state", "CLOSED");
		reply_kv(r, "kstate", "none");
	}
	free(d.socks);
	return 0;
}

int cmd_sockets(char **argv, struct reply *r)
{
	struct dump d = { 0 };
	char la[ADDR_TEXT_MAX], ra[ADDR_TEXT_MAX], key[32];

	(void)argv;
	if (load(r, &d) < 0)
		return -1;
	reply_kv(r, "n", "%zu", d.count);
	for (size_t i = 0; i < d.count; i++) {
		const struct sd_sock *s = &d.socks[i];
		addr_format_mapped(s->family, &s->laddr, la);
		addr_format_mapped(s->family, &s->raddr, ra);
		snprintf(key, sizeof(key), "s%zu", i + 1);
		/* Commas, not colons: IPv6 addresses are full of colons. */
		reply_kv(r, key, "%s,%s,%u,%s,%u", tcpstate_rfc(s->state),
			 la, s->lport, ra, s->rport);
	}
	free(d.socks);
	return 0;
}

/* s is fd's dump entry, NULL when the kernel lists none (state CLOSED). */
static int report_queue(struct reply *r, int fd, const struct sd_sock *s)
{
	if (!s || s->state != TCPSTATE_LISTEN)
		return reply_err(r, "EINVAL", "fd %d is not listening (state %s)", fd,
				 s ? tcpstate_rfc(s->state) : "CLOSED");
	/* For a listener inet_diag puts the accept queue length in rqueue and
	 * the backlog limit in wqueue (tcp_diag_get_info()). */
	reply_kv(r, "backlog", "%u", s->wqueue);
	reply_kv(r, "queued", "%u", s->rqueue);
	return 0;
}

int cmd_accept_queue(char **argv, struct reply *r)
{
	return about_fd(argv, r, report_queue);
}
