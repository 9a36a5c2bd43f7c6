/*
 * sockdiag.c - dump TCP sockets with inet_diag over a raw netlink socket.
 *
 * Raw netlink rather than libmnl: the agent links nothing but libc, so the
 * same source builds wherever a target kernel can be reached.
 */
#include "sockdiag.h"
#include "agent.h"
#include "waitfd.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The kernel sizes dump messages to the reader's buffer, but never beyond
 * 32 KiB (net/netlink/af_netlink.c, max_recvmsg_len). */
#define DUMP_BUF 32768

struct dump {
	struct sd_sock *socks;
	size_t count;
	size_t cap;
	uint32_t seq;
	struct deadline deadline;
};

static int send_request(int nl, uint8_t family, uint32_t seq)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = {
		.nlh = {
			.nlmsg_len = NLMSG_LENGTH(sizeof(struct inet_diag_req_v2)),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = seq,
		},
		.req = {
			.sdiag_family = family,
			.sdiag_protocol = IPPROTO_TCP,
			/* Every state bit, so TIME_WAIT, NEW_SYN_RECV and (since
			 * Linux 6.5) bound-but-inactive sockets are included. */
			.idiag_states = ~0U,
		},
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(nl, &msg, msg.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -1;
	return 0;
}

static void copy_addr(int family, const __be32 *words, struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (family == AF_INET) {
		out->s6_addr[10] = 0xff;
		out->s6_addr[11] = 0xff;
		memcpy(&out->s6_addr[12], words, 4);
	} else {
		memcpy(out, words, 16);
	}
}

static int add_sock(struct dump *d, const struct inet_diag_msg *m)
{
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct sd_sock *socks = realloc(d->socks, cap * sizeof(*socks));
		if (!socks)
			return -1;
		d->socks = socks;
		d->cap = cap;
	}
	struct sd_sock *s = &d->socks[d->count++];
	s->family = m->idiag_family;
	s->state = m->idiag_state;
	copy_addr(m->idiag_family, m->id.idiag_src, &s->laddr);
	copy_addr(m->idiag_family, m->id.idiag_dst, &s->raddr);
	s->lport = ntohs(m->id.idiag_sport);
	s->rport = ntohs(m->id.idiag_dport);
	s->inode = m->idiag_inode;
	s->rqueue = m->idiag_rqueue;
	s->wqueue = m->idiag_wqueue;
	s->timer = m->idiag_timer;
	s->timer_ms = m->idiag_expires;
	return 0;
}

/* An NLMSG_ERROR or NLMSG_DONE payload may carry a negative errno. */
static int payload_error(const struct nlmsghdr *nlh)
{
	int err = 0;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
		memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
	return err < 0 ? -err : 0;
}

/* One message of the dump: 1 when it ends the dump, 0 to go on, -1 on
 * error. */
static int parse_msg(struct dump *d, const struct nlmsghdr *nlh)
{
	struct inet_diag_msg m;

	if (nlh->nlmsg_seq != d->seq)
		return 0;
	if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
		errno = payload_error(nlh);
		return errno ? -1 : 1;
	}
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return 0;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(m))) {
		errno = EPROTO;
		return -1;
	}
	/* Copied out: the buffer's alignment is only what netlink promises. */
	memcpy(&m, NLMSG_DATA(nlh), sizeof(m));
	return add_sock(d, &m);
}

/*
 * Walk one datagram of messages: 1 when the dump is complete, 0 to read
 * on, -1 on error. Bounds are checked by hand rather than with NLMSG_OK(),
 * whose int arithmetic does not mix with size_t lengths.
 */
static int parse_batch(struct dump *d, const char *buf, size_t len)
{
	size_t off = 0;

	while (len - off >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)(buf + off);
		if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len - off) {
			errno = EPROTO;
			return -1;
		}
		int rc = parse_msg(d, nlh);
		if (rc != 0)
			return rc;
		size_t step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step >= len - off)
			break;
		off += step;
	}
	return 0;
}

static int read_dump(int nl, struct dump *d)
{
	static union {
		struct nlmsghdr align;
		char bytes[DUMP_BUF];
	} buf;

	for (;;) {
		int ready = wait_until(nl, POLLIN, &d->deadline);
		if (ready <= 0) {
			if (ready == 0)
				errno = ETIMEDOUT;
			return -1;
		}
		struct iovec iov = { .iov_base = buf.bytes, .iov_len = sizeof(buf.bytes) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n = recvmsg(nl, &mh, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return -1;
		if (mh.msg_flags & MSG_TRUNC) {
			errno = EMSGSIZE;
			return -1;
		}
		int rc = parse_batch(d, buf.bytes, (size_t)n);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
}

static int dump_family(int nl, struct dump *d, uint8_t family)
{
	d->seq++;
	if (send_request(nl, family, d->seq) < 0)
		return -1;
	return read_dump(nl, d);
}

int sockdiag_list(struct sd_sock **out, size_t *count)
{
	struct dump d = { .seq = 0 };
	int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (nl < 0)
		return -1;
	deadline_start(&d.deadline, AGENT_DIAG_TIMEOUT_MS);
	int rc = dump_family(nl, &d, AF_INET);
	/* A kernel without IPv6 has no AF_INET6 sockets to report. */
	if (rc == 0 && dump_family(nl, &d, AF_INET6) < 0 && errno != ENOENT
	    && errno != EAFNOSUPPORT)
		rc = -1;
	int saved = errno;
	close(nl);
	if (rc < 0) {
		free(d.socks);
		errno = saved;
		return -1;
	}
	*out = d.socks;
	*count = d.count;
	return 0;
}

const char *sockdiag_timer_name(unsigned timer)
{
	/* idiag_timer values, net/ipv4/inet_diag.c inet_sk_diag_fill() */
	static const char *const names[] = {
		"none", "retrans", "keepalive", "timewait", "probe",
	};

	return timer < sizeof(names) / sizeof(names[0]) ? names[timer] : "unknown";
}
