-- A server bound to one of the target's local addresses accepts connections
-- on that address only (S9.1); the target has two, t.target.addr and
-- t.target.addr2. A connection is named by both sockets, local address
-- included (RFC 9293 3.1, 3.10.1), so a SYN to the other address finds no
-- listener and is answered as one to a closed port (RFC 9293 3.10.7.1).
local synfin = require "synfin"
local bl = require "synfin.backlog"

local PORT = 80

-- A handshake to the target's `addr` from tester port `sport`, then
-- accept(): both asserted. Returns the accept reply.
local function connect_and_accept(t, srv, addr, sport, what)
  local synack = bl.handshake(t, PORT, sport, { dst = addr })
  t:ok(synack, ("the target answers a SYN to %s with a SYN-ACK"):format(what))
  if not synack then t:abort() end
  t:is(synack.src, addr, ("the SYN-ACK comes from %s"):format(what))
  local fd, info = t.agent:accept(srv, 1)
  t:ok(fd, ("the application accepts the connection to %s"):format(what), { got = tostring(info) })
  if not fd then t:abort() end
  t:is(info.laddr, addr, "accept() reports the local address the client connected to")
  return info
end

synfin.test {
  name = "a listener bound to one address accepts there; a SYN to the other address gets RST",
  claims = { "S9.1", "S6.1" },
  rfc = { "RFC 9293 3.10.1", "RFC 9293 3.10.7.1", "RFC 9293 3.10.7.2" },
  needs = { "addr2" },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 5, t.target.addr))
    connect_and_accept(t, srv, t.target.addr, bl.FIRST_PORT + 1, "the bound address")
    local sport = bl.FIRST_PORT + 2
    bl.syn(t, PORT, sport, { dst = t.target.addr2 })
    -- Nothing listens at (addr2, PORT): CLOSED state, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    t:expect { flags = "R.", seq = 0, ack = bl.isn(sport) + 1, src = t.target.addr2, dport = sport,
               name = "a SYN to the other address is refused with RST,ACK (nothing listens there)" }
    t:is(bl.accept_queue(t, srv).queued, 0, "nothing reached the listener's queue from the other address")
  end,
}

synfin.test {
  name = "the same port bound to the wildcard address accepts on both addresses",
  claims = { "S9.1" },
  rfc = { "RFC 9293 3.10.1", "RFC 9293 3.10.7.2" },
  needs = { "addr2" },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 5, "any"))
    connect_and_accept(t, srv, t.target.addr, bl.FIRST_PORT + 1, "the main address")
    connect_and_accept(t, srv, t.target.addr2, bl.FIRST_PORT + 2, "the second address")
  end,
}

synfin.test {
  name = "two servers on one port, one per address: each connection reaches its own",
  claims = { "S9.1" },
  rfc = { "RFC 9293 3.10.1", "RFC 9293 3.10.7.2" },
  needs = { "addr2" },
  run = function(t)
    local a = assert(t.agent:listen(PORT, 5, t.target.addr))
    local b = assert(t.agent:listen(PORT, 5, t.target.addr2))
    connect_and_accept(t, b, t.target.addr2, bl.FIRST_PORT + 1, "the second address")
    t:is(bl.accept_queue(t, a).queued, 0, "the server of the main address got nothing")
    connect_and_accept(t, a, t.target.addr, bl.FIRST_PORT + 2, "the main address")
  end,
}
