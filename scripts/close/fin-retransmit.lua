-- A FIN occupies sequence space so that it is retransmitted until it is
-- acknowledged (RFC 9293 3.4: "the SYN and FIN are the only controls
-- requiring this protection"): with the ACK of its FIN withheld, the closer
-- sends the same FIN again (same SEQ) and stays where it is; the ACK, when it
-- comes at last, moves it on. A stack that sends its FIN once and never again
-- leaves the peer waiting for ever.
local synfin = require "synfin"
local steps = require "synfin.steps"

-- The target closes; its FIN is taken with our ACK held back, and must come
-- again while the target waits in `waiting`.
local function withheld_ack(t, c, fd, waiting)
  c:target_close(fd)
  local fin = c:expect { flags = "F.", hold = true }
  c:state_is(waiting, ("its FIN unacknowledged, the target waits in %s"):format(waiting))
  local again = c:expect_retransmission(fin)
  if not again then t:abort() end
  t:is(again.ack, fin.ack, "the retransmitted FIN acknowledges what the first did")
  c:state_is(waiting, ("after the retransmission the target is still in %s"):format(waiting))
  c:release() -- our ACK at FIN+1, at last
  t:sleep(0.05)
end

synfin.test {
  name = "active close: with its ACK withheld the target retransmits its FIN from FIN_WAIT_1; the ACK moves it to FIN_WAIT_2",
  claims = { "S2.3", "S5.0" },
  rfc = { "RFC 9293 3.4", "RFC 9293 3.8.1", "RFC 9293 3.10.4" },
  waits = 1, -- seconds asleep on the target's retransmission timer: started first
  run = function(t)
    local c, fd = steps.connected(t, { role = "passive" })
    withheld_ack(t, c, fd, "FIN_WAIT_1")
    c:state_is("FIN_WAIT_2", "the ACK of the FIN moves the target to FIN_WAIT_2")
  end,
}

synfin.test {
  name = "passive close: with its ACK withheld the target retransmits its FIN from LAST_ACK; the ACK closes it",
  claims = { "S2.3", "S5.0" },
  rfc = { "RFC 9293 3.4", "RFC 9293 3.8.1", "RFC 9293 3.10.4" },
  waits = 1,
  run = function(t)
    local c, fd = steps.connected(t, { role = "active" })
    c:close()
    c:expect { flags = "." } -- CLOSE_WAIT
    withheld_ack(t, c, fd, "LAST_ACK")
    c:state_is("CLOSED", "the ACK of the FIN closes the connection")
  end,
}
