# A test with cells (synfin.test{ cells = ... }, the matrix's) prints one
# top-level point per cell, in the plan: each with its own verdict, and a
# failure of what the cells share (a failed step, a script error, a target
# that cannot be set up, a process that dies) failing every cell it leaves
# unjudged, so it is seen and counted. tests/selftest/scripts/cells.lua and
# cells-dies.lua make each on purpose; the expected points are written here.
. "$(dirname "$0")/../lib.sh"
cd "$SRC/tests/selftest/scripts" || exit 1
out=$WORK/cells.tap
"$SYNFIN" run -j 2 --family 4 --report "$WORK/r" cells.lua >"$out" 2>"$WORK/err"
echo $? >"$WORK/cells.rc"

check "exit status 1" failed_with cells
check "the plan counts the cells (2 + 2 + 5 + 1, a test without cells 1, a slow one's 2)" has_line "$out" '^1\.\.13$'
check "a failed step the cells share fails each of them, saying so" test \
  "$(grep -cE "^not ok [12] - cells/shared/[ab]: not judged, the part the cells share failed: the set-up the cells share$" "$out")" -eq 2
check "... with that step's diagnostics" contains "$out" "  failed: the set-up the cells share"
check "a script error fails every cell, with file:line" test \
  "$(grep -cE '^not ok [34] - cells/error/[ab]: not judged, .*script error: cells.lua:23: boom' "$out")" -eq 2
check "a cell that holds is ok under its check's name" has_line "$out" '^ok 5 - cells/own/pass: holds$'
check "a cell that fails is not ok, with its diagnostics" \
  bash -c "grep -A3 '^not ok 6 - cells/own/fail: deviates$' '$out' | grep -q '^  expected: A$'"
check "a cell's SKIP keeps its reason" has_line "$out" '^ok 7 - cells/own/skip # SKIP no such position here$'
check "a cell never checked is not ok" has_line "$out" '^not ok 8 - cells/own/unchecked$'
check "a failure tagged with a cell fails that cell only" \
  bash -c "grep -A4 '^not ok 9 - cells/own/tagged: holds$' '$out' | grep -q \"failed: 'a finding on the cell''s own connection'\""
check "a test skipped whole skips its cells" has_line "$out" '^ok 10 - cells/skipped/a # SKIP the target cannot be driven there$'
check "a test without cells is one point, as before" has_line "$out" '^ok 11 - cells: no cells: one point$'
check "a slow test's cells are skipped in the plan pass" test "$(grep -cE '^ok 1[23] - cells/slow/[ab] # SKIP slow test' "$out")" -eq 2
prove -e cat "$out" >"$WORK/prove.out" 2>&1
check "prove reads 13 tests, 7 failed" contains "$WORK/prove.out" "Tests: 13 Failed: 7)"
check "results.json: one record per test (6), its cells inside, numbered by its first point" \
  /usr/bin/python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["tests"]
sys.exit(not ([len(x.get("cells", [])) for x in t] == [2, 2, 5, 1, 0, 2] and [x["number"] for x in t] == [1, 3, 5, 10, 11, 12]))' \
  "$WORK/r/results.json"
check "junit.xml: one testcase per cell" test "$(grep -c '<testcase ' "$WORK/r/junit.xml")" -eq 13

# The target cannot be set up: every cell not ok with the reason.
"$SYNFIN" run -j 2 --family 4 --target-opt 'setup=exit 1' --filter 'cells/own' cells.lua >"$WORK/setup.tap" 2>&1
check "a target that cannot be set up fails every cell (5)" test \
  "$(grep -cE "^not ok [1-5] - cells/own/[a-z]+$" "$WORK/setup.tap")" -eq 5
check "... saying why" contains "$WORK/setup.tap" "command ''exit 1'' failed"
check "a filter naming a cell runs that one point" bash -c \
  "'$SYNFIN' run -j 2 --family 4 --filter cells/own/skip cells.lua | grep -qx '1..1'"

# The test's process dies after one cell's point: the others fail, the plan holds.
"$SYNFIN" run -j 2 --family 4 cells-dies.lua >"$WORK/dies.tap" 2>&1
check "a process that dies: the point it printed stays" has_line "$WORK/dies.tap" '^ok 1 - cells-dies/a: printed before the end$'
check "... the two it did not print are not ok, saying why" test \
  "$(grep -cE "^not ok [23] - cells-dies: dies$" "$WORK/dies.tap")" -eq 2
check "... and the plan holds (3 cells, 1 more test)" bash -c \
  "grep -qx '1..4' '$WORK/dies.tap' && grep -qx 'ok 4 - cells-dies: after it' '$WORK/dies.tap'"
prove -e cat "$WORK/dies.tap" >"$WORK/dies.prove" 2>&1
check "... as prove reads it: 4 tests, 2 failed, no parse error" \
  bash -c "grep -q 'Tests: 4 Failed: 2)' '$WORK/dies.prove' && ! grep -q 'Parse errors' '$WORK/dies.prove'"
"$SYNFIN" run -j 2 --family 4 --report "$WORK/rd" cells-dies.lua >/dev/null 2>&1
check "... and junit.xml still has a testcase per cell (its record the stub)" \
  test "$(grep -c '<testcase name="cells-dies/' "$WORK/rd/junit.xml")" -eq 3
finish
