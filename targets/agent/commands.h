/*
 * commands.h - one function per agent request.
 *
 * Each gets the request's tokens (argv[0] is the command word; dispatch.c
 * has already checked the argument count) and fills the reply. Returns 0
 * for an "ok" reply, -1 once the reply holds an error.
 */
#ifndef SYNFIN_AGENT_COMMANDS_H
#define SYNFIN_AGENT_COMMANDS_H

#include "reply.h"

#define COMMAND(name) int cmd_##name(char **argv, struct reply *r)

/* cmd_conn.c: socket lifecycle */
COMMAND(socket);
COMMAND(bind);
COMMAND(listen);
COMMAND(accept);
COMMAND(connect);
COMMAND(wait_connected);
COMMAND(shutdown);
COMMAND(close);
COMMAND(abort);

/* cmd_io.c: data */
COMMAND(send);
COMMAND(recv);

/* cmd_opt.c: socket options */
COMMAND(setsockopt);
COMMAND(getsockopt);

/* cmd_diag.c: kernel TCP state */
COMMAND(state);
COMMAND(tuple_state);
COMMAND(sockets);
COMMAND(accept_queue);

/* cmd_settings.c: the stack's own settings */
COMMAND(settings);

#undef COMMAND

#endif
