-- Active open by the target, answered by hand-crafted segments (the raw
-- variant of active-open.lua).
local synfin = require "synfin"

synfin.test {
  name = "target's SYN, then its ACK of the tester's SYN-ACK acknowledges ISN+1",
  claims = { "S1.1", "S1.3", "S1.4" },
  rfc = { "RFC 9293 3.5", "RFC 9293 3.10.7.3" },
  run = function(t)
    local port = 5000
    local fd = assert(t.agent:connect(t.tester.addr, port))
    -- S1.1: the SYN names the server's port and carries the client's ISN.
    local syn = t:expect { flags = "S", dport = port, len = 0 }
    t:state_is(fd, "SYN_SENT", "target is in SYN_SENT while its SYN is unanswered")
    local isn = 5000000
    t:send { flags = "S.", sport = port, dport = syn.sport, seq = isn, ack = syn.seq + 1,
             options = { mss = 1460 } }
    -- S1.3 / RFC 9293 3.10.7.3: the client acknowledges the server's SYN with ISN+1,
    -- and its own sequence number has moved past its SYN by one.
    t:expect { flags = ".", seq = syn.seq + 1, ack = isn + 1, len = 0 }
    t:ok(t.agent:wait_connected(fd, 2), "the target's connect() completes")
    t:state_is(fd, "ESTABLISHED", "target is ESTABLISHED")
  end,
}
