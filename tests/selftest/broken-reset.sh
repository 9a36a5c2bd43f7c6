# Targets broken on purpose must make the TIME_WAIT, FIN_WAIT_2 and reset
# scripts (timewait/, finwait2/, reset/ except closed-port and
# rst-established, which broken-target.sh covers) fail, at the check that the
# breakage is about. IPv4 only and filtered to one test where possible; the
# runs are started together and waited for, to stay quick.
. "$(dirname "$0")/../lib.sh"

# TIME_WAIT does not acknowledge a retransmitted FIN (every pure ACK after the first dropped).
run_broken_bg reack "target opened passively closes first" timewait/retransmitted-fin.lua "setup=$NFT_OUT tcp flags == ack $FIRST_ONLY"
# No TIME_WAIT at all: the stack keeps no timewait sockets.
run_broken_bg notw "" timewait/rebind.lua "sysctl.net.ipv4.tcp_max_tw_buckets=0"
run_broken_bg notwfw2 "target opened passively" finwait2/orphan.lua "sysctl.net.ipv4.tcp_max_tw_buckets=0"
# RFC 1337 switched on by a target that reports it off: the expectation
# follows the setting (rfc1337=1 alone is a legitimate configuration, which
# tests/integration/configs.sh runs and which passes).
run_broken_bg rfc1337 "(default)" timewait/rst.lua "sysctl.net.ipv4.tcp_rfc1337=1" "setting.rfc1337=0"
# A SYN that could reopen a TIME_WAIT connection gets no SYN-ACK (every SYN-ACK after the first dropped).
run_broken_bg noreopen "without timestamps" timewait/syn.lua "setup=$NFT_OUT tcp flags \"&\" \"(syn|ack)\" == \"syn|ack\" $FIRST_ONLY"
# No ICMP port unreachable.
run_broken_bg noicmp "" reset/udp-port-unreachable.lua \
  "setup=$NFT_OUT icmp type destination-unreachable drop; nft add rule inet broken out icmpv6 type destination-unreachable drop"
wait
# A stack that closes in order where it must reset: its RST,ACK becomes FIN,ACK.
run_broken_bg rstfin "" reset/abort.lua "setup=$NFT_OUT tcp flags \"&\" \"(rst|ack)\" == \"rst|ack\" tcp flags set \"fin|ack\""
run_broken_bg rstfin2 "unread" reset/close-unread.lua "setup=$NFT_OUT tcp flags \"&\" \"(rst|ack)\" == \"rst|ack\" tcp flags set \"fin|ack\""
# A stack that answers a RST in a closing state (the RST becomes a SYN on input: challenge ACK).
run_broken_bg rstans "CLOSE_WAIT" reset/rst-closing-states.lua "setup=$NFT_IN tcp flags rst tcp flags set syn"
# No challenge ACK for a SYN on an established connection (the target's pure ACKs dropped).
run_broken_bg nochallenge "target opened passively" reset/syn-established.lua "setup=$NFT_OUT tcp flags == ack drop"
# The stack that lost the connection never sends its RST.
run_broken_bg halfopen "target opened passively lost" reset/half-open.lua "setup=$NFT_OUT tcp flags rst drop"
# No keep-alive probe leaves (the target's pure ACKs after the first dropped).
run_broken_bg nokeep "" reset/keepalive.lua "setup=$NFT_OUT tcp flags == ack $FIRST_ONLY"
wait

check "re-ACK lost: exit status 1" failed_with reack
check "re-ACK lost: the TIME_WAIT answer to the retransmitted FIN is missing" not_ok reack "the target acknowledges the retransmitted FIN again"

check "no TIME_WAIT: exit status 1" failed_with notw
check "no TIME_WAIT: the connection is not in TIME_WAIT" not_ok notw "target is in TIME_WAIT"
check "no TIME_WAIT: the restarted server binds its port" not_ok notw "bind\(\) to the port fails with EADDRINUSE"
check "no TIME_WAIT: the restarted client reuses the socket pair" not_ok notw "connect\(\) on the TIME_WAIT socket pair fails with EADDRNOTAVAIL"
check "no timewait socket for FIN_WAIT_2: the orphan is dropped at once" not_ok notwfw2 "an orphaned FIN_WAIT_2 waits for the peer's FIN \(deviates\)"

check "RFC 1337 on: exit status 1" failed_with rfc1337
check "RFC 1337 on: the RST leaves TIME_WAIT in place" not_ok rfc1337 "a RST in TIME_WAIT enters CLOSED \(deviates\)"
check "RFC 1337 on: what follows is judged by the state the RST left" \
  has_line "$WORK/rfc1337.tap" "^ +ok [0-9]+ - a retransmitted FIN is still acknowledged from TIME_WAIT"

check "no reopening SYN-ACK: exit status 1" failed_with noreopen
check "no reopening SYN-ACK: the reopen check fails" not_ok noreopen "the target answers the new SYN with a SYN-ACK"

check "no ICMP: exit status 1" failed_with noicmp
check "no ICMP: the port-unreachable check fails" not_ok noicmp "the target answers with an ICMP message"

check "FIN instead of RST: both abort tests fail" test "$(grep -cE '^not ok [0-9]+ - reset/abort: target opened (passive|active)ly aborts' "$WORK/rstfin.tap")" -eq 2
check "FIN instead of RST: the RST check shows the FIN" contains "$WORK/rstfin.tap" "Flags [F.]"
check "FIN instead of RST: the abort test is named" not_ok rstfin "the target sends a RST with seq = SND.NXT"
check "FIN instead of RST: the receiving side's test still passes" has_line "$WORK/rstfin.tap" "^ok [0-9]+ - reset/abort: the target's application tells"
check "FIN instead of RST at close with unread data: flagged" not_ok rstfin2 "the target sends a RST at SND.NXT, not a FIN"

check "RST answered in CLOSE_WAIT: the silence check fails" not_ok rstans "the target does not answer the RST"

check "no challenge ACK: exit status 1" failed_with nochallenge
check "no challenge ACK: flagged" not_ok nochallenge "the target sends a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT>"

check "half-open without RST: exit status 1" failed_with halfopen
check "half-open without RST: flagged" not_ok halfopen "the data gets <SEQ=SEG.ACK><CTL=RST>"

check "no keep-alive probes: exit status 1" failed_with nokeep
check "no keep-alive probes: the probe count fails" not_ok nokeep "the unanswered connection gets TCP_KEEPCNT \(2\) probes"
check "no keep-alive probes: the answered connection is not probed" not_ok nokeep "the answered connection is probed again after each idle interval"
finish
