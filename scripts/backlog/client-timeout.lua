-- The other side of S9.3: a client whose SYN meets a full queue hears
-- nothing, retransmits its SYN, and its connect() eventually fails with a
-- timeout. Here the target is the client and the tester the server that
-- ignores it. The application shortens the wait (TCP_SYNCNT, and
-- TCP_USER_TIMEOUT as RFC 9293 3.8.3 and RFC 1122 4.2.3.5 let it set R2),
-- so the test takes about a second.
local synfin = require "synfin"
local core = require "synfin.core"

synfin.test {
  name = "a client whose SYN is ignored retransmits it, then connect() times out",
  waits = 1.3, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S9.3" },
  rfc = { "RFC 9293 3.8.1", "RFC 9293 3.8.3", "RFC 1122 4.2.3.5" },
  needs = { "timers" }, -- TCP_SYNCNT and TCP_USER_TIMEOUT shorten the client's wait
  run = function(t)
    local port = 5000
    local t0 = core.now()
    local fd = assert(t.agent:connect(t.tester.addr, port, { sockopts = { syncnt = 1, user_timeout = 1200 } }))
    local syn = t:expect { flags = "S", dport = port, name = "the target's SYN" }
    -- The tester's queue is full: it answers nothing.
    t:expect { flags = "S", dport = port, sport = syn.sport, seq = syn.seq, timeout = 1.5,
               name = "the unanswered SYN is retransmitted, with the same sequence number" }
    local ok, err = t.agent:wait_connected(fd, 2)
    t:is(ok and "connected" or err, "ETIMEDOUT", "connect() fails with ETIMEDOUT")
    t:diag(("connect() gave up after %.2f s"):format(core.now() - t0))
    t:state_is(fd, "CLOSED", "the target's socket is CLOSED")
    t:expect_silence(0.1, { dport = port }, "and the target sends nothing more")
  end,
}
