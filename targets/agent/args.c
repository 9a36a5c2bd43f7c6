/*
 * args.c - checked parsing of request tokens.
 */
#include "args.h"
#include "addr.h"
#include "agent.h"
#include "fdtab.h"

#include <stdio.h>
#include <string.h>

struct quoted quote(const char *tok)
{
	struct quoted q;
	size_t len = strlen(tok);
	size_t shown = len > 64 ? 64 : len;

	snprintf(q.s, sizeof(q.s), "'%.*s'%s", (int)shown, tok,
		 len > shown ? "..." : "");
	for (char *p = q.s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	return q;
}

/* Digits only: no sign, no spaces, no hex, unlike strtol(). */
static int parse_decimal(const char *tok, long max, long *out)
{
	long v = 0;

	if (!*tok)
		return -1;
	for (const char *p = tok; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		int digit = *p - '0';
		if (v > max / 10 || (v == max / 10 && digit > max % 10))
			return -1;
		v = v * 10 + digit;
	}
	*out = v;
	return 0;
}

int arg_num(struct reply *r, const char *what, const char *tok,
	    long min, long max, long *out)
{
	if (parse_decimal(tok, max, out) < 0 || *out < min) {
		reply_usage(r, "bad %s %s (expected a number from %ld to %ld)",
			    what, quote(tok).s, min, max);
		return -1;
	}
	return 0;
}

int arg_fd(struct reply *r, const char *tok, int *fd)
{
	long v;

	if (parse_decimal(tok, 0x7fffffff, &v) < 0) {
		reply_usage(r, "bad FD %s (expected an fd number)", quote(tok).s);
		return -1;
	}
	if (!fdtab_family((int)v)) {
		reply_err(r, "EBADF", "fd %ld is not an agent socket", v);
		return -1;
	}
	*fd = (int)v;
	return 0;
}

int arg_timeout(struct reply *r, const char *tok, int *ms)
{
	long v;

	if (parse_decimal(tok, 0x7fffffff, &v) < 0) {
		reply_usage(r, "bad TIMEOUT_MS %s (expected milliseconds)", quote(tok).s);
		return -1;
	}
	*ms = v > AGENT_MAX_TIMEOUT_MS ? AGENT_MAX_TIMEOUT_MS : (int)v;
	return 0;
}

int arg_port(struct reply *r, const char *tok, uint16_t *port)
{
	long v;

	if (arg_num(r, "PORT", tok, 0, 65535, &v) < 0)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int arg_endpoint(struct reply *r, int fd, const char *addr, const char *port,
		 struct sockaddr_storage *ss, socklen_t *len)
{
	int family = fdtab_family(fd);
	uint16_t p;

	if (arg_port(r, port, &p) < 0)
		return -1;
	if (addr_to_sockaddr(family, addr, p, ss, len) < 0) {
		reply_usage(r, "bad ADDR %s (expected 'any' or an IPv%c address, fd %d is IPv%c)",
			    quote(addr).s, family == AF_INET ? '4' : '6', fd,
			    family == AF_INET ? '4' : '6');
		return -1;
	}
	return 0;
}
