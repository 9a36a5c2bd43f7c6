--- gVisor netstack's documented deviations in the matrix (scripts/matrix/),
-- as entries of the gvisor profile's `deviations`
-- (lua/synfin/profiles/gvisor.lua): each cell where netstack (Debian's
-- golang-gvisor-gvisor-dev 0.0~20221219, through targets/gvisor/) does not
-- do what the model predicts, grouped by the netstack code that makes it
-- so. Every `where` is a file below
-- /usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/ and the function in it.
-- Measured over both families in six runs: the same 266 cells per family
-- deviate in each, with the same answers (22 causes below; 719 cells
-- conform, 55 do not exist).
-- @module synfin.profiles.gvisor_matrix
local SYNC = { "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK" }
local TW = { "TIME-WAIT-by-close", "TIME-WAIT-by-shutdown" }
local SR_L, SR_S = "SYN-RECEIVED-from-LISTEN", "SYN-RECEIVED-from-SYN-SENT"
local WINDOW = { "left-edge", "inside", "right-edge" }
local AFTER_FIN = { "CLOSING", "LAST-ACK" }

-- In CLOSING and LAST-ACK netstack's FIN is unacknowledged, and its
-- retransmission timer (MinRTO 200 ms) fires within the cell's 0.3 s wait
-- unless the cell's segment acknowledged the FIN. Resending the FIN goes
-- through the code that queued it first, which sets the state again:
-- FIN-WAIT-1 unless the state is CLOSE-WAIT. So after the wait netstack
-- reads FIN-WAIT-1 in nearly every cell of those rows, whatever the cell's
-- segment did. Cells that deviate only by that are the group `fin_resent`;
-- cells that also answer differently name it as a second cause (AGAIN).
local RESENT_WHERE = "transport/tcp/snd.go: sender.maybeSendSegment (on every transmission of the FIN segment, "
  .. "not only the first: setEndpointState(StateFinWait1) unless CLOSE-WAIT), called again through sendData by "
  .. "sender.retransmitTimerExpired"
local AGAIN = "; and then the FIN it resends during the wait puts it back in FIN-WAIT-1 (" .. RESENT_WHERE .. ")"

