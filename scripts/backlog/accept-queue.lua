-- The accept queue (S9.3): a listener holds a fixed number of connections
-- whose handshake is complete but which the application has not accepted,
-- and the application sets that number with listen()'s backlog. When the
-- queue is full, a SYN is ignored: no SYN-ACK and no RST, so the client
-- retransmits it and gets in once the application accepts (RFC 4987 2;
-- RFC 9293 3.10.1 leaves the queue to the implementation).
local synfin = require "synfin"
local bl = require "synfin.backlog"

local PORT = 80

-- Fill the listener's accept queue, assert that the first SYN past it is
-- ignored, and return how many handshakes completed and that SYN's port.
local function fill_and_check(t, srv, max)
  local n, ignored, answer = bl.fill(t, PORT, max)
  t:ok(ignored, ("the queue is bounded: a SYN goes unanswered after %d handshakes"):format(n))
  if not ignored then t:abort() end
  t:ok(answer == nil, "the SYN past the full queue is not refused", { observed = answer and answer.summary })
  t:expect_silence(0.15, { dport = ignored }, "the SYN past the full queue is ignored: no SYN-ACK, no RST")
  t:is(bl.accept_queue(t, srv).queued, n, "every completed handshake waits in the accept queue")
  return n, ignored
end

-- listen(backlog) holds `backlog` connections by the notes' claim; Linux
-- holds one more. (Historic BSD allowed 3/2 * backlog + 1, half-open ones
-- included, which is why listen(0) never meant "no connections".)
local function length_check(t, backlog, n, what)
  t:diag(("%s: %d handshakes completed without accept(); historic BSD: %d"):format(what, n, backlog * 3 // 2 + 1))
  t:rfc_check {
    name = ("%s holds %d completed connections"):format(what, backlog),
    rfc = "RFC 4987 2",
    conforms = n == backlog,
    deviation = "accept_queue_backlog_plus_one",
    as_documented = n == backlog + 1,
    observed = ("%d handshakes completed before a SYN was ignored"):format(n),
  }
end

for _, backlog in ipairs { 0, 1, 5, 128 } do
  synfin.test {
    name = ("listen(%d): the queue holds a fixed number; the next SYN is ignored"):format(backlog),
    claims = { "S9.3" },
    rfc = { "RFC 9293 3.10.1", "RFC 4987 2" },
    run = function(t)
      local srv = assert(t.agent:listen(PORT, backlog))
      -- The target's somaxconn clamps it (listen(2)): the queue is judged by that.
      local applied = bl.applied(t, srv, backlog)
      local n = fill_and_check(t, srv, backlog + 10)
      length_check(t, applied, n, applied == backlog and ("listen(%d)"):format(backlog)
        or ("listen(%d) clamped to %d"):format(backlog, applied))
    end,
  }
end

synfin.test {
  name = "net.core.somaxconn=4 clamps listen(128): the queue holds what listen(4) holds",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.10.1", "RFC 4987 2" },
  target = { sysctl = { ["net.core.somaxconn"] = 4 } },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 128))
    -- listen(2): a backlog above somaxconn is silently truncated to it.
    local applied = bl.applied(t, srv, 128)
    t:is(applied, 4, "the clamp is the test's somaxconn (4)")
    local n = fill_and_check(t, srv, 20)
    length_check(t, applied, n, "listen(128) clamped to 4")
  end,
}

synfin.test {
  name = "a SYN ignored by the full queue succeeds when retransmitted after an accept()",
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.8.1", "RFC 4987 2" },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 1))
    local _, ignored = fill_and_check(t, srv, 10)
    t:ok(t.agent:accept(srv, 1), "the application accepts one connection, making room")
    -- The client's retransmission: the same SYN, same ISN (RFC 9293 3.8.1).
    bl.syn(t, PORT, ignored)
    local synack = t:expect { flags = "S.", dport = ignored, ack = bl.isn(ignored) + 1,
                              name = "the retransmitted SYN is answered with a SYN-ACK" }
    bl.ack(t, synack, ignored)
    -- accept() takes the queue in order: the connection that waited, then the retried one.
    local ports = {}
    for i = 1, 2 do
      local fd, info = t.agent:accept(srv, 1)
      ports[i] = fd and math.tointeger(tonumber(info.rport))
    end
    t:is(ports[1], bl.FIRST_PORT + 2, "the application accepts the connection that waited in the queue")
    t:is(ports[2], ignored, "then the retried connection: its handshake completed")
  end,
}
