# Killing synfin (SIGKILL, no chance to clean up) mid-test leaves no test
# process, no agent, no namespace and so no veth behind: the namespaces are
# anonymous, held only by synfin's descriptors and the agent, and every
# process synfin starts dies with its parent (PR_SET_PDEATHSIG). Checked
# with tests run in this process (-j 1) and in child processes (-j 2).
. "$(dirname "$0")/../lib.sh"

for jobs in 1 2; do
  "$SYNFIN" run -j "$jobs" "$SRC/tests/selftest/scripts/long-test.lua" >"$WORK/out$jobs.tap" 2>&1 &
  pid=$!
  agent=""
  for _ in $(seq 50); do
    for p in $(descendants "$pid"); do
      [ "$(cat /proc/"$p"/comm 2>/dev/null)" = synfin-agent ] && agent=$p
    done
    [ -n "$agent" ] && break
    sleep 0.1
  done
  check "-j $jobs: the agent runs during the test" test -n "$agent"
  [ -n "$agent" ] || continue
  target_ns=$(readlink "/proc/$agent/ns/net")
  below=$(descendants "$pid" | tr '\n' ' ')
  check "-j $jobs: the agent is in its own network namespace" test "$target_ns" != "$(readlink /proc/self/ns/net)"
  check "-j $jobs: no named namespace is made (nothing for ip netns to leave behind)" test -z "$(ip netns list)"
  kill_tree "$pid" "$below"
  check "-j $jobs: every process synfin started died with it ($below)" test -z "$alive"
  # A namespace with no process and no descriptor is freed by the kernel.
  check "-j $jobs: the target namespace is gone" bash -c "! lsns -t net -n -o NS | grep -q '${target_ns//[^0-9]/}'"
done
check "no veth in this namespace" test -z "$(ip -o link show type veth)"
finish
