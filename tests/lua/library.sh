# The Lua library's tests that need a target (tests/lua/library.lua), run
# through synfin run (one fresh target each); offline.sh runs the rest.
. "$(dirname "$0")/../lib.sh"
"$SYNFIN" run --family 4 "$SRC/tests/lua/library.lua" >"$WORK/out.tap" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/out.tap" | grep -v '^#     ok' | head -80
check "every library test passes" test "$rc" -eq 0
check "the one test ran" test "$(grep -c "^ok " "$WORK/out.tap")" -eq 1
finish
