/*
 * target_gvisor.h - "gvisor": gVisor's userspace TCP/IP stack (netstack) as
 * the target, a preset of the stack backend whose command is the agent
 * built from targets/gvisor/agent/ (Go) (synfin-gvisor-agent beside synfin).
 */
#ifndef SYNFIN_TARGET_GVISOR_H
#define SYNFIN_TARGET_GVISOR_H

#include "target.h"

extern const struct sf_target_ops sf_target_gvisor;

#endif
