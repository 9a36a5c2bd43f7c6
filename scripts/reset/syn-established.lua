-- A SYN on an established connection is not correct for it (S6.0). RFC 793
-- reset the connection for a SYN in the window; RFC 5961 4.2 (and RFC 9293
-- 3.10.7.4, fourth check, for stacks with the protection) answers any SYN,
-- whatever its sequence number, with a challenge ACK <SEQ=SND.NXT>
-- <ACK=RCV.NXT> and keeps the connection, so that a blind attacker cannot
-- reset it. The peer that really restarted then answers the ACK with a
-- RST (half-open.lua).
local synfin = require "synfin"
local steps = require "synfin.steps"

for _, role in ipairs(steps.roles) do
  synfin.test {
    name = ("target opened %sly: a SYN in the window of an established connection gets a challenge ACK"):format(role),
    claims = { "S6.0" },
    rfc = { "RFC 5961 4.2", "RFC 9293 3.10.7.4" },
    run = function(t)
      local c, fd = steps.connected(t, { role = role })
      local v = c:vars()
      c:segment { flags = "S", seq = v.snd_nxt + 1000 }
      c:expect { flags = ".", seq = v.rcv_nxt, ack = v.snd_nxt, len = 0,
                 name = "the target sends a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT>" }
      c:expect_silence(0.2, "and nothing else (no RST)")
      c:state_is("ESTABLISHED")
      c:send("still here")
      c:wait_acked()
      t:is(t.agent:recv(fd, 100, 1), "still here", "the connection still carries data")
    end,
  }
end
