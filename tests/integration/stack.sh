# --target stack: a user's stack attached by its agent command. The stand-in
# for "a user's stack" is honest about what it is: the Linux kernel of the
# target namespace, attached through the stack backend as a user would attach
# theirs (tests/integration/stack/kernel-veth gives the kernel the addresses
# synfin assigned on the address-less veth end; kernel-tap puts the kernel
# behind a frame relay, the one reader and writer of synfin's tap). A handful
# of scripts (handshake, close, reset) must pass over both families and both
# links, and over IPv6 with the kernel given no IPv4 address (IPv6-only). Then: the SYNFIN_* variables reach the command, a command that exits
# at once is a clear setup error and no hang, and killing synfin leaves no
# process of the command behind (nor anything it started in the background).
. "$(dirname "$0")/../lib.sh"
need python3 ip timeout
STANDIN=$SRC/tests/integration/stack
SCRIPTS="handshake/active-open.lua handshake/passive-open.lua close/orderly-close.lua reset/closed-port.lua reset/rst-established.lua"
run_stack() { # NAME TIMEOUT SYNFIN-RUN-ARGS...
  local name=$1 secs=$2
  shift 2
  (cd "$SRC/scripts" && timeout -k 5 "$secs" "$SYNFIN" run --target stack "$@") >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
for link in veth tap; do
  run_stack "$link" 60 -j 2 --target-opt link=$link --target-opt cmd="$STANDIN/kernel-$link" $SCRIPTS
  check "link=$link: the kernel as a user's stack passes $SCRIPTS over IPv4 and IPv6" test "$(cat "$WORK/$link.rc")" -eq 0
  check "link=$link: no test point is not ok" lacks "$WORK/$link.tap" "not ok"
  for f in 4 6; do
    check "link=$link: IPv$f points passed ($(grep -c "^ok .*(IPv$f)" "$WORK/$link.tap"))" \
      test "$(grep -c "^ok .*(IPv$f)" "$WORK/$link.tap")" -ge 8
  done
done

# A stack with IPv6 only answers no ARP: the link check before each test
# asks by neighbour discovery in an IPv6 test, so the scripts pass over IPv6;
# an IPv4 test fails at the link check, saying that ARP went unanswered.
run_stack v6only 60 -j 2 --family 6 --target-opt cmd="STANDIN_IPV6_ONLY=1 exec $STANDIN/kernel-veth" $SCRIPTS
check "IPv6-only stack: $SCRIPTS pass over IPv6" test "$(cat "$WORK/v6only.rc")" -eq 0
check "IPv6-only stack: no test point is not ok" lacks "$WORK/v6only.tap" "not ok"
check "IPv6-only stack: points passed ($(grep -c '^ok ' "$WORK/v6only.tap"))" \
  test "$(grep -c '^ok ' "$WORK/v6only.tap")" -ge 8
run_stack v6only4 30 --family 4 --filter "SYN to a closed port" \
  --target-opt cmd="STANDIN_IPV6_ONLY=1 exec $STANDIN/kernel-veth" reset/closed-port.lua
check "IPv6-only stack in an IPv4 test: the link check fails, naming ARP" \
  bash -c "test $(cat "$WORK/v6only4.rc") -eq 1 && grep -q 'link check: 198.18.0.2 did not answer ARP within' '$WORK/v6only4.tap'"

# The environment the command gets (targets/AGENT.md lists it).
run_stack env 30 --family 4 --filter "SYN to a closed port" \
  --target-opt cmd="env | grep ^SYNFIN_ | sort >'$WORK/env.txt'; exec $STANDIN/kernel-veth" reset/closed-port.lua
check "the run with the env-recording command passes" test "$(cat "$WORK/env.rc")" -eq 0
for kv in SYNFIN_IF=sf-target SYNFIN_LINK=veth SYNFIN_MAC=02:53:46:00:00:02 SYNFIN_MTU=1500 SYNFIN_FAMILY=4 \
  SYNFIN_ADDR4=198.18.0.2 SYNFIN_ADDR4_2=198.18.0.3 SYNFIN_PREFIX4=24 SYNFIN_ADDR6=2001:2::2 \
  SYNFIN_ADDR6_2=2001:2::3 SYNFIN_PREFIX6=64 SYNFIN_TESTER_ADDR4=198.18.0.1 SYNFIN_TESTER_ADDR6=2001:2::1 \
  SYNFIN_TESTER_MAC=02:53:46:00:00:01; do
  check "the command gets $kv" has_line "$WORK/env.txt" "^$kv\$"
done
check "the command gets SYNFIN_AGENT, the synfin-agent beside synfin" has_line "$WORK/env.txt" "^SYNFIN_AGENT=.*synfin-agent$"

# A command that exits at once: a setup error naming it, quickly.
start=$(date +%s)
run_stack quick 30 --family 4 --filter "SYN to a closed port" --target-opt cmd='echo oops >&2; exit 3' reset/closed-port.lua
check "a command that exits at once fails the test (exit status 1)" test "$(cat "$WORK/quick.rc")" -eq 1
check "... with a message that says it exited before answering" \
  contains "$WORK/quick.tap" "agent command ''echo oops >&2; exit 3'' exited with status 3 before answering ping"
check "... within 5 s, not at a timeout" test $(($(date +%s) - start)) -lt 5
run_stack nocmd 10 --target-opt link=veth reset/closed-port.lua
check "no cmd= is a usage error (exit status 2) that says what to give" \
  bash -c "test $(cat "$WORK/nocmd.rc") -eq 2 && grep -q 'needs cmd=COMMAND' '$WORK/nocmd.err'"
run_stack badlink 10 --target-opt cmd=true --target-opt link=wifi reset/closed-port.lua
check "link=wifi is a usage error" bash -c "test $(cat "$WORK/badlink.rc") -eq 2 && grep -q 'link=wifi: want veth or tap' '$WORK/badlink.err'"

# Killing synfin: the command and what it left in the background die too.
"$SYNFIN" run --family 4 --target stack --target-opt cmd="sleep 301 & exec $STANDIN/kernel-veth" \
  "$SRC/tests/selftest/scripts/long-test.lua" >"$WORK/kill.tap" 2>&1 &
pid=$!
has_comm() { local p; for p in $(descendants "$pid"); do [ "$(cat /proc/"$p"/comm 2>/dev/null)" = "$1" ] && return 0; done; return 1; }
for _ in $(seq 50); do has_comm synfin-agent && has_comm sleep && break; sleep 0.1; done
check "the stack's command runs during the test" has_comm synfin-agent
check "so does the sleep it started in the background" has_comm sleep
below=$(descendants "$pid" | tr '\n' ' ')
kill_tree "$pid" "$below"
check "after kill -9 of synfin, nothing it started is alive ($below)" test -z "$alive"
finish
