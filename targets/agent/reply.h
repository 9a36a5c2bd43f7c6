/*
 * reply.h - the one response line each request gets.
 *
 * A command fills a struct reply with either "ok" plus words and key=value
 * tokens, or "err ERRNAME message"; the main loop then writes it with
 * reply_write(). Building the line before printing anything is what
 * guarantees exactly one response line per request, even when a command
 * fails after it started adding tokens: an error replaces the whole line.
 */
#ifndef SYNFIN_AGENT_REPLY_H
#define SYNFIN_AGENT_REPLY_H

#include <stdbool.h>
#include <stdio.h>

struct reply {
	char *buf;	/* the line without its newline, NUL-terminated */
	size_t len;
	size_t cap;
	bool quit;	/* the request asked the agent to exit after replying */
};

/* Start (or restart) the line as a bare "ok". */
void reply_reset(struct reply *r);

void reply_free(struct reply *r);

/* Append " word", e.g. "eof" or "inprogress". */
void reply_word(struct reply *r, const char *word);

/* Append " key=value"; the formatted value must not contain spaces. */
void reply_kv(struct reply *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Replace the line with "err NAME message". All three return -1 so that a
 * command can `return reply_err(...)`. */
int reply_err(struct reply *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "err ENAME message: strerror(errnum)", the name being errnum's symbol. */
int reply_errno(struct reply *r, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "err EUSAGE message": the request itself was malformed. */
int reply_usage(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The errno symbol for errnum ("ECONNREFUSED"), or "EUNKNOWN". */
const char *reply_errname(int errnum);

/* Write the line and a newline to out and flush. Control characters that
 * slipped in through quoted input are replaced by '?' so the line stays one
 * line. Returns 0, or -1 with errno set when the reader has gone away. */
int reply_write(struct reply *r, FILE *out);

#endif
