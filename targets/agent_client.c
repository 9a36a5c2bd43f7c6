/* agent_client.c - see agent_client.h. */
#include "agent_client.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wait.h"

static int write_all(int fd, const char *s, size_t n, struct sf_err *err)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return sf_err_errno(err, "agent: write");
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read one byte at a time up to '\n': replies are short except recv data,
 * and the agent sends nothing unasked, so nothing is lost by not buffering. */
static int read_line(int fd, char *buf, size_t cap, int timeout_ms, struct sf_err *err)
{
	long deadline = now_ms() + timeout_ms;
	size_t used = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t r;

		int ready;

		if (left <= 0)
			return sf_err_set(err, "agent: no answer within %d ms", timeout_ms);
		sf_before_wait();
		ready = poll(&p, 1, (int)left);
		if (ready < 0 && errno == EINTR)
			continue; /* a signal: wait out the rest of the time */
		if (ready < 0)
			return sf_err_errno(err, "agent: poll");
		if (ready == 0)
			return sf_err_set(err, "agent: no answer within %d ms", timeout_ms);
		r = read(fd, buf + used, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return sf_err_set(err, "agent: connection closed (the agent exited)");
		if (buf[used] == '\n') {
			buf[used] = 0;
			return 0;
		}
		if (++used >= cap - 1)
			return sf_err_set(err, "agent: answer longer than %zu bytes", cap);
	}
}

/* key=value, or a bare word ("ok eof", "ok inprogress") read as word=true. */
static int split_kv(char *tok, struct sf_agent_reply *r, struct sf_err *err)
{
	char *eq = strchr(tok, '=');

	if (r->n >= SF_AGENT_MAX_KV)
		return sf_err_set(err, "agent: more than %d values in one answer", SF_AGENT_MAX_KV);
	if (eq)
		*eq = 0;
	r->kv[r->n].key = tok;
	r->kv[r->n].value = eq ? eq + 1 : "true";
	r->n++;
	return 0;
}

static int parse_failed(struct sf_agent_reply *r)
{
	sf_agent_reply_free(r);
	return -1;
}

int sf_agent_parse(const char *line, struct sf_agent_reply *r, struct sf_err *err)
{
	char *save = NULL, *tok;

	memset(r, 0, sizeof(*r));
	r->line = strdup(line);
	r->buf_ = strdup(line);
	if (!r->line || !r->buf_)
		return sf_err_set(err, "out of memory"), parse_failed(r);
	tok = strtok_r(r->buf_, " ", &save);
	if (tok && !strcmp(tok, "ok")) {
		r->ok = 1;
		while ((tok = strtok_r(NULL, " ", &save)))
			if (split_kv(tok, r, err) < 0)
				return parse_failed(r);
		return 0;
	}
	if (tok && !strcmp(tok, "err")) {
		r->errname = strtok_r(NULL, " ", &save);
		r->message = save ? save : "";
		if (!r->errname)
			return sf_err_set(err, "agent: 'err' without an error name"), parse_failed(r);
		return 0;
	}
	sf_err_set(err, "agent: answer '%.80s' is neither 'ok ...' nor 'err ...'", line);
	return parse_failed(r);
}

int sf_agent_call(int fd, const char *request, int timeout_ms, struct sf_agent_reply *reply, struct sf_err *err)
{
	char *line;
	int rc;

	memset(reply, 0, sizeof(*reply));
	if (strchr(request, '\n'))
		return sf_err_set(err, "agent request '%s' contains a newline", request);
	if (write_all(fd, request, strlen(request), err) < 0 || write_all(fd, "\n", 1, err) < 0)
		return sf_err_prefix(err, "'%s'", request);
	line = malloc(SF_AGENT_MAX_LINE);
	if (!line)
		return sf_err_set(err, "out of memory");
	rc = read_line(fd, line, SF_AGENT_MAX_LINE, timeout_ms, err);
	if (rc == 0)
		rc = sf_agent_parse(line, reply, err);
	free(line);
	if (rc < 0) {
		sf_agent_reply_free(reply);
		return sf_err_prefix(err, "'%s'", request);
	}
	return 0;
}

void sf_agent_reply_free(struct sf_agent_reply *r)
{
	free(r->line);
	free(r->buf_);
	memset(r, 0, sizeof(*r));
}
