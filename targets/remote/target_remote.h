/*
 * target_remote.h - "remote": a Linux host that is not this machine,
 * reached on a local interface named by if=, its agent run by a command
 * (agent=, e.g. `ssh root@host synfin-agent`) whose stdin/stdout carry the
 * protocol over a path other than the tested link.
 */
#ifndef SYNFIN_TARGET_REMOTE_H
#define SYNFIN_TARGET_REMOTE_H

#include "target.h"

extern const struct sf_target_ops sf_target_remote;

#endif
