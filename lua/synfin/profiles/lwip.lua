--- lwIP 2.1.3 as Debian 12 builds it (liblwip 2.1.3+dfsg1-2: its lwipopts.h,
-- then src/include/lwip/opt.h's defaults), driven by synfin-lwip-agent
-- (targets/lwip/) on the raw TCP API: `synfin run --target lwip`.
--
-- Compiled in: TCP_MSS 1460, TCP_WND 65535 with LWIP_WND_SCALE (shift 1),
-- no timestamps (LWIP_TCP_TIMESTAMPS 0), no SACK (LWIP_TCP_SACK_OUT 0), no
-- listen backlog (TCP_LISTEN_BACKLOG 0), TCP_MSL 60 s (TIME_WAIT 2 * TCP_MSL
-- = 120 s), TCP_FIN_WAIT_TIMEOUT 20 s, TCP_SYN_RCVD_TIMEOUT 20 s,
-- TCP_SYNMAXRTX 6, TCP_MAXRTX 12, timers every TCP_TMR_INTERVAL 250 ms
-- (tcp_slowtmr every 500 ms).
--
-- Sources cited below are lwIP 2.1.3's (apt-get source lwip). Entries whose
-- `what` starts "SCRIPT ASSUMES LINUX" are no deviation of lwIP: the script
-- builds a Linux default into its expectation (a Linux socket option, a
-- Linux errno); they are here until the scripts adapt to the target's
-- settings. Tests that need a Linux sysctl or setup= target option skip:
-- the stack backend refuses those options (lwIP has no such knobs).
local function dev(test, check, rfc, what, where, family)
  return { test = test, check = check, rfc = rfc, what = what, where = where, family = family }
end

local ISN = "lwIP's ISN is a global counter, iss += tcp_ticks from 6510, neither keyed by the 4-tuple "
  .. "nor driven by a clock, so a fresh stack gives every connection ISN 6510"
local ISN_WHERE = "src/core/tcp.c: tcp_next_iss() (no LWIP_HOOK_TCP_ISN in Debian's build)"
local RST_ACK = "lwIP's RST always carries ACK (TCP_RST | TCP_ACK), also when it answers a segment with ACK, "
  .. "where the RFC's reset is <SEQ=SEG.ACK><CTL=RST>"
local BACKLOG = "lwIP compiled with TCP_LISTEN_BACKLOG 0 keeps no backlog: every SYN to a listener gets a "
  .. "SYN-ACK and every completed handshake goes to the application; the only limit is the agent's own "
  .. "accept queue of 64 (accept_queue reports backlog=64)"
local BACKLOG_WHERE = "src/core/tcp_in.c: tcp_listen_input(); src/core/tcp.c: tcp_listen_with_backlog_and_err()"

return {
  name = "lwip",
  -- tcp_process() answers an in-window RST and a SYN in a synchronized state
  -- with an ACK (RFC 5961 3, 4); tcp_timewait_input() ignores RST (RFC 1337)
  -- and never reopens TIME_WAIT for a new SYN.
  -- The first retransmission comes after lwIP's initial RTO of 3 s
  -- (tcp_alloc() in src/core/tcp.c: rto = 3000 / TCP_SLOW_INTERVAL, RFC
  -- 1122's value; RFC 6298 2.1 now says 1 s), so owed retransmissions are
  -- awaited 3.5 s, not 1.5 s. A delayed ACK leaves on the next tick of
  -- tcp_fasttmr() (TCP_TMR_INTERVAL 250 ms), up to 250 ms late, so the
  -- matrix's cells wait 0.4 s for answers, not 0.3 s.
  policy = { rfc5961_rst = true, rfc5961_syn = true, rfc5961_ack = true, rfc1337 = true,
             time_wait_reopen = false, obligation_rto = 3.5, matrix_wait = 0.4 },
  documented = {
    rst_keeps_received_data = "data that arrived before a RST is still read by the application, then "
      .. "ECONNRESET: lwIP hands data to the application at once (tcp_recv callback), and the agent, like "
      .. "lwIP's socket layer (err_tcp() in src/api/api_msg.c posts the error behind the data), keeps it",
    time_wait_rst_ignored_rfc1337 = "a RST in TIME_WAIT is ignored (RFC 1337): src/core/tcp_in.c "
      .. "tcp_timewait_input() returns on TCP_RST",
    time_wait_old_syn_acked = "an old SYN in TIME_WAIT is answered with an ACK: src/core/tcp_in.c "
      .. "tcp_timewait_input() acknowledges any out-of-window SYN",
  },
  deviations = {
    -- opening (scripts/handshake/, simopen/)
    dev("handshake/isn: ISNs of different 4-tuples*", nil, "RFC 9293 3.4.1; RFC 6528 3", ISN, ISN_WHERE),
    dev("handshake/isn: the ISN of one 4-tuple moves forward with a clock*", nil, "RFC 9293 3.4.1; RFC 6528 3",
        ISN, ISN_WHERE),
    dev("simopen/simultaneous-open: simultaneous open*", nil, "RFC 9293 3.5 (Figure 8)",
        "lwIP has no simultaneous open: in SYN_SENT it acts only on a SYN-ACK (or RST); a bare SYN is "
          .. "dropped and the connection stays in SYN_SENT",
        "src/core/tcp_in.c: tcp_process(), case SYN_SENT"),
    -- listener queues (scripts/backlog/)
    dev("backlog/accept-queue: listen(*", nil, "RFC 9293 3.10.1 (backlog: implementation choice)", BACKLOG,
        BACKLOG_WHERE),
    dev("backlog/accept-queue: a SYN ignored by the full queue*", nil, nil, BACKLOG, BACKLOG_WHERE),
    -- maximum segment size (scripts/mss/)
    dev("mss/advertised: at link MTU 9000*", nil, "RFC 9293 3.7.1; RFC 6691 2",
        "lwIP announces min(TCP_MSS, MTU - 40/60), and Debian compiles TCP_MSS 1460: at MTU 9000 the MSS "
          .. "option says 1460 (IPv4) / 1440 (IPv6)",
        "src/core/tcp.c: tcp_eff_send_mss_netif(); TCP_MSS in Debian's lwipopts.h"),
    dev("mss/default-mss: *", "full segments carry the default 1220 octets", "RFC 9293 3.7.1; RFC 8200 5",
        "without an MSS option lwIP sends 536-octet segments over IPv6 too (INITIAL_MSS 536 for both "
          .. "families), not IPv6's 1220", "src/core/tcp.c: INITIAL_MSS, tcp_alloc()", 6),
    dev("mss/peer-mss: the tester announces MSS 1:*", nil, "RFC 9293 3.7.1",
        "SCRIPT ASSUMES LINUX: one send of 1200 octets must be taken whole (scripts/mss/peer-mss.lua:17), "
          .. "but a send may take less (targets/AGENT.md): at MSS 1 every octet is a segment and lwIP queues "
          .. "at most TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS = 179) pbufs, so tcp_write() takes about 150",
        "src/core/tcp_out.c: tcp_write_checks()"),
    -- resets (scripts/reset/)
    dev("reset/closed-port: ACK to a closed port*", nil, "RFC 9293 3.10.7.1", RST_ACK,
        "src/core/tcp_out.c: tcp_rst(); src/core/tcp_in.c: tcp_input()"),
    dev("reset/abort: target opened passively aborts with data queued*", "the window update gets a RST",
        "RFC 9293 3.10.7.1", RST_ACK, "src/core/tcp_out.c: tcp_rst(); src/core/tcp_in.c: tcp_input()"),
    dev("reset/abort: target opened actively aborts with data queued*", "the window update gets a RST",
        "RFC 9293 3.10.7.1", RST_ACK, "src/core/tcp_out.c: tcp_rst(); src/core/tcp_in.c: tcp_input()"),
    dev("reset/close-unread: data arriving after close()*", "the target answers the data with a RST",
        "RFC 9293 3.10.7.4",
        "data after close() (TF_RXCLOSED) makes lwIP abort the connection; tcp_abort() sends <SEQ=SND.NXT> "
          .. "(past its own FIN) with ACK, not <SEQ=SEG.ACK><CTL=RST>",
        "src/core/tcp_in.c: tcp_input() (TF_RXCLOSED); src/core/tcp.c: tcp_abandon()"),
    -- TIME_WAIT (scripts/timewait/)
    dev("timewait/retransmitted-fin: *", "the TIME_WAIT timer is 2 MSL", "RFC 9293 3.3.2 (MSL 2 minutes)",
        "TIME_WAIT lasts 2 * TCP_MSL = 120 s (TCP_MSL 60000 ms), not 240 s",
        "src/include/lwip/priv/tcp_priv.h: TCP_MSL; src/core/tcp.c: tcp_slowtmr()"),
    dev("timewait/syn: TIME_WAIT without timestamps*", nil, "RFC 9293 3.10.7.4; RFC 6191 2",
        "lwIP never reopens TIME_WAIT: any SYN outside the window gets an ACK, one inside it a RST",
        "src/core/tcp_in.c: tcp_timewait_input()"),
    dev("timewait/rebind: a restarted server cannot bind*", "with SO_REUSEADDR on the new socket only",
        "RFC 9293 3.6.1 (socket API: implementation choice)",
        "with SO_REUSEADDR on the new pcb alone, tcp_bind() skips the TIME_WAIT list, so bind() succeeds",
        "src/core/tcp.c: tcp_bind() (SO_REUSE, NUM_TCP_PCB_LISTS_NO_TIME_WAIT)"),
    dev("timewait/rebind: a restarted client cannot bind*", "connect() on the TIME_WAIT socket pair fails with EADDRNOTAVAIL",
        nil, "SCRIPT ASSUMES LINUX: Linux's errno; lwIP's tcp_connect() refuses the 4-tuple with ERR_USE, "
          .. "EADDRINUSE, which is POSIX connect()'s name for it", "src/core/tcp.c: tcp_connect()"),
    -- orphaned FIN_WAIT_2 (scripts/finwait2/)
    table.unpack((require "synfin.profiles.lwip_matrix")), -- the matrix (scripts/matrix/); last: only a last call expands
  },
}
