--- The RFC sentences that decide the matrix's cells (synfin.matrix), in
-- one table: by the model's reason (tcp_fsm_*.c, res.reason) where one
-- section holds several rules, else by the section the model names
-- (res.rfc). Quoted from RFC 9293, RFC 5961, RFC 1337 and RFC 6191.
-- @module synfin.matrix_rules
local M = {}

M.by_section = {
  ["RFC 9293 3.10.7.1"] = "If the state is CLOSED (i.e., TCB does not exist), then all data in the incoming "
    .. "segment is discarded. An incoming segment containing a RST is discarded. An incoming segment not "
    .. "containing a RST causes a RST to be sent in response.",
  ["RFC 9293 3.10.7.2"] = "If the state is LISTEN, then first check for a RST ... An incoming RST should be "
    .. "ignored. Second, check for an ACK ... Any acknowledgment is bad if it arrives on a connection still in "
    .. "the LISTEN state. An acceptable reset segment should be formed for any arriving ACK-bearing segment: "
    .. "<SEQ=SEG.ACK><CTL=RST>. Third, check for a SYN ... Fourth, other data or control ... drop the segment, and return.",
  ["RFC 9293 3.10.7.3"] = "If the state is SYN-SENT, then first check the ACK bit: If SEG.ACK =< ISS or SEG.ACK > "
    .. "SND.NXT, send a reset (unless the RST bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>. "
    .. "Second, check the RST bit: If the ACK was acceptable, then signal to the user \"error: connection reset\", "
    .. "drop the segment, enter CLOSED state ... Otherwise (no ACK), drop the segment and return. Fourth, check the "
    .. "SYN bit ... Fifth, if neither of the SYN or RST bits is set, then drop the segment and return.",
  ["RFC 9293 3.10.7.4"] = "If an incoming segment is not acceptable, an acknowledgment should be sent in reply "
    .. "(unless the RST bit is set, if so drop the segment and return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
  ["RFC 5961 3.2"] = "If the RST bit is set and the sequence number exactly matches the next expected sequence "
    .. "number (RCV.NXT), then TCP MUST reset the connection. ... If the RST bit is set and the sequence number "
    .. "does not exactly match the next expected sequence value, yet is within the current receive window, TCP "
    .. "MUST send an acknowledgment (challenge ACK): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
  ["RFC 5961 4.2"] = "If the SYN bit is set, irrespective of the sequence number, TCP MUST send an ACK (also "
    .. "referred to as challenge ACK) to the remote peer: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
  ["RFC 5961 5.2"] = "The ACK value is considered acceptable only if it is in the range of ((SND.UNA - "
    .. "MAX.SND.WND) =< SEG.ACK =< SND.NXT). All incoming segments whose ACK value doesn't satisfy the above "
    .. "condition MUST be discarded and an ACK sent back.",
  ["RFC 1337 3"] = "Fix (F1): Ignore RST segments in TIME-WAIT state.",
  ["RFC 6191 2"] = "If the SYN is not provably newer than the previous incarnation (timestamps, or a sequence "
    .. "number above the last one seen), it is silently dropped.",
  ["RFC 9293 3.6.1"] = "When a connection is closed actively, it MUST linger in the TIME-WAIT state ... However, "
    .. "it MAY accept a new SYN from the remote TCP endpoint to reopen the connection directly from TIME-WAIT state "
    .. "(MAY-2), if it assigns its initial sequence number for the new connection to be larger than the largest "
    .. "sequence number it used on the previous connection incarnation.",
}

M.by_reason = {
  ["acceptable RST: connection reset"] = "Second, check the RST bit: ... ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, "
    .. "CLOSE-WAIT STATES: If the RST bit is set, then any outstanding RECEIVEs and SEND should receive \"reset\" "
    .. "responses ... Enter the CLOSED state. CLOSING STATE, LAST-ACK STATE, TIME-WAIT: If the RST bit is set, then "
    .. "enter the CLOSED state (RFC 9293 3.10.7.4).",
  ["SYN-RECEIVED from LISTEN: RST returns to LISTEN"] = "If this connection was initiated with a passive OPEN "
    .. "(i.e., came from the LISTEN state), then return this connection to LISTEN state and return (RFC 9293 3.10.7.4).",
  ["SYN-RECEIVED from LISTEN: SYN in the window returns to LISTEN"] = "If the connection was initiated with a "
    .. "passive OPEN, then return this connection to the LISTEN state and return (RFC 9293 3.10.7.4, fourth, SYN-RECEIVED).",
  ["SEG.ACK > SND.NXT acknowledges something not yet sent: ACK, drop"] = "If the ACK acks something not yet sent "
    .. "(SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return (RFC 9293 3.10.7.4).",
  ["ACK bit off: dropped"] = "Fifth, check the ACK field: if the ACK bit is off, drop the segment and return "
    .. "(RFC 9293 3.10.7.4).",
  ["SYN-RECEIVED: ACK not acceptable: <SEQ=SEG.ACK><CTL=RST>"] = "SYN-RECEIVED STATE: If SND.UNA < SEG.ACK =< "
    .. "SND.NXT, then enter ESTABLISHED state ... If the segment acknowledgment is not acceptable, form a reset "
    .. "segment <SEQ=SEG.ACK><CTL=RST> and send it (RFC 9293 3.10.7.4).",
  ["acceptable segment processed"] = "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK ... If the "
    .. "ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored (RFC 9293 3.10.7.4, ESTABLISHED).",
  ["RST outside the receive window: silently dropped"] = "If the RST bit is set and the sequence number is "
    .. "outside the current receive window, silently drop the segment (RFC 5961 3.2; RFC 9293 3.10.7.4).",
  ["text beyond RCV.NXT: not held, duplicate ACK (MAY-13)"] = "Segments with higher beginning sequence numbers "
    .. "SHOULD be held for later processing (SHLD-31); the model does not hold them and acknowledges RCV.NXT "
    .. "(RFC 9293 3.10.7.4, MAY-13).",
}

--- The sentence for a model decision: by its reason, else its section.
function M.sentence(rfc, reason)
  return M.by_reason[reason or ""] or M.by_section[rfc or ""] or ("see " .. tostring(rfc))
end

return M
