/*
 * agent_client.h - the engine's side of the agent protocol
 * (targets/AGENT.md): one request line out, one response line back,
 * parsed into `ok key=value...` or `err NAME message`.
 */
#ifndef SYNFIN_AGENT_CLIENT_H
#define SYNFIN_AGENT_CLIENT_H

#include "error.h"

#define SF_AGENT_MAX_LINE 140000 /* a recv of 64 KiB as hex, plus keys */
#define SF_AGENT_MAX_KV 512 /* "sockets" lists one value per socket */

struct sf_agent_reply {
	int ok;                 /* 1 for "ok", 0 for "err" */
	char *line;             /* the whole line, owned (keys/values point into a copy) */
	char *errname;          /* "ECONNRESET"... when !ok */
	char *message;          /* the rest of an err line */
	int n;
	struct { char *key, *value; } kv[SF_AGENT_MAX_KV];
	char *buf_;             /* storage for the split tokens */
};

/*
 * Send `request` (no newline) to the agent on fd and read its answer,
 * waiting at most timeout_ms. -1 when the agent is gone, timed out or
 * answered something that is not the protocol (err quotes it).
 */
int sf_agent_call(int fd, const char *request, int timeout_ms, struct sf_agent_reply *reply, struct sf_err *err);

/* Parse one response line (also fuzzed: tests/fuzz/fuzz_agent_reply.c).
 * Agents are written by others, so any bytes may arrive. On error nothing is left
 * allocated; on success free the reply with sf_agent_reply_free(). */
int sf_agent_parse(const char *line, struct sf_agent_reply *reply, struct sf_err *err);

void sf_agent_reply_free(struct sf_agent_reply *reply);

#endif
