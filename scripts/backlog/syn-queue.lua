-- Half-open connections (SYN received, SYN-ACK sent, no ACK yet) wait in a
-- queue of their own, apart from the accept queue of S9.3: Linux keeps a
-- request socket in SYN_RECEIVED for each. Without SYN cookies that queue
-- is bounded (by the listen backlog and net.ipv4.tcp_max_syn_backlog) and a
-- SYN past it is ignored; with SYN cookies the target answers every SYN
-- and keeps no state until the ACK comes back (RFC 4987 3.6), where RFC
-- 9293 3.10.7.2 has the SYN move the connection to SYN-RECEIVED.
local synfin = require "synfin"
local bl = require "synfin.backlog"

local PORT = 80
local FIRST = bl.FIRST_PORT

-- SYNs from ports FIRST+1 .. FIRST+n, never completed. Asserts that no SYN
-- is refused; returns the SYN-ACKs by port, how many there are, and the
-- target's state of each connection by port.
local function half_open(t, n)
  local got = bl.half_open(t, PORT, n)
  local synacks, count, other, states = {}, 0, nil, {}
  for i = 1, n do
    local sport, seg = FIRST + i, got[FIRST + i]
    if seg and seg.flags == "S." then
      synacks[sport], count = seg, count + 1
    elseif seg then
      other = seg
    end
    states[sport] = bl.state(t, PORT, sport)
  end
  t:ok(other == nil, "no SYN is refused", { observed = other and other.summary })
  return synacks, count, states
end

-- Every port of `ports` (a list) has the target state `want`.
local function all_in(states, ports, want)
  for _, p in ipairs(ports) do
    if states[p] ~= want then return false end
  end
  return true
end

local function range(a, b)
  local r = {}
  for p = a, b do r[#r + 1] = p end
  return r
end

-- RFC 9293 3.10.7.2: the SYN moves the connection to SYN-RECEIVED; a SYN
-- cookie answers it without keeping any state.
local function state_kept_check(t, state)
  t:rfc_check {
    name = "the SYN-ACK'd connection is kept in SYN-RECEIVED",
    rfc = "RFC 9293 3.10.7.2",
    conforms = state == "SYN_RECEIVED",
    deviation = "syncookies_stateless",
    as_documented = state == "CLOSED",
    observed = ("SYN-ACK sent; the target's state of the connection: %s"):format(tostring(state)),
  }
end

-- Complete the handshake answered by `synack` from `sport`; the cookie (or
-- the request) must give an ESTABLISHED connection in the accept queue.
local function complete(t, srv, synack, sport, queued)
  bl.ack(t, synack, sport)
  t:sleep(0.02)
  t:is(bl.state(t, PORT, sport), "ESTABLISHED", "the ACK of that SYN-ACK establishes the connection")
  t:is(bl.accept_queue(t, srv).queued, queued, "and puts it in the accept queue")
end

synfin.test {
  name = "no SYN cookies: the SYN queue is bounded by the backlog and kept apart from the accept queue",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.7.2", "RFC 4987 2" },
  target = { sysctl = { ["net.ipv4.tcp_syncookies"] = 0 } },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 5))
    local synacks, n, states = half_open(t, 10)
    -- Linux: at most backlog+1 requests (inet_csk_reqsk_queue_is_full()).
    t:ok(n >= 1 and n <= 6, ("listen(5): the SYN queue is bounded: %d of 10 SYNs answered"):format(n))
    t:ok(all_in(states, range(FIRST + 1, FIRST + n), "SYN_RECEIVED"), "each answered SYN is kept in SYN_RECEIVED",
      { states = states })
    t:ok(all_in(states, range(FIRST + n + 1, FIRST + 10), "CLOSED"), "the SYNs past the queue were ignored: no state")
    t:is(bl.accept_queue(t, srv).queued, 0, "half-open connections are not in the accept queue")
    for i = 1, n do bl.ack(t, synacks[FIRST + i], FIRST + i) end
    t:sleep(0.02)
    t:is(bl.accept_queue(t, srv).queued, n, "once their ACKs come, they move to the accept queue")
  end,
}

synfin.test {
  name = "no SYN cookies: net.ipv4.tcp_max_syn_backlog bounds the SYN queue below the backlog",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.7.2", "RFC 4987 2" },
  target = { sysctl = { ["net.ipv4.tcp_syncookies"] = 0, ["net.ipv4.tcp_max_syn_backlog"] = 8 } },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 128))
    local applied = bl.applied(t, srv, 128)
    local _, n, states = half_open(t, 12)
    -- Linux (tcp_conn_request()): without cookies, a SYN from a peer not yet
    -- proven alive is dropped once the queue is 3/4 of tcp_max_syn_backlog;
    -- the listener's own bound (its backlog after the somaxconn clamp) may be lower.
    local lo, hi = math.min(6, applied), math.min(8, applied + 1)
    t:ok(n >= lo and n <= hi, ("listen(128) (backlog %d), tcp_max_syn_backlog 8: %d of 12 SYNs answered, %d to %d expected")
      :format(applied, n, lo, hi))
    t:ok(all_in(states, range(FIRST + n + 1, FIRST + 12), "CLOSED"), "the SYNs past it were ignored: no state")
  end,
}

synfin.test {
  name = "tcp_syncookies=1: past the full SYN queue, every SYN gets a stateless cookie SYN-ACK",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.7.2", "RFC 4987 3.6" },
  target = { sysctl = { ["net.ipv4.tcp_syncookies"] = 1 } },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 5))
    local applied = bl.applied(t, srv, 5)
    local synacks, n, states = half_open(t, 10)
    t:is(n, 10, "every SYN is answered with a SYN-ACK")
    t:ok(all_in(states, range(FIRST + 1, FIRST + applied + 1), "SYN_RECEIVED"),
      ("the first backlog+1 (%d) are kept in SYN_RECEIVED"):format(applied + 1), { states = states })
    local cookie = FIRST + 10
    state_kept_check(t, states[cookie])
    if not synacks[cookie] then t:abort() end
    complete(t, srv, synacks[cookie], cookie, 1)
  end,
}

synfin.test {
  name = "tcp_syncookies=2: every SYN gets a cookie; a full accept queue still ignores SYNs",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.7.2", "RFC 4987 3.6", "RFC 4987 2" },
  target = { sysctl = { ["net.ipv4.tcp_syncookies"] = 2 } },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 1))
    local synacks, n, states = half_open(t, 1)
    t:is(n, 1, "the SYN is answered with a SYN-ACK")
    state_kept_check(t, states[FIRST + 1])
    if not synacks[FIRST + 1] then t:abort() end
    complete(t, srv, synacks[FIRST + 1], FIRST + 1, 1)
    local more, ignored = bl.fill(t, PORT, 10, FIRST + 1)
    t:ok(ignored ~= nil, ("the accept queue fills after %d more"):format(more))
    t:expect_silence(0.15, { dport = ignored }, "then a SYN is ignored, cookies or not: no SYN-ACK, no RST")
  end,
}
