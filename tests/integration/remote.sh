# --target remote, with a network namespace standing in for the remote host.
# The test runs in a namespace of its own (the tester's side: IPv6 off, the
# interface without an address, no forwarding, no firewall, as the README
# asks of a real tester machine). The "host" is an anonymous namespace held
# by one process (killed in the trap; the namespace goes with it): its kernel
# has the addresses on the far end of a veth pair, the tested link. Its agent
# is reached another way: `nsenter` runs synfin-agent in the host namespace
# with stdin/stdout a socketpair to synfin, a pipe that never crosses the
# tested link, as `ssh root@host synfin-agent` would use the management
# network. A handful of scripts (handshake, close, reset) must pass over both
# families, with the host's MAC learnt by ARP and given as mac=, and over IPv6
# with the host's IPv4 addresses gone and its MAC learnt by ND.
if [ -z "${SYNFIN_REMOTE_INNER:-}" ]; then
  unshare --net true 2>/dev/null || { echo "1..0 # SKIP cannot create a network namespace (needs root)"; exit 77; }
  SYNFIN_REMOTE_INNER=1 exec timeout -k 5 150 unshare --net bash "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
need python3 ip nsenter ss
SCRIPTS="handshake/active-open.lua handshake/passive-open.lua close/orderly-close.lua reset/closed-port.lua reset/rst-established.lua"
HOST_MAC=02:53:46:00:00:22
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=0
ip link set lo up
unshare --net sleep 150 &
host=$!
trap 'kill $host 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ "$(readlink /proc/$host/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break; sleep 0.02; done
inhost() { nsenter --net="/proc/$host/ns/net" "$@"; }
ip link add sf-remote type veth peer name sf-host netns "$host"
ip link set sf-remote up
inhost sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
inhost ip link set lo up
inhost ip link set sf-host address $HOST_MAC up
inhost python3 "$SRC/tests/integration/remote/offloads-off.py" sf-host
inhost ip addr add 198.18.0.2/24 dev sf-host
inhost ip addr add 198.18.0.3/24 dev sf-host
inhost ip addr add 2001:2::2/64 dev sf-host nodad
inhost ip addr add 2001:2::3/64 dev sf-host nodad preferred_lft 0
for _ in $(seq 100); do ip -o link show sf-remote | grep -q 'state UP' && inhost ip -o link show sf-host | grep -q 'state UP' && break; sleep 0.02; done
check "the tester's interface has no address" bash -c "! ip -o addr show dev sf-remote | grep -q inet"

# One host serves every test: what a test leaves (TIME_WAIT, orphans) is cleared before the next.
RESET="nsenter --net=/proc/$host/ns/net ss -K -tan dst 198.18.0.1 or dst [2001:2::1] >/dev/null"
AGENT="nsenter --net=/proc/$host/ns/net $BUILD/synfin-agent"
run_remote_with() { # NAME ADDRESS-OPTS RUN-OPTS TARGET-OPT...: the opts one word each, space-separated
  local name=$1 addrs=$2 run=$3
  shift 3
  local opts=()
  for o in if=sf-remote $addrs "agent=$AGENT" "reset=$RESET" "$@"; do
    opts+=(--target-opt "$o")
  done
  (cd "$SRC/scripts" && "$SYNFIN" run $run --target remote "${opts[@]}" $SCRIPTS) >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
run_remote() { # NAME TARGET-OPT...
  local name=$1
  shift
  run_remote_with "$name" "addr4=198.18.0.2 addr4_2=198.18.0.3 addr6=2001:2::2 addr6_2=2001:2::3" "" "$@"
}
run_remote arp
check "MAC by ARP: $SCRIPTS pass over IPv4 and IPv6" test "$(cat "$WORK/arp.rc")" -eq 0
check "MAC by ARP: no test point is not ok" lacks "$WORK/arp.tap" "not ok"
for f in 4 6; do
  check "MAC by ARP: IPv$f points passed ($(grep -c "^ok .*(IPv$f)" "$WORK/arp.tap"))" \
    test "$(grep -c "^ok .*(IPv$f)" "$WORK/arp.tap")" -ge 10
done
run_remote mac mac=$HOST_MAC
check "mac=$HOST_MAC: the same scripts pass" test "$(cat "$WORK/mac.rc")" -eq 0
# A host with IPv6 only: no IPv4 address on it (so no ARP answer), only
# addr6= given, no mac=: its MAC is learnt by neighbour discovery, and the
# link check before each test asks by ND too.
inhost ip -4 addr flush dev sf-host
run_remote_with nd "addr6=2001:2::2 addr6_2=2001:2::3" "--family 6"
check "IPv6-only host, MAC by ND: the same scripts pass over IPv6" test "$(cat "$WORK/nd.rc")" -eq 0
check "MAC by ND: no test point is not ok" lacks "$WORK/nd.tap" "not ok"
check "MAC by ND: IPv6 points passed ($(grep -c "^ok " "$WORK/nd.tap"))" \
  test "$(grep -c "^ok " "$WORK/nd.tap")" -ge 10
run_remote_with nd4 "addr6=2001:2::2" "--family 4"
check "only addr6= and an IPv4 test: it fails, saying it needs the host's addr4=" \
  bash -c "test $(cat "$WORK/nd4.rc") -eq 1 && grep -q 'an IPv4 test needs the host.*addr4=' '$WORK/nd4.tap'"
"$SYNFIN" run --target remote --target-opt addr4=198.18.0.2 "$SRC/scripts/reset/closed-port.lua" >/dev/null 2>"$WORK/usage.err"
check "without if= and agent=: a usage error that names them" \
  bash -c "test $? -eq 2 && grep -q 'needs if=INTERFACE' '$WORK/usage.err'"
finish
