/*
 * netns.h - anonymous network namespaces held by file descriptors, and the
 * per-namespace knobs synfin turns (sysctls, NIC offloads, setup commands).
 *
 * synfin never names a namespace (no `ip netns add`, no bind mount): a
 * namespace lives exactly as long as a descriptor or a process holds it,
 * so the kernel reclaims it, and the veth pair in it, when synfin exits
 * for any reason, SIGKILL included.
 */
#ifndef SYNFIN_NETNS_H
#define SYNFIN_NETNS_H

#include "error.h"

/* Open a descriptor on the namespace this thread is in now. */
int sf_netns_current(struct sf_err *err);

/* Create a fresh namespace, move this thread into it and return a
 * descriptor that holds it. */
int sf_netns_new(struct sf_err *err);

/* Move this thread into the namespace held by fd. */
int sf_netns_enter(int fd, struct sf_err *err);

/* Write a sysctl of the current namespace: name in dotted form
 * ("net.ipv4.tcp_fin_timeout"), value as text. */
int sf_sysctl_write(const char *name, const char *value, struct sf_err *err);

/* Switch off checksum and segmentation offloads of ifname, so that what the
 * stack sends is what crosses the link: full checksums, MTU-sized segments. */
int sf_offloads_off(const char *ifname, struct sf_err *err);

/* Run `sh -c command` in the current namespace, bounded by timeout_s;
 * non-zero exit, signal or timeout is an error quoting the command and its
 * output (first lines). Anything the command leaves running in its process
 * group is killed when the shell exits: it would keep the namespace alive. */
int sf_run_command(const char *command, int timeout_s, struct sf_err *err);

#endif
