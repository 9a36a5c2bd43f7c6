--- Helpers shared by the scripts on opening and closing connections
-- (handshake/, close/, halfclose/, simopen/, simclose/, states/): an
-- established connection with the target in either role, the tester's SYN
-- answered and forgotten again (ISN sampling), and measured values checked
-- with a tolerance.
--
--    local oc = require "synfin.openclose"
--    local c, fd = oc.established(t, "active")   -- the target connected to us
--    oc.within(t, interval, 0.8, 1.5, "first retransmission after ~1 s")
-- @module synfin.openclose
local steps = require "synfin.steps"

local M = {}

--- The two ways the target's connection can be opened (RFC 9293 3.5):
-- "passive" (it listens and accepts, the tester connects) and "active"
-- (its application connects to the tester). Scripts loop over them so
-- that every claim with two roles is checked in both (S1.4).
M.roles = { "passive", "active" }

--- An established connection on the tester's endpoint, the target in
-- `role` ("passive" or "active", see M.roles).
-- @param t test context
-- @string role
-- @tparam[opt] table opts port (the target's listening port, default 80),
--   lport (the tester's port for an active target, default 5000)
-- @return the tester's endpoint c
-- @treturn int the target's socket
function M.established(t, role, opts)
  opts = opts or {}
  if role == "passive" then
    local c, fd = steps.connected(t, opts.port or 80)
    return c, fd
  elseif role == "active" then
    local c = t:tcp { lport = opts.lport or 5000 }
    local fd = assert(t.agent:connect(t.tester.addr, c.lport))
    c:accept()
    local ok, e = t.agent:wait_connected(fd, 2)
    t:ok(ok, "the target's connect() completes", { got = tostring(ok or e) })
    if not ok then t:abort() end
    return c, fd
  end
  error(("openclose.established: role '%s' is neither 'passive' nor 'active'"):format(tostring(role)), 2)
end

--- The same as M.established, by hand-crafted segments (synfin.steps), for
-- scripts that must put segments on the wire the endpoint would not send.
-- @treturn table fd (the target's socket), tport (its port), lport (the
--   tester's), snd_nxt, rcv_nxt (the tester's next sequence number and the
--   target's), and send(spec): a segment of this connection
function M.raw_established(t, role)
  local c
  if role == "passive" then
    c = steps.passive_open(t, 80)
    c.tport, c.lport = 80, t.sport
  elseif role == "active" then
    c = steps.active_open(t, 5000)
    c.lport = 5000
  else
    error(("openclose.raw_established: role '%s' is neither 'passive' nor 'active'"):format(tostring(role)), 2)
  end
  c.send = function(spec)
    spec.sport, spec.dport = c.lport, c.tport
    return t:send(spec)
  end
  return c
end

--- One assertion that a measured value lies in [lo, hi].
-- @treturn boolean
function M.within(t, got, lo, hi, name)
  return t:ok(type(got) == "number" and got >= lo and got <= hi, name,
    { got = type(got) == "number" and ("%.4f"):format(got) or tostring(got),
      expected = ("between %g and %g"):format(lo, hi) })
end

--- Open a half-open connection from the tester's port `sport` to the
-- listening target, take its SYN-ACK (one assertion) and reset the request
-- again (RST at our ISN+1), so the next SYN of the same 4-tuple starts a
-- new connection with a fresh ISN.
-- @treturn table the target's SYN-ACK
function M.sample_isn(t, port, sport, isn)
  isn = isn or 1000000
  t:send { flags = "S", seq = isn, sport = sport, dport = port, options = { mss = 1460 } }
  local synack = t:expect { flags = "S.", sport = port, dport = sport, ack = isn + 1,
                            name = ("the target answers the SYN from port %d"):format(sport) }
  t:send { flags = "R", seq = isn + 1, sport = sport, dport = port }
  return synack
end

--- The time between consecutive segments of a list (capture timestamps).
-- @treturn table intervals in seconds
function M.intervals(segs)
  local out = {}
  for i = 2, #segs do out[#out + 1] = segs[i].time - segs[i - 1].time end
  return out
end

return M
