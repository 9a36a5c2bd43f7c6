# The worked examples of docs/LUA-API.md ("Worked examples: one per state")
# are tests: each lua block there is run against the default target over
# IPv4 and IPv6 and must pass, and each run body is 20 code lines or fewer.
. "$(dirname "$0")/../lib.sh"
doc="$SRC/docs/LUA-API.md"
mkdir -p "$WORK/examples"
awk -v dir="$WORK/examples" '
  /^## / { on = ($0 ~ /^## Worked examples/) }
  on && /^```lua/ { n++; f = sprintf("%s/example%d.lua", dir, n); inb = 1
    print "local synfin = require \"synfin\"\nlocal steps = require \"synfin.steps\"" > f; next }
  inb && /^```/ { inb = 0; close(f); next }
  inb { print >> f }
' "$doc"
count=$(ls "$WORK/examples" | wc -l)
check "the doc has one example per state (8), found $count" test "$count" -eq 8
for f in "$WORK"/examples/*.lua; do
  body=$(awk '/run = function\(t\)/ { on = 1; next } /^end \}/ { on = 0 } on && !/^ *--/ && NF' "$f" | wc -l)
  check "$(basename "$f"): the run body has $body code lines (at most 20)" test "$body" -le 20
done
"$SYNFIN" run "$WORK"/examples/ >"$WORK/examples.tap" 2>"$WORK/examples.err"
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/examples.tap" "$WORK/examples.err" | grep -v '^#     ok' | head -60
check "every example passes (exit 0)" test "$rc" -eq 0
check "16 test points ok (8 examples, IPv4 and IPv6)" test "$(grep -c '^ok' "$WORK/examples.tap")" -eq 16
finish
