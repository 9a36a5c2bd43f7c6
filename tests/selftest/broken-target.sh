# Targets broken on purpose through --target-opt must make the matching
# scripts fail, and only those.
. "$(dirname "$0")/../lib.sh"

# run_out_rule NAME RULE SCRIPT: run SCRIPT against a target whose output passes RULE.
run_out_rule() {
  "$SYNFIN" run --target-opt "setup=$NFT_OUT $2" "$SRC/scripts/$3" \
    >"$WORK/$1.tap" 2>"$WORK/$1.err"
  echo $? >"$WORK/$1.rc"
}

# A stack that never sends RST: the closed-port checks must fail.
run_out_rule norst "tcp flags rst drop" reset/closed-port.lua
check "no RST from the target: exit status 1" failed_with norst
check "no RST: the SYN check fails with 'nothing within'" contains "$WORK/norst.tap" "observed: nothing within 2 s"
check "no RST: the SYN check fails over IPv4" has_line "$WORK/norst.tap" "^not ok [0-9]+ - reset/closed-port: SYN to a closed port .*\(IPv4\)$"
check "no RST: the SYN check fails over IPv6" has_line "$WORK/norst.tap" "^not ok [0-9]+ - reset/closed-port: SYN to a closed port .*\(IPv6\)$"
check "no RST: the RST-gets-no-answer check still passes" has_line "$WORK/norst.tap" "^ok [0-9]+ - reset/closed-port: RST to a closed port gets no answer .*\(IPv6\)$"

# A SYN-ACK acknowledging the wrong number (rewritten to 12345): the raw
# script's expectation fails, and the oracle flags it with the RFC section.
run_out_rule badack 'tcp flags "&" "(syn|ack)" == "syn|ack" @th,64,32 set 12345' handshake/passive-open-raw.lua
check "wrong SYN-ACK ack: exit status 1" failed_with badack
check "wrong SYN-ACK ack: the observed ack is shown" contains "$WORK/badack.tap" "ack: 12345"
check "wrong SYN-ACK ack: 'ack' is the mismatched field" contains "$WORK/badack.tap" "- ack"
run_out_rule oracle_ack 'tcp flags "&" "(syn|ack)" == "syn|ack" @th,64,32 set 12345' handshake/passive-open.lua
check "wrong SYN-ACK ack: the oracle flags it with the RFC section" contains "$WORK/oracle_ack.tap" \
  "oracle: SYN-ACK acknowledges 12345; the peer's ISN is 1000000, so it must acknowledge 1000001 (RFC 9293 3.10.7.2)"
check "wrong SYN-ACK ack: the oracle's verdict is 'deviates'" contains "$WORK/oracle_ack.tap" "oracle: target deviates"

# A stack that answers a RST (nft turns the incoming RST into a SYN, which
# the stack answers with a challenge ACK; the tester sees its RST answered).
"$SYNFIN" run --target-opt "setup=$NFT_IN tcp flags rst tcp flags set syn" \
  --filter 'exact RST' "$SRC/scripts/reset/rst-established.lua" >"$WORK/rstrst.tap" 2>&1
check "RST answered: the oracle flags it" has_line "$WORK/rstrst.tap" "not ok [0-9]+ - oracle: .*RST.*\(RFC 9293"
check "RST answered: the silence check fails" has_line "$WORK/rstrst.tap" "not ok [0-9]+ - the target does not answer the RST"

# A stack whose ACK of the tester's FIN does not count the FIN (ack = FIN, not FIN+1).
run_out_rule finack 'tcp flags == ack @th,64,32 set 1000001' close/orderly-close.lua
check "FIN not counted in the ACK: the oracle flags it" has_line "$WORK/finack.tap" "not ok [0-9]+ - oracle: .*FIN.*\(RFC 9293"

# A FIN that does not consume... cannot be made with nft; a FIN never sent can.
run_out_rule nofin "tcp flags fin drop" close/orderly-close.lua
check "no FIN from the target: exit status 1" failed_with nofin
check "no FIN: the active-close test fails" has_line "$WORK/nofin.tap" "^not ok [0-9]+ - close/orderly-close: target closes first"

# A stack that sends its FIN once and never again: the FIN-retransmission
# checks fail in both roles, and the rest of the close scripts do not.
run_out_rule finonce "tcp flags fin $FIRST_ONLY" close/fin-retransmit.lua
check "FIN never retransmitted: exit status 1" failed_with finonce
check "FIN never retransmitted: the active close fails" has_line "$WORK/finonce.tap" \
  "^not ok [0-9]+ - close/fin-retransmit: active close: .*\(IPv4\)$"
check "FIN never retransmitted: the passive close fails" has_line "$WORK/finonce.tap" \
  "^not ok [0-9]+ - close/fin-retransmit: passive close: .*\(IPv6\)$"
check "FIN never retransmitted: the retransmission is what is missing" has_line "$WORK/finonce.tap" \
  "^    not ok [0-9]+ - target retransmits F\."

# A target whose segments carry bad TCP checksums (tcp checksum mangled).
run_out_rule badsum 'tcp flags "&" "(syn|ack)" == "syn|ack" @th,128,16 set 0xdead' handshake/passive-open.lua
check "bad checksum from the target: exit status 1" failed_with badsum
check "bad checksum: reported as a mismatch" contains "$WORK/badsum.tap" "- checksum_ok"

# A setup command that fails is a not ok with its message, not a crash.
"$SYNFIN" run --target-opt "setup=exit 7" "$SRC/scripts/reset/closed-port.lua" >"$WORK/setup.tap" 2>&1
check "failing setup command: not ok with its exit status" contains "$WORK/setup.tap" "failed (exit 7)"
"$SYNFIN" run --target-opt "nosuch=1" "$SRC/scripts/reset/closed-port.lua" >"$WORK/opt.out" 2>&1
check "unknown target option: usage error, exit status 2" test $? -eq 2
check "unknown target option: named in the message" contains "$WORK/opt.out" "unknown target option 'nosuch'"
"$SYNFIN" run --target-opt "mtu=20" "$SRC/scripts/reset/closed-port.lua" >"$WORK/mtu.out" 2>&1
check "bad mtu: usage error quoting the value" contains "$WORK/mtu.out" "mtu=20"
finish
