-- A FIN occupies one sequence number (RFC 9293 3.4), so only an ACK one past
-- it acknowledges it: an ACK of exactly the FIN's number leaves the closer
-- waiting, in either closing role.
local synfin = require "synfin"
local steps = require "synfin.steps"

-- The target closes; its FIN is taken with our ACK held back. An ACK of the
-- FIN's own number must not count as the ACK of the FIN.
local function ack_short_of_fin(t, c, fd, waiting)
  c:target_close(fd)
  local fin = c:expect { flags = "F.", hold = true }
  c:segment { flags = ".", ack = fin.seq }
  t:sleep(0.05)
  c:state_is(waiting, ("an ACK of the FIN's own number leaves the target in %s"):format(waiting))
  c:release() -- our ACK at FIN+1
  t:sleep(0.05)
  return fin
end

synfin.test {
  name = "active close: ACK = FIN leaves the target in FIN_WAIT_1, ACK = FIN+1 moves it to FIN_WAIT_2",
  claims = { "S2.3", "S5.0" },
  rfc = { "RFC 9293 3.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd = steps.connected(t, { role = "passive" })
    ack_short_of_fin(t, c, fd, "FIN_WAIT_1")
    c:state_is("FIN_WAIT_2", "the ACK at FIN+1 acknowledges the FIN: FIN_WAIT_2")
  end,
}

synfin.test {
  name = "passive close: ACK = FIN leaves the target in LAST_ACK, ACK = FIN+1 closes it",
  claims = { "S2.3", "S5.0" },
  rfc = { "RFC 9293 3.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd = steps.connected(t, { role = "active" })
    c:close()
    local ack = c:expect { flags = "." }
    t:is(ack.ack, c:vars().snd_nxt, "the target acknowledges the tester's FIN at FIN+1")
    ack_short_of_fin(t, c, fd, "LAST_ACK")
    c:state_is("CLOSED", "the ACK at FIN+1 acknowledges the FIN: CLOSED")
  end,
}
