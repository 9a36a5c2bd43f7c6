# The state x segment matrix (scripts/matrix/) against Linux, over IPv4 and
# IPv6, each family in under 60 s at the default -j: every cell runs, none
# deviates beyond the linux profile's documented deviations, and the report's
# matrix picture shows each cell (states down, segment kinds across, a square
# per position). A target broken on purpose (its pure ACKs dropped on the
# way out) fails in exactly the cells whose expectation is such an ACK, and
# the picture turns those red. Each cell is a top-level TAP point of its own
# (synfin.cells): 1040 in the plan, read as 1040 tests by prove and as 1040
# testcases in junit.xml. Also: the directory stays out of scripts/.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
BUDGET=60

for fam in 4 6; do
  start=$(date +%s.%N)
  "$SYNFIN" run --family $fam --report "$WORK/r$fam" "$SRC/scripts/matrix" >"$WORK/m$fam.tap" 2>"$WORK/m$fam.err"
  echo $? >"$WORK/m$fam.rc"
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  echo "# matrix against Linux, IPv$fam: $secs s (budget $BUDGET s)"
  check "IPv$fam: exit status 0 (every failure documented)" test "$(cat "$WORK/m$fam.rc")" -eq 0
  check "IPv$fam: all 1040 cells ran, each a top-level point" \
    test "$(grep -cE '^(not )?ok [0-9]+ - matrix/[^:]+/[^:]+/[^:/ ]+[: ]' "$WORK/m$fam.tap")" -eq 1040
  check "IPv$fam: the plan counts the cells" has_line "$WORK/m$fam.tap" '^1\.\.1040$'
  check "IPv$fam: no cell deviates beyond the profile" \
    test "$(grep -E '^not ok [0-9]+ - matrix/' "$WORK/m$fam.tap" | grep -vc '# TODO')" -eq 0
  prove -e cat "$WORK/m$fam.tap" >"$WORK/prove$fam.out" 2>&1
  check "IPv$fam: prove reads 1040 tests, all passing" \
    bash -c "grep -q '^Files=1, Tests=1040,' '$WORK/prove$fam.out' && grep -q '^Result: PASS' '$WORK/prove$fam.out'"
  check "IPv$fam: junit.xml has a testcase per cell" \
    test "$(grep -cE '<testcase name="matrix/[^"]+/[^"]+/[^" ]+ \(IPv'$fam'\)"' "$WORK/r$fam/junit.xml")" -eq 1040
  check "IPv$fam: within $BUDGET s ($secs s)" awk -v s="$secs" -v b="$BUDGET" 'BEGIN { exit !(s < b) }'
  check "IPv$fam: the profile has no documented deviation this run did not show" lacks "$WORK/m$fam.err" "not seen"
  check "IPv$fam: Linux is driven into every state (no cell skipped for that)" lacks "$WORK/m$fam.tap" "could not be driven"
done
check "a cell names the rule, the model's expectation and the verdict" has_line "$WORK/m4.tap" \
  '^ok [0-9]+ - matrix/ESTABLISHED/RST/inside: ACK<SEQ=SND.NXT><ACK=RCV.NXT>, ESTABLISHED \(RFC 5961 3.2\) \[RFC 793: nothing, CLOSED\] conformant$'
check "a documented cell says so" has_line "$WORK/m4.tap" \
  '^not ok [0-9]+ - matrix/TIME-WAIT-by-close/RST/inside: .* # TODO deviates as documented for linux: '
check "a position that does not exist in the state is a SKIP with the reason" has_line "$WORK/m4.tap" \
  '^ok [0-9]+ - matrix/TIME-WAIT-by-close/ACK/ack-in-flight # SKIP nothing in flight'

# The picture, read from the page.
"$PY" - "$WORK/r4/index.html" "$WORK/r6/index.html" >"$WORK/picture.out" 2>&1 <<'PY'
import re, sys
for path, fam in zip(sys.argv[1:], ("4", "6")):
    html = open(path).read()
    table = re.search(r'<table class="matrix" data-family="%s">(.*?)</table>' % fam, html, re.S).group(1)
    rows = re.findall(r"<tr><th>([^<]+)</th>(.*?)</tr>", table, re.S)[1:]
    cells = re.findall(r'class="mx (\w+)" title="([^"]+)"', table)
    kinds = re.findall(r"<th>([^<]+)</th>", table.split("</tr>")[0])[1:]
    assert len(rows) == 13 and rows[0][0] == "CLOSED" and rows[-1][0] == "TIME-WAIT-by-shutdown", [r[0] for r in rows]
    assert kinds[0] == "SYN" and kinds[-1] == "data" and len(kinds) == 11, kinds
    assert len(cells) == 1040, len(cells)
    verdicts = {v for v, _ in cells}
    assert verdicts <= {"conformant", "documented", "skip"}, verdicts
    assert 'title="matrix/TIME-WAIT-by-close/RST/inside: documented"' in table
    assert 'title="matrix/ESTABLISHED/RST/inside: conformant"' in table
    print("IPv" + fam, {v: sum(1 for c, _ in cells if c == v) for v in sorted(verdicts)})
print("ok")
PY
cat "$WORK/picture.out" | sed 's/^/# /'
check "the report's picture: 13 states x 11 kinds, 1040 squares per family, none red" contains "$WORK/picture.out" "ok"

# A broken target: the target's pure ACKs never leave. Exactly the cells of
# the ESTABLISHED row whose model expectation is an ACK, and which Linux
# passes, fail; the others keep their verdict.
"$SYNFIN" run --family 4 --report "$WORK/broken" --target-opt "setup=$NFT_OUT tcp flags == ack drop" \
  --filter 'matrix/ESTABLISHED:*' "$SRC/scripts/matrix" >"$WORK/broken.tap" 2>"$WORK/broken.err"
echo $? >"$WORK/broken.rc"
grep -E '^ok [0-9]+ - matrix/ESTABLISHED/[^:]+: ACK<' "$WORK/m4.tap" | grep -v '# SKIP' |
  sed -E 's/^ok [0-9]+ - (matrix\/[^:]+):.*/\1/' | sort >"$WORK/acks"
grep -E '^not ok [0-9]+ - matrix/' "$WORK/broken.tap" | grep -v '# TODO' |
  sed -E 's/^not ok [0-9]+ - (matrix\/[^:]+):.*/\1/' | sort >"$WORK/broken.cells"
check "broken target: exit status 1" failed_with broken
check "broken target: some cells expect an ACK" test "$(wc -l <"$WORK/acks")" -gt 20
check "broken target: exactly the cells that expect an ACK fail" diff -u "$WORK/acks" "$WORK/broken.cells"
# The YAML block of one failing cell's point.
awk '/^not ok [0-9]+ - matrix\/ESTABLISHED\/ACK\/outside-left: /{on=1; next} on && /^  \.\.\./{exit} on' \
  "$WORK/broken.tap" >"$WORK/broken.yaml"
check "broken target: a failing cell's point carries what was expected and observed" \
  bash -c "grep -q \"^  expected: 'ACK<\" '$WORK/broken.yaml' && grep -q '^  observed: ' '$WORK/broken.yaml'"
check "... the RFC sentence and the script line" \
  bash -c "grep -q '^  sentence: ' '$WORK/broken.yaml' && grep -q '^  at: ' '$WORK/broken.yaml'"
prove -e cat "$WORK/broken.tap" >"$WORK/broken.prove" 2>&1
check "broken target: prove counts them failed" contains "$WORK/broken.prove" "Failed: $(wc -l <"$WORK/acks"))"
check "broken target: the picture shows them red" test \
  "$(grep -o 'class="mx deviates" title=' "$WORK/broken/index.html" | wc -l)" -eq "$(wc -l <"$WORK/acks")"

# Cells are ids of their own: listed, and a filter that names one runs it alone.
"$SYNFIN" run --family 4 --filter 'matrix/*/RST/left-edge' "$SRC/scripts/matrix" >"$WORK/one.tap" 2>&1
check "a filter on cell ids runs those cells only (13 rows, 13 points)" has_line "$WORK/one.tap" '^1\.\.13$'
check "... and each names itself" test "$(grep -cE '^(not )?ok [0-9]+ - matrix/[^/]+/RST/left-edge: ' "$WORK/one.tap")" -eq 13

# Not part of the default suite: scripts/matrix/.opt-in keeps it out of scripts/.
"$SYNFIN" list "$SRC/scripts" >"$WORK/list.txt" 2>&1
check "synfin list scripts/ has no matrix test" lacks "$WORK/list.txt" "matrix/"
"$SYNFIN" list "$SRC/scripts/matrix" >"$WORK/mlist.txt" 2>&1
check "synfin list scripts/matrix lists its 143 tests" test "$(grep -c '^matrix/' "$WORK/mlist.txt")" -eq 143
check "... and their 1040 cells" test "$(grep -c '^    cell: matrix/' "$WORK/mlist.txt")" -eq 1040
finish
