-- Half-close (RFC 9293 3.6): a FIN shuts one direction only. The end that
-- received it hands its application end-of-file and can go on sending; the
-- end that sent it can go on receiving. Both ways round.
local synfin = require "synfin"
local steps = require "synfin.steps"

synfin.test {
  name = "the tester half-closes: the target's application reads EOF and goes on sending",
  claims = { "S2.1", "S2.2", "S4.1", "S4.2" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.7.4", "RFC 9293 3.10.3" },
  run = function(t)
    local c, fd = steps.connected(t, { role = "active" })
    c:close() -- our FIN: we are done sending, not receiving
    c:expect { flags = "." }
    c:state_is("CLOSE_WAIT")
    local data, why = t.agent:recv(fd, 100, 1)
    t:ok(data == nil and why == "eof", "the target's application reads end-of-file", { got = tostring(data or why) })
    for _, text in ipairs { "one direction ", "is still open" } do
      t:is(c:target_send(fd, text), #text, "the target's application sends after the tester's FIN")
      t:is(c:recv(#text), text, "the tester receives it after its own FIN")
    end
    c:wait_acked()
    c:state_is("CLOSE_WAIT", "the target is still in CLOSE_WAIT")
    c:target_close(fd)
    c:expect { flags = "F." }
    t:sleep(0.05)
    c:state_is("CLOSED")
  end,
}

synfin.test {
  name = "the target half-closes (shutdown SHUT_WR): it goes on receiving in FIN_WAIT_2",
  claims = { "S2.1", "S2.2", "S4.1", "S4.2" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd = steps.connected(t, { role = "passive" })
    c:target_shutdown(fd)
    c:expect { flags = "F." }
    t:ok(c.eof, "the tester sees the target's FIN as end-of-file")
    t:sleep(0.05)
    c:state_is("FIN_WAIT_2")
    local n, e = t.agent:send(fd, "x")
    t:is(n or e, "EPIPE", "the target's application can no longer send (RFC 9293 3.10.2: connection closing)")
    for _, text in ipairs { "data after ", "your FIN" } do
      c:send(text)
      if not c:wait_acked() then t:abort() end
      t:is(t.agent:recv(fd, 100, 1), text, "the target's application receives after its own FIN")
    end
    c:state_is("FIN_WAIT_2", "the target is still in FIN_WAIT_2")
    c:close()
    c:expect { flags = "." }
    c:state_is("TIME_WAIT")
    local data, why = t.agent:recv(fd, 100, 1)
    t:ok(data == nil and why == "eof", "then the target's application reads end-of-file", { got = tostring(data or why) })
  end,
}
