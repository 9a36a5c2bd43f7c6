-- RFC 793 lets a passive OPEN name the remote socket it will accept; the
-- BSD sockets API has no such call, so a server accepts first and then
-- checks who the client is (S9.2). What the wire can show is the second
-- half: accept() names the client's address and port exactly, and a server
-- that does not want that client can still turn it away.
local synfin = require "synfin"
local bl = require "synfin.backlog"

local PORT = 80

synfin.test {
  name = "a passive open that names the remote socket it will accept",
  claims = { "S9.2" },
  rfc = { "RFC 793 2.7", "RFC 793 3.8", "RFC 9293 3.9.1.1" },
  run = function(t)
    t:skip("the sockets API (and so the agent) has no passive open restricted to one remote socket; "
           .. "listen() always accepts any client, so the server checks the client after accept()")
  end,
}

synfin.test {
  name = "accept() names each client's address and port; the server turns an unwanted one away",
  claims = { "S9.2" },
  rfc = { "RFC 9293 3.9.1.1", "RFC 9293 3.10.5" },
  run = function(t)
    local srv = assert(t.agent:listen(PORT, 5))
    local wanted, unwanted = bl.FIRST_PORT + 1, bl.FIRST_PORT + 2
    local synack = {}
    for _, sport in ipairs { wanted, unwanted } do
      synack[sport] = bl.handshake(t, PORT, sport)
      t:ok(synack[sport], ("the handshake from tester port %d completes"):format(sport))
    end
    local fds = {}
    for i = 1, 2 do
      local fd, info = t.agent:accept(srv, 1)
      t:ok(fd, ("the application accepts connection %d"):format(i), { got = tostring(info) })
      if not fd then t:abort() end
      t:is(info.raddr, t.tester.addr, ("accept() %d names the client's address"):format(i))
      fds[math.tointeger(tonumber(info.rport))] = fd
    end
    t:ok(fds[wanted] and fds[unwanted], "accept() names each client's port",
      { expected = ("%d and %d"):format(wanted, unwanted) })
    if not (fds[wanted] and fds[unwanted]) then t:abort() end
    -- The server decides on the client only now, and aborts the one it does not want.
    t:ok(t.agent:abort(fds[unwanted]), "the server aborts the connection it does not want")
    t:expect { flags = "R.", dport = unwanted, seq = synack[unwanted].seq + 1,
               name = "the unwanted client is sent a RST at the connection's sequence number" }
    t:is(t.agent:send(fds[wanted], "welcome"), 7, "the server keeps the client it wants")
    t:expect { flags = "P.", dport = wanted, payload = "welcome", name = "the wanted client gets the data" }
  end,
}
