# The report files of --report DIR, read by their consumers: junit.xml by
# junitparser (a JUnit consumer), results.json by Python's json, index.html
# rendered by headless Chromium (the DOM after rendering, and a screenshot);
# synfin report renders the same page again from results.json, and
# --compare between a clean run and one against a broken target lists
# exactly the tests that changed. Also: progress on stderr only when it is
# a terminal, with the TAP unchanged.
. "$(dirname "$0")/../lib.sh"
need chromium xmllint script
# Debian's Python, where python3-junitparser is (not a python3 earlier in PATH).
PY=/usr/bin/python3
"$PY" -c 'import junitparser' 2>/dev/null || skip "python3-junitparser is not installed (tools/dev deps installs it)"

# A stack that closes in order where it must reset: its RST,ACK becomes FIN,ACK.
BREAK="setup=$NFT_OUT tcp flags \"&\" \"(rst|ack)\" == \"rst|ack\" tcp flags set \"fin|ack\""
SCRIPTS=("$SRC/scripts/reset/abort.lua" "$SRC/scripts/close/orderly-close.lua")
"$SYNFIN" run --family 4 --report "$WORK/clean" "${SCRIPTS[@]}" >"$WORK/clean.tap" 2>"$WORK/clean.err" &
"$SYNFIN" run --family 4 --report "$WORK/broken" --target-opt "$BREAK" "${SCRIPTS[@]}" >"$WORK/broken.tap" 2>"$WORK/broken.err"
echo $? >"$WORK/broken.rc"
wait $! 
echo $? >"$WORK/clean.rc"
check "clean run: exit 0" test "$(cat "$WORK/clean.rc")" -eq 0
check "broken run: exit 1" test "$(cat "$WORK/broken.rc")" -eq 1
check "no progress line when stderr is not a terminal" lacks "$WORK/clean.err" "tests done"
points=$(grep -c '^\(not \)\{0,1\}ok ' "$WORK/broken.tap")
fails=$(grep -c '^not ok ' "$WORK/broken.tap")
check "the broken run fails the two abort tests" test "$fails" -eq 2

# junit.xml, as a JUnit consumer reads it.
check "junit.xml is well-formed XML" xmllint --noout "$WORK/broken/junit.xml"
"$PY" - "$WORK/broken/junit.xml" "$points" "$fails" >"$WORK/junit.out" 2>&1 <<'PY'
import sys
from junitparser import JUnitXml, Failure, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
suites = list(xml)
cases = [c for s in suites for c in s]
failed = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
print("suites", len(suites), "cases", len(cases), "failed", len(failed))
assert [s.name for s in suites] == ["reset/abort", "close/orderly-close"], [s.name for s in suites]
assert len(cases) == int(sys.argv[2]) and len(failed) == int(sys.argv[3])
assert sum(s.tests for s in suites) == len(cases) and sum(s.failures for s in suites) == len(failed)
# The oracle catches the FIN first (a segment sent in CLOSED): the failure
# names the rule and carries expected against observed, the FIN included.
msg, text = failed[0].result[0].message, failed[0].result[0].text
assert "RFC 9293" in msg, msg
assert "expected:" in text and "observed:" in text and "Flags [F.]" in text, text
print("ok")
PY
check "junitparser reads the suites, cases and failures (expected against observed)" contains "$WORK/junit.out" "ok"

# results.json: every test, with its segments.
"$PY" - "$WORK/broken" "$points" >"$WORK/json.out" 2>&1 <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1] + "/results.json"))
tests = d["tests"]
assert len(tests) == int(sys.argv[2]), len(tests)
assert d["run"]["target"]["name"] == "linux-netns" and d["run"]["kernel"]["release"] and d["synfin"]["version"]
for t in tests:
    assert t["id"].startswith(("reset/abort: ", "close/orderly-close: ")), t["id"]
    assert t["verdict"] in ("pass", "fail") and t["claims"] and t["rfc"] and t["transitions"], t["id"]
    assert os.path.exists(os.path.join(sys.argv[1], t["pcap"])), t["pcap"]
    for s in t["segments"]:
        assert s["dir"] in "<>" and "time" in s and "seq" in s and "rel_seq" in s and "win" in s and "len" in s
bad = [t for t in tests if t["verdict"] == "fail"][0]
assert bad["failure"]["transition"] == "ESTABLISHED --ABORT/snd RST--> CLOSED", bad["failure"]
assert bad["segments"][bad["failure"]["segment"] - 1]["flags"] == "F.", bad["segments"]
print("ok")
PY
check "results.json has every test with its segments, pcap and failing transition" contains "$WORK/json.out" "ok"

