/*
 * fuzz_agent_request.c - libFuzzer harness for synfin-agent's request
 * parsing: any bytes are read as request lines (line_read), each line goes
 * through dispatch_parse() and its argument tokens through every argument
 * parser (args.h, hex.h, addr.h), none of which makes a socket call. Run by
 * tests/fuzz/agent_request.sh. Besides the sanitizers' checks it aborts
 * when the protocol's promise breaks: every request gets exactly one reply
 * line, "ok..." or "err ENAME message"; a parsed request is a known
 * command with the right number of non-empty tokens.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "agent.h"
#include "args.h"
#include "dispatch.h"
#include "hex.h"
#include "line.h"
#include "reply.h"

#define MAX_LINES 64 /* per input: enough to cover line syncing */

/* The reply is one line of the protocol's shape. */
static void check_reply(struct reply *r)
{
	static char out[AGENT_MAX_LINE * 2];
	FILE *f;
	size_t n;

	if (!r->buf || (strncmp(r->buf, "ok", 2) != 0 && strncmp(r->buf, "err E", 5) != 0))
		abort();
	f = fmemopen(out, sizeof(out), "w");
	if (!f)
		abort();
	if (reply_write(r, f) < 0)
		abort();
	n = (size_t)ftell(f);
	fclose(f);
	if (n == 0 || out[n - 1] != '\n' || memchr(out, '\n', n - 1))
		abort();
}

/* An argument parser that failed left an error reply; one that succeeded
 * left the reply alone. */
static void check_arg(struct reply *s, int rc)
{
	if (rc < 0 ? strncmp(s->buf, "err E", 5) != 0 : strcmp(s->buf, "ok") != 0)
		abort();
	check_reply(s);
	reply_reset(s);
}

static void parse_token(const char *tok, struct reply *s)
{
	struct sockaddr_storage ss;
	struct in6_addr a6;
	static unsigned char bytes[AGENT_MAX_LINE / 2 + 1];
	socklen_t len;
	uint16_t port;
	size_t bad_at;
	long v;
	int fd, ms;

	check_arg(s, arg_num(s, "N", tok, -1, 65536, &v));
	check_arg(s, arg_port(s, tok, &port));
	check_arg(s, arg_timeout(s, tok, &ms));
	check_arg(s, arg_fd(s, tok, &fd)); /* no socket is open: EUSAGE or EBADF */
	if (strlen(tok) / 2 < sizeof(bytes) && hex_decode(tok, bytes, &bad_at) < 0 && bad_at > strlen(tok))
		abort();
	addr_parse_mapped(tok, &a6);
	addr_to_sockaddr(AF_INET, tok, 1, &ss, &len);
	addr_to_sockaddr(AF_INET6, tok, 1, &ss, &len);
	if (strlen(quote(tok).s) >= sizeof(struct quoted))
		abort();
}

static void check_request(const struct request *req, struct reply *s)
{
	int i;

	if (!req->cmd || req->argc != req->cmd->nargs + 1 || strcmp(req->argv[0], req->cmd->name) != 0)
		abort();
	for (i = 0; i < req->argc; i++)
		if (!*req->argv[i] || strchr(req->argv[i], ' '))
			abort();
	for (i = 1; i < req->argc; i++)
		parse_token(req->argv[i], s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[AGENT_MAX_LINE + 1];
	struct reply r = { 0 }, scratch = { 0 };
	struct request req;
	enum line_status st;
	FILE *in;
	int i;

	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	reply_reset(&scratch);
	for (i = 0; i < MAX_LINES && (st = line_read(in, line, sizeof(line))) != LINE_EOF; i++) {
		if (st == LINE_ERROR)
			abort();
		reply_reset(&r);
		if (st != LINE_OK)
			continue; /* the main loop answers these without parsing */
		if (dispatch_parse(line, &req, &r) == 0)
			check_request(&req, &scratch);
		else if (strncmp(r.buf, "err EUSAGE ", 11) != 0)
			abort();
		check_reply(&r);
	}
	fclose(in);
	reply_free(&r);
	reply_free(&scratch);
	return 0;
}
