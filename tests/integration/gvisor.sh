# --target gvisor: gVisor's netstack behind synfin-gvisor-agent
# (targets/gvisor/). The whole suite over IPv4 and IPv6 must agree with
# gVisor's profile (lua/synfin/profiles/gvisor.lua): no failure the profile
# does not document and no entry the run did not show. Then the agent's
# fault switch: with fault=drop-rst the scripts that check the target's RSTs
# fail, undocumented, by name; with fault=drop-fin-after-first the oracle
# finds the FIN retransmission missing. A few scripts run over link=tap too.
#
# Tests that set a Linux sysctl or setup= through the target skip, saying
# so. An entry marked "RACE:" may go unseen: netstack handles segments on
# goroutines, which race the tester.
. "$(dirname "$0")/../lib.sh"
need python3 timeout
[ -d /usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/stack ] ||
  skip "golang-gvisor-gvisor-dev is not installed (tools/dev deps installs it)"
need go
check "synfin-gvisor-agent was built (go and the gvisor package are here)" test -x "$BUILD/synfin-gvisor-agent"
[ -x "$BUILD/synfin-gvisor-agent" ] || { finish; exit 1; }
check "the agent's Go is gofmt-clean" test -z "$(gofmt -l "$SRC/targets/gvisor/agent")"

