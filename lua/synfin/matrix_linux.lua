--- Linux's documented deviations in the matrix (scripts/matrix/), as
-- entries of the linux profile's `deviations` (lua/synfin/profiles.lua):
-- each cell where Linux 6.1 does not do what the model predicts, grouped by
-- the kernel code that makes it so. Measured against Linux 6.1 (Debian 12)
-- over both families; the same cells deviate in each.
-- @module synfin.matrix_linux
local SYNC = { "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK" }
local TW = { "TIME-WAIT-by-close", "TIME-WAIT-by-shutdown" }
local SR_L, SR_S = "SYN-RECEIVED-from-LISTEN", "SYN-RECEIVED-from-SYN-SENT"
local WINDOW = { "left-edge", "inside", "right-edge" }

local groups_of = require "synfin.matrix_groups"
local plus = groups_of.plus

-- Each group: the cells (rows x kinds x positions, or `cells` "ROW/KIND/POS"),
-- the rule not followed, what Linux does, where in its source.
local groups = {
  { rows = plus(SYNC, SR_S), kinds = { "FIN", "data" }, positions = { "outside-left", "outside-right" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "a segment without ACK is dropped before the sequence check, so an unacceptable FIN or text "
      .. "without ACK gets no <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "net/ipv4/tcp_input.c: tcp_rcv_state_process() and tcp_rcv_established() discard !th->ack first" },
  { cells = { "ESTABLISHED/ACK/outside-right", "FIN-WAIT-1/ACK/outside-right", "FIN-WAIT-2/ACK/outside-right",
              "CLOSE-WAIT/ACK/outside-right", "CLOSING/ACK/outside-right", "LAST-ACK/ACK/outside-right",
              SR_L .. "/ACK/outside-right", SR_S .. "/ACK/outside-right",
              "FIN-WAIT-1/ACK-text/outside-right", "LAST-ACK/ACK-text/outside-right", SR_S .. "/ACK-text/outside-right",
              "FIN-WAIT-1/FIN-ACK/outside-right", "CLOSE-WAIT/FIN-ACK/outside-right", "CLOSING/FIN-ACK/outside-right",
              "LAST-ACK/FIN-ACK/outside-right", SR_S .. "/FIN-ACK/outside-right" },
    rfc = "RFC 9293 3.10.7.4 (Table 6)",
    what = "a segment starting at RCV.NXT+RCV.WND, one past the window, passes the acceptability test: its "
      .. "ACK field is processed and no ACK is sent for it",
    where = "net/ipv4/tcp_input.c: tcp_sequence() tests !after(seq, rcv_nxt + tcp_receive_window()); "
      .. "tcp_minisocks.c: tcp_in_window() for a request" },
  { rows = plus(SYNC, SR_L, SR_S), kinds = { "RST", "RST-ACK" }, positions = { "outside-right" },
    rfc = "RFC 5961 3.2",
    what = "a RST at RCV.NXT+RCV.WND, one past the window, is taken as in the window and gets a challenge ACK "
      .. "instead of being dropped silently",
    where = "net/ipv4/tcp_input.c: tcp_sequence() (!after(seq, rcv_nxt + window)), then tcp_validate_incoming() "
      .. "sends tcp_send_challenge_ack(); tcp_minisocks.c: tcp_check_req() for a request" },
  { cells = { "FIN-WAIT-1/ACK-text/outside-left", "CLOSING/ACK-text/outside-left", "LAST-ACK/ACK-text/outside-left",
              SR_S .. "/ACK-text/outside-left", "FIN-WAIT-1/FIN-ACK/outside-left", "CLOSING/FIN-ACK/outside-left",
              "LAST-ACK/FIN-ACK/outside-left", SR_S .. "/FIN-ACK/outside-left" },
    rfc = "RFC 9293 3.10.7.4 (Table 6)",
    what = "a segment whose last octet is RCV.NXT-1 (it ends at RCV.NXT) passes the acceptability test, so its "
      .. "ACK field is processed (the state moves on) although the segment is wholly old",
    where = "net/ipv4/tcp_input.c: tcp_sequence() tests !before(end_seq, tp->rcv_wup) with the exclusive end" },
  { rows = { "CLOSE-WAIT", "CLOSING", "LAST-ACK" }, kinds = { "RST", "RST-ACK" }, positions = { "outside-left" },
    rfc = "RFC 5961 3.2",
    what = "after the peer's FIN, a RST at RCV.NXT-1 resets the connection (it may come from a peer that did "
      .. "not count its FIN) instead of being dropped",
    where = "net/ipv4/tcp_input.c: tcp_reset_check() in tcp_validate_incoming()" },
  { cells = { "CLOSE-WAIT/FIN-ACK/left-edge", "CLOSE-WAIT/FIN-ACK/inside", "CLOSE-WAIT/FIN-ACK/right-edge",
              "CLOSE-WAIT/FIN-ACK/ack-SND.UNA", "CLOSE-WAIT/FIN-ACK/ack-in-flight", "CLOSE-WAIT/FIN-ACK/ack-SND.NXT",
              "LAST-ACK/FIN-ACK/ack-SND.UNA" },
    rfc = "RFC 9293 3.10.7.4 (eighth check)",
    what = "once the peer's FIN was received, a FIN at or beyond RCV.NXT is ignored without an acknowledgment",
    where = "net/ipv4/tcp_input.c: tcp_rcv_state_process(), case TCP_CLOSE_WAIT/TCP_CLOSING/TCP_LAST_ACK: "
      .. "if (!before(seq, rcv_nxt)) break (no tcp_data_queue(), no ACK)" },
  { cells = { "CLOSE-WAIT/ACK-text/right-edge", "CLOSING/ACK-text/right-edge" },
    rfc = "RFC 9293 3.10.7.4 (Table 6)",
    what = "after the peer's FIN, text whose first octet is the last of the window is answered with an ACK "
      .. "and its ACK field not processed, as if outside the window (the window is counted from RCV.WUP, "
      .. "before the FIN, so its right edge is one octet lower than RCV.NXT+RCV.WND)",
    where = "net/ipv4/tcp_output.c: tcp_receive_window() = rcv_wup + rcv_wnd - rcv_nxt" },
  { rows = TW, cells = { "ACK-text/left-edge", "ACK-text/inside", "ACK-text/right-edge", "ACK-text/ack-SND.UNA",
                         "ACK-text/ack-SND.NXT", "ACK/inside", "ACK/right-edge", "FIN/left-edge", "FIN/inside",
                         "FIN/right-edge", "data/left-edge", "data/inside", "data/right-edge", "FIN-ACK/left-edge",
                         "FIN-ACK/ack-SND.UNA", "FIN-ACK/ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.4 (TIME-WAIT)",
    what = "the TIME-WAIT socket answers every segment that is not a bare ACK or RST at exactly RCV.NXT with "
      .. "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (TCP_TW_ACK), and processes no FIN or text",
    where = "net/ipv4/tcp_minisocks.c: tcp_timewait_state_process()" },
  { rows = TW, cells = { "ACK/ack-old", "ACK/ack-beyond", "RST/inside", "RST/right-edge", "RST-ACK/inside",
                         "RST-ACK/right-edge" },
    rfc = "RFC 5961 3.2, 5.2",
    what = "the TIME-WAIT socket sends no challenge ACK: an in-window inexact RST and an ACK outside "
      .. "[SND.UNA-MAX.SND.WND, SND.NXT] are dropped silently",
    where = "net/ipv4/tcp_minisocks.c: tcp_timewait_state_process() (no RFC 5961 checks)" },
  { rows = TW, cells = { "SYN/outside-left", "SYN/left-edge", "SYN-text/outside-left", "SYN-text/left-edge",
                         "SYN-FIN/outside-left", "SYN-FIN/left-edge" },
    rfc = "RFC 6191 2", documented = "time_wait_old_syn_acked",
    what = "a SYN in TIME-WAIT that is not newer is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> instead of "
      .. "being dropped silently",
    where = "net/ipv4/tcp_minisocks.c: tcp_timewait_state_process() returns TCP_TW_ACK" },
  { rows = TW, cells = { "SYN-FIN/inside", "SYN-FIN/right-edge", "SYN-FIN/outside-right" },
    rfc = "RFC 9293 3.6.1 (MAY-2)",
    what = "a newer SYN with FIN ends the TIME-WAIT connection and the listener then drops it (SYN with FIN): "
      .. "no SYN-ACK, the connection is gone",
    where = "net/ipv4/tcp_ipv4.c: tcp_v4_rcv() TCP_TW_SYN (inet_twsk_deschedule_put), then "
      .. "tcp_rcv_state_process() TCP_LISTEN: if (th->fin) discard" },
  { rows = { "LISTEN" }, kinds = { "SYN-FIN" }, positions = { "outside-left", "left-edge", "inside", "right-edge", "outside-right" },
    rfc = "RFC 9293 3.10.7.2",
    what = "a listener drops a SYN that carries FIN instead of answering it with a SYN-ACK",
    where = "net/ipv4/tcp_input.c: tcp_rcv_state_process(), case TCP_LISTEN: if (th->fin) goto discard" },
  { rows = { SR_L }, kinds = { "SYN", "SYN-text", "SYN-FIN" }, positions = WINDOW,
    rfc = "RFC 9293 3.10.7.4 (fourth check, SYN-RECEIVED)",
    what = "a SYN in the window of a passive SYN-RECEIVED request is answered with <SEQ=0><ACK=SEG.SEQ+SEG.LEN>"
      .. "<CTL=RST,ACK> and the request dropped, instead of a silent return to LISTEN",
    where = "net/ipv4/tcp_minisocks.c: tcp_check_req() (flg & TCP_FLAG_SYN -> embryonic_reset, send_reset)" },
  { cells = { SR_L .. "/SYN/outside-left" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "a SYN at IRS is taken as the peer's SYN again and answered with the SYN-ACK again (shown as "
      .. "\"(resent SYN,ACK...)\": the matrix cannot tell it from a timer's retransmission), not with "
      .. "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "net/ipv4/tcp_minisocks.c: tcp_check_req(), the retransmitted SYN case (inet_rtx_syn_ack)" },
  { rows = { SR_L }, kinds = { "SYN-ACK" }, positions = { "outside-left", "left-edge", "inside", "right-edge",
                                                         "ack-old", "ack-SND.UNA", "ack-SND.NXT", "ack-beyond" },
    rfc = "RFC 9293 3.10.7.4 (SYN-RECEIVED)",
    what = "a SYN-ACK to a passive SYN-RECEIVED request is answered with <SEQ=SEG.ACK><CTL=RST> (the request "
      .. "dropped when SEG.ACK is acceptable), or at IRS with an ACK, instead of returning to LISTEN or "
      .. "completing the handshake",
    where = "net/ipv4/tcp_minisocks.c: tcp_check_req() (ACK check first, then embryonic_reset)" },
  { cells = { SR_S .. "/ACK/ack-SND.UNA", SR_S .. "/ACK-text/ack-SND.UNA", SR_S .. "/FIN-ACK/ack-SND.UNA" },
    rfc = "RFC 9293 3.10.7.4 (fifth check, SYN-RECEIVED)",
    what = "after a simultaneous open, SEG.ACK = SND.UNA (= ISS) completes the handshake; the RFC needs "
      .. "SND.UNA < SEG.ACK =< SND.NXT and a <SEQ=SEG.ACK><CTL=RST> otherwise",
    where = "net/ipv4/tcp_input.c: tcp_rcv_state_process() TCP_SYN_RECV takes tcp_ack() > 0, which accepts SEG.ACK = SND.UNA" },
  { cells = { SR_S .. "/SYN-ACK/outside-left" },
    rfc = "RFC 9293 3.10.7.4 (Figure 7)",
    what = "the peer's SYN-ACK repeating its SYN completes the handshake and is acknowledged with a bare ACK",
    where = "net/ipv4/tcp_input.c: tcp_rcv_state_process() (the old SYN is out of the window: tcp_send_dupack())" },
  { cells = { "ESTABLISHED/ACK-text/ack-old" },
    rfc = "RFC 5961 5.2",
    what = "text at RCV.NXT whose SEG.ACK is older than SND.UNA-MAX.SND.WND is accepted and acknowledged on the "
      .. "fast path, without the challenge ACK",
    where = "net/ipv4/tcp_input.c: tcp_rcv_established() header prediction ignores tcp_ack()'s result" },
}

return groups_of.entries(groups)
