# Killing synfin (SIGKILL, no chance to clean up) mid-test leaves no agent,
# no namespace and so no veth behind: the namespaces are anonymous, held
# only by synfin's descriptors and the agent, which dies with synfin
# (PR_SET_PDEATHSIG).
. "$(dirname "$0")/../lib.sh"
"$SYNFIN" run "$SRC/tests/selftest/scripts/long-test.lua" >"$WORK/out.tap" 2>&1 &
pid=$!
agent=""
for _ in $(seq 50); do
  agent=$(pgrep -P "$pid" -x synfin-agent | head -1)
  [ -n "$agent" ] && break
  sleep 0.1
done
check "the agent runs during the test" test -n "$agent"
target_ns=$(readlink "/proc/$agent/ns/net")
check "the agent is in its own network namespace" test "$target_ns" != "$(readlink /proc/self/ns/net)"
check "no named namespace is made (nothing for ip netns to leave behind)" test -z "$(ip netns list)"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for _ in $(seq 30); do
  kill -0 "$agent" 2>/dev/null || break
  sleep 0.1
done
check "the agent died with synfin" bash -c "! kill -0 $agent 2>/dev/null"
# A namespace with no process and no descriptor is freed by the kernel.
check "the target namespace is gone" bash -c "! lsns -t net -n -o NS | grep -q '${target_ns//[^0-9]/}'"
check "no veth in this namespace" test -z "$(ip -o link show type veth)"
finish
