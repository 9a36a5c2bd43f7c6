/*
 * dispatch.c - the tokenizer in front of an agent's request table.
 *
 * The table itself (agent_commands) belongs to each agent: table.c for the
 * Linux agent, targets/lwip/ for the lwIP one; this file is shared by both.
 */
#include "dispatch.h"
#include "args.h"

#include <string.h>

int dispatch_quit(char **argv, struct reply *r)
{
	(void)argv;
	r->quit = true;
	return 0;
}

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
	for (size_t i = 0; i < agent_commands.n; i++) {
		if (strcmp(agent_commands.cmd[i].name, name) == 0)
			return &agent_commands.cmd[i];
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
