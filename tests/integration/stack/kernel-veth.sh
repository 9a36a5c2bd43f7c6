#!/bin/sh
# The Linux kernel attached through the stack backend, as a user would attach
# their own stack: this command is given an address-less interface
# ($SYNFIN_IF, IPv6 off) and the addresses to use, and must speak the agent
# protocol on stdin/stdout. It gives the kernel of the target namespace those
# addresses itself, then becomes synfin-agent. Used by tests/integration/stack.sh.
set -e
sysctl -qw "net.ipv6.conf.$SYNFIN_IF.disable_ipv6=0" "net.ipv6.conf.$SYNFIN_IF.accept_dad=0"
ip link set dev "$SYNFIN_IF" address "$SYNFIN_MAC" mtu "$SYNFIN_MTU" up
ip addr add "$SYNFIN_ADDR4/$SYNFIN_PREFIX4" dev "$SYNFIN_IF"
ip addr add "$SYNFIN_ADDR4_2/$SYNFIN_PREFIX4" dev "$SYNFIN_IF"
ip addr add "$SYNFIN_ADDR6/$SYNFIN_PREFIX6" dev "$SYNFIN_IF" nodad
ip addr add "$SYNFIN_ADDR6_2/$SYNFIN_PREFIX6" dev "$SYNFIN_IF" nodad preferred_lft 0
exec "$SYNFIN_AGENT"
