/*
 * lwip_cmds.h - the lwIP agent's requests, one function each, as
 * targets/agent/commands.h for synfin-agent.
 */
#ifndef SYNFIN_LWIP_CMDS_H
#define SYNFIN_LWIP_CMDS_H

#include "lwip_agent.h"
#include "reply.h"

#define LCOMMAND(name) int lcmd_##name(char **argv, struct reply *r)

/* sock.c */
LCOMMAND(socket);
LCOMMAND(bind);
LCOMMAND(listen);
LCOMMAND(accept);
LCOMMAND(connect);
LCOMMAND(wait_connected);
LCOMMAND(shutdown);
LCOMMAND(close);
LCOMMAND(abort);
/* io.c */
LCOMMAND(send);
LCOMMAND(recv);
/* opt.c */
LCOMMAND(setsockopt);
LCOMMAND(getsockopt);
LCOMMAND(settings);
/* diag.c */
LCOMMAND(state);
LCOMMAND(tuple_state);
LCOMMAND(sockets);
LCOMMAND(accept_queue);

#undef LCOMMAND

/* FD and ADDR PORT arguments, for lwIP (sock.c). */
int arg_lsock(struct reply *r, const char *tok, struct lsock **s);
int arg_ip(struct reply *r, struct lsock *s, const char *addr, const char *port, ip_addr_t *ip, uint16_t *p);

#endif
