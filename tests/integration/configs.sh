# The suite adapts to the target's configuration (issue 9): Linux configured
# as a user would (--target-opt sysctl=...), in configurations that are
# legitimate for a conformant stack, passes: every point ok or SKIP with a
# reason, never not ok. The three of the issue, then others nobody listed.
# For the CI budget (< 120 s) each configuration runs, over both families at
# -j 4, the scripts whose expectations depend on the stack's settings (SYN
# cookies, the options offered, the backlog clamp, ECN, FIN_WAIT_2's timeout,
# RFC 1337, SYN retries), not the whole suite (tests/integration/suite.sh
# runs that against the default target).
# Then the proofs that the checks adapt rather than loosen: a target whose
# settings (setting.KEY=VALUE) say one thing while it does another fails.
. "$(dirname "$0")/../lib.sh"
SCRIPTS="backlog handshake mss/peer-mss.lua mss/maxseg.lua mss/pmtud.lua timewait/rst.lua timewait/syn.lua
  finwait2 simopen close/fin-ack.lua states reset/half-open.lua reset/abort.lua"
run_config() { # NAME SYSCTLS [MORE-SYNFIN-ARGS...]: TAP in $WORK/NAME.tap, status in $WORK/NAME.rc
  local name=$1 sysctls=$2
  shift 2
  # shellcheck disable=SC2086 # SCRIPTS is a list
  (cd "$SRC/scripts" && timeout -k 5 100 "$SYNFIN" run -j 4 --target-opt "sysctl=$sysctls" "$@" $SCRIPTS) \
    >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
# A point that failed is run once more, alone (-j 1): this machine is shared,
# and a SYN-ACK late by seconds under load is not the configuration's doing.
# The configuration passes only if every such point passes then; how many
# were run again is printed, so a rise shows.
rerun_failed() { # NAME SYSCTLS: 0 when every failed point passes alone
  local name=$1 sysctls=$2 line id fam
  grep '^not ok ' "$WORK/$name.tap" | sed -E 's/^not ok [0-9]+ - //' >"$WORK/$name.failed"
  [ -s "$WORK/$name.failed" ] || return 1
  : >"$WORK/$name.rerun"
  while read -r line; do
    fam=$(printf '%s\n' "$line" | sed -nE 's/.*\(IPv([46])\)$/\1/p')
    id=$(printf '%s\n' "$line" | sed -E 's/ \(IPv[46]\)$//; s/ \[[^]]*\]$//')
    echo "# $name: run again alone: $id (IPv$fam)"
    (cd "$SRC/scripts" && timeout -k 5 60 "$SYNFIN" run -j 1 --family "$fam" --target-opt "sysctl=$sysctls" \
      --filter "$id" $SCRIPTS) >>"$WORK/$name.rerun" 2>&1 || return 1
  done <"$WORK/$name.failed"
  reruns=$((reruns + $(wc -l <"$WORK/$name.failed")))
}
start=$(date +%s)
reruns=0
# Two configurations at a time (each in namespaces of its own): the tests
# mostly wait on the wire and on timers, so this nearly halves the wall time.
grep . >"$WORK/configs" <<'EOF'
syncookies-always net.ipv4.tcp_syncookies=2
options-off net.ipv4.tcp_timestamps=0,net.ipv4.tcp_sack=0,net.ipv4.tcp_window_scaling=0
somaxconn-4 net.core.somaxconn=4
ecn net.ipv4.tcp_ecn=1
sack-off net.ipv4.tcp_sack=0
fin-timeout-rfc1337 net.ipv4.tcp_fin_timeout=5,net.ipv4.tcp_rfc1337=1
abort-overflow-synack-1 net.ipv4.tcp_abort_on_overflow=1,net.ipv4.tcp_synack_retries=1
somaxconn-1-no-cookies net.core.somaxconn=1,net.ipv4.tcp_syncookies=0,net.ipv4.tcp_max_syn_backlog=16
EOF
while read -r name1 sysctls1; do
  read -r name2 sysctls2 || name2=
  run_config "$name1" "$sysctls1" &
  [ -z "$name2" ] || run_config "$name2" "$sysctls2" &
  wait
done <"$WORK/configs"
while read -r name sysctls; do
  rc=$(cat "$WORK/$name.rc")
  if [ "$rc" -ne 0 ] && rerun_failed "$name" "$sysctls"; then
    rc=0
    sed -i 's/^not ok /# was not ok, passed alone: /' "$WORK/$name.tap"
  fi
  [ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/$name.tap" "$WORK/$name.err" "$WORK/$name.rerun" 2>/dev/null |
    grep -v '^#     ok' | grep -B2 -A12 'not ok' | head -60
  check "$name ($sysctls): synfin exits 0 (or what failed passes alone)" test "$rc" -eq 0
  check "$name: no point is not ok" bash -c "! grep -q '^not ok' '$WORK/$name.tap'"
  check "$name: every SKIP says why" bash -c "! grep -E '# SKIP *$' '$WORK/$name.tap'"
  echo "# $name: $(grep -c '^ok ' "$WORK/$name.tap") points ok, $(grep -c '^ok .*# SKIP' "$WORK/$name.tap") of them SKIP"
done <"$WORK/configs"
# The configurations are really applied and really read: SYN cookies always
# on make the tests that need a stateful passive open SKIP, saying why.
check "syncookies=2: the ISN clock test is SKIP for the SYN cookie" \
  has_line "$WORK/syncookies-always.tap" "^ok .*handshake/isn: the ISN of one 4-tuple moves forward.*# SKIP the target answers every SYN with a SYN cookie"
check "timestamps off: the TIME_WAIT timestamp test is SKIP for it" \
  has_line "$WORK/options-off.tap" "^ok .*timewait/syn: TIME_WAIT with timestamps.*# SKIP the target has TCP timestamps off"
check "somaxconn=4: listen(5) is judged by the clamp" \
  has_line "$WORK/somaxconn-4.tap" "^ +ok [0-9]+ - the stack clamps the backlog of 5 to its somaxconn \(4\)"
echo "# $(($(date +%s) - start)) s for the configurations; $reruns failed points passed when run again alone"

# Adapts, not loosens: timestamps off but reported on (setting.timestamps=1).
# The TIME_WAIT timestamp test runs and fails, and so does the check of the
# options in the target's SYN.
run_config lie-ts net.ipv4.tcp_timestamps=0 --target-opt setting.timestamps=1 --family 4 \
  --filter 'timewait/syn: TIME_WAIT with timestamps' 
check "timestamps reported on but off: the timestamp test fails (exit 1)" test "$(cat "$WORK/lie-ts.rc")" -eq 1
check "... at the SYN-ACK without TSopt" not_ok lie-ts "target sends \[S\.\]"
(cd "$SRC/scripts" && "$SYNFIN" run --family 4 --target-opt sysctl=net.ipv4.tcp_timestamps=0 \
  --target-opt setting.timestamps=1 handshake/active-open.lua) >"$WORK/lie-ts2.tap" 2>&1
check "... and the target's SYN is found to lack the timestamps its settings call for" \
  not_ok lie-ts2 "the target's SYN carries the options its settings call for"
# ECN: asked for (tcp_ecn=1) but reported off: an ECN-setup SYN is a failure.
(cd "$SRC/scripts" && "$SYNFIN" run --family 4 --target-opt sysctl=net.ipv4.tcp_ecn=1 \
  --target-opt setting.ecn=0 handshake/active-open.lua) >"$WORK/lie-ecn.tap" 2>&1
check "ECN-setup SYN from a target that reports ecn=0: not ok" not_ok lie-ecn "target sends \[S\]|the target's SYN|target's SYN"
# ... and ECN reported asked for (setting.ecn=1) but off: the plain SYN fails.
(cd "$SRC/scripts" && "$SYNFIN" run --family 4 --target-opt setting.ecn=1 handshake/active-open.lua) \
  >"$WORK/lie-ecn1.tap" 2>&1
check "a plain SYN from a target that reports ecn=1: not ok" not_ok lie-ecn1 "the target's first SYN asks for ECN"
# The backlog clamp: reported 4 but not applied: listen(5) fails.
(cd "$SRC/scripts" && "$SYNFIN" run --family 4 --target-opt setting.somaxconn=4 \
  --filter 'listen(5)' backlog/accept-queue.lua) >"$WORK/lie-max.tap" 2>&1
check "a clamp reported but not applied: listen(5) is not ok" not_ok lie-max "the stack clamps the backlog of 5"
finish
