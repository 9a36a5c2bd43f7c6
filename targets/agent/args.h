/*
 * args.h - checked parsing of request tokens.
 *
 * Each parser either stores the value and returns 0, or fills the reply
 * with an error that quotes the offending token and returns -1, so a
 * command reads as a chain of `if (arg_x(...) < 0) return -1;`. (Parsers
 * with out-parameters return a literal -1, not reply_usage()'s value, so
 * that the compiler can see the value is only read after a 0.)
 */
#ifndef SYNFIN_AGENT_ARGS_H
#define SYNFIN_AGENT_ARGS_H

#include <stdint.h>
#include <sys/socket.h>

#include "reply.h"

/* A token made safe to echo in an error message: single-quoted, cut to
 * 64 characters with "..." after, control characters shown as '?'.
 * Returned by value so that quote(tok).s can be used inside one printf
 * call without a buffer at the call site. */
struct quoted {
	char s[72];
};
struct quoted quote(const char *tok);

/* A decimal number in [min, max]; what names the argument in the error. */
int arg_num(struct reply *r, const char *what, const char *tok,
	    long min, long max, long *out);

/* An fd that names one of the agent's sockets: EUSAGE when tok is not a
 * number, EBADF when the number is not an agent socket. */
int arg_fd(struct reply *r, const char *tok, int *fd);

/* A timeout in ms, capped (not refused) at AGENT_MAX_TIMEOUT_MS. */
int arg_timeout(struct reply *r, const char *tok, int *ms);

int arg_port(struct reply *r, const char *tok, uint16_t *port);

/* ADDR PORT for socket fd: ADDR is "any" or a literal of fd's family. */
int arg_endpoint(struct reply *r, int fd, const char *addr, const char *port,
		 struct sockaddr_storage *ss, socklen_t *len);

#endif
