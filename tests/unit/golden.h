/*
 * golden.h - read the golden decode cases (tests/golden/cases.txt) for the
 * unit tests, so the frames are written down once.
 *
 * One case per line: `<name> <hex bytes, spaces allowed> => <expected>`,
 * where <expected> is sf_packet_summary()'s line or `error: <message>`.
 * Blank lines and lines starting with '#' are skipped.
 */
#ifndef SYNFIN_TEST_GOLDEN_H
#define SYNFIN_TEST_GOLDEN_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define GOLDEN_FILE SYNFIN_TESTS_DIR "/golden/cases.txt"
#define GOLDEN_MAX_FRAME 2048

struct golden_case {
	char name[64];
	uint8_t frame[GOLDEN_MAX_FRAME];
	size_t len;
	char expect[512];
	int line;
};

static inline int golden_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex digits (whitespace between byte pairs allowed) into gc->frame. */
static inline int golden_parse_hex(const char *p, const char *end, struct golden_case *gc)
{
	int hi, lo;

	gc->len = 0;
	while (p < end) {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (end - p < 2 || (hi = golden_hexval(p[0])) < 0 || (lo = golden_hexval(p[1])) < 0)
			return -1;
		if (gc->len == GOLDEN_MAX_FRAME)
			return -1;
		gc->frame[gc->len++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	return 0;
}

/* 1 for a case, 0 for a comment or blank line, -1 for a malformed line. */
static inline int golden_parse_line(const char *line, struct golden_case *gc)
{
	const char *p = line, *arrow, *name_end;
	size_t n;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	name_end = p + strcspn(p, " \t");
	arrow = strstr(line, " => ");
	if (!arrow || arrow < name_end || (size_t)(name_end - p) >= sizeof(gc->name))
		return -1;
	memcpy(gc->name, p, (size_t)(name_end - p));
	gc->name[name_end - p] = '\0';
	if (golden_parse_hex(name_end, arrow, gc) < 0)
		return -1;
	n = strcspn(arrow + 4, "\r\n");
	if (n >= sizeof(gc->expect))
		return -1;
	memcpy(gc->expect, arrow + 4, n);
	gc->expect[n] = '\0';
	return 1;
}

/* Call fn for every case in the file; returns the number of cases, or -1
 * if the file is missing or a line is malformed (reported on stderr). */
static inline int golden_each(void (*fn)(const struct golden_case *gc, void *arg), void *arg)
{
	static struct golden_case gc;
	char line[8192];
	int lineno = 0, count = 0, r;
	FILE *f = fopen(GOLDEN_FILE, "r");

	if (!f) {
		fprintf(stderr, "cannot open %s\n", GOLDEN_FILE);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		r = golden_parse_line(line, &gc);
		if (r < 0) {
			fprintf(stderr, "%s:%d: malformed golden line\n", GOLDEN_FILE, lineno);
			fclose(f);
			return -1;
		}
		if (r == 0)
			continue;
		gc.line = lineno;
		fn(&gc, arg);
		count++;
	}
	fclose(f);
	return count;
}

struct golden_find_arg {
	const char *name;
	struct golden_case *out;
	int found;
};

static inline void golden_find_cb(const struct golden_case *gc, void *arg)
{
	struct golden_find_arg *a = arg;

	if (strcmp(gc->name, a->name) == 0) {
		*a->out = *gc;
		a->found++;
	}
}

/* Load the case called `name`; 0 when exactly one was found. */
static inline int golden_find(const char *name, struct golden_case *out)
{
	struct golden_find_arg a = { name, out, 0 };

	if (golden_each(golden_find_cb, &a) < 0 || a.found != 1)
		return -1;
	return 0;
}

#endif
