/* tap.c - see tap.h. */
#include "tap.h"

#include <stdarg.h>
#include <string.h>

void sf_tap_init(struct sf_tap *t, FILE *out, FILE *copy)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->copy = copy;
}

static void emit(struct sf_tap *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(struct sf_tap *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(t->out, fmt, ap);
	va_end(ap);
	if (!t->buffered)
		fflush(t->out);
	if (t->copy) {
		va_start(ap, fmt);
		vfprintf(t->copy, fmt, ap);
		va_end(ap);
		fflush(t->copy);
	}
}

static const char *indent(int depth)
{
	static const char spaces[] = "                                ";
	int n = depth * 4;

	if (n > (int)sizeof(spaces) - 1)
		n = (int)sizeof(spaces) - 1;
	return spaces + sizeof(spaces) - 1 - n;
}

void sf_tap_version(struct sf_tap *t)
{
	emit(t, "TAP version 13\n");
}

/* Escape '#' and '\' and fold line breaks (TAP 13: '#' starts a directive). */
static void escape(const char *in, char *out, size_t cap)
{
	size_t o = 0;

	for (; in && *in && o + 3 < cap; in++) {
		if (*in == '#' || *in == '\\')
			out[o++] = '\\';
		out[o++] = (*in == '\n' || *in == '\r') ? ' ' : *in;
	}
	out[o] = 0;
}

void sf_tap_point(struct sf_tap *t, int depth, int ok, int number, const char *desc,
		  enum sf_tap_directive dir, const char *reason)
{
	char d[1024], r[512], directive[sizeof(r) + 16] = "";

	escape(desc, d, sizeof(d));
	escape(reason ? reason : "", r, sizeof(r));
	if (dir != SF_TAP_NONE)
		snprintf(directive, sizeof(directive), " # %s%s%s", dir == SF_TAP_SKIP ? "SKIP" : "TODO", *r ? " " : "", r);
	/* One emit, so one write per point: a test's every assertion is a line. */
	emit(t, "%s%s %d%s%s%s\n", indent(depth), ok ? "ok" : "not ok", number, *d ? " - " : "", d, directive);
}

int sf_tap_test(struct sf_tap *t, int ok, const char *desc, enum sf_tap_directive dir, const char *reason)
{
	t->count++;
	if (!ok && dir != SF_TAP_TODO)
		t->failed++;
	sf_tap_point(t, 0, ok, t->count, desc, dir, reason);
	return t->count;
}

/* Print each line of text after a prefix. */
static void lines(struct sf_tap *t, const char *prefix, const char *text)
{
	const char *p = text ? text : "";

	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		emit(t, "%s%.*s\n", prefix, n, p);
		p += n + (nl ? 1 : 0);
	}
}

void sf_tap_yaml(struct sf_tap *t, int depth, const char *yaml)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s  ", indent(depth));
	emit(t, "%s---\n", prefix);
	lines(t, prefix, yaml);
	emit(t, "%s...\n", prefix);
}

void sf_tap_diag(struct sf_tap *t, int depth, const char *text)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s# ", indent(depth));
	lines(t, prefix, text);
}

void sf_tap_subtest(struct sf_tap *t, int depth, const char *name)
{
	char d[1024];

	escape(name, d, sizeof(d));
	emit(t, "%s# Subtest: %s\n", indent(depth), d);
}

void sf_tap_plan(struct sf_tap *t, int depth, int n, const char *skip_reason)
{
	char r[512];

	if (skip_reason) {
		escape(skip_reason, r, sizeof(r));
		emit(t, "%s1..%d # SKIP %s\n", indent(depth), n, r);
	} else {
		emit(t, "%s1..%d\n", indent(depth), n);
	}
}

