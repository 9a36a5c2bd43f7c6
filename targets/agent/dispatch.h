/*
 * dispatch.h - one request line in, one reply out.
 */
#ifndef SYNFIN_AGENT_DISPATCH_H
#define SYNFIN_AGENT_DISPATCH_H

#include "reply.h"

/*
 * Split line (modified in place) into tokens, find the command, check its
 * argument count and run it. Whatever happens, r holds exactly one reply;
 * r->quit is set by "quit".
 */
void dispatch_line(char *line, struct reply *r);

#endif
