--- gVisor's netstack (gvisor.dev/gvisor/pkg/tcpip, Debian's
-- golang-gvisor-gvisor-dev 0.0~20221219) as `--target gvisor` drives it
-- (targets/gvisor/agent/). Every `where` is a file below
-- /usr/share/gocode/src/gvisor.dev/gvisor/pkg/ and the function in it.
--
-- Entries whose `what` starts "SCRIPT ASSUMES LINUX" are not netstack's
-- deviations: the script reads a timer from the agent, which netstack does
-- not expose. (Tests that set a Linux sysctl or setup= through the target
-- skip: the stack backend cannot apply them to netstack.)
-- "RACE" entries are netstack's own behaviour but appear only in some runs:
-- netstack handles segments on goroutines, so how far it got depends on the
-- tester's pace.

return {
  name = "gvisor",
  -- handleReset (tcpip/transport/tcp/connect.go) accepts any in-window RST
  -- (no RFC 5961 3.2 exact match, no challenge ACK); a SYN in a synchronized
  -- state gets a challenge ACK (handleSegmentLocked: maybeSendOutOfWindowAck);
  -- RST in TIME-WAIT is always ignored (rcv.go handleTimeWaitSegment).
  policy = { rfc5961_rst = false, rfc5961_syn = true, rfc5961_ack = true, rfc1337 = true,
             time_wait_reopen = true },
  documented = {
    isn_clock_64ns = "the ISN is a keyed jenkins hash of the 4-tuple plus the monotonic clock in 64 ns "
      .. "ticks, as Linux (tcpip/transport/tcp/connect.go: generateSecureISN)",
    accept_queue_backlog_plus_one = "listen(N) queues N+1 completed connections: gVisor's listen(2) passes "
      .. "backlog+1 to the endpoint for Linux parity (sentry/syscalls/linux/sys_socket.go: Listen; the agent "
      .. "does the same) and the queue is full at capacity (tcpip/transport/tcp/accept.go: acceptQueue.isFull)",
    tcp_min_snd_mss_48 = "a peer's MSS below 48 is raised to header.TCPMinimumSendMSS = 48 "
      .. "(tcpip/header/tcp.go: ParseSynOptions)",
    tcp_maxseg_listener_needs_syn_mss = "TCP_MAXSEG only lowers the MSS the endpoint announces "
      .. "(tcpip/transport/tcp/endpoint.go: calculateAdvertisedMSS); a SYN without MSS gives the send MSS 536",
    rst_keeps_received_data = "a RST does not purge the receive queue: unread data is still read, then "
      .. "ECONNRESET (tcpip/transport/tcp/connect.go: resetConnectionLocked, \"Don't purge read queues\")",
    rst_close_wait_epipe = "a RST in CLOSE-WAIT closes the endpoint with ErrAborted and send() fails with "
      .. "EPIPE, not ECONNRESET, as Linux (tcpip/transport/tcp/connect.go: handleReset)",
  },
  deviations = {
    -- netstack's own behaviour
    { test = "close/fin-retransmit: passive close: *", check = "after the retransmission the target is still in LAST_ACK",
      rfc = "RFC 9293 3.3.2 (Figure 5), 3.10.7.4 (LAST-ACK)",
      what = "retransmitting its FIN from LAST-ACK moves the endpoint to FIN-WAIT-1, a state of an active "
        .. "close: the send path sets the state of a FIN it sends from anything but CLOSE-WAIT to FIN-WAIT-1",
      where = "tcpip/transport/tcp/snd.go: (*sender).maybeSendSegment(), the FIN branch's "
        .. "switch s.ep.EndpointState() { case StateCloseWait: ...; default: setEndpointState(StateFinWait1) }" },
    { test = "close/fin-retransmit: passive close: *", check = "the ACK of the FIN closes the connection",
      rfc = "RFC 9293 3.10.7.4 (LAST-ACK: the ACK of our FIN closes it)",
      what = "after that retransmission the ACK of the FIN leaves the endpoint in FIN-WAIT-2, waiting for a "
        .. "FIN the peer already sent, instead of closing it",
      where = "tcpip/transport/tcp/snd.go: (*sender).maybeSendSegment() (as above), then rcv.go: "
        .. "handleRcvdSegmentClosing() takes FIN-WAIT-1 -> FIN-WAIT-2" },
    { test = "backlog/accept-queue: *", check = "every completed handshake waits in the accept queue",
      rfc = "RFC 4987 2",
      what = "RACE: a SYN that arrives before netstack has processed the previous handshake's ACK still gets "
        .. "a SYN-ACK; that connection's ACK then finds the queue full and it stays in SYN-RCVD",
      where = "tcpip/transport/tcp/accept.go: handleListenSegment" },
    { test = "backlog/accept-queue: a SYN ignored by the full queue*",
      check = "the application accepts the connection that waited in the queue", rfc = "RFC 4987 2",
      what = "RACE: the same race under load: the connection that should wait in the queue got its SYN-ACK "
        .. "before the previous handshake's ACK was processed, its own ACK found the queue full, and it "
        .. "stays in SYN-RCVD, so accept() has nothing to take",
      where = "tcpip/transport/tcp/accept.go: handleListenSegment" },
    { test = "backlog/accept-queue: listen(*", check = "listen(", rfc = "RFC 4987 2",
      what = "RACE: in some runs one handshake more than backlog+1 completes from the tester's side "
        .. "(the SYN-ACK was sent while the previous ACK was still queued)",
      where = "tcpip/transport/tcp/accept.go: handleListenSegment" },
    { test = "backlog/client-timeout: *", rfc = "RFC 9293 3.8.3, RFC 1122 4.2.3.5",
      what = "TCP_SYNCNT and TCP_USER_TIMEOUT do not bound an active open: the SYN is retransmitted with "
        .. "doubling timeouts from 1 s until the timeout exceeds MaxRTO, so connect() is still in SYN-SENT",
      where = "tcpip/transport/tcp/connect.go: handshake.retransmitHandlerLocked, backoffTimer.reset" },
    { test = "close/fin-with-data: *", check = "the queued data and the FIN leave in one segment",
      rfc = "RFC 9293 3.6",
      what = "the FIN is always a segment of its own, after the queued data",
      where = "tcpip/transport/tcp/snd.go: sender.maybeSendSegment (\"Netstack queues FIN segments without data\")" },
    { test = "mss/default-mss: *", check = "full segments carry the default 1220", family = 6,
      rfc = "RFC 9293 3.7.1, RFC 8200 8.3",
      what = "without an MSS option the send MSS is 536 for IPv6 as for IPv4, not 1220",
      where = "tcpip/header/tcp.go: TCPDefaultMSS, ParseSynOptions" },
    { test = "mss/maxseg: TCP_MAXSEG 1000*", check = "no segment carries more than 1000", rfc = "tcp(7) TCP_MAXSEG",
      what = "TCP_MAXSEG lowers only the announced MSS; the send MSS stays the peer's (1460)",
      where = "tcpip/transport/tcp/endpoint.go: calculateAdvertisedMSS; snd.go: newSender" },
    { test = "mss/maxseg: TCP_MAXSEG 1000*", check = "full segments carry exactly 1000", rfc = "tcp(7) TCP_MAXSEG",
      what = "TCP_MAXSEG lowers only the announced MSS; the send MSS stays the peer's (1460)",
      where = "tcpip/transport/tcp/endpoint.go: calculateAdvertisedMSS; snd.go: newSender" },
    { test = "mss/maxseg: TCP_MAXSEG 300 on the listener*", check = "no segment carries more than the application's 300",
      family = 6, rfc = "tcp(7) TCP_MAXSEG",
      what = "TCP_MAXSEG lowers only the announced MSS, and without a peer's MSS option the send MSS is 536 "
        .. "(not IPv6's 1220)",
      where = "tcpip/transport/tcp/endpoint.go: calculateAdvertisedMSS; tcpip/header/tcp.go: TCPDefaultMSS" },
    { test = "mss/maxseg: a small TCP_MAXSEG*", check = "the listener reports maxseg", rfc = "tcp(7) TCP_MAXSEG",
      what = "getsockopt(TCP_MAXSEG) always answers 536 (TCPDefaultMSS), whatever was set",
      where = "tcpip/transport/tcp/endpoint.go: GetSockOptInt (MaxSegOption)" },
    { test = "mss/maxseg: a small TCP_MAXSEG*", check = "no segment carries more than 88", rfc = "tcp(7) TCP_MAXSEG",
      what = "TCP_MAXSEG 88 is accepted but lowers only the announced MSS; segments carry the peer's MSS",
      where = "tcpip/transport/tcp/endpoint.go: SetSockOptInt, calculateAdvertisedMSS" },
    { test = "mss/maxseg: a small TCP_MAXSEG*", check = "full segments carry exactly 88", rfc = "tcp(7) TCP_MAXSEG",
      what = "TCP_MAXSEG 88 is accepted but lowers only the announced MSS; segments carry the peer's MSS",
      where = "tcpip/transport/tcp/endpoint.go: SetSockOptInt, calculateAdvertisedMSS" },
    { test = "reset/close-unread: *", check = "the target answers the data with a RST", rfc = "RFC 9293 3.10.7.4",
      what = "data after close() is answered with RST|ACK <SEQ=SND.NXT> (past the unacknowledged FIN in "
        .. "FIN-WAIT-1), not <SEQ=SEG.ACK><CTL=RST>",
      where = "tcpip/transport/tcp/rcv.go: handleRcvdSegmentClosing; connect.go: resetConnectionLocked" },
    { test = "reset/rst-established: an in-window but inexact RST*", check = "target answers with a challenge ACK",
      rfc = "RFC 5961 3.2",
      what = "any RST whose sequence number is in the window resets the connection; no challenge ACK",
      where = "tcpip/transport/tcp/connect.go: handleReset (rcv.acceptable)" },
    { test = "simopen/simultaneous-open: *", check = "target is in ESTABLISHED", rfc = "RFC 9293 3.5 Figure 8",
      what = "in SYN-RECEIVED the crossing SYN-ACK (SEG.SEQ = IRS, below RCV.NXT) fails the window check "
        .. "before its ACK is used: netstack answers with an ACK, drops it and stays in SYN-RECEIVED",
      where = "tcpip/transport/tcp/connect.go: handshake.synRcvdState" },
    { test = "simopen/simultaneous-open: *", check = "the connection carries data", rfc = "RFC 9293 3.5 Figure 8",
      what = "still in SYN-RECEIVED (above), netstack retransmits its SYN-ACK instead of sending data",
      where = "tcpip/transport/tcp/connect.go: handshake.synRcvdState, retransmitHandlerLocked" },
    { test = "timewait/rebind: *", check = "connect() on the TIME_WAIT socket pair fails with EADDRNOTAVAIL",
      rfc = "RFC 9293 3.6.1",
      what = "connect() onto a 4-tuple held by TIME-WAIT fails with ErrPortInUse (EADDRINUSE), not EADDRNOTAVAIL",
      where = "tcpip/transport/tcp/endpoint.go: registerEndpoint" },
    { test = "timewait/rst: a RST in TIME_WAIT closes*", rfc = "RFC 9293 3.10.7.4, RFC 1337 3",
      what = "a RST in TIME-WAIT is always dropped (RFC 1337 fix F1, no setting), so the connection stays "
        .. "and a retransmitted FIN is acknowledged",
      where = "tcpip/transport/tcp/rcv.go: handleTimeWaitSegment" },
    { test = "timewait/syn: *", rfc = "RFC 6191 2",
      what = "netstack has no PAWS in TIME-WAIT: a SYN above RCV.NXT reopens the connection whatever its "
        .. "TSval, and one at or below it is answered with an ACK",
      where = "tcpip/transport/tcp/rcv.go: handleTimeWaitSegment; connect.go: handleTimeWaitSegments" },
    -- the scripts' Linux assumptions
    { test = "states/state-walk: client path*", check = "the 2MSL timer that ends TIME_WAIT is running",
      rfc = "(none: an agent limit)",
      what = "SCRIPT ASSUMES LINUX: reads timer=timewait from tuple_state; netstack exposes no timer of an "
        .. "endpoint, so the agent reports none",
      where = "tcpip/transport/tcp/endpoint.go (timers are unexported)" },
    { test = "timewait/retransmitted-fin: *", rfc = "(none: an agent limit)",
      what = "SCRIPT ASSUMES LINUX: reads the TIME_WAIT timer (timer_ms=) from the agent, which netstack "
        .. "does not expose (its TIME-WAIT lasts TCPTimeWaitTimeoutOption, 60 s: settings time_wait_ms)",
      where = "tcpip/transport/tcp/connect.go: handleTimeWaitSegments; protocol.go: DefaultTCPTimeWaitTimeout" },
    -- the state x segment matrix (scripts/matrix/), one entry per cell
    table.unpack((require "synfin.profiles.gvisor_matrix"))
  },
}
