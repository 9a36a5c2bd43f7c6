/*
 * main.c - synfin-lwip-agent: lwIP 2.1.3 as a synfin target.
 *
 * Starts lwIP with its tcpip thread, attaches it to $SYNFIN_IF (link.c),
 * then serves agent requests on stdin/stdout (targets/AGENT.md) with the
 * line reader, reply builder and tokenizer of synfin_agent_core, each
 * request under the tcpip core lock.
 */
#include "lwip_agent.h"
#include "lwip_cmds.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "agent.h"
#include "dispatch.h"
#include "line.h"
#include "lwip/init.h"
#include "lwip/tcpip.h"

static int cmd_ping(char **argv, struct reply *r)
{
	(void)argv;
	reply_kv(r, "agent", "%s", LWIP_AGENT_NAME);
	reply_kv(r, "version", "%d", AGENT_PROTOCOL_VERSION);
	return 0;
}

static const struct command commands[] = {
	{ "ping", 0, "", cmd_ping },
	{ "socket", 1, "4|6", lcmd_socket },
	{ "bind", 3, "FD ADDR PORT", lcmd_bind },
	{ "setsockopt", 3, "FD NAME VALUE", lcmd_setsockopt },
	{ "getsockopt", 2, "FD NAME", lcmd_getsockopt },
	{ "listen", 2, "FD BACKLOG", lcmd_listen },
	{ "accept", 2, "FD TIMEOUT_MS", lcmd_accept },
	{ "connect", 3, "FD ADDR PORT", lcmd_connect },
	{ "wait_connected", 2, "FD TIMEOUT_MS", lcmd_wait_connected },
	{ "send", 2, "FD HEX", lcmd_send },
	{ "recv", 3, "FD MAX TIMEOUT_MS", lcmd_recv },
	{ "shutdown", 2, "FD rd|wr|rdwr", lcmd_shutdown },
	{ "close", 1, "FD", lcmd_close },
	{ "abort", 1, "FD", lcmd_abort },
	{ "state", 1, "FD", lcmd_state },
	{ "tuple_state", 4, "LADDR LPORT RADDR RPORT", lcmd_tuple_state },
	{ "sockets", 0, "", lcmd_sockets },
	{ "accept_queue", 1, "FD", lcmd_accept_queue },
	{ "settings", 0, "", lcmd_settings },
	{ "quit", 0, "", dispatch_quit },
};

const struct command_table agent_commands = { commands, sizeof(commands) / sizeof(commands[0]) };

/* As synfin-agent (targets/agent/main.c): die with synfin. */
static int guard_parent(void)
{
	pid_t before = getppid();
	const char *announced = getenv("SYNFIN_AGENT_PARENT");

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != before ||
	    (announced && atol(announced) != (long)before)) {
		fprintf(stderr, LWIP_AGENT_NAME ": the parent is gone\n");
		return -1;
	}
	return 0;
}

static int serve(void)
{
	static char line[AGENT_MAX_LINE + 1];
	struct reply r = { 0 };
	int rc = 0;

	for (;;) {
		enum line_status st = line_read(stdin, line, sizeof(line));
		if (st == LINE_EOF)
			break;
		if (st == LINE_ERROR) {
			fprintf(stderr, LWIP_AGENT_NAME ": reading requests: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		reply_reset(&r);
		if (st == LINE_TOO_LONG)
			reply_usage(&r, "request longer than %d bytes", AGENT_MAX_LINE);
		else if (st == LINE_NUL)
			reply_usage(&r, "request contains a NUL byte");
		else {
			core_lock();
			link_settle();
			dispatch_line(line, &r);
			core_unlock();
		}
		if (reply_write(&r, stdout) < 0) {
			rc = 1;
			break;
		}
		if (r.quit)
			break;
	}
	core_lock();
	lsock_close_all();
	core_unlock();
	reply_free(&r);
	return rc;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc > 1) {
		int help = !strcmp(argv[1], "--help");
		fprintf(help ? stdout : stderr,
			"usage: " LWIP_AGENT_NAME " [--help]\n\n"
			"lwIP %s on $SYNFIN_IF (AF_PACKET, or the tap when SYNFIN_LINK=tap), serving\n"
			"synfin agent requests on stdin/stdout (targets/AGENT.md). synfin runs it\n"
			"for --target lwip with the SYNFIN_* variables set; SYNFIN_FAULT=drop-rst or\n"
			"drop-fin-after-first makes its link drop those segments on purpose.\n",
			LWIP_VERSION_STRING);
		return help ? 0 : 2;
	}
	if (guard_parent() < 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	tcpip_init(NULL, NULL);
	if (link_start() < 0)
		return 1;
	rc = serve();
	/* lwIP has no shutdown: its tcpip thread, timers and pcbs (TIME_WAIT,
	 * orphaned closes) live until the process ends. _exit skips the atexit
	 * handlers, among them LeakSanitizer's scan of what lwIP still holds
	 * while its threads run; our own sockets were freed by serve(). */
	fflush(stdout);
	_exit(rc);
}
