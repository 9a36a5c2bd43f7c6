-- Run by tests/selftest/reuse-clean.sh at -j 1, in this order: a test at
-- MTU 1500, then one at MTU 9000 whose target sends an 8000-byte segment.
-- The capture socket of the first has ring slots sized for 1500-byte
-- frames; the second must get a socket that takes its frames whole.
local synfin = require "synfin"

synfin.test {
  name = "at MTU 1500 first",
  run = function(t)
    t:send { flags = "S", seq = 1, dport = 81 }
    t:expect { flags = "R.", ack = 2 }
  end,
}

synfin.test {
  name = "then at MTU 9000, an 8000-byte segment arrives whole",
  target = { mtu = 9000 },
  run = function(t)
    local srv = assert(t.agent:listen(80, 8))
    t:send { flags = "S", seq = 1000, sport = 30000, dport = 80, options = { { "mss", 8900 } } }
    local synack = t:expect { flags = "S.", ack = 1001 }
    t:send { flags = ".", seq = 1001, ack = synack.seq + 1, sport = 30000, dport = 80 }
    local fd = assert(t.agent:accept(srv, 1))
    t:is(t.agent:send(fd, string.rep("x", 8000)), 8000, "the target's application writes 8000 bytes")
    local data = t:expect { flags = "P.", name = "the data arrives in one segment" }
    t:is(data.len, 8000, "all 8000 bytes are in the captured segment")
    t:is(#data.payload, 8000, "and in its payload as captured")
  end,
}
