/*
 * target_linux_netns.h - the default target, "linux-netns": this machine's
 * own Linux stack in a private network namespace behind a veth pair. Its
 * options (mtu=, sysctl.NAME=, setup=) are listed in its ops' help text.
 */
#ifndef SYNFIN_TARGET_LINUX_NETNS_H
#define SYNFIN_TARGET_LINUX_NETNS_H

#include "target.h"

extern const struct sf_target_ops sf_target_linux_netns;

#endif
