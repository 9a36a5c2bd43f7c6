/*
 * fuzz_agent_reply.c - libFuzzer harness for the engine's side of the agent
 * protocol: any bytes, as one reply line, go to sf_agent_parse(). Agents are
 * written by other people (targets/AGENT.md), so their replies are untrusted
 * input. Run by tests/fuzz/agent_reply.sh. Besides the sanitizers' checks it
 * aborts when the parser breaks its contract (agent_client.h): an error
 * without a reason or with memory left allocated, a success whose tokens are
 * not the line's words.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent_client.h"

static int is_empty(const struct sf_agent_reply *r)
{
	return !r->line && !r->buf_ && !r->errname && !r->message && r->n == 0 && !r->ok;
}

/* A word of the line: non-empty, no space in it. */
static void check_word(const char *w, int may_be_empty)
{
	if (!w || (!may_be_empty && !*w) || strchr(w, ' '))
		abort();
}

static void check_ok(const struct sf_agent_reply *r)
{
	int i;

	if (r->n < 0 || r->n > SF_AGENT_MAX_KV)
		abort();
	for (i = 0; i < r->n; i++) {
		check_word(r->kv[i].key, 1); /* "ok =x" has an empty key */
		check_word(r->kv[i].value, 1);
		if (strchr(r->kv[i].key, '='))
			abort();
	}
}

static void check_err(const struct sf_agent_reply *r)
{
	check_word(r->errname, 0);
	if (!r->message)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_agent_reply r;
	struct sf_err err;
	char *line = malloc(size + 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0'; /* a NUL inside cuts the line, as a C string does */
	err.msg[0] = '\0';
	if (sf_agent_parse(line, &r, &err) == 0) {
		if (!r.line || strcmp(r.line, line) != 0)
			abort();
		if (r.ok)
			check_ok(&r);
		else
			check_err(&r);
		sf_agent_reply_free(&r);
		if (!is_empty(&r))
			abort();
	} else if (err.msg[0] == '\0' || !is_empty(&r)) {
		abort();
	}
	free(line);
	return 0;
}
