--- lwIP's documented deviations in the matrix (scripts/matrix/), as entries
-- of the lwip profile's `deviations` (lua/synfin/profiles/lwip.lua): each
-- cell where lwIP 2.1.3 (Debian 12's liblwip, through synfin-lwip-agent)
-- does not do what the model predicts, grouped by the lwIP code that makes it
-- so. Measured over both families (the same 331 cells deviate in each, in
-- three runs out of three). Sources: lwIP 2.1.3, src/core/tcp_in.c unless
-- named otherwise.
--
-- Not here: the SYN-RECEIVED-from-SYN-SENT row, whose cells SKIP because
-- lwIP has no simultaneous open (a SYN in SYN_SENT is dropped, see the
-- SYN-SENT group below), so the row cannot be reached.
-- @module synfin.profiles.lwip_matrix
local SYNC = { "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK" }
local TW = { "TIME-WAIT-by-close", "TIME-WAIT-by-shutdown" }
local SR_L = "SYN-RECEIVED-from-LISTEN"
local EDGE = { "left-edge", "inside", "right-edge" }
local ALL = { "outside-left", "left-edge", "inside", "right-edge", "outside-right",
              "ack-old", "ack-SND.UNA", "ack-SND.NXT", "ack-beyond" }
local BAD_ACK = { "ack-old", "ack-SND.UNA", "ack-beyond" }
local ACKS = { "ACK", "ACK-text", "FIN-ACK" }

local groups_of = require "synfin.matrix_groups"
local plus = groups_of.plus

local RST_ACK = "lwIP's reset always carries ACK: it is <SEQ=SEG.ACK><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> where "
  .. "the RFC's answer to a segment with ACK is <SEQ=SEG.ACK><CTL=RST>"

-- Each group: the cells (rows x kinds x positions, or rows x `cells`
-- "KIND/POS", or `cells` "ROW/KIND/POS"), the rule not followed, what lwIP
-- does, where in its source.
local groups = {
  { rows = { "CLOSED", "LISTEN" }, kinds = plus(ACKS, "SYN-ACK"), positions = ALL,
    rfc = "RFC 9293 3.10.7.1, 3.10.7.2",
    what = RST_ACK .. " (a closed port; a listener, which stays in LISTEN)",
    where = "src/core/tcp_in.c: tcp_input() (no PCB match) and tcp_listen_input() call tcp_rst(); "
      .. "src/core/tcp_out.c: tcp_rst() sends TCP_RST | TCP_ACK" },
  { rows = { "SYN-SENT" }, kinds = plus(ACKS, "SYN-ACK"), positions = BAD_ACK,
    rfc = "RFC 9293 3.10.7.3 (first check)",
    what = RST_ACK .. " (an unacceptable SEG.ACK in SYN_SENT); lwIP then resends its SYN at once "
      .. "(shown as \"(resent SYN...)\")",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_SENT (tcp_rst(), then tcp_rexmit_rto()); "
      .. "src/core/tcp_out.c: tcp_rst()" },
  { rows = { SR_L }, kinds = ACKS, positions = BAD_ACK,
    rfc = "RFC 9293 3.10.7.4 (fifth check, SYN-RECEIVED)",
    what = RST_ACK .. " (a SEG.ACK outside SND.UNA < SEG.ACK =< SND.NXT in SYN_RCVD)",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_RCVD (\"incorrect ACK number, send RST\"); "
      .. "src/core/tcp_out.c: tcp_rst()" },
  { rows = { "CLOSED" }, kinds = { "SYN-FIN" }, positions = { "outside-left", "left-edge", "inside", "right-edge",
                                                            "outside-right" },
    rfc = "RFC 9293 3.4 (SEG.LEN counts SYN and FIN)",
    what = "a SYN with FIN counts as one octet, not two, so the reset acknowledges SEG.SEQ+1 instead of "
      .. "SEG.SEQ+SEG.LEN",
    where = "src/core/tcp_in.c: tcp_input() (tcplen++ once if FIN or SYN); "
      .. "src/include/lwip/priv/tcp_priv.h: TCP_TCPLEN()" },
  { rows = { "SYN-SENT" }, kinds = ACKS, positions = { "outside-left", "left-edge", "inside", "right-edge",
                                                      "outside-right", "ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.3 (fifth check)",
    what = "in SYN_SENT every segment with ACK that is not a SYN-ACK acknowledging the SYN is answered with "
      .. "<SEQ=SEG.ACK><CTL=RST,ACK> (\"possibly a half-open connection\") and the SYN resent at once, also "
      .. "when SEG.ACK is acceptable, where the RFC drops a segment without SYN or RST silently",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_SENT (else if (flags & TCP_ACK): tcp_rst(), "
      .. "tcp_rexmit_rto())" },
  { rows = { "SYN-SENT" }, kinds = { "SYN", "SYN-text", "SYN-FIN" },
    positions = { "outside-left", "left-edge", "inside", "right-edge", "outside-right" },
    rfc = "RFC 9293 3.10.7.3 (fourth check); 3.5 (Figure 8)",
    what = "lwIP has no simultaneous open: in SYN_SENT a SYN without ACK is dropped, no SYN-ACK is sent and "
      .. "the connection stays in SYN_SENT",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_SENT (acts only on SYN|ACK with ackno == lastack + 1, "
      .. "or on ACK)" },
  { rows = { SR_L }, cells = { "FIN/outside-left", "FIN/outside-right", "data/outside-left", "data/outside-right",
                               "SYN/left-edge", "SYN/inside", "SYN/right-edge", "SYN/outside-right",
                               "SYN-text/outside-left", "SYN-text/left-edge", "SYN-text/inside", "SYN-text/right-edge",
                               "SYN-text/outside-right", "SYN-FIN/outside-left", "SYN-FIN/left-edge",
                               "SYN-FIN/inside", "SYN-FIN/right-edge", "SYN-FIN/outside-right" },
    rfc = "RFC 9293 3.10.7.4 (first and fourth checks, SYN-RECEIVED)",
    what = "in SYN_RCVD a segment without ACK is dropped without an answer and the request kept: no "
      .. "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> for one outside the window, no return to LISTEN for a SYN in "
      .. "the window",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_RCVD (acts only on ACK, and on a SYN at "
      .. "rcv_nxt - 1); the sequence check is left to tcp_receive(), which SYN_RCVD never reaches" },
  { cells = { SR_L .. "/SYN/outside-left" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "a SYN at IRS is taken as the peer's SYN again and answered with the SYN-ACK again (shown as "
      .. "\"(resent SYN,ACK...)\": the matrix cannot tell it from a timer's retransmission), not with "
      .. "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_RCVD (seqno == rcv_nxt - 1: tcp_rexmit())" },
  { rows = { SR_L }, kinds = { "SYN-ACK" }, positions = ALL,
    rfc = "RFC 9293 3.10.7.4 (fourth check, SYN-RECEIVED)",
    what = "a SYN-ACK to a passive SYN_RCVD request is taken as a plain ACK: with an acceptable SEG.ACK it "
      .. "completes the handshake (ESTABLISHED, and an ACK), otherwise it gets <SEQ=SEG.ACK><CTL=RST,ACK>; "
      .. "the SYN bit is not looked at, so no return to LISTEN",
    where = "src/core/tcp_in.c: tcp_process(), case SYN_RCVD (flags & TCP_ACK is tested first)" },
  { rows = { "FIN-WAIT-1", "CLOSING", "LAST-ACK", SR_L }, kinds = ACKS, positions = { "outside-left", "outside-right" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "the ACK field of a segment outside the receive window is processed: SEG.ACK = SND.NXT moves "
      .. "FIN_WAIT_1 to FIN_WAIT_2, CLOSING to TIME_WAIT, LAST_ACK to CLOSED and SYN_RCVD to ESTABLISHED, "
      .. "although the RFC drops the segment after its <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "src/core/tcp_in.c: tcp_process() takes the state step on ackno == snd_nxt (SYN_RCVD: ackno in "
      .. "lastack+1..snd_nxt) before tcp_receive()'s sequence check, which only guards the text" },
  { rows = plus(SYNC, SR_L), kinds = { "RST", "RST-ACK" }, positions = { "outside-right" },
    rfc = "RFC 5961 3.2",
    what = "a RST at RCV.NXT+RCV.WND, one past the window, is taken as in the window and gets a challenge ACK "
      .. "instead of being dropped silently",
    where = "src/core/tcp_in.c: tcp_process() tests TCP_SEQ_BETWEEN(seqno, rcv_nxt, rcv_nxt + rcv_wnd), "
      .. "the right end included" },
  { cells = { "CLOSE-WAIT/ACK/outside-right", "CLOSE-WAIT/ACK-text/outside-right", "CLOSE-WAIT/FIN/outside-right",
              "CLOSE-WAIT/FIN-ACK/outside-right", "CLOSE-WAIT/data/outside-right", "CLOSING/FIN/outside-right",
              "CLOSING/data/outside-right", "LAST-ACK/FIN/outside-right", "LAST-ACK/data/outside-right" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "after the peer's FIN, a segment at RCV.NXT+RCV.WND (the window lwIP announced) is taken as in the "
      .. "window and gets no ACK: lwIP gives the FIN's octet back to rcv_wnd (rcv_wnd++) without announcing "
      .. "it, so its own window is one octet larger than the one the peer was told",
    where = "src/core/tcp_in.c: tcp_input() (TF_GOT_FIN: pcb->rcv_wnd++), then tcp_receive() tests "
      .. "TCP_SEQ_BETWEEN(seqno, rcv_nxt, rcv_nxt + rcv_wnd - 1); src/core/tcp.c: tcp_update_rcv_ann_wnd() "
      .. "leaves rcv_ann_wnd" },
  { cells = { "CLOSE-WAIT/FIN-ACK/left-edge", "CLOSE-WAIT/FIN-ACK/inside", "CLOSE-WAIT/FIN-ACK/right-edge",
              "CLOSE-WAIT/FIN-ACK/ack-SND.UNA", "CLOSE-WAIT/FIN-ACK/ack-in-flight", "CLOSE-WAIT/FIN-ACK/ack-SND.NXT",
              "LAST-ACK/FIN-ACK/ack-SND.UNA" },
    rfc = "RFC 9293 3.10.7.4 (eighth check)",
    what = "once the peer's FIN was received, a FIN in the window is ignored without an acknowledgment",
    where = "src/core/tcp_in.c: tcp_receive() skips text and FIN when pcb->state >= CLOSE_WAIT (\"Ignore the "
      .. "segment text\") and sends an ACK only for a segment outside the window" },
  { rows = { "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2" }, kinds = { "FIN", "data" }, positions = EDGE,
    rfc = "RFC 9293 3.10.7.4 (fifth check)",
    what = "a segment without ACK is not dropped: its text and FIN are processed (acknowledged, queued out of "
      .. "order, or the FIN taken: CLOSE_WAIT, CLOSING, TIME_WAIT)",
    where = "src/core/tcp_in.c: tcp_receive() guards only the ACK processing by flags & TCP_ACK, not the text" },
  { cells = { "ESTABLISHED/ACK/ack-old", "FIN-WAIT-1/ACK/ack-old", "FIN-WAIT-2/ACK/ack-old", "CLOSE-WAIT/ACK/ack-old",
              "CLOSING/ACK/ack-old", "LAST-ACK/ACK/ack-old",
              "ESTABLISHED/ACK-text/ack-old", "FIN-WAIT-1/ACK-text/ack-old", "FIN-WAIT-2/ACK-text/ack-old",
              "ESTABLISHED/FIN-ACK/ack-old", "FIN-WAIT-1/FIN-ACK/ack-old", "FIN-WAIT-2/FIN-ACK/ack-old",
              "CLOSE-WAIT/ACK-text/ack-old", "CLOSING/ACK-text/ack-old", "LAST-ACK/ACK-text/ack-old",
              "CLOSE-WAIT/FIN-ACK/ack-old", "CLOSING/FIN-ACK/ack-old", "LAST-ACK/FIN-ACK/ack-old" },
    rfc = "RFC 5961 5.2",
    what = "lwIP has no check of SEG.ACK against SND.UNA-MAX.SND.WND: an ACK older than that is a duplicate "
      .. "ACK (no challenge ACK), and text or FIN in the segment is processed as if SEG.ACK were acceptable "
      .. "(acknowledged with ACK=SEG.SEQ+SEG.LEN; ignored without answer after the peer's FIN)",
    where = "src/core/tcp_in.c: tcp_receive() (TCP_SEQ_LEQ(ackno, pcb->lastack): the dupack clauses, "
      .. "then the text)" },
  { rows = { "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2" }, kinds = { "ACK-text", "FIN-ACK" }, positions = { "ack-beyond" },
    rfc = "RFC 9293 3.10.7.4 (fifth check)",
    what = "a SEG.ACK beyond SND.NXT gets an ACK, but the segment is not dropped: its text or FIN is then "
      .. "processed and acknowledged (ACK=SEG.SEQ+SEG.LEN; a FIN moves the state on)",
    where = "src/core/tcp_in.c: tcp_receive() (tcp_send_empty_ack() for an ackno past snd_nxt, then the text)" },
  { rows = TW, cells = { "SYN/left-edge", "SYN/inside", "SYN/right-edge", "SYN/outside-right",
                         "SYN-text/left-edge", "SYN-text/inside", "SYN-text/right-edge", "SYN-text/outside-right",
                         "SYN-FIN/left-edge", "SYN-FIN/inside", "SYN-FIN/right-edge", "SYN-FIN/outside-right",
                         "SYN-ACK/left-edge", "SYN-ACK/inside", "SYN-ACK/right-edge", "SYN-ACK/outside-right",
                         "SYN-ACK/ack-old", "SYN-ACK/ack-SND.UNA", "SYN-ACK/ack-SND.NXT", "SYN-ACK/ack-beyond" },
    rfc = "RFC 5961 4.2; RFC 9293 3.10.7.4 (TIME-WAIT)",
    what = "a SYN from RCV.NXT to RCV.NXT+RCV.WND (the right end included) in TIME_WAIT is answered with "
      .. "<SEQ=SEG.ACK><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (SEQ is the ACK field even when the ACK bit is "
      .. "off: 0 in the tester's SYN; a SYN with FIN counted as one octet) instead of a challenge ACK; the "
      .. "TIME_WAIT pcb stays",
    where = "src/core/tcp_in.c: tcp_timewait_input() (\"If the SYN is in the window it is an error, send a "
      .. "reset\")" },
  { rows = TW, cells = { "ACK-text/left-edge", "ACK-text/inside", "ACK-text/right-edge", "ACK-text/ack-SND.UNA",
                         "ACK-text/ack-SND.NXT", "data/left-edge", "data/inside", "data/right-edge", "FIN/left-edge",
                         "FIN/inside", "FIN/right-edge", "FIN-ACK/left-edge", "FIN-ACK/ack-SND.UNA",
                         "FIN-ACK/ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.4 (TIME-WAIT)",
    what = "the TIME_WAIT pcb answers every segment with text or FIN, with or without ACK, in the window or "
      .. "not, with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and processes no FIN or text (a FIN restarts the "
      .. "2 MSL timer)",
    where = "src/core/tcp_in.c: tcp_timewait_input() (tcplen > 0: tcp_ack_now(), no sequence check)" },
  { rows = TW, cells = { "ACK/outside-left", "ACK/outside-right", "ACK/ack-old", "ACK/ack-beyond" },
    rfc = "RFC 9293 3.10.7.4 (first check); RFC 5961 5.2",
    what = "the TIME_WAIT pcb never answers a bare ACK: one outside the window, or with SEG.ACK outside "
      .. "[SND.UNA-MAX.SND.WND, SND.NXT], is dropped without <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "src/core/tcp_in.c: tcp_timewait_input() (sends only when tcplen > 0)" },
}

return groups_of.entries(groups)
