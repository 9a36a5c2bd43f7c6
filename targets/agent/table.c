/*
 * table.c - synfin-agent's requests.
 *
 * Like wireguard-tools' subcommand table: one row per request with its
 * argument list, which doubles as the usage text in error replies.
 */
#include "agent.h"
#include "commands.h"
#include "dispatch.h"

static int cmd_ping(char **argv, struct reply *r)
{
	(void)argv;
	reply_kv(r, "agent", "%s", AGENT_NAME);
	reply_kv(r, "version", "%d", AGENT_PROTOCOL_VERSION);
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
	{ "quit", 0, "", dispatch_quit },
};

const struct command_table agent_commands = { commands, sizeof(commands) / sizeof(commands[0]) };
