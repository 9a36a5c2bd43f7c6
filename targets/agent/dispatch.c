/*
 * dispatch.c - the request table and the tokenizer in front of it.
 *
 * Like wireguard-tools' subcommand table: one row per request with its
 * argument list, which doubles as the usage text in error replies.
 */
#include "dispatch.h"
#include "agent.h"
#include "args.h"
#include "commands.h"

#include <string.h>

static int cmd_ping(char **argv, struct reply *r)
{
	(void)argv;
	reply_kv(r, "agent", "%s", AGENT_NAME);
	reply_kv(r, "version", "%d", AGENT_PROTOCOL_VERSION);
	return 0;
}

static int cmd_quit(char **argv, struct reply *r)
{
	(void)argv;
	r->quit = true;
	return 0;
}

static const struct command commands[] = {
	{ "ping", 0, "", cmd_ping },
	{ "socket", 1, "4|6", cmd_socket },
	{ "bind", 3, "FD ADDR PORT", cmd_bind },
	{ "setsockopt", 3, "FD NAME VALUE", cmd_setsockopt },
	{ "getsockopt", 2, "FD NAME", cmd_getsockopt },
	{ "listen", 2, "FD BACKLOG", cmd_listen },
	{ "accept", 2, "FD TIMEOUT_MS", cmd_accept },
	{ "connect", 3, "FD ADDR PORT", cmd_connect },
	{ "wait_connected", 2, "FD TIMEOUT_MS", cmd_wait_connected },
	{ "send", 2, "FD HEX", cmd_send },
	{ "recv", 3, "FD MAX TIMEOUT_MS", cmd_recv },
	{ "shutdown", 2, "FD rd|wr|rdwr", cmd_shutdown },
	{ "close", 1, "FD", cmd_close },
	{ "abort", 1, "FD", cmd_abort },
	{ "state", 1, "FD", cmd_state },
	{ "tuple_state", 4, "LADDR LPORT RADDR RPORT", cmd_tuple_state },
	{ "sockets", 0, "", cmd_sockets },
	{ "accept_queue", 1, "FD", cmd_accept_queue },
	{ "settings", 0, "", cmd_settings },
	{ "quit", 0, "", cmd_quit },
};

/* Split on single spaces, keeping the first DISPATCH_MAX_TOKENS in argv. Returns the
 * number of tokens, or -1 with the reply set for an empty token. */
static int tokenize(char *line, char **argv, struct reply *r)
{
	int argc = 0;

	char *p = line;

	if (!*line) {
		reply_usage(r, "empty request");
		return -1;
	}
	do {
		char *tok = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
		if (!*tok) {
			reply_usage(r, "empty token %d (tokens are separated by single spaces)", argc + 1);
			return -1;
		}
		if (argc < DISPATCH_MAX_TOKENS)
			argv[argc] = tok;
		argc++;
	} while (p);
	return argc;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

int dispatch_parse(char *line, struct request *req, struct reply *r)
{
	int argc = tokenize(line, req->argv, r);

	req->cmd = NULL;
	req->argc = argc < 0 ? 0 : argc;
	if (argc < 0)
		return -1;
	req->cmd = find_command(req->argv[0]);
	if (!req->cmd)
		return reply_usage(r, "unknown command %s", quote(req->argv[0]).s);
	if (argc - 1 != req->cmd->nargs) {
		reply_usage(r, "%s takes %d argument%s (%s%s%s), got %d", req->cmd->name, req->cmd->nargs,
			    req->cmd->nargs == 1 ? "" : "s", req->cmd->name, req->cmd->nargs ? " " : "",
			    req->cmd->args, argc - 1);
		req->cmd = NULL;
		return -1;
	}
	return 0;
}

void dispatch_line(char *line, struct reply *r)
{
	struct request req;

	if (dispatch_parse(line, &req, r) == 0)
		req.cmd->run(req.argv, r);
}
