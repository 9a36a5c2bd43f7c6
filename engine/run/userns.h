/*
 * userns.h - running synfin without root: a user namespace of its own.
 *
 * As a normal user, synfin cannot create network namespaces or raw sockets
 * in the machine's namespaces. Inside a user namespace where its uid and gid
 * map to 0 it holds every capability over the namespaces it creates there
 * (user_namespaces(7)), which is all the namespace backends need: their
 * namespaces, veth pairs, AF_PACKET sockets, nft tables and per-namespace
 * sysctls belong to it. Nothing outside is touched or reachable.
 */
#ifndef SYNFIN_USERNS_H
#define SYNFIN_USERNS_H

#include "error.h"

/*
 * When synfin does not run as root (euid != 0): move this process into a
 * new user namespace with its uid and gid mapped to 0 and, when
 * own_netns, into a new network namespace owned by it (the machine's own
 * network namespace belongs to the initial user namespace, so a thread that
 * left it could not setns() back). Must be called while single-threaded,
 * before any namespace is made. Returns 0 (nothing to do as root), 1
 * (entered), or -1 with a message that says what is missing and how to
 * enable it.
 */
int sf_userns_enter(int own_netns, struct sf_err *err);

#endif
