# The oracle alone must catch a target broken on purpose: the scripts of
# tests/selftest/scripts/oracle-only.lua check nothing themselves, they
# withhold an ACK or sleep through what the target sends. Against the real
# kernel they pass (the oracle sees every segment, conformant); against
# each broken target the oracle reports what was owed and never came.
. "$(dirname "$0")/../lib.sh"
need tshark
script="$SRC/tests/selftest/scripts/oracle-only.lua"
# run_oracle NAME FILTER TARGET-OPT...
run_oracle() {
  local name=$1 filter=$2
  shift 2
  local opts=()
  for o in "$@"; do
    case $o in --report=*) opts+=(--report "${o#--report=}") ;; *) opts+=(--target-opt "$o") ;; esac
  done
  "$SYNFIN" run --family 4 --filter "$filter" "${opts[@]}" "$script" >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
run_oracle sound "" "--report=$WORK/rep" &
# LAST_ACK: only the first FIN leaves; its retransmissions are dropped.
run_oracle norefin "LAST_ACK" "setup=$NFT_OUT tcp flags \"&\" fin == fin $FIRST_ONLY" &
# The owed FIN never leaves.
run_oracle nofin "closes, the script sleeps" "setup=$NFT_OUT tcp flags \"&\" fin == fin drop" &
wait
# No pure ACK leaves: the tester's data is never acknowledged.
run_oracle noack "tester's data" "setup=$NFT_OUT tcp flags == ack drop"

check "the real kernel: every oracle-only test passes" test "$(cat "$WORK/sound.rc")" -eq 0
check "the real kernel: the oracle judged every segment, conformant" has_line "$WORK/sound.tap" "ok [0-9]+ - oracle: target conformant \(7 segments judged\)"
# The count the oracle reports is the count on the wire (the pcap).
wire=$(tshark -r "$WORK"/rep/pcap/*LAST_ACK*.pcap -Y "tcp.srcport == 80" 2>/dev/null | wc -l)
check "the real kernel: segments judged = the target's segments in the pcap ($wire)" has_line "$WORK/sound.tap" "oracle: target conformant \($wire segments judged\)"
check "FIN retransmissions dropped: exit status 1" failed_with norefin
check "FIN retransmissions dropped: NO_RETRANSMISSION of the FIN" has_line "$WORK/norefin.tap" "not ok [0-9]+ - oracle: the target's FIN at SEQ=[0-9]+ stays unacknowledged: transmission 1 was not followed by a retransmission within 1.50 s \(RFC 9293 3.10.8\)"
check "FIN retransmissions dropped: the verdict says deviates" has_line "$WORK/norefin.tap" "not ok [0-9]+ - oracle: target deviates"
check "owed FIN never sent: exit status 1" failed_with nofin
check "owed FIN never sent: FIN_NOT_SENT" has_line "$WORK/nofin.tap" "not ok [0-9]+ - oracle: after the CLOSE the target owed its FIN \(SEQ=[0-9]+\) and did not send it within 1.50 s \(RFC 9293 3.10.4\)"
check "owed FIN in SYN-RECEIVED never sent: FIN_NOT_SENT_SYN_RECEIVED" has_line "$WORK/nofin.tap" "not ok [0-9]+ - oracle: after the CLOSE the target owed its FIN \(SEQ=[0-9]+\) and did not send it within 1.50 s \(RFC 9293 3.10.4\)"
check "owed FIN in SYN-RECEIVED never sent: its own code" contains "$WORK/nofin.tap" "code: FIN_NOT_SENT_SYN_RECEIVED"
check "data never acknowledged: exit status 1" failed_with noack
check "data never acknowledged: ACK_NOT_SENT" has_line "$WORK/noack.tap" "not ok [0-9]+ - oracle: the target accepted text or a FIN up to [0-9]+ and sent no ACK of it within 0.70 s \(RFC 9293 3.8.6.3\)"
finish
