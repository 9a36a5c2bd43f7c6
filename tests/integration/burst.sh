# t:send_burst on the wire: every segment of a burst reaches the target
# right (it answers each, in order), and the pcap holds each as sent, with
# its seq and a right checksum (tshark's own verdict). Broken on purpose
# (the TCP header not rewritten for each segment, or its checksum not
# computed again), the target answers one RST or none, and the checks fail.
# A burst whose answers outrun the capture ring ends "not ok", saying so.
. "$(dirname "$0")/../lib.sh"
command -v tshark >/dev/null || { echo "SKIP: tshark is not installed"; exit "$SKIP_STATUS"; }

"$SYNFIN" run --family all --report "$WORK/r" "$SRC/tests/integration/burst/burst.lua" >"$WORK/out.tap" 2>&1
check "the burst's tests pass over both families" has_line "$WORK/out.tap" "^1\.\.2$"
check "no test failed" lacks "$WORK/out.tap" "not ok"
for f in "$WORK"/r/pcap/*.pcap; do
  tshark -o tcp.check_checksum:TRUE -o tcp.relative_sequence_numbers:FALSE -r "$f" \
    -Y 'tcp.flags.syn == 1' -T fields -e tcp.seq -e tcp.checksum.status 2>/dev/null >"$WORK/syns"
  check "$(basename "$f"): 200 SYNs recorded" test "$(wc -l <"$WORK/syns")" -eq 200
  check "$(basename "$f"): each with a right checksum" bash -c "! grep -qv '	1\$' '$WORK/syns'"
  check "$(basename "$f"): seq steps by one past 2^32" bash -c \
    "awk 'NR == 1 && \$1 != 4294967286 { exit 1 } NR == 11 && \$1 != 0 { exit 1 }' '$WORK/syns'"
done

# The same burst 25 times larger: the ring overflows, and the test says so.
"$SYNFIN" run --family 4 "$SRC/tests/integration/burst/overflow.lua" >"$WORK/over.tap" 2>&1
check "an overflowed capture ring fails the test" has_line "$WORK/over.tap" "^not ok 1 - "
check "... with the check that names it" has_line "$WORK/over.tap" "not ok 2 - the capture kept every frame the target sent"
check "... and how many frames were lost" has_line "$WORK/over.tap" "observed: [0-9]* frames found the capture ring full"
finish
