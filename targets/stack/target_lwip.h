/*
 * target_lwip.h - "lwip": lwIP through synfin-lwip-agent, a preset of the
 * stack backend (target_stack.h).
 */
#ifndef SYNFIN_TARGET_LWIP_H
#define SYNFIN_TARGET_LWIP_H

#include "target.h"

extern const struct sf_target_ops sf_target_lwip;

#endif
