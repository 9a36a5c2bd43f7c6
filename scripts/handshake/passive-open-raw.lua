-- Passive open crafted by hand: every sequence number in the script (the
-- raw-segment variant of passive-open.lua, where crafting is the point).
local synfin = require "synfin"

synfin.test {
  name = "SYN-ACK acknowledges the client's ISN+1 and carries an MSS",
  claims = { "S1.2", "S1.4", "S3.1" },
  rfc = { "RFC 9293 3.5", "RFC 9293 3.10.7.2", "RFC 9293 3.7.1" },
  run = function(t)
    local srv = assert(t.agent:listen(80, 5))
    t:state_is(srv, "LISTEN", "target listener is in LISTEN")
    local isn = 1000000
    t:send { flags = "S", seq = isn, dport = 80, options = { mss = 1460 } }
    -- RFC 9293 3.4: a SYN occupies one sequence number, so the ACK is ISN+1.
    local synack = t:expect { flags = "S.", ack = isn + 1, options = { mss = true } }
    t:ok(synack.mss > 0, "the MSS option announces a positive MSS")
    t:send { flags = ".", seq = isn + 1, ack = synack.seq + 1, dport = 80 }
    local fd = t.agent:accept(srv, 2)
    t:ok(fd ~= nil, "the target's application accepts the connection")
    t:state_is(fd, "ESTABLISHED", "accepted connection is ESTABLISHED")
  end,
}
