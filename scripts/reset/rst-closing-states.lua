-- A RST in each state of an orderly release (RFC 9293 3.10.7.4, second
-- check; exact RST, so RFC 5961 3.2 accepts it) ends the connection: no
-- answer, not even an ACK, CLOSED, and an application still holding the
-- socket is told "connection reset". ESTABLISHED is rst-established.lua,
-- TIME_WAIT timewait/rst.lua.
local synfin = require "synfin"
local steps = require "synfin.steps"
local closing = require "synfin.closing"

-- Each case brings the target (the server on port 80) into `state`; `held`
-- says whether its application still holds the socket afterwards.
local cases = {
  { state = "FIN_WAIT_1", held = true, reach = function(t, c, fd)
      c:target_shutdown(fd)
      c:expect { flags = "F.", hold = true, name = "the target sends its FIN (not acknowledged)" }
    end },
  { state = "FIN_WAIT_2", held = true, reach = function(t, c, fd) closing.fin_wait_2(t, c, fd, "shutdown") end },
  { state = "FIN_WAIT_2", held = false, reach = function(t, c, fd) closing.fin_wait_2(t, c, fd, "close") end },
  { state = "CLOSE_WAIT", held = true, reach = function(t, c)
      c:close()
      c:expect { flags = ".", name = "the target acknowledges the tester's FIN" }
    end },
  { state = "LAST_ACK", held = false, reach = function(t, c, fd)
      c:close()
      c:expect { flags = ".", name = "the target acknowledges the tester's FIN" }
      c:target_close(fd)
      c:expect { flags = "F.", hold = true, name = "the target sends its FIN (not acknowledged)" }
    end },
}

-- What the application that holds the socket is told after the RST.
local function told(t, fd, state)
  if state ~= "CLOSE_WAIT" then
    local _, why = t.agent:recv(fd, 100, 0.5)
    t:is(why, "ECONNRESET", "the application's recv() is told ECONNRESET")
    return
  end
  -- The FIN came before the RST: recv() returns end-of-file; a send() must fail.
  local _, why = t.agent:send(fd, "x")
  t:rfc_check { name = "the application is told the connection was reset", rfc = "RFC 9293 3.10.7.4",
                conforms = why == "ECONNRESET", deviation = "rst_close_wait_epipe",
                as_documented = why == "EPIPE", observed = "send(): " .. tostring(why) }
end

for _, case in ipairs(cases) do
  synfin.test {
    name = ("a RST in %s%s ends the connection silently"):format(case.state,
      case.held and "" or " (socket closed by the application)"),
    claims = { "S6.2b" },
    rfc = { "RFC 9293 3.10.7.4", "RFC 5961 3.2" },
    run = function(t)
      local c, fd = steps.connected(t, { port = 80 })
      case.reach(t, c, fd)
      c:state_is(case.state)
      -- RST at our SND.NXT, exactly the target's RCV.NXT. Crafted: our own
      -- endpoint may be in TIME_WAIT (LAST_ACK case), where ABORT sends nothing.
      c:segment { flags = "R" }
      c:expect_silence(0.3, "the target does not answer the RST")
      c:state_is("CLOSED")
      if case.held then told(t, fd, case.state) end
    end,
  }
end
