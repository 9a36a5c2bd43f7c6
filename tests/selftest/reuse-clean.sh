# Reuse between tests shares no state: at -j 1 the tests of one process
# reuse the tester's namespace and its capture socket (tester_pool.h,
# capture_pool.h), and a test that leaves an nft rule, a sysctl, a
# listener and an open connection behind (whose RST or FIN the target sends
# while the test is torn down) does not affect the next one, which must
# see what a fresh target shows. Broken on purpose (the frames left in the
# capture ring not dropped, or the target namespace reused), the second
# test fails; the expected failure is written in README.md, section Speed.
. "$(dirname "$0")/../lib.sh"

"$SYNFIN" run -j 1 "$SRC/tests/selftest/scripts/reuse/leftovers.lua" >"$WORK/reuse.tap" 2>"$WORK/reuse.err"
echo $? >"$WORK/reuse.rc"
check "both tests pass over both families (exit status 0)" grep -qx 0 "$WORK/reuse.rc"
for fam in 4 6; do
  check "IPv$fam: the first test's leftovers were in force in it" \
    has_line "$WORK/reuse.tap" "^ok [0-9]+ - reuse/leftovers: leaves .*\(IPv$fam\)$"
  check "IPv$fam: the next test sees none of them" \
    has_line "$WORK/reuse.tap" "^ok [0-9]+ - reuse/leftovers: starts clean.*\(IPv$fam\)$"
done

# A socket kept from a test at MTU 1500 (ring slots for 1500-byte frames)
# is not given to a test at MTU 9000: its 8000-byte segment arrives whole.
# Broken on purpose (the MTU not compared in capture_pool.c), the segment
# is cut to the slot and the test fails.
"$SYNFIN" run -j 1 --family 4 "$SRC/tests/selftest/scripts/reuse/mtu.lua" >"$WORK/mtu.tap" 2>&1
check "after a test at MTU 1500, an 8000-byte segment at MTU 9000 arrives whole" \
  has_line "$WORK/mtu.tap" "^ok 2 - reuse/mtu: then at MTU 9000"

# The second test sees leftovers when they are there: run alone on a target
# that has the first test's nft rule and sysctl, it fails on both.
"$SYNFIN" run -j 1 --family 4 --filter 'starts clean' --target-opt "setup=$NFT_IN tcp dport 80 drop" \
  "$SRC/tests/selftest/scripts/reuse/leftovers.lua" >"$WORK/dirty-nft.tap" 2>&1
check "a target with the nft rule left: the second test fails on it" \
  has_line "$WORK/dirty-nft.tap" "^    not ok [0-9]+ - a SYN to port 80 is answered: no nft rule"
"$SYNFIN" run -j 1 --family 4 --filter 'starts clean' --target-opt sysctl.net.ipv4.tcp_timestamps=0 \
  "$SRC/tests/selftest/scripts/reuse/leftovers.lua" >"$WORK/dirty-sysctl.tap" 2>&1
check "a target with the sysctl left: the second test fails on it" \
  has_line "$WORK/dirty-sysctl.tap" "^    not ok [0-9]+ - the SYN-ACK carries a timestamp"
[ "$failed" -eq 0 ] || { echo "# synfin's stderr:"; sed 's/^/#   /' "$WORK/reuse.err"; }
finish
