# Needs and capabilities (issue 9): a test's needs derived and checked
# offline (needs-offline.lua); against real targets, what the target lacks
# is SKIP with the reason and never not ok: a sysctl on the stack backend
# (before its agent is even started), timestamps that the target's settings
# say are off, an agent's ENOSYS or ENOPROTOOPT; `synfin list --target`
# shows it. A bad `needs` is a script error at file:line.
. "$(dirname "$0")/../lib.sh"
"$SYNFIN" lua "$SRC/tests/lua/needs-offline.lua" >"$WORK/offline.tap" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/offline.tap"
check "the offline needs tests pass" test "$rc" -eq 0
check "all 14 ran" test "$(grep -c '^ok' "$WORK/offline.tap")" -eq 14

run() { # NAME SYNFIN-RUN-ARGS...
  local name=$1
  shift
  "$SYNFIN" run --family 4 "$@" >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
skipped() { has_line "$WORK/$1.tap" "^ok [0-9]+ - $2.*# SKIP .*$3"; }
run linux --target-opt sysctl=net.ipv4.tcp_syncookies=2 --target-opt setting.fin_timeout_ms=7000 \
  --target-opt setting.timestamps=0 "$SRC/tests/lua/needs.lua"
[ "$(cat "$WORK/linux.rc")" -eq 0 ] || sed 's/^/#   /' "$WORK/linux.tap" "$WORK/linux.err" | head -60
check "linux-netns: nothing fails (exit 0)" test "$(cat "$WORK/linux.rc")" -eq 0
check "linux-netns: the sysctl test runs" has_line "$WORK/linux.tap" "^ok [0-9]+ - lua/needs: needs sysctl$"
check "timestamps reported off: SKIP saying so" skipped linux "lua/needs: needs timestamps" "timestamps off"
check "an agent's ENOSYS: SKIP with its reason" skipped linux "lua/needs: agent answers ENOSYS" "ENOSYS no tuple_state in this stack"
check "an agent's ENOPROTOOPT: SKIP with its reason" skipped linux "lua/needs: agent answers ENOPROTOOPT" "ENOPROTOOPT no maxseg"
check "settings: reported, overridden, sysctl= applied" has_line "$WORK/linux.tap" "^ok [0-9]+ - lua/needs: settings"
# The stack backend has no sysctl: SKIP before the target opens (cmd=false
# would fail the test if its agent were started).
run stack --target stack --target-opt cmd=false --filter "needs sysctl" "$SRC/tests/lua/needs.lua"
check "stack: a test that sets a sysctl is SKIP (exit 0)" test "$(cat "$WORK/stack.rc")" -eq 0
check "stack: ... saying the target cannot set sysctls" skipped stack "lua/needs: needs sysctl" "needs sysctl: the target cannot"
# synfin list --target
(cd "$SRC" && "$SYNFIN" list --target stack scripts/timewait/rst.lua scripts/reset/closed-port.lua) >"$WORK/list.txt" 2>&1
check "list --target stack: a sysctl test will skip, with the reason" \
  has_line "$WORK/list.txt" "^    on stack: skip \(needs sysctl: the target cannot set"
check "list --target stack: a plain test will run" has_line "$WORK/list.txt" "^    on stack: will run$"
"$SYNFIN" list --target nonesuch scripts >/dev/null 2>&1
check "list --target with an unknown target: exit 2" test $? -eq 2
# The target options every target takes, and linux-netns's sysctl= list.
"$SYNFIN" run --target-opt sysctl=net.ipv4.tcp_sack "$SRC/tests/lua/needs.lua" >"$WORK/bad-sysctl.out" 2>&1
check "sysctl= without a value: usage error (exit 2)" test $? -eq 2
check "... quoting it" contains "$WORK/bad-sysctl.out" "sysctl=net.ipv4.tcp_sack: want NAME=VALUE[,NAME=VALUE...]"
"$SYNFIN" run --target-opt profile=nonesuch "$SRC/tests/lua/needs.lua" >/dev/null 2>&1
check "profile= with an unknown profile: usage error (exit 2)" test $? -eq 2
"$SYNFIN" run --target-opt setting.timestamps "$SRC/tests/lua/needs.lua" >/dev/null 2>&1
check "setting. without a value: usage error (exit 2)" test $? -eq 2
run profile --target-opt profile=rfc9293 --filter "tcp_rfc1337=1" "$SRC/scripts/timewait/rst.lua"
check "profile=rfc9293: Linux's documented RFC 1337 behaviour is a failure there" \
  has_line "$WORK/profile.tap" "^ +not ok [0-9]+ - a RST in TIME_WAIT enters CLOSED \(deviates\)"
# A bad needs value: the script does not load, and the message has file:line.
printf 'local synfin = require "synfin"\nsynfin.test { name = "x",\n  needs = { "ipv7" }, run = function() end }\n' >"$WORK/bad.lua"
"$SYNFIN" list "$WORK/bad.lua" >"$WORK/bad.txt" 2>&1
check "a bad need: list fails" test $? -ne 0
check "... naming the script's line and the bad value" has_line "$WORK/bad.txt" "bad\.lua:2: test 'x': needs entry \"ipv7\" is not a capability"
finish