# run NAME TIMEOUT SYNFIN-RUN-ARGS...: TAP in NAME.tap, report in NAME/, status in NAME.rc.
run() {
  local name=$1 secs=$2
  shift 2
  timeout -k 5 "$secs" "$SYNFIN" run --target gvisor --report "$WORK/$name" "$@" >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
# disagreements NAME: check-profile's findings but RACE entries not seen.
disagreements() {
  "$SYNFIN" report --check-profile gvisor "$WORK/$1" >"$WORK/$1.check" 2>&1
  python3 - "$WORK/$1" "$SRC/lua/synfin/profiles/gvisor.lua" "$WORK/$1.check" <<'PY'
import re, sys
profile, found = open(sys.argv[2]).read(), open(sys.argv[3])
# deviations[N] -> does its `what` start with RACE? (entries are numbered in order)
entries = re.split(r"\n    \{ test = ", profile.split("deviations = {", 1)[1])[1:]
race = {i + 1 for i, e in enumerate(entries) if 'what = "RACE:' in e}
for line in found:
    line = line.rstrip("\n")
    m = re.match(r"documented, not seen: deviations\[(\d+)\]", line)
    if (m and int(m.group(1)) in race) or line.startswith("profile gvisor:"):
        continue
    print(line)
PY
}

start=$(date +%s)
run suite 120 -j 4 "$SRC/scripts"
took=$(($(date +%s) - start))
check "the suite passes over both families, in ${took} s: every point ok, SKIP or documented (exit status 0)" \
  test "$(cat "$WORK/suite.rc")" -eq 0
disagreements suite >"$WORK/suite.dis"
linux=$(grep -c "# SKIP needs \(sysctl\|setup\): the target cannot" "$WORK/suite.tap")
check "the $linux points that set a Linux sysctl or setup= skip, saying so (at least 40)" test "$linux" -ge 40
check "the verdicts equal gVisor's profile: no undocumented not ok, no stale entry" \
  bash -c "! grep -q . '$WORK/suite.dis' || { sed 's/^/# /' '$WORK/suite.dis'; false; }"
check "documented deviations print as TODO for gvisor" has_line "$WORK/suite.tap" "^not ok [0-9]+ - .* # TODO deviates as documented for gvisor"
for f in 4 6; do
  passed=$(grep -c "^ok .*(IPv$f)\$" "$WORK/suite.tap") # not the SKIPs
  check "IPv$f: $passed points passed (at least 60)" test "$passed" -ge 60
done
check "the agent names itself gvisor-netstack" contains "$WORK/suite/results.json" '"agent": "agent=gvisor-netstack version=1"'

# fault=drop-rst: every RST the stack sends is lost on its link.
run droprst 60 -j 4 --family 4 --target-opt fault=drop-rst "$SRC/scripts/reset/closed-port.lua" "$SRC/scripts/reset/abort.lua"
disagreements droprst >"$WORK/droprst.dis" 2>/dev/null
check "drop-rst: the run fails (exit status 1)" failed_with droprst
for t in "reset/closed-port: SYN to a closed port is answered by RST,ACK" "reset/closed-port: ACK to a closed port is answered by RST" \
  "reset/closed-port: SYN with data to a closed port" "reset/abort: target opened passively aborts with data queued" \
  "reset/abort: target opened actively aborts with data queued"; do
  check "drop-rst: $t... fails, undocumented" contains "$WORK/droprst.dis" "deviates, not documented: $t"
done
check "drop-rst: a RST to a closed port still gets no answer (the fault drops, it adds nothing)" \
  has_line "$WORK/droprst.tap" "^ok [0-9]+ - reset/closed-port: RST to a closed port gets no answer"

# fault=drop-fin-after-first: only the first FIN leaves. close/fin-retransmit
# waits for the retransmission in both roles, and so does the oracle-only
# self-test.
run finre 60 -j 4 --family 4 --target-opt fault=drop-fin-after-first "$SRC/scripts/close/fin-retransmit.lua"
disagreements finre >"$WORK/finre.dis" 2>/dev/null
check "drop-fin-after-first: close/fin-retransmit fails (exit status 1)" failed_with finre
for t in "close/fin-retransmit: active close: with its ACK withheld" "close/fin-retransmit: passive close: with its ACK withheld"; do
  check "drop-fin-after-first: $t... fails, undocumented" contains "$WORK/finre.dis" "deviates, not documented: $t"
done
oracle=$SRC/tests/selftest/scripts/oracle-only.lua
run sound 30 --family 4 --filter LAST_ACK "$oracle"
run dropfin 30 --family 4 --filter LAST_ACK --target-opt fault=drop-fin-after-first "$oracle"
check "unbroken: the oracle-only LAST_ACK test passes" test "$(cat "$WORK/sound.rc")" -eq 0
check "drop-fin-after-first: it fails" failed_with dropfin
check "drop-fin-after-first: NO_RETRANSMISSION of the FIN" has_line "$WORK/dropfin.tap" \
  "not ok [0-9]+ - oracle: the target's FIN at SEQ=[0-9]+ stays unacknowledged: transmission 1 was not followed by a retransmission"

# link=tap: netstack on the tap's fd instead of AF_PACKET.
run tap 60 -j 4 --target-opt link=tap "$SRC/scripts/handshake/passive-open.lua" "$SRC/scripts/close/orderly-close.lua" \
  "$SRC/scripts/reset/closed-port.lua"
check "link=tap: passive open, orderly close and closed-port pass over both families" test "$(cat "$WORK/tap.rc")" -eq 0
check "link=tap: 14 points ok" test "$(grep -c "^ok " "$WORK/tap.tap")" -eq 14

# Usage errors of the preset.
"$SYNFIN" run --target gvisor --target-opt cmd=true "$SRC/scripts/reset/closed-port.lua" >/dev/null 2>"$WORK/cmd.err"
check "cmd= is refused: the gvisor target runs its own agent (exit status 2)" \
  bash -c "test $? -eq 2 && grep -q 'runs its own agent' '$WORK/cmd.err'"
"$SYNFIN" run --target gvisor --target-opt fault=drop-syn "$SRC/scripts/reset/closed-port.lua" >/dev/null 2>"$WORK/fault.err"
check "fault=drop-syn is a usage error naming the two faults" \
  bash -c "test $? -eq 2 && grep -q 'want drop-rst or drop-fin-after-first' '$WORK/fault.err'"
echo "# whole test: $(($(date +%s) - start)) s"
finish
