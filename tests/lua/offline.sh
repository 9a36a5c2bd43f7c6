# The Lua library's tests that need no target (tests/lua/offline.lua), run
# by `synfin lua` as an unprivileged user: no root, no namespace.
. "$(dirname "$0")/../lib.sh"
run=()
if [ "$(id -u)" -eq 0 ]; then
  need setpriv
  run=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
fi
"${run[@]}" "$SYNFIN" lua "$SRC/tests/lua/offline.lua" >"$WORK/out.tap" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/out.tap" "$WORK/err" | grep -v '^#   ok' | head -80
check "every offline library test passes, unprivileged (exit $rc)" test "$rc" -eq 0
tests=$(grep -c '^test {' "$SRC/tests/lua/offline.lua")
check "all $tests tests ran to the end" test "$(grep -c '^ok [0-9]* - .*: runs to the end$' "$WORK/out.tap")" -eq "$tests"
check "nothing on stderr" test ! -s "$WORK/err"
# A failing check is a failure: the stream cannot pass what it did not check.
printf 'local t = 1\nprint("not ok 1 - x")\nos.exit(t == 1 and 1 or 0, true)\n' >"$WORK/fail.lua"
chmod 644 "$WORK/fail.lua"
chmod 755 "$WORK"
"${run[@]}" "$SYNFIN" lua "$WORK/fail.lua" arg1 >/dev/null 2>&1
check "synfin lua passes on the file's os.exit status" test $? -eq 1
printf 'error("boom")\n' >"$WORK/err.lua"
chmod 644 "$WORK/err.lua"
"${run[@]}" "$SYNFIN" lua "$WORK/err.lua" >/dev/null 2>"$WORK/err.out"
check "a Lua error: exit 1" test $? -eq 1
check "a Lua error: printed at its file:line" contains "$WORK/err.out" "err.lua:1: boom"
finish
