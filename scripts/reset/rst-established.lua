-- A reset on an established connection ends it, the application is told,
-- and the reset itself is never answered.
local synfin = require "synfin"
local steps = require "synfin.steps"

synfin.test {
  name = "an exact RST ends an established connection; no answer, ECONNRESET",
  claims = { "S6.2b" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 9293 3.5.2", "RFC 5961 3.2" },
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    c:abort() -- RST at SND.NXT: exactly RCV.NXT for the target
    c:expect_silence(0.5, "the target does not answer the RST, not even with an ACK")
    local data, why = t.agent:recv(fd, 10, 1)
    t:is(why, "ECONNRESET", "the target's application is told the connection was reset")
    c:state_is("CLOSED")
  end,
}

synfin.test {
  name = "an in-window but inexact RST gets a challenge ACK and the connection lives",
  claims = { "S6.0" },
  rfc = { "RFC 5961 3.2", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c = steps.connected(t, { port = 80 })
    c:segment { flags = "R", seq = c:vars().snd_nxt + 100 }
    -- RFC 5961 3.2: the challenge ACK carries the target's current numbers.
    c:expect { flags = ".", ack = c:vars().snd_nxt, name = "target answers with a challenge ACK" }
    c:state_is("ESTABLISHED")
  end,
}

synfin.test {
  name = "a RST outside the window is ignored",
  claims = { "S6.0" },
  rfc = { "RFC 5961 3.2", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c = steps.connected(t, { port = 80 })
    c:segment { flags = "R", seq = c:vars().snd_nxt + 0x40000000 }
    c:expect_silence(0.5, "the target ignores it silently")
    c:state_is("ESTABLISHED")
  end,
}