# index.html, as a browser renders it.
browse() { timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$WORK/chrome" --window-size=1366,900 "$@" 2>/dev/null; }
(cd "$WORK" && browse --screenshot="$WORK/shot.png" "file://$WORK/broken/index.html") >/dev/null
check "chromium takes a screenshot of index.html" test -s "$WORK/shot.png"
browse --dump-dom "file://$WORK/broken/index.html" >"$WORK/dom.html"
tr -d '\n' <"$WORK/dom.html" | sed 's/<tr/\n<tr/g' >"$WORK/rows.html" # one table row a line
check "rendered: the claim matrix, S6.2 failed" has_line "$WORK/rows.html" '^<tr data-claim="S6.2">.*<td class="fail">fail</td></tr>'
check "rendered: the claim matrix, S2.1 passed" has_line "$WORK/rows.html" '^<tr data-claim="S2.1">.*<td class="pass">pass</td></tr>'
check "rendered: the failing test's ladder, its FIN marked" has_line "$WORK/dom.html" 'class="seg offending"'
check "rendered: the marked segment is the FIN" contains "$WORK/dom.html" '[F.] seq 1 ack 1 len 0'
check "rendered: the state diagram's failed edge" has_line "$WORK/dom.html" 'class="edge failed" data-edge="ESTABLISHED --ABORT/snd RST--&gt; CLOSED"'
check "rendered: the pcap is linked" has_line "$WORK/dom.html" '<a href="pcap/[0-9]+-reset_abort'
check "self-contained: no script, nothing fetched" bash -c "! grep -qiE '<script|src=\"http|href=\"http' '$WORK/broken/index.html'"

# synfin report: the same page again from results.json.
cp "$WORK/broken/index.html" "$WORK/first.html"
rm "$WORK/broken/index.html"
"$SYNFIN" report "$WORK/broken" >/dev/null
check "synfin report renders index.html again, the same" cmp -s "$WORK/first.html" "$WORK/broken/index.html"
"$SYNFIN" report --compare "$WORK/clean" "$WORK/broken" >"$WORK/cmp.out"
check "compare: exit 1 when something changed" test $? -eq 1
check "compare: exactly the two abort tests changed" test "$(grep -c '^  pass -> fail  reset/abort: ' "$WORK/cmp.out")" -eq 2
check "compare: nothing else changed" contains "$WORK/cmp.out" "2 tests changed, 1 claims changed"
check "compare: S6.2's coverage changed" has_line "$WORK/cmp.out" "^  S6.2: pass \([0-9]+ tests\) -> fail \([0-9]+ tests\)$"
"$SYNFIN" report --compare "$WORK/clean/results.json" "$WORK/clean" >"$WORK/same.out"
check "compare: a run against itself, exit 0" test $? -eq 0
"$SYNFIN" report --claims "$WORK/clean" "$WORK/broken" >"$WORK/claims.md"
check "claims table: exit 0" test $? -eq 0
check "claims table: a column per run" has_line "$WORK/claims.md" '^\| claim \| linux-netns \| linux-netns \|$'
check "claims table: S6.2 conformant, then deviates" has_line "$WORK/claims.md" \
  '^\| S6.2 [^|]* \| conformant \([0-9]+\) \| deviates \(2 of [0-9]+\) \|$'
check "claims table: a claim no test ran is not covered" has_line "$WORK/claims.md" '^\| S7.1 [^|]* \| not covered \| not covered \|$'
check "claims table: every claim has its row" test "$(grep -c '^| S[0-9]' "$WORK/claims.md")" -eq 29
"$SYNFIN" report "$WORK/nosuch" >/dev/null 2>"$WORK/nosuch.err"
check "report of a directory without results.json: exit 2" test $? -eq 2

# Progress on a terminal (script gives stderr one), TAP unchanged.
script -qec "'$SYNFIN' run --family 4 '$SRC/scripts/close/orderly-close.lua' >'$WORK/tty.tap'" "$WORK/tty.log" >/dev/null
check "progress on a terminal: tests done of the total" contains "$WORK/tty.log" "2/2 tests done, 0 failed"
"$SYNFIN" run --family 4 "$SRC/scripts/close/orderly-close.lua" >"$WORK/notty.tap" 2>/dev/null
norm() { sed -E 's/(seq|ack|val|ecr)[ =:]+[0-9]+/\1 N/g; s/(ack_relative|seq_relative): [0-9]+/\1: N/' "$1"; }
check "progress on a terminal: the TAP is the same" cmp -s <(norm "$WORK/tty.tap") <(norm "$WORK/notty.tap")
finish
