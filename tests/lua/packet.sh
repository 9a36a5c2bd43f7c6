# The packet shape's tests (tests/lua/packet.lua), run through synfin (one fresh target each).
. "$(dirname "$0")/../lib.sh"
"$SYNFIN" run --family 4 "$SRC/tests/lua/packet.lua" >"$WORK/out.tap" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/out.tap" | grep -v '^#     ok' | head -80
check "every packet test passes" test "$rc" -eq 0
check "all five tests ran" test "$(grep -c "^ok " "$WORK/out.tap")" -eq 5
finish
