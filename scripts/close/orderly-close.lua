-- Orderly release, both ways round, on the tester's endpoint: four segments,
-- each FIN takes one sequence number (the oracle checks it), and the target's
-- states follow the diagram (model and kernel compared).
local synfin = require "synfin"
local steps = require "synfin.steps"

synfin.test {
  name = "target closes first: FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT",
  claims = { "S2.1", "S2.3", "S5.0", "S5.1" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    c:target_close(fd)
    c:expect { flags = "F.", hold = true } -- keep our ACK back for a moment
    c:state_is("FIN_WAIT_1")
    c:release()                            -- the ACK of its FIN: one past it
    t:sleep(0.05)
    c:state_is("FIN_WAIT_2")
    c:close()                              -- our FIN
    c:expect { flags = "." }               -- the last ACK
    c:state_is("TIME_WAIT")
  end,
}

synfin.test {
  name = "tester closes first: CLOSE_WAIT, EOF, data still flows, LAST_ACK, CLOSED",
  claims = { "S2.1", "S2.2", "S2.3", "S4.1", "S4.2", "S5.0" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    c:close()
    c:expect { flags = "." }
    c:state_is("CLOSE_WAIT")
    local data, why = t.agent:recv(fd, 100, 1)
    t:ok(data == nil and why == "eof", "the target's application reads end-of-file", { got = tostring(data or why) })
    -- S2.2/S4.1: the FIN closed one direction only.
    t:is(t.agent:send(fd, "still here"), 10, "the target's application can still send")
    t:is(c:recv(10), "still here", "the tester receives after its own FIN")
    c:target_close(fd)
    c:expect { flags = "F." }
    t:sleep(0.05)
    c:state_is("CLOSED")
  end,
}
