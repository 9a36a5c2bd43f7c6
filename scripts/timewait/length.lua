-- How long TIME_WAIT lasts, measured by watching the connection's kernel
-- state (RFC 9293 3.6.1 MUST-13: 2 x MSL, and 3.4.2 takes MSL as 2 minutes).
-- Linux's TIME_WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN), which no sysctl
-- shortens, so this test is slow (it runs with --slow, alongside the
-- others) and gives itself more than the default per-test limit.
local synfin = require "synfin"
local steps = require "synfin.steps"
local closing = require "synfin.closing"
local kernel = require "synfin.kernel"

synfin.test {
  name = "TIME_WAIT lasts 2MSL, measured",
  claims = { "S5.1" },
  rfc = { "RFC 9293 3.6.1", "RFC 9293 3.4.2", "RFC 9293 3.10.8" },
  slow = true,
  timeout = 150,
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    closing.time_wait(t, c, fd)
    local state, took = kernel.wait_leaves(t, c, "TIME_WAIT", 250, 0.5)
    t:diag(("TIME_WAIT lasted %.1f s"):format(took))
    t:is(state, "CLOSED", "TIME_WAIT ends (within 250 s)")
    t:rfc_check { name = "TIME_WAIT lasts 2 MSL (240 s)", rfc = "RFC 9293 3.6.1 MUST-13, 3.4.2",
                  conforms = took >= 240, deviation = "time_wait_60s",
                  as_documented = took >= 59.5 and took < 70,
                  observed = ("TIME_WAIT lasted %.1f s"):format(took) }
    -- Crafted outside the endpoint: its model has no clock and would still
    -- expect the TIME_WAIT answer.
    t:send { flags = "F.", seq = c:vars().snd_nxt - 1, ack = c:vars().rcv_nxt, dport = 80 }
    t:expect { flags = "R", seq = c:vars().rcv_nxt,
               name = "afterwards a retransmitted FIN gets a RST (the connection is gone)" }
  end,
}