-- Each group: the cells (rows x kinds x positions, rows x `cells`
-- "KIND/POS", or `cells` "ROW/KIND/POS"), the rule not followed, what
-- netstack does, where in its source. `resent` lists the group's cells of
-- CLOSING and LAST-ACK that also read FIN-WAIT-1 afterwards (AGAIN).
local groups = {
  { rows = SYNC, kinds = { "FIN", "data" }, positions = { "outside-left", "outside-right" },
    resent = true,
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "a segment without ACK (and without SYN or RST) is dropped before the sequence check, so an "
      .. "unacceptable FIN or text without ACK gets no <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "transport/tcp/connect.go: endpoint.handleSegmentLocked (only RST, SYN and ACK segments are handled)" },
  { cells = { "ESTABLISHED/ACK/outside-right", "FIN-WAIT-1/ACK/outside-right", "FIN-WAIT-2/ACK/outside-right",
              "CLOSE-WAIT/ACK/outside-right", "CLOSE-WAIT/ACK-text/outside-right", "CLOSE-WAIT/FIN-ACK/outside-right",
              "CLOSING/ACK/outside-right", "CLOSING/ACK-text/outside-right", "CLOSING/FIN-ACK/outside-right",
              "LAST-ACK/ACK/outside-right", "LAST-ACK/ACK-text/outside-right", "LAST-ACK/FIN-ACK/outside-right" },
    resent = true,
    rfc = "RFC 9293 3.10.7.4 (Table 6)",
    what = "a segment starting at RCV.NXT+RCV.WND, one past the window, passes the acceptability test (\"Linux's "
      .. "behavior\": a zero-length one if RCV.NXT =< SEG.SEQ =< RCV.NXT+RCV.WND, one with text if SEG.SEQ =< "
      .. "RCV.NXT+RCV.WND), so no ACK is sent for it: a bare ACK is processed, and after the peer's FIN text "
      .. "or a FIN beyond RCV.NXT is then dropped silently",
    where = "tcpip/header/tcp.go: Acceptable, called by transport/tcp/rcv.go: receiver.acceptable; "
      .. "rcv.go: receiver.handleRcvdSegmentClosing (CLOSE-WAIT, CLOSING, LAST-ACK: SEG.SEQ > RCV.NXT dropped)" },
  { rows = SYNC, kinds = { "RST", "RST-ACK" }, positions = { "outside-right" },
    rfc = "RFC 9293 3.10.7.4 (first check), RFC 5961 3.2",
    what = "a RST at RCV.NXT+RCV.WND, one past the window, is taken as in the window and resets the connection "
      .. "(no RFC 5961 exact match: any acceptable RST resets)",
    where = "transport/tcp/connect.go: endpoint.handleReset (rcv.acceptable(seq, 0): header.Acceptable accepts "
      .. "SEG.SEQ = RCV.NXT+RCV.WND for a zero-length segment)" },
  { rows = AFTER_FIN, kinds = { "RST", "RST-ACK" }, positions = { "outside-left" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "a RST at RCV.NXT-1 is dropped as the model predicts, but the FIN netstack resends during the wait "
      .. "puts it back in FIN-WAIT-1",
    where = RESENT_WHERE },
  { cells = { "ESTABLISHED/ACK/ack-old", "ESTABLISHED/ACK-text/ack-old", "ESTABLISHED/FIN-ACK/ack-old",
              "FIN-WAIT-1/ACK/ack-old", "FIN-WAIT-1/ACK-text/ack-old", "FIN-WAIT-1/FIN-ACK/ack-old",
              "FIN-WAIT-2/ACK/ack-old", "FIN-WAIT-2/ACK-text/ack-old", "FIN-WAIT-2/FIN-ACK/ack-old",
              "CLOSE-WAIT/ACK/ack-old", "CLOSE-WAIT/ACK-text/ack-old", "CLOSE-WAIT/FIN-ACK/ack-old",
              "CLOSING/ACK/ack-old", "CLOSING/FIN-ACK/ack-old", "LAST-ACK/ACK/ack-old", "LAST-ACK/FIN-ACK/ack-old" },
    resent = true,
    rfc = "RFC 5961 5.2",
    what = "an ACK older than SND.UNA-MAX.SND.WND gets no challenge ACK: the sender ignores any SEG.ACK outside "
      .. "(SND.UNA, SND.NXT] silently, and the segment's text or FIN is processed (acknowledged, FIN-WAIT-2 to "
      .. "TIME-WAIT, ESTABLISHED to CLOSE-WAIT; after the peer's FIN, a FIN at RCV.NXT is taken as a new FIN "
      .. "and acknowledged) as with any SEG.ACK",
    where = "transport/tcp/snd.go: sender.handleRcvdSegment (\"Ignore ack if it doesn't acknowledge any new "
      .. "data\"); rcv.go: receiver.handleRcvdSegmentClosing checks only SEG.ACK > SND.NXT" },
  { rows = { "ESTABLISHED" }, kinds = { "ACK", "ACK-text", "FIN-ACK" }, positions = { "ack-beyond" },
    rfc = "RFC 9293 3.10.7.4 (fifth check), RFC 5961 5.2",
    what = "in ESTABLISHED an ACK beyond SND.NXT is ignored without an ACK, and the segment's text or FIN is "
      .. "processed (its text acknowledged, the FIN taken: CLOSE-WAIT); only the other synchronized states "
      .. "answer SEG.ACK > SND.NXT with an ACK",
    where = "transport/tcp/rcv.go: receiver.handleRcvdSegment (handleRcvdSegmentClosing, with its SEG.ACK > "
      .. "SND.NXT check, is skipped in ESTABLISHED: \"Just as on Linux\"); snd.go: sender.handleRcvdSegment" },
  { rows = { "FIN-WAIT-1", "CLOSING", "LAST-ACK" }, kinds = { "ACK" }, positions = { "inside", "right-edge" },
    cells_extra = { "FIN-WAIT-1/ACK-text/inside", "FIN-WAIT-1/ACK-text/right-edge", "FIN-WAIT-1/FIN-ACK/inside",
                    "FIN-WAIT-1/FIN-ACK/right-edge" },
    resent = true,
    rfc = "RFC 9293 3.10.7.4 (fifth check)",
    what = "an acceptable segment beyond RCV.NXT that acknowledges the FIN moves SND.UNA but not the state: "
      .. "FIN-WAIT-1, CLOSING and LAST-ACK move on (to FIN-WAIT-2, TIME-WAIT, CLOSED) only when an in-order "
      .. "segment (SEG.SEQ = RCV.NXT) is consumed",
    where = "transport/tcp/rcv.go: receiver.consumeSegment (the state changes on SEG.ACK = SND.NXT), reached "
      .. "from receiver.handleRcvdSegment only for a segment at RCV.NXT" },
  { cells = { "CLOSE-WAIT/FIN-ACK/inside", "CLOSE-WAIT/FIN-ACK/right-edge", "CLOSING/ACK-text/inside",
              "CLOSING/ACK-text/right-edge", "CLOSING/FIN-ACK/inside", "CLOSING/FIN-ACK/right-edge",
              "LAST-ACK/ACK-text/inside", "LAST-ACK/ACK-text/right-edge", "LAST-ACK/FIN-ACK/inside",
              "LAST-ACK/FIN-ACK/right-edge" },
    resent = true,
    rfc = "RFC 9293 3.10.7.4 (Table 6, fifth check)",
    what = "once the peer's FIN was received, a segment beyond RCV.NXT is dropped silently: no duplicate ACK, "
      .. "and its ACK field (here acknowledging the FIN) not processed",
    where = "transport/tcp/rcv.go: receiver.handleRcvdSegmentClosing (CLOSE-WAIT, CLOSING, LAST-ACK: "
      .. "!SEG.SEQ.LessThanEq(RCV.NXT) -> drop)" },
  { rows = AFTER_FIN, kinds = { "ACK-text" }, positions = { "left-edge", "ack-old", "ack-SND.UNA", "ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.4 (seventh check)",
    what = "after the peer's FIN, text at RCV.NXT to an endpoint that has sent its FIN (closed for reads) is "
      .. "answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> and the connection aborted (whatever SEG.ACK), "
      .. "instead of being ignored",
    where = "transport/tcp/rcv.go: receiver.handleRcvdSegmentClosing (\"any data past the RcvNxt should trigger "
      .. "a RST\": ErrConnectionAborted)" },
  { cells = { "CLOSING/FIN-ACK/left-edge", "CLOSING/FIN-ACK/ack-SND.UNA", "CLOSING/FIN-ACK/ack-SND.NXT",
              "LAST-ACK/FIN-ACK/left-edge", "LAST-ACK/FIN-ACK/ack-SND.NXT" },
    resent = true,
    rfc = "RFC 9293 3.10.7.4 (eighth check)",
    what = "after the peer's FIN, a FIN at RCV.NXT is taken as a new FIN: RCV.NXT advances and it is "
      .. "acknowledged (<ACK=SEG.SEQ+SEG.LEN>), and its ACK field, acknowledging the target's FIN, moves no "
      .. "state (CLOSING stays, LAST-ACK stays)",
    where = "transport/tcp/rcv.go: receiver.consumeSegment (a FIN returns before the \"Handle ACK (not FIN-ACK"
      .. "...)\" state changes; the state switch has no case for CLOSING or LAST-ACK)" },
  { cells = { "FIN-WAIT-1/FIN-ACK/ack-SND.UNA" },
    rfc = "RFC 9293 3.10.7.4 (eighth check)",
    what = "the FIN that does not acknowledge the target's moves it to CLOSING, but the FIN it resends during "
      .. "the wait puts it back in FIN-WAIT-1",
    where = "transport/tcp/rcv.go: receiver.consumeSegment (StateClosing); " .. RESENT_WHERE },
  { fin_resent = true,
    rfc = "RFC 9293 3.10.7.4",
    what = "netstack answers as the model predicts and stays in CLOSING or LAST-ACK, but its FIN retransmission "
      .. "(MinRTO 200 ms, within the cell's 0.3 s wait) sets the state again as when the FIN was first queued: "
      .. "FIN-WAIT-1, so the state reads FIN-WAIT-1 afterwards",
    where = RESENT_WHERE },
  { rows = { SR_L }, kinds = { "SYN", "SYN-text", "SYN-FIN" }, positions = WINDOW,
    cells_extra = { SR_L .. "/SYN-ACK/left-edge", SR_L .. "/SYN-ACK/inside", SR_L .. "/SYN-ACK/right-edge",
                    SR_L .. "/SYN-ACK/ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.4 (fourth check, SYN-RECEIVED)",
    what = "a SYN in the window of a passive SYN-RECEIVED request is answered with <SEQ=0 (SEG.ACK with ACK)>"
      .. "<ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> and the request dropped, instead of a silent return to LISTEN",
    where = "transport/tcp/connect.go: handshake.synRcvdState (\"two SYN segments with different sequence "
      .. "numbers\": RST|ACK, then ErrInvalidEndpointState when !h.active)" },
  { rows = { SR_S }, kinds = { "SYN", "SYN-text", "SYN-FIN" }, positions = WINDOW,
    cells_extra = { SR_S .. "/SYN-ACK/left-edge", SR_S .. "/SYN-ACK/inside", SR_S .. "/SYN-ACK/right-edge",
                    SR_S .. "/SYN-ACK/ack-SND.NXT" },
    rfc = "RFC 5961 4.2",
    what = "a SYN in the window after a simultaneous open is answered with <SEQ=0 (SEG.ACK with ACK)>"
      .. "<ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, then netstack restarts its active open and sends its SYN again, "
      .. "instead of a challenge ACK",
    where = "transport/tcp/connect.go: handshake.synRcvdState (RST|ACK; h.active: resetState, sendSynTCP)" },
  { rows = { SR_L, SR_S }, cells = { "SYN-ACK/ack-old", "SYN-ACK/ack-SND.UNA", "SYN-ACK/ack-beyond" },
    rfc = "RFC 9293 3.10.7.4 (fourth check, SYN-RECEIVED)",
    what = "a SYN-ACK whose SEG.ACK is not ISS+1 is answered with <SEQ=SEG.ACK><CTL=RST> and dropped, the "
      .. "request kept in SYN-RECEIVED: the ACK is checked before the SYN bit",
    where = "transport/tcp/connect.go: handshake.synRcvdState (h.checkAck first), handshake.checkAck" },
  { cells = { SR_L .. "/SYN-ACK/outside-left", SR_S .. "/SYN-ACK/outside-left" },
    rfc = "RFC 9293 3.10.7.4 (first check)",
    what = "a SYN-ACK at IRS (the peer's SYN again, with the ACK of the target's) fails the window check before "
      .. "its ACK is used: it is answered with <SEQ=ISS+1><ACK=RCV.NXT><CTL=ACK> and the connection stays in "
      .. "SYN-RECEIVED instead of reaching ESTABLISHED",
    where = "transport/tcp/connect.go: handshake.synRcvdState (!s.sequenceNumber.InWindow -> sendEmptyRaw ACK)" },
  { rows = TW, cells = { "SYN-ACK/left-edge", "SYN-ACK/ack-old", "SYN-ACK/ack-SND.UNA", "SYN-ACK/ack-SND.NXT",
                         "SYN-ACK/ack-beyond" },
    rfc = "RFC 5961 4.2",
    what = "in TIME-WAIT a SYN-ACK at RCV.NXT gets no challenge ACK: a segment at RCV.NXT without text or a "
      .. "retransmitted FIN is dropped silently",
    where = "transport/tcp/rcv.go: receiver.handleTimeWaitSegment (an ACK only if SEG.SEQ != RCV.NXT or text)" },
  { rows = TW, cells = { "SYN-ACK/inside", "SYN-ACK/right-edge", "SYN-ACK/outside-right" },
    rfc = "RFC 5961 4.2, RFC 9293 3.6.1",
    what = "a SYN-ACK above RCV.NXT ends the TIME-WAIT connection as a new SYN would and goes to the listener, "
      .. "which answers <SEQ=SEG.ACK><CTL=RST>: the connection is gone, no challenge ACK",
    where = "transport/tcp/rcv.go: receiver.handleTimeWaitSegment (SYN with SEG.SEQ > RCV.NXT: newSyn); "
      .. "connect.go: endpoint.handleTimeWaitSegments; accept.go: endpoint.handleListenSegment (SYN|ACK -> "
      .. "replyWithReset)" },
  { rows = TW, cells = { "ACK/inside", "ACK/right-edge", "ACK-text/left-edge", "ACK-text/inside",
                         "ACK-text/right-edge", "ACK-text/ack-SND.UNA", "ACK-text/ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.4 (TIME-WAIT)",
    what = "the TIME-WAIT connection answers every ACK segment that is not at RCV.NXT or that carries text with "
      .. "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and processes no text",
    where = "transport/tcp/rcv.go: receiver.handleTimeWaitSegment (\"NOTE: In TIME_WAIT the only acceptable "
      .. "sequence number is RcvNxt\")" },
  { rows = TW, cells = { "ACK/ack-old", "ACK/ack-beyond", "FIN-ACK/ack-old", "FIN-ACK/ack-beyond" },
    rfc = "RFC 5961 5.2",
    what = "the TIME-WAIT connection does not check SEG.ACK: an ACK outside [SND.UNA-MAX.SND.WND, SND.NXT] at "
      .. "RCV.NXT is dropped silently, no challenge ACK",
    where = "transport/tcp/rcv.go: receiver.handleTimeWaitSegment (no SEG.ACK check)" },
  { rows = TW, cells = { "FIN-ACK/left-edge", "FIN-ACK/ack-SND.UNA", "FIN-ACK/ack-SND.NXT" },
    rfc = "RFC 9293 3.10.7.4 (eighth check, TIME-WAIT)",
    what = "in TIME-WAIT only a retransmitted FIN (SEG.SEQ+1 = RCV.NXT) is acknowledged; a FIN at RCV.NXT "
      .. "is dropped silently, without <ACK=SEG.SEQ+SEG.LEN>",
    where = "transport/tcp/rcv.go: receiver.handleTimeWaitSegment (segSeq.Add(1) == r.RcvNxt && FIN)" },
  { rows = TW, kinds = { "FIN", "data" }, positions = { "outside-left", "outside-right" },
    rfc = "RFC 9293 3.10.7.4 (first check, TIME-WAIT)",
    what = "in TIME-WAIT a segment without ACK is dropped silently, a retransmitted FIN without ACK included: "
      .. "no <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    where = "transport/tcp/rcv.go: receiver.handleTimeWaitSegment (\"Drop the segment if it does not contain an ACK\")" },
}

-- The cells of CLOSING and LAST-ACK that deviate only by reading FIN-WAIT-1
-- after the wait (the group with fin_resent): every position of every kind
-- in those rows but the ones another group names.
local KINDS = {
  SYN = "seq", ["SYN-text"] = "seq", ["SYN-ACK"] = "both", ["SYN-FIN"] = "seq", ACK = "both",
  ["ACK-text"] = "both", FIN = "seq", ["FIN-ACK"] = "both", RST = "seq", ["RST-ACK"] = "both", data = "seq",
}
local KIND_ORDER = { "SYN", "SYN-text", "SYN-ACK", "SYN-FIN", "ACK", "ACK-text", "FIN", "FIN-ACK", "RST", "RST-ACK", "data" }
local SEQ_POS = { "outside-left", "left-edge", "inside", "right-edge", "outside-right" }
local ACK_POS = { "ack-old", "ack-SND.UNA", "ack-in-flight", "ack-SND.NXT", "ack-beyond" }
-- Positions where CLOSING and LAST-ACK conform (ack-in-flight does not exist
-- there: nothing but the FIN is in flight; the RST in the window resets).
local CONFORM = { ["RST/left-edge"] = true, ["RST/inside"] = true, ["RST/right-edge"] = true,
                  ["RST-ACK/left-edge"] = true, ["RST-ACK/inside"] = true, ["RST-ACK/right-edge"] = true,
                  ["RST-ACK/ack-old"] = true, ["RST-ACK/ack-SND.UNA"] = true, ["RST-ACK/ack-SND.NXT"] = true,
                  ["RST-ACK/ack-beyond"] = true, ["ACK/left-edge"] = true, ["ACK/ack-SND.NXT"] = true }

local function cells_of(g)
  local cells = {}
  if g.kinds then
    for _, r in ipairs(g.rows) do
      for _, k in ipairs(g.kinds) do
        for _, p in ipairs(g.positions) do cells[#cells + 1] = r .. "/" .. k .. "/" .. p end
      end
    end
  elseif g.rows then
    for _, r in ipairs(g.rows) do
      for _, c in ipairs(g.cells) do cells[#cells + 1] = r .. "/" .. c end
    end
  elseif g.cells then
    for _, c in ipairs(g.cells) do cells[#cells + 1] = c end
  end
  for _, c in ipairs(g.cells_extra or {}) do cells[#cells + 1] = c end
  return cells
end

local named = {}
for _, g in ipairs(groups) do
  for _, c in ipairs(cells_of(g)) do named[c] = true end
end

local entries = {}
for _, g in ipairs(groups) do
  local cells = cells_of(g)
  if g.fin_resent then
    for _, r in ipairs(AFTER_FIN) do
      for _, k in ipairs(KIND_ORDER) do
        local pos = {}
        for _, p in ipairs(SEQ_POS) do pos[#pos + 1] = p end
        if KINDS[k] == "both" then
          for _, p in ipairs(ACK_POS) do if p ~= "ack-in-flight" then pos[#pos + 1] = p end end
        end
        for _, p in ipairs(pos) do
          local c = r .. "/" .. k .. "/" .. p
          if not named[c] and not CONFORM[k .. "/" .. p] then cells[#cells + 1] = c end
        end
      end
    end
  end
  for _, c in ipairs(cells) do
    local row, kind = c:match("^([^/]+)/([^/]+)/")
    local what = g.what
    if g.resent and (row == "CLOSING" or row == "LAST-ACK") then what = what .. AGAIN end
    entries[#entries + 1] = { test = ("matrix/%s: %s"):format(row, kind), check = "matrix/" .. c .. ":",
                              rfc = g.rfc, what = what, where = g.where }
  end
end
return entries
