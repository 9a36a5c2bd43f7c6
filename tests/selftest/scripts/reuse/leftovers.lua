-- Run by tests/selftest/reuse-clean.sh at -j 1, in this order: the first
-- test leaves things behind in its target (an nft rule, a sysctl, a
-- listening socket and an open connection, whose FIN the target sends as
-- the test is torn down); the second must see none of it, as it would on
-- targets made fresh. Between them the tester's namespace and its capture
-- socket are reused (targets/linux-netns/tester_pool.h, capture_pool.h).
local synfin = require "synfin"

synfin.test {
  name = "leaves an nft rule, a sysctl, a listener and a connection behind",
  target = {
    sysctl = { ["net.ipv4.tcp_timestamps"] = 0 },
    setup = { 'nft add table inet left; nft add chain inet left in "{ type filter hook input priority 0; }";'
              .. ' nft add rule inet left in tcp dport 80 drop' },
  },
  run = function(t)
    assert(t.agent:listen(80, 8))
    t:send { flags = "S", seq = 1000, sport = 30080, dport = 80 }
    t:expect_silence(0.3, nil, "the nft rule drops SYNs to port 80")
    assert(t.agent:listen(81, 8))
    local c = t:tcp { port = 81, lport = 30081 }
    local synack = c:connect()
    t:ok(synack and synack.ts == nil, "tcp_timestamps=0: the SYN-ACK carries no timestamp")
    -- The connection stays open: the agent's exit closes it as the test
    -- is torn down, and the target's FIN goes to the tester after this.
  end,
}

synfin.test {
  name = "starts clean: none of the test before it is seen",
  run = function(t)
    t:expect_silence(0.3, nil, "nothing left over from the test before arrives")
    assert(t.agent:listen(80, 8))
    t:send { flags = "S", seq = 1000, sport = 30080, dport = 80, options = { { "mss", 1460 }, { "ts", 1, 0 } } }
    local synack = t:expect { flags = "S.", ack = 1001, name = "a SYN to port 80 is answered: no nft rule" }
    t:ok(synack.ts ~= nil, "the SYN-ACK carries a timestamp: the default tcp_timestamps")
    t:send { flags = "S", seq = 5000, sport = 30081, dport = 81 }
    t:expect { flags = "R.", ack = 5001, name = "a SYN to port 81 is refused: no listener left" }
  end,
}
