/*
 * dispatch.h - one request line in, one reply out.
 */
#ifndef SYNFIN_AGENT_DISPATCH_H
#define SYNFIN_AGENT_DISPATCH_H

#include "reply.h"

#include <stddef.h>

/* The longest request, tuple_state, has 5 tokens. */
#define DISPATCH_MAX_TOKENS 5

struct command {
	const char *name;
	int nargs;
	const char *args; /* for usage errors */
	int (*run)(char **argv, struct reply *r);
};

/* The agent's own requests, defined by each agent (table.c here). */
struct command_table {
	const struct command *cmd;
	size_t n;
};
extern const struct command_table agent_commands;

/* "quit": the reply is a bare "ok" and the agent exits after it. */
int dispatch_quit(char **argv, struct reply *r);

/* A request line split into tokens and checked against the command table:
 * a known command with the right number of arguments. The arguments
 * themselves are parsed by the command when it runs. */
struct request {
	const struct command *cmd;
	char *argv[DISPATCH_MAX_TOKENS]; /* argv[0] is the command's name */
	int argc;                        /* tokens, the name included */
};

/*
 * Parse line (modified in place; req points into it) without running
 * anything: no socket call, no state touched, so it can be fuzzed. Returns
 * 0, or -1 with r holding the "err EUSAGE ..." reply.
 */
int dispatch_parse(char *line, struct request *req, struct reply *r);

/*
 * Split line (modified in place) into tokens, find the command, check its
 * argument count and run it. Whatever happens, r holds exactly one reply;
 * r->quit is set by "quit".
 */
void dispatch_line(char *line, struct reply *r);

#endif
