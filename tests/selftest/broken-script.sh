# A script with a Lua syntax error is one not ok naming file:line, and the
# scripts after it still run; a runtime error inside a test is one not ok
# with file:line too; a test that asserts nothing is not ok.
. "$(dirname "$0")/../lib.sh"
out=$WORK/out.tap
cd "$SRC/tests/selftest/scripts" || exit 1
dir=broken-syntax
"$SYNFIN" run --family 4 "$dir" >"$out" 2>"$WORK/err"
rc=$?
check "exit status 1" test "$rc" -eq 1
check "the test before the broken script passes" contains "$out" "ok 1 - broken-syntax/a-first: runs before the broken script"
check "the syntax error is one not ok naming file:line" contains "$out" "not ok 2 - broken-syntax/b-broken: script did not load: $dir/b-broken.lua:4:"
check "the runtime error names file:line" contains "$out" "not ok 3 - broken-syntax/c-runtime: calls a nil value"
check "the runtime error's message carries file:line" contains "$out" "$dir/c-runtime.lua:6: attempt to call a nil value"
check "the runtime error's diagnostics point at the script line" contains "$out" "at: '$dir/c-runtime.lua:6'"
"$SYNFIN" run --family 4 "$SRC/tests/selftest/scripts/$dir/b-broken.lua" >"$WORK/abs.tap" 2>&1
check "an absolute path below the working directory is shown relative" contains "$WORK/abs.tap" "broken-syntax/b-broken: script did not load: $dir/b-broken.lua:4:"
check "the scripts after it still run" contains "$out" "ok 4 - broken-syntax/d-last: still runs after the broken scripts"
check "a test without assertions is not ok" contains "$out" "not ok 5 - broken-syntax/d-last: makes no assertion"
check "the plan counts every test point" contains "$out" "1..5"
check "prove parses the stream" bash -c "prove -e cat '$out' 2>&1 | grep -q 'Failed: 3'"
finish
