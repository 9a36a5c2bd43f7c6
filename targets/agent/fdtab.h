/*
 * fdtab.h - the sockets this agent created or accepted.
 *
 * Requests name sockets by the agent's own fd numbers, so a request naming
 * fd 0 or 1 would otherwise close or write to the agent's own protocol
 * channel. Only fds recorded here are accepted as FD arguments.
 */
#ifndef SYNFIN_AGENT_FDTAB_H
#define SYNFIN_AGENT_FDTAB_H

/* fds at or above this are refused (closed and reported as EMFILE). */
#define FDTAB_MAX 1024

/* Record fd as an agent socket of family AF_INET or AF_INET6.
 * Returns 0, or -1 when fd is out of the table's range. */
int fdtab_add(int fd, int family);

/* The recorded family of fd, or 0 when fd is not an agent socket. */
int fdtab_family(int fd);

void fdtab_del(int fd);

/* Close every recorded socket (on exit, so sanitizers see no leaks). */
void fdtab_close_all(void);

#endif
