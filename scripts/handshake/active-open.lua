-- Active open by the target: its application connects, the tester's
-- endpoint answers as the server.
local synfin = require "synfin"

synfin.test {
  name = "target's SYN names the port and carries its ISN; its ACK acknowledges ISN+1",
  claims = { "S1.1", "S1.3", "S1.4" },
  rfc = { "RFC 9293 3.5", "RFC 9293 3.10.7.3" },
  run = function(t)
    local c = t:tcp { lport = 5000 }
    local fd = assert(t.agent:connect(t.tester.addr, c.lport))
    local syn = c:accept() -- SYN, our SYN-ACK, its ACK: the oracle checks ack = ISN+1
    t:is(syn.dport, 5000, "the SYN names the server's port")
    t:ok(t.agent:wait_connected(fd, 2), "the target's connect() completes")
    c:state_is("ESTABLISHED")
  end,
}
