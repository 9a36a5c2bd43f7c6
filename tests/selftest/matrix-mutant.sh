# A model broken in one rule must make the matrix against Linux fail in
# exactly the cells that rule decides. synfin-mutant (CMake
# SYNFIN_MODEL_MUTATION=rst_in_window_accepts) resets on every in-window RST,
# as if RFC 5961 3.2 were off: the cells RST and RST-ACK at "inside" and
# "right-edge" of every state with a receive window where Linux sends the
# challenge ACK (TIME-WAIT aside: Linux sends none there, documented) must
# fail, plainly, and every other cell keep its verdict (no other plain
# failure; Linux's documented deviations stay TODO). IPv4, the whole matrix:
# each cell a top-level point, so 32 top-level not ok points, as prove counts.
. "$(dirname "$0")/../lib.sh"
MUTANT="$BUILD/synfin-mutant"
[ -x "$MUTANT" ] || skip "no $MUTANT (configure with -DSYNFIN_MODEL_MUTATION=rst_in_window_accepts)"

"$MUTANT" run --family 4 "$SRC/scripts/matrix" >"$WORK/mutant.tap" 2>"$WORK/mutant.err"
echo $? >"$WORK/mutant.rc"

# The cells that fail plainly (not a documented deviation), one id a line.
grep -E '^not ok [0-9]+ - matrix/' "$WORK/mutant.tap" | grep -v '# TODO' |
  sed -E 's/^not ok [0-9]+ - (matrix\/[^:]+):.*/\1/' | sort >"$WORK/failed"
# The cells the mutated rule decides, written from the rule, not from a run.
for row in SYN-RECEIVED-from-LISTEN SYN-RECEIVED-from-SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSE-WAIT CLOSING LAST-ACK; do
  for kind in RST RST-ACK; do
    for pos in inside right-edge; do echo "matrix/$row/$kind/$pos"; done
  done
done | sort >"$WORK/expected"

check "the mutant's run fails (exit status 1)" failed_with mutant
check "every cell of the matrix ran, a top-level point each" test "$(grep -cE '^(not )?ok [0-9]+ - matrix/' "$WORK/mutant.tap")" -eq 1040
check "the plan counts the cells" has_line "$WORK/mutant.tap" '^1\.\.1040$'
check "32 cells are decided by the mutated rule" test "$(wc -l <"$WORK/expected")" -eq 32
check "exactly those cells fail, and nothing else" diff -u "$WORK/expected" "$WORK/failed"
prove -e cat "$WORK/mutant.tap" >"$WORK/prove.out" 2>&1
check "prove reads 1040 tests, 32 of them failed" contains "$WORK/prove.out" "Tests: 1040 Failed: 32)"
check "no other assertion fails" test "$(grep -E '^    not ok' "$WORK/mutant.tap" | grep -v '# TODO' | grep -cv ' - matrix/')" -eq 0
check "a failing cell shows the model's expectation and the challenge ACK Linux sent" \
  has_line "$WORK/mutant.tap" "not ok [0-9]+ - matrix/ESTABLISHED/RST/inside: nothing, CLOSED \(RFC 9293 3.10.7.4\) deviates$"
check "... with what came instead" contains "$WORK/mutant.tap" "observed: 'ACK<SEQ=SND.NXT><ACK=RCV.NXT>, ESTABLISHED'"
finish
