# A script's mistake (bad claim ID, target field, segment field, flag
# letter, address) is one not ok naming the script's own file:line, not the
# library's, and quoting the bad value; the run goes on.
. "$(dirname "$0")/../lib.sh"
cd "$SRC/tests/selftest/scripts" || exit 1
out=$WORK/out.tap
"$SYNFIN" run --family 4 misuse >"$out" 2>"$WORK/err"
rc=$?
check "exit status 1" test "$rc" -eq 1
check "a bad claim ID at its line, quoted" contains "$out" \
  "script did not load: misuse/bad-claim.lua:4: test 'names an unknown claim': claim \"S99.1\" is not in SEED-CLAIMS.md"
check "a bad target field at its line, quoted" contains "$out" \
  "script did not load: misuse/bad-target.lua:4: test 'misspells a target field': unknown target field \"mtux\""
check "a window too large at the t:send line, quoted" contains "$out" \
  "script error: misuse/bad-send.lua:7: segment field 'win' must be an integer from 0 to 65535, got 70000"
check "an unknown flag letter at the t:send line" has_line "$out" \
  "script error: misuse/bad-send.lua:14: .*flag letter 'Z'"
check "an address that is a table is quoted by its contents" contains "$out" \
  "script error: misuse/bad-send.lua:21: segment field 'dst' must be an IPv4 or IPv6 address, got {198, 18, 0, 2}"
check "a MAC address cut short at the t:send line, quoted" contains "$out" \
  "script error: misuse/bad-send.lua:28: segment field 'eth_src' must be a MAC address like 02:53:46:00:00:01, got \"02:53:46:00:00\""
check "a burst of no segments at the t:send_burst line" contains "$out" \
  "script error: misuse/bad-send.lua:35: send_burst: count must be 1 to 10000000, got 0"
check "a burst on a t:tcp endpoint's ports is refused at its line" contains "$out" \
  "script error: misuse/bad-send.lua:45: send_burst: port 30000 > 80 belongs to a t:tcp endpoint; use t:send"
check "no message blames the library" bash -c "! grep -E '(script error|did not load): [^ ]*lua/synfin/' '$out'"
check "every test got its point" contains "$out" "1..8"
finish
