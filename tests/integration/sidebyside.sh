# The README's table of Linux, lwIP and gVisor claim by claim ("Linux, lwIP
# and gVisor side by side") is what the runs print: the suite against each
# of the three, then `synfin report --claims`, whose verdict for every claim
# and target must be the README's (the counts beside it are left out: a
# gVisor accept-queue race makes them vary by one or two).
. "$(dirname "$0")/../lib.sh"
[ -x "$BUILD/synfin-lwip-agent" ] || skip "synfin-lwip-agent was not built (liblwip-dev missing)"
[ -x "$BUILD/synfin-gvisor-agent" ] || skip "synfin-gvisor-agent was not built (golang-go or golang-gvisor-gvisor-dev missing)"

for t in linux-netns lwip gvisor; do
  timeout -k 5 120 "$SYNFIN" run -j 4 --target "$t" --report "$WORK/r-$t" "$SRC/scripts/" >"$WORK/$t.tap" 2>"$WORK/$t.err"
  rc=$?
  # What failed, undocumented, when it did (the run's files go with $WORK).
  [ "$rc" -eq 0 ] || { echo "# exit $rc; failed, not documented:"; grep -B40 '^ *not ok' "$WORK/$t.tap" |
    grep -v '# TODO' | grep -E '^ *(not ok|  (observed|expected|got|at|message):)' | head -40 | sed 's/^/#   /'; }
  check "the suite against $t exits 0" test "$rc" -eq 0
done
"$SYNFIN" report --claims "$WORK/r-linux-netns" "$WORK/r-lwip" "$WORK/r-gvisor" >"$WORK/claims.md"
check "report --claims: exit 0" test $? -eq 0

# verdicts FILE: "CLAIM|verdict|verdict|verdict" for each claim row.
verdicts() {
  grep '^| S[0-9]' "$1" | sed -E 's/ \([0-9]+( of [0-9]+)?\)//g' |
    awk -F' \\| ' '{ sub(/^\| /, "", $1); sub(/ \|$/, "", $NF); split($1, c, " "); v = c[1]; for (i = 2; i <= NF; i++) v = v "|" $i; print v }'
}
sed -n '/^## Linux, lwIP and gVisor side by side/,/^## /p' "$SRC/README.md" >"$WORK/readme.md"
verdicts "$WORK/readme.md" >"$WORK/readme.v"
verdicts "$WORK/claims.md" >"$WORK/run.v"
check "the README's table has a row per claim (29)" test "$(wc -l <"$WORK/readme.v")" -eq 29
check "every claim's verdicts are the README's" \
  bash -c "diff '$WORK/readme.v' '$WORK/run.v' | sed 's/^/# /'; cmp -s '$WORK/readme.v' '$WORK/run.v'"
finish
