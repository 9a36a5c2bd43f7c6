# A script with a deliberately wrong expectation must give not ok, with the
# expected and observed segments as YAML diagnostics, and exit status 1.
. "$(dirname "$0")/../lib.sh"
out=$WORK/out.tap
cd "$SRC" || exit 1
"$SYNFIN" run --family 4 "$SRC/tests/selftest/scripts/wrong-expectation.lua" >"$out" 2>"$WORK/err"
rc=$?
check "exit status 1 when a test fails" test "$rc" -eq 1
check "the test point is not ok" contains "$out" "not ok 1 - wrong-expectation: deliberately wrong expectation"
check "the failed assertion names the expectation" contains "$out" "    not ok 1 - target sends [S.] ack 1001"
check "diagnostics show what was expected" contains "$out" "flags: '[S.]'"
check "diagnostics show what was observed" contains "$out" "flags: '[R.]'"
check "diagnostics list the mismatched fields" contains "$out" "- flags"
check "diagnostics point at the script line" contains "$out" "at: 'tests/selftest/scripts/wrong-expectation.lua:10'"
check "prove rejects the stream" bash -c "! prove -e cat '$out' >/dev/null 2>&1"
finish
