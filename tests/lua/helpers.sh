# Tests of the helper library's primitives (synfin.seq, t:next), run through synfin.
. "$(dirname "$0")/../lib.sh"
"$SYNFIN" run --family 4 "$SRC/tests/lua/helpers.lua" >"$WORK/out.tap" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/out.tap" | grep -v '^#     ok' | head -80
check "every helper test passes" test "$rc" -eq 0
check "all four tests ran" test "$(grep -c "^ok " "$WORK/out.tap")" -eq 4
finish
