#!/bin/sh
# The Linux kernel attached through the stack backend with link=tap, as a
# user would attach their own stack: synfin hands over a tap ($SYNFIN_IF)
# whose kernel side has no address; a frame relay (tap-relay.py) is the one
# reader and writer of that tap, and copies frames to and from a second tap
# on which the kernel of the target namespace has the addresses synfin
# assigned. Then this becomes synfin-agent. Used by tests/integration/stack.sh.
set -e
k=sf-kernel
ip tuntap add dev $k mode tap
sysctl -qw "net.ipv6.conf.$k.disable_ipv6=0" "net.ipv6.conf.$k.accept_dad=0"
ip link set dev $k address "$SYNFIN_MAC" mtu "$SYNFIN_MTU" up
ip addr add "$SYNFIN_ADDR4/$SYNFIN_PREFIX4" dev $k
ip addr add "$SYNFIN_ADDR4_2/$SYNFIN_PREFIX4" dev $k
ip addr add "$SYNFIN_ADDR6/$SYNFIN_PREFIX6" dev $k nodad
ip addr add "$SYNFIN_ADDR6_2/$SYNFIN_PREFIX6" dev $k nodad preferred_lft 0
python3 "$(dirname "$0")/tap-relay.py" "$SYNFIN_IF" $k &
# Answer ping only once attached (targets/AGENT.md): the tap has carrier then.
i=0
until ip -o link show dev "$SYNFIN_IF" | grep -q LOWER_UP; do
  i=$((i + 1)); [ $i -lt 100 ] || { echo "tap relay did not attach" >&2; exit 1; }
  sleep 0.02
done
exec "$SYNFIN_AGENT"
