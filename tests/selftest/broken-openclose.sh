# Targets broken on purpose must make the opening and closing scripts
# (handshake/isn, handshake/syn-retransmit, close/fin-with-data, halfclose,
# simopen, simclose, states) fail, at the check that the breakage is about.
# IPv4 only and filtered to one test where possible, to stay quick.
. "$(dirname "$0")/../lib.sh"

# Every SYN-ACK carries the same ISN: neither per-4-tuple nor clock-driven.
run_broken isnconst "" handshake/isn.lua "setup=$NFT_OUT tcp flags \"&\" \"(syn|ack)\" == \"syn|ack\" @th,32,32 set 12345"
check "constant ISN: exit status 1" failed_with isnconst
check "constant ISN: the 4-tuples do not get different ISNs" has_line "$WORK/isnconst.tap" "not ok [0-9]+ - eight 4-tuples get eight different ISNs"
check "constant ISN: the ISN does not move forward" has_line "$WORK/isnconst.tap" "not ok [0-9]+ - each new incarnation of the 4-tuple starts above"
check "constant ISN: the quiet-time test is still a SKIP" has_line "$WORK/isnconst.tap" "^ok [0-9]+ - handshake/isn: quiet time.* # SKIP "

# ISNs below 2^16 (top half zeroed): different, but close together.
run_broken isnlow "neither equal" handshake/isn.lua "setup=$NFT_OUT tcp flags \"&\" \"(syn|ack)\" == \"syn|ack\" @th,32,16 set 0"
check "ISNs close together: flagged as sequential" has_line "$WORK/isnlow.tap" "not ok [0-9]+ - the ISNs of consecutive 4-tuples are not close together"

# Every other SYN and SYN-ACK dropped: the first retransmission never shows.
run_broken norexmit "retransmit" handshake/syn-retransmit.lua \
  "setup=$NFT_OUT tcp flags \"&\" \"(syn|rst)\" == syn numgen inc mod 2 == 1 drop" \
  "sysctl.net.ipv4.tcp_syn_linear_timeouts=0"
check "retransmissions lost: exit status 1" failed_with norexmit
check "retransmissions lost: the SYN check fails" has_line "$WORK/norexmit.tap" "^not ok [0-9]+ - handshake/syn-retransmit: the target's unanswered SYN is retransmitted"
check "retransmissions lost: the SYN-ACK check fails" has_line "$WORK/norexmit.tap" "^not ok [0-9]+ - handshake/syn-retransmit: the target's SYN-ACK is retransmitted"
check "retransmissions lost: observed nothing within 1.6 s" contains "$WORK/norexmit.tap" "observed: nothing within 1.6 s"

# A retransmitted SYN-ACK with another ISN.
run_broken isnchange "SYN-ACK is retransmitted" handshake/syn-retransmit.lua \
  "setup=$NFT_OUT tcp flags \"&\" \"(syn|ack)\" == \"syn|ack\" numgen inc mod 2 == 1 @th,32,32 set 12345"
check "SYN-ACK retransmitted with a new ISN: flagged" has_line "$WORK/isnchange.tap" "not ok [0-9]+ - the SYN-ACK is sent again, with the same ISN"

# FIN stripped from the target's last data segment.
run_broken finstrip "last data and its FIN" close/fin-with-data.lua "setup=$NFT_OUT tcp flags \"&\" \"(fin|psh)\" == \"fin|psh\" tcp flags set \"psh|ack\""
check "FIN not on the data: flagged" has_line "$WORK/finstrip.tap" "not ok [0-9]+ - the queued data and the FIN leave in one segment"

# The target never sees the FIN on the tester's data (stripped on input): its ACK does not count a FIN.
run_broken finin "tester's data and FIN" close/fin-with-data.lua "setup=$NFT_IN tcp flags \"&\" \"(fin|psh)\" == \"fin|psh\" tcp flags set \"psh|ack\""
check "FIN not counted: the ACK at SEQ + 7 + 1 is missing" has_line "$WORK/finin.tap" "not ok [0-9]+ - the target acknowledges the data and the FIN: ack = SEQ \+ 7 \+ 1"

# After the tester's FIN, the target's data never leaves (data dropped on output).
run_broken nodata "tester half-closes" halfclose/half-close.lua "setup=$NFT_OUT tcp flags \"&\" psh == psh drop"
check "no data after the FIN: the tester does not receive it" has_line "$WORK/nodata.tap" "not ok [0-9]+ - the tester receives it after its own FIN"

# After the target's own FIN, the tester's data never reaches it (segments
# longer than a bare IPv4+TCP header, other than SYN/FIN/RST, dropped on input).
run_broken nodatain "target half-closes" halfclose/half-close.lua \
  "setup=$NFT_IN tcp flags \"&\" \"(syn|fin|rst)\" == 0 ip length \">\" 40 drop"
check "no data to a half-closed target: not acknowledged" has_line "$WORK/nodatain.tap" "not ok [0-9]+ - target acknowledges everything sent"

# The crossed SYN dropped on input: the target never leaves SYN_SENT.
run_broken nosim "" simopen/simultaneous-open.lua "setup=$NFT_IN tcp flags == syn drop"
check "no simultaneous open: SYN_RECEIVED is not reached" has_line "$WORK/nosim.tap" "not ok [0-9]+ - the tester's SYN moves the target from SYN_SENT to SYN_RECEIVED"

# The tester's FIN dropped on input: no CLOSING, no ACK of it.
run_broken nofinin "passively" simclose/simultaneous-close.lua "setup=$NFT_IN tcp flags \"&\" fin == fin drop"
check "tester's FIN lost: simultaneous close fails at the ACK of it" has_line "$WORK/nofinin.tap" "not ok [0-9]+ - the target acknowledges the tester's FIN at FIN\+1"

# No timewait sockets at all (tcp_max_tw_buckets=0): Linux keeps an orphaned
# FIN_WAIT_2 as one too, so the client path breaks off there.
run_broken notw "client path" states/state-walk.lua "sysctl.net.ipv4.tcp_max_tw_buckets=0"
check "no timewait sockets: the client path fails at FIN_WAIT_2" has_line "$WORK/notw.tap" "not ok [0-9]+ - target is in FIN_WAIT_2"
check "no timewait sockets: the states before it still pass" has_line "$WORK/notw.tap" "^    ok [0-9]+ - target is in FIN_WAIT_1"
finish
