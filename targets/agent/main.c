/*
 * main.c - synfin-agent: performs socket calls on command inside a target's
 * network namespace and reports results and the kernel's real TCP state.
 *
 * synfin talks to it over stdin/stdout, one request line in, one response
 * line out; targets/AGENT.md is the protocol. The agent must die with
 * synfin, so it asks for SIGKILL on parent death before doing anything.
 */
#include "agent.h"
#include "dispatch.h"
#include "fdtab.h"
#include "line.h"
#include "reply.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fputs("usage: " AGENT_NAME " [--help]\n"
	      "\n"
	      "Reads synfin agent requests (one per line) on stdin and writes one\n"
	      "response line per request on stdout; see targets/AGENT.md.\n"
	      "Exits on 'quit', at end of input, or when its parent dies.\n"
	      "If SYNFIN_AGENT_PARENT is set, the agent exits at once unless that\n"
	      "pid is its parent.\n", out);
}

/*
 * Die with the parent. PR_SET_PDEATHSIG only covers a parent that dies
 * after the prctl(); a parent that died earlier is detected by comparing
 * getppid() with the pid seen before the call, or with the pid the parent
 * announced in SYNFIN_AGENT_PARENT (which also covers a death between
 * fork and exec).
 */
static int guard_parent(void)
{
	pid_t before = getppid();
	const char *announced = getenv("SYNFIN_AGENT_PARENT");

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
		fprintf(stderr, AGENT_NAME ": prctl(PR_SET_PDEATHSIG): %s\n", strerror(errno));
		return -1;
	}
	pid_t now = getppid();
	if (now != before) {
		fprintf(stderr, AGENT_NAME ": parent %ld died during start-up\n", (long)before);
		return -1;
	}
	if (announced && atol(announced) != (long)now) {
		fprintf(stderr, AGENT_NAME ": parent is %ld, not SYNFIN_AGENT_PARENT=%s: "
			"that process is already gone\n", (long)now, announced);
		return -1;
	}
	return 0;
}

/* Answer one input event; returns 1 to go on, 0 to stop, -1 on failure. */
static int serve_one(FILE *in, FILE *out, char *line, struct reply *r)
{
	enum line_status st = line_read(in, line, AGENT_MAX_LINE + 1);

	if (st == LINE_EOF)
		return 0;
	if (st == LINE_ERROR) {
		fprintf(stderr, AGENT_NAME ": reading requests: %s\n", strerror(errno));
		return -1;
	}
	reply_reset(r);
	if (st == LINE_TOO_LONG)
		reply_usage(r, "request longer than %d bytes", AGENT_MAX_LINE);
	else if (st == LINE_NUL)
		reply_usage(r, "request contains a NUL byte");
	else
		dispatch_line(line, r);
	if (reply_write(r, out) < 0) {
		fprintf(stderr, AGENT_NAME ": writing response: %s\n", strerror(errno));
		return -1;
	}
	return r->quit ? 0 : 1;
}

static int serve(FILE *in, FILE *out)
{
	static char line[AGENT_MAX_LINE + 1];
	struct reply r = { 0 };
	int rc;

	while ((rc = serve_one(in, out, line, &r)) > 0)
		;
	reply_free(&r);
	fdtab_close_all();
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, AGENT_NAME ": unexpected argument '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	if (guard_parent() < 0)
		return 1;
	/* A peer that resets must become an EPIPE reply, not our death;
	 * send() also passes MSG_NOSIGNAL, this covers stdout. */
	signal(SIGPIPE, SIG_IGN);
	return serve(stdin, stdout);
}
