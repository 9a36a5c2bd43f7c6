-- The final ACK of a handshake whose SYN found room, arriving when the
-- accept queue has filled meanwhile. RFC 9293 3.10.7.4 (SYN-RECEIVED, an
-- acceptable ACK) says the connection becomes ESTABLISHED; Linux has no
-- room for it and either drops the ACK (the default) or resets the
-- connection (net.ipv4.tcp_abort_on_overflow=1). SYNs to the full queue
-- are ignored either way (S9.3).
local synfin = require "synfin"
local bl = require "synfin.backlog"
local seq = require "synfin.seq"

local PORT = 80

-- Fill the queue of listen(1), accept one, and let two SYNs find room; the
-- first of their ACKs fills the queue again, the second finds it full.
-- Returns the listener, that last SYN-ACK, its tester port and the queue length.
local function overflow(t)
  local srv = assert(t.agent:listen(PORT, 1))
  local n, ignored = bl.fill(t, PORT, 10)
  t:ok(ignored and n >= 1, ("the queue holds %d connections"):format(n))
  if not ignored then t:abort() end
  t:ok(t.agent:accept(srv, 1), "the application accepts one, making room for one")
  local a, b = ignored, ignored + 1
  bl.syn(t, PORT, a)
  local synack_a = t:expect { flags = "S.", dport = a, name = "a SYN that finds room is answered (1)" }
  bl.syn(t, PORT, b)
  local synack_b = t:expect { flags = "S.", dport = b, name = "a second SYN that finds room is answered (2)" }
  bl.ack(t, synack_a, a)
  t:sleep(0.02)
  t:is(bl.accept_queue(t, srv).queued, n, "the first ACK fills the accept queue")
  bl.ack(t, synack_b, b)
  return srv, synack_b, b, n
end

-- Did the target answer the SYNs statelessly (a SYN cookie: no request to
-- drop or reset, RFC 4987 3.6)? By its settings, else by what it shows.
local function stateless(t, state)
  local held = bl.half_open_state(t)
  if held then return held == "CLOSED" end
  return state == "CLOSED"
end

synfin.test {
  name = "an ACK that finds the accept queue full is dropped; the client's data completes it later",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 4987 2" },
  target = { sysctl = { ["net.ipv4.tcp_abort_on_overflow"] = 0 } },
  run = function(t)
    local srv, synack, sport, n = overflow(t)
    local seg = t:next({ dport = sport }, 0.2)
    local state = bl.state(t, PORT, sport)
    t:rfc_check {
      name = "an acceptable ACK in SYN-RECEIVED establishes the connection",
      rfc = "RFC 9293 3.10.7.4",
      conforms = state == "ESTABLISHED",
      -- The ACK is dropped; a request stays in SYN_RECEIVED, or, with a SYN
      -- cookie, nothing does until the next segment brings the cookie again.
      deviation = stateless(t, state) and "syncookies_stateless" or "accept_queue_full_ack_dropped",
      as_documented = seg == nil and state == (stateless(t, state) and "CLOSED" or "SYN_RECEIVED"),
      observed = ("state %s; answer: %s"):format(tostring(state), seg and seg.summary or "none"),
    }
    t:ok(t.agent:accept(srv, 1), "the application accepts one, making room")
    -- The client believes it is connected and sends; the data carries the ACK again.
    bl.ack(t, synack, sport, "hello")
    t:sleep(0.02)
    t:is(bl.state(t, PORT, sport), "ESTABLISHED", "the data segment completes the connection")
    -- accept() takes the queue in order: the connections completed before, then this one.
    local fd, info
    for _ = 1, n + 1 do
      fd, info = t.agent:accept(srv, 1)
      if not fd or math.tointeger(tonumber(info.rport)) == sport then break end
    end
    t:is(fd and math.tointeger(tonumber(info.rport)), sport, "the application accepts it, after those queued before")
    if fd then t:is(t.agent:recv(fd, 100, 1), "hello", "and reads the client's data") end
  end,
}

synfin.test {
  name = "tcp_abort_on_overflow=1: an ACK that finds the queue full gets RST; SYNs are still ignored",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 4987 2" },
  target = { sysctl = { ["net.ipv4.tcp_abort_on_overflow"] = 1 } },
  run = function(t)
    local _, synack, sport = overflow(t)
    local seg = t:next({ dport = sport }, 0.3)
    local state = bl.state(t, PORT, sport)
    t:rfc_check {
      name = "an acceptable ACK in SYN-RECEIVED establishes the connection",
      rfc = "RFC 9293 3.10.7.4",
      conforms = state == "ESTABLISHED",
      -- A reset answering an ACK: <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2).
      -- With a SYN cookie there is no request to abort: the ACK is dropped.
      deviation = stateless(t, state) and "syncookies_stateless" or "abort_on_overflow_rst",
      as_documented = state == "CLOSED" and (stateless(t, state) and seg == nil
                      or seg ~= nil and seg.flags == "R" and seg.seq == seq.add(synack.seq, 1)),
      observed = ("state %s; answer: %s"):format(tostring(state), seg and seg.summary or "none"),
    }
    -- The queue is still full: a new SYN is ignored, not refused.
    local late = sport + 1
    bl.syn(t, PORT, late)
    t:expect_silence(0.2, { dport = late }, "a SYN to the full queue is ignored even so: no SYN-ACK, no RST")
  end,
}
