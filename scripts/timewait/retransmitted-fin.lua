-- The end that closes first waits in TIME_WAIT (RFC 9293 3.6.1), so that it
-- can acknowledge again a FIN the peer retransmits because the last ACK was
-- lost; the retransmitted FIN restarts the 2 MSL timer (3.10.7.4, TIME-WAIT).
-- The target closes first in both roles: opened passively and actively.
local synfin = require "synfin"
local steps = require "synfin.steps"
local core = require "synfin.core"
local closing = require "synfin.closing"
local kernel = require "synfin.kernel"

local MSL_MS = 120000 -- RFC 9293 3.4.2: "the MSL is taken to be 2 minutes"

for _, role in ipairs(steps.roles) do
  synfin.test {
    name = ("target opened %sly closes first: TIME_WAIT, a retransmitted FIN is acknowledged again and restarts the 2MSL timer"):format(role),
    claims = { "S5.1" },
    rfc = { "RFC 9293 3.6.1", "RFC 9293 3.10.7.4", "RFC 9293 3.4.2" },
    run = function(t)
      local c, fd = steps.connected(t, { role = role })
      local fin = closing.time_wait(t, c, fd)
      local left = kernel.timer_ms(t, c) or 0
      t:rfc_check { name = "the TIME_WAIT timer is 2 MSL (240 s)", rfc = "RFC 9293 3.6.1 MUST-13, 3.4.2",
                    conforms = left >= 2 * MSL_MS - 1000, deviation = "time_wait_60s",
                    as_documented = left > 55000 and left <= 60000,
                    observed = ("timer_ms=%d just after entering TIME_WAIT"):format(left) }
      t:sleep(0.3)
      local before, at_before = kernel.timer_ms(t, c) or 0, core.now()
      -- The last ACK was "lost": our FIN again, at its old sequence number.
      c:segment { flags = "F.", seq = c:vars().snd_nxt - 1 }
      -- Our own endpoint is CLOSED and would answer the ACK with a RST: hold it back.
      c:expect { flags = ".", seq = fin.seq + 1, ack = c:vars().snd_nxt, hold = true,
                 name = "the target acknowledges the retransmitted FIN again" }
      local after = kernel.timer_ms(t, c) or 0
      -- Had the timer run on, it would read `before` less the time since; a
      -- restarted one reads more, by the time TIME_WAIT had lasted (>= 300 ms).
      local running_on = before - (core.now() - at_before) * 1000
      t:ok(after - running_on > 200, "the retransmitted FIN restarts the 2MSL timer",
           { before = before, after = after, if_not_restarted = math.floor(running_on) })
      c:state_is("TIME_WAIT")
    end,
  }
end
