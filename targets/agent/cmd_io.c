/*
 * cmd_io.c - sending and receiving payload bytes.
 *
 * recv keeps the three ways a read can end apart, because tests depend on
 * the difference: data, an orderly FIN (read returns 0: "ok eof") and a
 * reset (ECONNRESET), plus ETIMEDOUT when nothing came at all.
 */
#include "commands.h"
#include "agent.h"
#include "args.h"
#include "hex.h"
#include "waitfd.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Decode HEX into a malloc'd buffer; *len is its byte count. */
static int arg_payload(struct reply *r, const char *tok, unsigned char **buf, size_t *len)
{
	size_t digits = strlen(tok), bad_at = 0;

	if (digits == 0 || digits > 2 * AGENT_MAX_PAYLOAD) {
		reply_usage(r, "HEX of %zu digits is not 1 to %d bytes", digits, AGENT_MAX_PAYLOAD);
		return -1;
	}
	*buf = malloc(digits / 2 + 1);
	if (!*buf) {
		reply_errno(r, ENOMEM, "send buffer");
		return -1;
	}
	long n = hex_decode(tok, *buf, &bad_at);
	if (n < 0) {
		free(*buf);
		if (bad_at == digits)
			reply_usage(r, "bad HEX %s (odd number of digits)", quote(tok).s);
		else
			reply_usage(r, "bad HEX %s (not a hex digit at offset %zu)", quote(tok).s, bad_at);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

int cmd_send(char **argv, struct reply *r)
{
	unsigned char *buf;
	size_t len;
	int fd;

	if (arg_fd(r, argv[1], &fd) < 0 || arg_payload(r, argv[2], &buf, &len) < 0)
		return -1;
	/* One non-blocking send: the reply says how much the kernel took,
	 * which is what a zero-window or full-buffer test needs to see. */
	ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	int err = errno;
	free(buf);
	if (n < 0)
		return reply_errno(r, err, "send fd %d", fd);
	reply_kv(r, "n", "%zd", n);
	return 0;
}

static int report_data(struct reply *r, const unsigned char *buf, size_t n)
{
	char *hex = malloc(2 * n + 1);

	if (!hex)
		return reply_errno(r, ENOMEM, "recv reply");
	hex_encode(buf, n, hex);
	reply_kv(r, "data", "%s", hex);
	reply_kv(r, "n", "%zu", n);
	free(hex);
	return 0;
}

/* Read once data, EOF or an error is there: 0 with *n set, 1 when the
 * deadline passed first, -1 with errno set. A timeout is kept apart from
 * the kernel's own ETIMEDOUT (user_timeout, keepalive) on purpose. */
static int recv_until(int fd, unsigned char *buf, size_t max, int ms, ssize_t *n)
{
	struct deadline d;

	deadline_start(&d, ms);
	for (;;) {
		*n = recv(fd, buf, max, MSG_DONTWAIT);
		if (*n >= 0)
			return 0;
		if (errno != EAGAIN && errno != EINTR)
			return -1;
		int ready = wait_until(fd, POLLIN, &d);
		if (ready <= 0)
			return ready == 0 ? 1 : -1;
	}
}

int cmd_recv(char **argv, struct reply *r)
{
	long max;
	int fd, ms;
	ssize_t n;

	if (arg_fd(r, argv[1], &fd) < 0 || arg_num(r, "MAX", argv[2], 1, AGENT_MAX_PAYLOAD, &max) < 0
	    || arg_timeout(r, argv[3], &ms) < 0)
		return -1;
	unsigned char *buf = malloc((size_t)max);
	if (!buf)
		return reply_errno(r, ENOMEM, "recv buffer");
	int rc = recv_until(fd, buf, (size_t)max, ms, &n);
	if (rc > 0)
		rc = reply_err(r, "ETIMEDOUT", "recv fd %d: nothing within %d ms", fd, ms);
	else if (rc < 0)
		reply_errno(r, errno, "recv fd %d", fd);
	else if (n == 0)
		reply_word(r, "eof");
	else
		rc = report_data(r, buf, (size_t)n);
	free(buf);
	return rc;
}
