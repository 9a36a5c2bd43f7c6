# Targets broken on purpose must make the listener-queue scripts
# (scripts/server, scripts/backlog) fail, each at the check that matters.
. "$(dirname "$0")/../lib.sh"
TABLE='nft add table inet broken'
OUT="$TABLE; nft add chain inet broken out '{ type filter hook output priority 0; }'; nft add rule inet broken out"
IN="$TABLE; nft add chain inet broken in '{ type filter hook input priority 0; }'; nft add rule inet broken in"

# run_broken NAME SETUP FILTER SCRIPT [FAMILY]: run the tests of SCRIPT
# matching FILTER against a target set up with SETUP (IPv4 unless FAMILY).
run_broken() {
  "$SYNFIN" run --family "${5:-4}" --target-opt "setup=$2" --filter "$3" "$SRC/scripts/$4" \
    >"$WORK/$1.tap" 2>"$WORK/$1.err"
  echo $? >"$WORK/$1.rc"
}
failed_with() { test "$(cat "$WORK/$1.rc")" -eq 1; }

# S9.1: a target that also serves the bound port on its other address (DNAT
# to the bound one) answers the SYN there with a SYN-ACK instead of RST.
run_broken dnat "$TABLE; nft add chain inet broken pre '{ type nat hook prerouting priority -100; }';
  nft add rule inet broken pre ip daddr 198.18.0.3 dnat ip to 198.18.0.2;
  nft add rule inet broken pre ip6 daddr 2001:2::3 dnat ip6 to 2001:2::2" 'one address' server/bind-address.lua all
check "listener reachable on the other address: exit status 1" failed_with dnat
check "listener reachable on the other address: the RST check fails over IPv4" has_line "$WORK/dnat.tap" \
  "^not ok [0-9]+ - .*bind-address: a listener bound to one address .*\(IPv4\)$"
check "listener reachable on the other address: the RST check fails over IPv6" has_line "$WORK/dnat.tap" \
  "^not ok [0-9]+ - .*bind-address: a listener bound to one address .*\(IPv6\)$"
check "listener reachable on the other address: a SYN-ACK is what came" contains "$WORK/dnat.tap" "flags: '[S.]'"

# S9.2: a server whose abort sends no RST: the unwanted client is never told.
run_broken norst_abort "$OUT tcp flags rst drop" 'unwanted' server/remote-socket.lua
check "no RST on abort: exit status 1" failed_with norst_abort
check "no RST on abort: the unwanted client's RST check fails" has_line "$WORK/norst_abort.tap" \
  "^    not ok [0-9]+ - the unwanted client is sent a RST"

# S9.3: a target that answers no SYN: the queue length check deviates.
run_broken nosynack "$OUT tcp flags '&' '(syn|ack)' == 'syn|ack' drop" 'listen(5)' backlog/accept-queue.lua
check "no SYN-ACK: exit status 1" failed_with nosynack
check "no SYN-ACK: listen(5) holds 5 deviates" has_line "$WORK/nosynack.tap" \
  "^    not ok [0-9]+ - listen\(5\) holds 5 completed connections \(deviates\)"

# S9.3: a target that refuses the SYN past the full queue (RST) instead of ignoring it.
run_broken refuse "$IN tcp sport 30007 tcp flags syn reject with tcp reset" 'listen(5)' backlog/accept-queue.lua
check "full queue refuses the SYN: exit status 1" failed_with refuse
check "full queue refuses the SYN: 'not refused' fails" has_line "$WORK/refuse.tap" \
  "^    not ok [0-9]+ - the SYN past the full queue is not refused"

# S9.3: handshakes that never complete (final ACKs lost): with SYN cookies
# every SYN is answered, so no SYN is ever ignored and the bound is not seen.
run_broken noack "$IN tcp flags == ack drop" 'listen(0)' backlog/accept-queue.lua
check "final ACKs lost: exit status 1" failed_with noack
check "final ACKs lost: 'the queue is bounded' fails" has_line "$WORK/noack.tap" \
  "^    not ok [0-9]+ - the queue is bounded"

# S9.3: the retransmitted SYN is never answered.
run_broken noretry "$IN tcp sport 30003 tcp flags syn drop" 'retransmitted' backlog/accept-queue.lua
check "retransmitted SYN unanswered: exit status 1" failed_with noretry
check "retransmitted SYN unanswered: its check fails" has_line "$WORK/noretry.tap" \
  "^    not ok [0-9]+ - the retransmitted SYN is answered with a SYN-ACK"

# S9.3: a target that resets where Linux documents a silent drop of the ACK.
run_broken overflow_rst "$IN tcp sport 30004 tcp flags == ack reject with tcp reset" 'dropped' backlog/overflow.lua
check "ACK on full queue reset: exit status 1" failed_with overflow_rst
check "ACK on full queue reset: the rfc_check deviates" has_line "$WORK/overflow_rst.tap" \
  "^    not ok [0-9]+ - an acceptable ACK in SYN-RECEIVED establishes the connection \(deviates\)"

# S9.3, tcp_abort_on_overflow=1: the documented RST never comes.
run_broken overflow_norst "$OUT tcp flags rst drop" 'abort_on_overflow' backlog/overflow.lua
check "abort_on_overflow without RST: exit status 1" failed_with overflow_norst
check "abort_on_overflow without RST: the rfc_check deviates" has_line "$WORK/overflow_norst.tap" \
  "^    not ok [0-9]+ - an acceptable ACK in SYN-RECEIVED establishes the connection \(deviates\)"

# SYN queue: half-open connections whose ACKs are lost never reach the accept queue.
run_broken synq_noack "$IN tcp flags == ack drop" 'bounded by the backlog' backlog/syn-queue.lua
check "SYN queue, ACKs lost: exit status 1" failed_with synq_noack
check "SYN queue, ACKs lost: the move to the accept queue fails" has_line "$WORK/synq_noack.tap" \
  "^    not ok [0-9]+ - once their ACKs come, they move to the accept queue"

# SYN cookies: a cookie whose ACK is lost establishes nothing.
run_broken cookie_noack "$IN tcp sport 30010 tcp flags == ack drop" 'tcp_syncookies=1' backlog/syn-queue.lua
check "cookie ACK lost: exit status 1" failed_with cookie_noack
check "cookie ACK lost: the establishment check fails" has_line "$WORK/cookie_noack.tap" \
  "^    not ok [0-9]+ - the ACK of that SYN-ACK establishes the connection"

# A client that does not retransmit its SYN (only the first one leaves).
run_broken noretrans "$OUT tcp flags syn limit rate over 1/minute burst 1 packets drop" 'client' backlog/client-timeout.lua
check "client SYN not retransmitted: exit status 1" failed_with noretrans
check "client SYN not retransmitted: its check fails" has_line "$WORK/noretrans.tap" \
  "^    not ok [0-9]+ - the unanswered SYN is retransmitted"

# The same check against the unbroken target: Linux's documented +1.
"$SYNFIN" run --family 4 --filter 'listen(5)' "$SRC/scripts/backlog/accept-queue.lua" >"$WORK/clean.tap" 2>&1
check "unbroken target: listen(5) passes" test $? -eq 0
check "unbroken target: listen(5) holds 6, as documented for linux" has_line "$WORK/clean.tap" \
  "^    ok [0-9]+ - listen\(5\) holds 5 completed connections \(deviates as documented for linux\)"
finish
