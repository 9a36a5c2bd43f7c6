-- Passive open: the target listens, the tester's endpoint connects. The
-- reference state machine keeps the numbers; the oracle judges the SYN-ACK.
local synfin = require "synfin"

synfin.test {
  name = "SYN-ACK acknowledges the client's ISN+1 and carries an MSS",
  claims = { "S1.2", "S1.4", "S3.1" },
  rfc = { "RFC 9293 3.5", "RFC 9293 3.10.7.2", "RFC 9293 3.7.1" },
  run = function(t)
    local srv = assert(t.agent:listen(80, 5))
    t:state_is(srv, "LISTEN", "target listener is in LISTEN")
    local c = t:tcp { port = 80 }
    local synack = c:connect() -- the oracle checks ack = ISN+1 (RFC 9293 3.4: a SYN takes one number)
    t:ok(synack.mss and synack.mss > 0, "the SYN-ACK announces an MSS")
    t:ok(t.agent:accept(srv, 2), "the target's application accepts the connection")
    c:state_is("ESTABLISHED")
  end,
}
