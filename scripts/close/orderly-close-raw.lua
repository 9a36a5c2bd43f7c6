-- Orderly release crafted by hand (the raw variant of orderly-close.lua):
-- four segments, and each FIN takes one
-- sequence number.
local synfin = require "synfin"
local steps = require "synfin.steps"

synfin.test {
  name = "target closes first: FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT; each FIN consumes one number",
  claims = { "S2.1", "S2.3", "S5.0", "S5.1" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c = steps.passive_open(t, 80)
    t:ok(t.agent:close(c.fd), "the target's application closes")
    local fin = t:expect { flags = "F.", seq = c.rcv_nxt, ack = c.snd_nxt, len = 0 }
    t:tuple_state_is(t.sport, 80, "FIN_WAIT_1", "target is in FIN_WAIT_1 until its FIN is acknowledged")
    -- Acknowledge the FIN: it occupies one sequence number (S2.3).
    t:send { flags = ".", seq = c.snd_nxt, ack = fin.seq + 1, dport = 80 }
    t:sleep(0.05)
    t:tuple_state_is(t.sport, 80, "FIN_WAIT_2", "target is in FIN_WAIT_2 after the ACK of its FIN")
    t:send { flags = "F.", seq = c.snd_nxt, ack = fin.seq + 1, dport = 80 }
    -- The last ACK: past the target's FIN (seq +1) and acknowledging ours (+1).
    t:expect { flags = ".", seq = fin.seq + 1, ack = c.snd_nxt + 1, len = 0 }
    t:tuple_state_is(t.sport, 80, "TIME_WAIT", "the active closer is in TIME_WAIT")
  end,
}

synfin.test {
  name = "tester closes first: CLOSE_WAIT, EOF to the application, LAST_ACK, CLOSED",
  claims = { "S2.1", "S2.2", "S2.3", "S4.2", "S5.0" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c = steps.passive_open(t, 80)
    t:send { flags = "F.", seq = c.snd_nxt, ack = c.rcv_nxt, dport = 80 }
    t:expect { flags = ".", seq = c.rcv_nxt, ack = c.snd_nxt + 1, len = 0 }
    t:state_is(c.fd, "CLOSE_WAIT", "target is in CLOSE_WAIT after the tester's FIN")
    local data, why = t.agent:recv(c.fd, 100, 1)
    t:ok(data == nil and why == "eof", "the target's application reads end-of-file", { got = tostring(data or why) })
    -- S2.2: the FIN closed one direction only; the target can still send.
    t:is(t.agent:send(c.fd, "still here"), 10, "the target's application can still send")
    t:expect { flags = "P.", seq = c.rcv_nxt, ack = c.snd_nxt + 1, len = 10, payload = "still here" }
    t:send { flags = ".", seq = c.snd_nxt + 1, ack = c.rcv_nxt + 10, dport = 80 }
    t:ok(t.agent:close(c.fd), "the target's application closes")
    local fin = t:expect { flags = "F.", seq = c.rcv_nxt + 10, ack = c.snd_nxt + 1 }
    t:tuple_state_is(t.sport, 80, "LAST_ACK", "target is in LAST_ACK until its FIN is acknowledged")
    t:send { flags = ".", seq = c.snd_nxt + 1, ack = fin.seq + 1, dport = 80 }
    t:sleep(0.05)
    t:tuple_state_is(t.sport, 80, "CLOSED", "the passive closer is CLOSED once its FIN is acknowledged")
    t:expect_silence(0.3)
  end,
}
