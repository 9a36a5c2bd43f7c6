/* progress.c - see progress.h. */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct progress {
	FILE *out;
	int total, done, failed;
	int at_line_start;
	char head[8];       /* the start of the current line, up to 7 bytes */
	size_t head_len;
	double start;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int sf_progress_wanted(void)
{
	return isatty(STDERR_FILENO);
}

static void show(const struct progress *p)
{
	int s = (int)(now() - p->start);

	fprintf(stderr, "\r\033[Ksynfin: %d/%d tests done, %d failed, %d:%02d elapsed", p->done, p->total, p->failed,
		s / 60, s % 60);
}

/* A line's first bytes decide: "ok " or "not ok " at column 0 is a point. */
static void line_start(struct progress *p)
{
	int ok = p->head_len >= 3 && !strncmp(p->head, "ok ", 3);
	int not_ok = p->head_len >= 7 && !strncmp(p->head, "not ok ", 7);

	if (ok || not_ok) {
		p->done++;
		p->failed += not_ok;
		show(p);
	}
}

static ssize_t progress_write(void *cookie, const char *buf, size_t size)
{
	struct progress *p = cookie;
	size_t i, n = fwrite(buf, 1, size, p->out);

	fflush(p->out);
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			p->head_len = 0;
			p->at_line_start = 1;
			continue;
		}
		if (p->at_line_start && p->head_len < sizeof(p->head) - 1) {
			p->head[p->head_len++] = buf[i];
			if (p->head_len == 3 || p->head_len == 7) {
				line_start(p);
				if (p->head_len == 7 || strncmp(p->head, "not", 3))
					p->at_line_start = 0;
			}
		}
	}
	return (ssize_t)n;
}

static int progress_close(void *cookie)
{
	struct progress *p = cookie;

	fprintf(stderr, "\r\033[K");
	free(p);
	return 0;
}

FILE *sf_progress_open(FILE *out, int total)
{
	cookie_io_functions_t io = { .write = progress_write, .close = progress_close };
	struct progress *p = calloc(1, sizeof(*p));
	FILE *f;

	if (!p)
		return NULL;
	*p = (struct progress){ .out = out, .total = total, .at_line_start = 1, .start = now() };
	f = fopencookie(p, "w", io);
	if (!f) {
		free(p);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}
