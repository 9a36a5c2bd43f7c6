# The conformance suite against the real Linux kernel behind a veth pair,
# over IPv4 and IPv6: every test ok, the TAP accepted by prove, one pcap per
# test that tshark opens and that shows the real exchange.
. "$(dirname "$0")/../lib.sh"
need prove tshark
for family in 4 6; do
  rep=$WORK/report$family
  (cd "$SRC" && "$SYNFIN" run --family "$family" --report "$rep" scripts/) >"$WORK/suite$family.tap" 2>"$WORK/err$family"
  rc=$?
  check "IPv$family: synfin run scripts/ exits 0" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || sed 's/^/#   /' "$WORK/suite$family.tap" "$WORK/err$family" | grep -v '^#     ok' | head -60
  check "IPv$family: no test point is not ok" lacks "$WORK/suite$family.tap" "not ok"
  check "IPv$family: prove accepts the stream" bash -c "prove -e cat '$WORK/suite$family.tap' >/dev/null"
  check "IPv$family: the report has the TAP stream" cmp -s "$WORK/suite$family.tap" "$rep/synfin.tap"
  check "IPv$family: the report records the diagram edges each test exercised" \
    grep -q "close/orderly-close: target closes first.*	ESTABLISHED --CLOSE/snd FIN--> FIN_WAIT_1" "$rep/transitions.tsv"
  points=$(grep -c '^ok ' "$WORK/suite$family.tap")
  check "IPv$family: results.json has every test point ($points), and they passed or skipped" /usr/bin/python3 -c "
import json, sys
t = json.load(open('$rep/results.json'))['tests']
sys.exit(not (len(t) == $points and all(x['verdict'] in ('pass', 'skip') for x in t)))"
  check "IPv$family: junit.xml and index.html are written" test -s "$rep/junit.xml" -a -s "$rep/index.html"
  tests=$(grep '^ok ' "$WORK/suite$family.tap" | grep -vc 'SKIP slow test') # slow tests did not run
  pcaps=$(ls "$rep/pcap" | wc -l)
  check "IPv$family: one pcap per test that ran ($tests tests, $pcaps pcaps)" test "$tests" -eq "$pcaps"
  pcap=$(ls "$rep"/pcap/*passive-open*.pcap | head -1)
  tshark -r "$pcap" 2>/dev/null >"$WORK/tshark$family"
  check "IPv$family: tshark shows the tester's SYN" contains "$WORK/tshark$family" "[SYN]"
  check "IPv$family: tshark shows the target's SYN-ACK" contains "$WORK/tshark$family" "[SYN, ACK]"
  check "IPv$family: tshark shows the tester's ACK" contains "$WORK/tshark$family" "[ACK]"
done
# prove can also run each script as its own TAP stream.
check "prove runs scripts one by one through synfin" \
  bash -c "cd '$SRC' && prove -r --ext .lua --exec '$SYNFIN run' scripts/ >'$WORK/prove.out' 2>&1"
finish
