/*
 * cmd_conn.c - requests that create, connect and release sockets.
 *
 * Sockets are non-blocking from birth so that connect returns while the
 * SYN is in flight (the script can act on the handshake) and so that every
 * wait is a poll with a deadline, never a blocking call.
 */
#define _GNU_SOURCE /* accept4() */
#include "commands.h"
#include "addr.h"
#include "args.h"
#include "fdtab.h"
#include "waitfd.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Record a new socket and report its fd, or refuse an fd beyond the table. */
static int adopt(struct reply *r, int fd, int family)
{
	if (fdtab_add(fd, family) < 0) {
		close(fd);
		return reply_err(r, "EMFILE", "fd %d is beyond the agent's limit of %d sockets",
				 fd, FDTAB_MAX);
	}
	reply_kv(r, "fd", "%d", fd);
	return 0;
}

int cmd_socket(char **argv, struct reply *r)
{
	int family;

	if (strcmp(argv[1], "4") == 0)
		family = AF_INET;
	else if (strcmp(argv[1], "6") == 0)
		family = AF_INET6;
	else
		return reply_usage(r, "bad FAMILY %s (expected 4 or 6)", quote(argv[1]).s);
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0)
		return reply_errno(r, errno, "socket");
	return adopt(r, fd, family);
}

int cmd_bind(char **argv, struct reply *r)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0 || arg_endpoint(r, fd, argv[2], argv[3], &ss, &len) < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		return reply_errno(r, errno, "bind fd %d to %s %s", fd, argv[2], argv[3]);
	return 0;
}

int cmd_listen(char **argv, struct reply *r)
{
	long backlog;
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0 || arg_num(r, "BACKLOG", argv[2], 0, 65535, &backlog) < 0)
		return -1;
	if (listen(fd, (int)backlog) < 0)
		return reply_errno(r, errno, "listen fd %d", fd);
	return 0;
}

/* Report an accepted socket as fd, raddr, rport, laddr, lport. */
static int report_accepted(struct reply *r, int fd, int family,
			   const struct sockaddr_storage *peer)
{
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);
	char text[ADDR_TEXT_MAX];

	if (getsockname(fd, (struct sockaddr *)&local, &len) < 0) {
		int err = errno;
		close(fd);
		return reply_errno(r, err, "getsockname of accepted fd %d", fd);
	}
	if (adopt(r, fd, family) < 0)
		return -1;
	uint16_t port = addr_from_sockaddr(peer, text);
	reply_kv(r, "raddr", "%s", text);
	reply_kv(r, "rport", "%u", port);
	port = addr_from_sockaddr(&local, text);
	reply_kv(r, "laddr", "%s", text);
	reply_kv(r, "lport", "%u", port);
	return 0;
}

int cmd_accept(char **argv, struct reply *r)
{
	struct deadline d;
	int fd, ms;

	if (arg_fd(r, argv[1], &fd) < 0 || arg_timeout(r, argv[2], &ms) < 0)
		return -1;
	deadline_start(&d, ms);
	for (;;) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		int c = accept4(fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c >= 0)
			return report_accepted(r, c, fdtab_family(fd), &peer);
		if (errno != EAGAIN && errno != EINTR)
			return reply_errno(r, errno, "accept fd %d", fd);
		int ready = wait_until(fd, POLLIN, &d);
		if (ready < 0)
			return reply_errno(r, errno, "poll fd %d", fd);
		if (ready == 0)
			return reply_err(r, "ETIMEDOUT", "accept fd %d: no connection within %d ms", fd, ms);
	}
}

int cmd_connect(char **argv, struct reply *r)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0 || arg_endpoint(r, fd, argv[2], argv[3], &ss, &len) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, len) == 0)
		reply_word(r, "connected");
	else if (errno == EINPROGRESS)
		reply_word(r, "inprogress");
	else
		return reply_errno(r, errno, "connect fd %d to %s %s", fd, argv[2], argv[3]);
	return 0;
}

static int is_connected(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	/* Linux answers ENOTCONN while still in SYN_SENT. */
	return getpeername(fd, (struct sockaddr *)&ss, &len) == 0;
}

static int is_listening(int fd)
{
	int on = 0;
	socklen_t len = sizeof(on);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

int cmd_wait_connected(char **argv, struct reply *r)
{
	struct deadline d;
	int fd, ms, soerr = 0;
	socklen_t len = sizeof(soerr);

	if (arg_fd(r, argv[1], &fd) < 0 || arg_timeout(r, argv[2], &ms) < 0)
		return -1;
	/* Checked first: a connected socket with a full send buffer is not
	 * writable, so POLLOUT alone would wait for nothing. */
	if (is_connected(fd))
		return 0;
	/* A listener never becomes writable either; say so instead of
	 * waiting out the timeout. */
	if (is_listening(fd))
		return reply_err(r, "EINVAL", "fd %d is listening, not connecting", fd);
	deadline_start(&d, ms);
	int ready = wait_until(fd, POLLOUT, &d);
	if (ready < 0)
		return reply_errno(r, errno, "poll fd %d", fd);
	if (ready == 0)
		return reply_err(r, "ETIMEDOUT", "fd %d: connect still in progress after %d ms", fd, ms);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		return reply_errno(r, errno, "getsockopt SO_ERROR fd %d", fd);
	if (soerr)
		return reply_errno(r, soerr, "connect fd %d", fd);
	if (!is_connected(fd))
		return reply_errno(r, ENOTCONN, "fd %d", fd);
	return 0;
}

int cmd_shutdown(char **argv, struct reply *r)
{
	static const struct {
		const char *name;
		int how;
	} hows[] = { { "rd", SHUT_RD }, { "wr", SHUT_WR }, { "rdwr", SHUT_RDWR } };
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(hows) / sizeof(hows[0]); i++) {
		if (strcmp(argv[2], hows[i].name) != 0)
			continue;
		if (shutdown(fd, hows[i].how) < 0)
			return reply_errno(r, errno, "shutdown fd %d %s", fd, argv[2]);
		return 0;
	}
	return reply_usage(r, "bad HOW %s (expected rd, wr or rdwr)", quote(argv[2]).s);
}

int cmd_close(char **argv, struct reply *r)
{
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0)
		return -1;
	fdtab_del(fd);
	/* The fd is gone even when close() reports an error (Linux). */
	if (close(fd) < 0)
		return reply_errno(r, errno, "close fd %d", fd);
	return 0;
}

int cmd_abort(char **argv, struct reply *r)
{
	/* Linger on with a zero timeout makes close() send RST and discard
	 * queued data: the ABORT call of RFC 9293 section 3.10.5. */
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) < 0)
		return reply_errno(r, errno, "setsockopt SO_LINGER fd %d", fd);
	return cmd_close(argv, r);
}
