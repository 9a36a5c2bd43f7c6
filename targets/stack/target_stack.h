/*
 * target_stack.h - "stack": a user's own TCP stack, attached to an
 * address-less interface in a target namespace (the far end of a veth
 * pair, or a tap), driven by the user's agent command (cmd=). Presets for
 * particular stacks (lwIP, gVisor) can reuse sf_target_stack_open() with
 * their own command and link.
 */
#ifndef SYNFIN_TARGET_STACK_H
#define SYNFIN_TARGET_STACK_H

#include "target.h"

extern const struct sf_target_ops sf_target_stack;
/* "lwip": lwIP through synfin-lwip-agent (target_lwip.c). */
extern const struct sf_target_ops sf_target_lwip;
/* "gvisor": gVisor's netstack through synfin-gvisor-agent (target_gvisor.c). */
extern const struct sf_target_ops sf_target_gvisor;

/* The backend's open, for presets: opts as for --target stack. */
int sf_target_stack_open(struct sf_target *t, const struct sf_target_opts *opts, struct sf_err *err);
void sf_target_stack_close(struct sf_target *t);

#endif
