-- A FIN may ride on the last data segment (RFC 9293 3.10.4: CLOSE is queued
-- behind the SENDs before it). The FIN then sits one past the data, and its
-- ACK acknowledges data + FIN + 1 (RFC 9293 3.4: SEG.LEN counts the FIN).
local synfin = require "synfin"
local steps = require "synfin.steps"

synfin.test {
  name = "the target's last data and its FIN in one segment, acknowledged at end+1",
  claims = { "S2.1", "S2.3", "S5.0" },
  rfc = { "RFC 9293 3.10.4", "RFC 9293 3.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd = steps.connected(t, { role = "passive" })
    c:target_send(fd, "first")
    -- Our ACK of "first" held back: Nagle (RFC 9293 3.7.4) keeps the next
    -- small write queued, so the close that follows finds data still unsent.
    local first = c:expect { flags = "P.", payload = "first", hold = true }
    c:target_send(fd, "last")
    c:target_close(fd)
    c:state_is("FIN_WAIT_1")
    c:release()
    c:expect { flags = "FP.", seq = first.seq + 5, payload = "last",
               name = "the queued data and the FIN leave in one segment" }
    t:is(c:recv(9), "firstlast", "the tester receives all the data")
    t:ok(c.eof, "then end-of-file: the FIN came after the data")
    t:sleep(0.05)
    c:state_is("FIN_WAIT_2", "the ACK at data end + 1 covers the FIN: the target is in FIN_WAIT_2")
    c:close()
    c:expect { flags = "." }
    c:state_is("TIME_WAIT")
  end,
}

synfin.test {
  name = "the tester's data and FIN in one segment: the target acknowledges end+1, delivers the data, then EOF",
  claims = { "S2.1", "S2.3", "S4.2", "S5.0" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 9293 3.4" },
  run = function(t)
    -- Raw segments: the tester's endpoint always sends its FIN on its own.
    local c = steps.raw_connected(t, { role = "active" })
    c.send { flags = "FP.", seq = c.snd_nxt, ack = c.rcv_nxt, payload = "goodbye" }
    t:expect { flags = ".", seq = c.rcv_nxt, ack = c.snd_nxt + 7 + 1, len = 0,
               name = "the target acknowledges the data and the FIN: ack = SEQ + 7 + 1" }
    t:tuple_state_is(c.lport, c.tport, "CLOSE_WAIT", "the target is in CLOSE_WAIT")
    t:is(t.agent:recv(c.fd, 100, 1), "goodbye", "the target's application reads the data")
    local data, why = t.agent:recv(c.fd, 100, 1)
    t:ok(data == nil and why == "eof", "then end-of-file", { got = tostring(data or why) })
    t:ok(t.agent:close(c.fd), "the target's application closes")
    local fin = t:expect { flags = "F.", seq = c.rcv_nxt, ack = c.snd_nxt + 8 }
    t:tuple_state_is(c.lport, c.tport, "LAST_ACK")
    c.send { flags = ".", seq = c.snd_nxt + 8, ack = fin.seq + 1 }
    t:sleep(0.05)
    t:tuple_state_is(c.lport, c.tport, "CLOSED", "the ACK of its FIN at FIN+1 closes the connection")
  end,
}
