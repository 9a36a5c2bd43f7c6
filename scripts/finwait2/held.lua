-- FIN_WAIT_2 waits for the peer's FIN for as long as it takes (RFC 9293
-- 3.10.7.4 has no timer for it): while the peer stays in CLOSE_WAIT and the
-- application that closed first still holds its socket (shutdown(SHUT_WR)),
-- the end stays in FIN_WAIT_2. Linux's tcp_fin_timeout applies only to
-- orphaned sockets (finwait2/orphan.lua); it is set to 1 s here to show that.
-- The other side of the same wait, CLOSE_WAIT, lasts too while the target's
-- application does not close. Both in both roles of the target.
local synfin = require "synfin"
local steps = require "synfin.steps"
local closing = require "synfin.closing"
local kernel = require "synfin.kernel"

local WAIT = 2 -- seconds: twice tcp_fin_timeout

synfin.test {
  name = "FIN_WAIT_2 and CLOSE_WAIT last while the applications hold their sockets",
  waits = 2, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S5.3" },
  rfc = { "RFC 9293 3.6", "RFC 9293 3.10.7.4" },
  target = { sysctl = { ["net.ipv4.tcp_fin_timeout"] = 1 } },
  run = function(t)
    local waiting = {} -- name -> { endpoint, the state it must keep }
    for _, role in ipairs(steps.roles) do
      -- The server's port, ours or the target's: one connection on each.
      local port = steps.PORT[role]
      -- The target closes first; the tester acknowledges and stays in CLOSE_WAIT.
      local c, fd = steps.connected(t, { role = role, port = port })
      closing.fin_wait_2(t, c, fd, "shutdown")
      waiting[#waiting + 1] = { c = c, state = "FIN_WAIT_2", name = "target as " .. role .. " in FIN_WAIT_2" }
      -- The tester closes first; the target's application never closes.
      local d = steps.connected(t, { role = role, port = port + 1 })
      d:close()
      d:expect { flags = ".", name = "the target acknowledges the tester's FIN" }
      d:state_is("CLOSE_WAIT")
      waiting[#waiting + 1] = { c = d, state = "CLOSE_WAIT", name = "target as " .. role .. " in CLOSE_WAIT" }
    end
    local conns = {}
    for _, w in ipairs(waiting) do conns[#conns + 1] = w.c end
    local seen, seg = kernel.watch(t, conns, WAIT)
    for _, w in ipairs(waiting) do
      t:is(seen[w.c], w.state, ("%s stays there for %d s"):format(w.name, WAIT))
    end
    t:ok(seg == nil, ("the target sends nothing for %d s"):format(WAIT), { observed = seg and seg.summary })
  end,
}
