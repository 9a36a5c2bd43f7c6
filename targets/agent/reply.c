/*
 * reply.c - build and write the agent's response lines.
 */
#define _GNU_SOURCE /* strerrorname_np() */
#include "reply.h"
#include "agent.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The agent has no sensible way to go on without memory; say so and stop. */
static void grow(struct reply *r, size_t extra)
{
	size_t want = r->len + extra + 1;

	if (want <= r->cap)
		return;
	size_t cap = r->cap ? r->cap : 256;
	while (cap < want)
		cap *= 2;
	char *buf = realloc(r->buf, cap);
	if (!buf) {
		fputs(AGENT_NAME ": out of memory\n", stderr);
		exit(1);
	}
	r->buf = buf;
	r->cap = cap;
}

static void vappend(struct reply *r, const char *fmt, va_list ap)
{
	va_list measure;

	va_copy(measure, ap);
	int n = vsnprintf(NULL, 0, fmt, measure);
	va_end(measure);
	if (n <= 0)
		return;
	grow(r, (size_t)n);
	vsnprintf(r->buf + r->len, (size_t)n + 1, fmt, ap);
	r->len += (size_t)n;
}

static void append(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void append(struct reply *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
}

void reply_reset(struct reply *r)
{
	r->len = 0;
	r->quit = false;
	append(r, "ok");
}

void reply_free(struct reply *r)
{
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
}

void reply_word(struct reply *r, const char *word)
{
	append(r, " %s", word);
}

void reply_kv(struct reply *r, const char *key, const char *fmt, ...)
{
	va_list ap;

	append(r, " %s=", key);
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
}

int reply_err(struct reply *r, const char *name, const char *fmt, ...)
{
	va_list ap;

	r->len = 0;
	append(r, "err %s ", name);
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
	return -1;
}

int reply_errno(struct reply *r, int errnum, const char *fmt, ...)
{
	va_list ap;

	r->len = 0;
	append(r, "err %s ", reply_errname(errnum));
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
	append(r, ": %s", strerror(errnum));
	return -1;
}

int reply_usage(struct reply *r, const char *fmt, ...)
{
	va_list ap;

	r->len = 0;
	append(r, "err EUSAGE ");
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
	return -1;
}

const char *reply_errname(int errnum)
{
	const char *name = strerrorname_np(errnum);

	return name ? name : "EUNKNOWN";
}

int reply_write(struct reply *r, FILE *out)
{
	for (size_t i = 0; i < r->len; i++) {
		unsigned char c = (unsigned char)r->buf[i];
		if (c < 0x20 || c == 0x7f)
			r->buf[i] = '?';
	}
	if (fwrite(r->buf, 1, r->len, out) != r->len || putc('\n', out) == EOF)
		return -1;
	return fflush(out) == 0 ? 0 : -1;
}
