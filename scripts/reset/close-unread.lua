-- Data lost at close is signalled with a RST (RFC 9293 3.6.1 SHLD-3; RFC
-- 1122 4.2.2.13; RFC 2525 2.17): when the application closes while received
-- data is still unread, or when data arrives after it closed, the stack
-- resets the connection instead of (or after) its orderly FIN.
local synfin = require "synfin"
local steps = require "synfin.steps"
local reset = require "synfin.reset"

synfin.test {
  name = "close() with unread received data sends a RST, not a FIN",
  claims = { "S6.2" },
  rfc = { "RFC 9293 3.6.1", "RFC 1122 4.2.2.13", "RFC 2525 2.17" },
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    c:send("never read")
    c:wait_acked()
    local snd_nxt = c:vars().rcv_nxt -- the target's SND.NXT
    -- With data unread, close() is an ABORT for the stack (SHLD-3): the
    -- oracle is told so, and then expects the RST.
    t:ok(t.agent:close(fd), "the target's application closes without reading")
    c:target_call("abort")
    c:expect { flags = reset.is_rst, seq = snd_nxt, len = 0, name = "the target sends a RST at SND.NXT, not a FIN" }
    c:expect_silence(0.3, "no FIN follows")
    t:tuple_state_is(c.lport, c.port, "CLOSED", "the connection is gone")
  end,
}

-- After close() the target is in FIN_WAIT_1 (its FIN not yet acknowledged)
-- or an orphaned FIN_WAIT_2 (acknowledged): new data from the tester gets
-- <SEQ=SEG.ACK><CTL=RST> (3.5.2) and the connection is gone.
for _, state in ipairs { "FIN_WAIT_1", "FIN_WAIT_2" } do
  synfin.test {
    name = ("data arriving after close() (%s) is answered with a RST"):format(state),
    claims = { "S6.2", "S6.3" },
    rfc = { "RFC 9293 3.6.1", "RFC 1122 4.2.2.13", "RFC 9293 3.5.2" },
    run = function(t)
      local c, fd = steps.connected(t, { port = 80 })
      c:target_close(fd)
      local fin = c:expect { flags = "F.", hold = state == "FIN_WAIT_1", name = "the target sends its FIN" }
      local ack = state == "FIN_WAIT_1" and fin.seq or fin.seq + 1
      if state == "FIN_WAIT_2" then t:sleep(0.05) end -- our ACK of its FIN lands
      t:tuple_state_is(c.lport, c.port, state)
      c:segment { flags = "P.", ack = ack, payload = "late" }
      c:expect { flags = "R", seq = ack, len = 0, name = "the target answers the data with a RST, seq = SEG.ACK" }
      t:tuple_state_is(c.lport, c.port, "CLOSED", "the connection is gone")
    end,
  }
end
