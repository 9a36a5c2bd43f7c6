# A stack's documented deviations (a profile's `deviations`): a failure the
# profile documents is "not ok ... # TODO deviates as documented", which TAP
# and synfin's exit status count as expected; one it does not document stays
# a failure; `synfin report --check-profile` finds both a failure the profile
# lacks and a documented deviation the run did not show.
. "$(dirname "$0")/../lib.sh"

# A broken stack: it never sends RST (nft drops them on the way out).
BROKEN="setup=$NFT_OUT tcp flags rst drop"
TEST="reset/closed-port: SYN to a closed port is answered by RST,ACK"
cat >"$WORK/norst.lua" <<PROFILE
return {
  name = "norst",
  deviations = {
    { test = "reset/closed-port: SYN to a closed port*", check = "target sends ",
      rfc = "RFC 9293 3.10.7.1", what = "no RST ever leaves this stack", where = "nft: output drop" },
  },
}
PROFILE
sed 's/^  name = "norst",/  name = "norst4",/; s/where = "nft: output drop" }/where = "nft: output drop", family = 4 }/' \
  "$WORK/norst.lua" >"$WORK/norst4.lua"
cat >"$WORK/stale.lua" <<'PROFILE'
return { name = "stale", deviations = {
  { test = "reset/closed-port: SYN to a closed port*", check = "a check that never fails",
    what = "a deviation this stack does not have" },
  { test = "reset/closed-port: RST to a closed port*", what = "in a test that did not run: not stale" } } }
PROFILE

run() { # NAME PROFILE-FILE
  "$SYNFIN" run --report "$WORK/$1" --profile "$2" --target-opt "$BROKEN" --filter 'SYN to a closed port' \
    "$SRC/scripts/reset/closed-port.lua" >"$WORK/$1.tap" 2>"$WORK/$1.err"
  echo $? >"$WORK/$1.rc"
}
run doc "$WORK/norst.lua"
check "every failure documented: exit status 0" test "$(cat "$WORK/doc.rc")" -eq 0
check "the failed check is not ok with TODO and the profile's words" has_line "$WORK/doc.tap" \
  "^    not ok [0-9]+ - target sends .* # TODO deviates as documented for norst: no RST ever leaves this stack \(nft: output drop; RFC 9293 3.10.7.1\)"
check "the test's point is not ok # TODO (IPv4)" has_line "$WORK/doc.tap" \
  "^not ok [0-9]+ - $TEST.*\(IPv4\) # TODO deviates as documented for norst"
check "the test's point is not ok # TODO (IPv6)" has_line "$WORK/doc.tap" \
  "^not ok [0-9]+ - $TEST.*\(IPv6\) # TODO deviates as documented for norst"
check "prove counts the run as passing" prove -e cat "$WORK/doc.tap"
check "results.json: verdict documented" grep -q '"verdict": *"documented"' "$WORK/doc/results.json"
check "junit.xml: no failure, the deviation in system-out" sh -c \
  "! grep -q '<failure' '$WORK/doc/junit.xml' && grep -q 'deviates as documented' '$WORK/doc/junit.xml'"
check "the HTML report counts it" contains "$WORK/doc/index.html" "2 deviate as documented"
"$SYNFIN" report --check-profile "$WORK/norst.lua" "$WORK/doc" >"$WORK/doc.check"
check "check-profile: the run agrees with the profile" test $? -eq 0

run doc4 "$WORK/norst4.lua"
check "documented for IPv4 only: exit status 1" failed_with doc4
check "documented for IPv4 only: IPv6 is a plain not ok" has_line "$WORK/doc4.tap" "^not ok [0-9]+ - $TEST.*\(IPv6\)$"
"$SYNFIN" report --check-profile "$WORK/norst4.lua" "$WORK/doc4" >"$WORK/doc4.check"
check "check-profile: the IPv6 failure is not documented (exit 1)" test $? -eq 1
check "check-profile: names it" contains "$WORK/doc4.check" "deviates, not documented: $TEST"

"$SYNFIN" report --check-profile "$WORK/stale.lua" "$WORK/doc" >"$WORK/stale.check"
check "check-profile: a documented deviation not seen fails (exit 1)" test $? -eq 1
check "check-profile: names the stale entry" contains "$WORK/stale.check" "documented, not seen: deviations[1]"
check "check-profile: an entry whose test did not run is not stale" lacks "$WORK/stale.check" "deviations[2]"

echo "1..$n"
[ "$failed" -eq 0 ] || exit 1
