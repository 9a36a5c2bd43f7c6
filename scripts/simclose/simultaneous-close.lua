-- Simultaneous close (RFC 9293 3.6, Figure 13): both ends send a FIN before
-- either sees the other's, so the FINs cross and neither acknowledges the
-- other. Each end goes FIN_WAIT_1 -> CLOSING (the peer's FIN arrives before
-- the ACK of its own) -> TIME_WAIT (that ACK arrives). Checked with the
-- target's connection opened either way.
--
-- Raw segments: the FINs must really cross. The tester's endpoint feeds its
-- oracle in the order the script reads segments, so a FIN the target sent
-- before ours arrived would be judged as if sent after it.
local synfin = require "synfin"
local steps = require "synfin.steps"

for _, role in ipairs(steps.roles) do
  synfin.test {
    name = ("simultaneous close: FIN_WAIT_1, CLOSING, TIME_WAIT (target opened %sly)"):format(role),
    claims = { "S8.1", "S2.3" },
    rfc = { "RFC 9293 3.6", "RFC 9293 3.10.7.4" },
    run = function(t)
      local c = steps.raw_connected(t, { role = role })
      t:ok(t.agent:close(c.fd), "the target's application closes")
      local fin = t:expect { flags = "F.", seq = c.rcv_nxt, ack = c.snd_nxt, name = "the target sends its FIN" }
      t:tuple_state_is(c.lport, c.tport, "FIN_WAIT_1")
      -- Our FIN, sent as if the target's had not arrived yet: it acknowledges
      -- the target's data but not its FIN.
      c.send { flags = "F.", seq = c.snd_nxt, ack = fin.seq }
      t:expect { flags = ".", seq = fin.seq + 1, ack = c.snd_nxt + 1, len = 0,
                 name = "the target acknowledges the tester's FIN at FIN+1" }
      t:tuple_state_is(c.lport, c.tport, "CLOSING", "a FIN before the ACK of its own moves the target to CLOSING")
      c.send { flags = ".", seq = c.snd_nxt + 1, ack = fin.seq + 1 }
      t:sleep(0.05)
      t:tuple_state_is(c.lport, c.tport, "TIME_WAIT", "the ACK of its FIN moves the target from CLOSING to TIME_WAIT")
      t:expect_silence(0.2, nil, "the target sends nothing more")
    end,
  }
end
