--- Measurements shared by the scripts on opening and closing connections
-- (handshake/, close/, halfclose/, simopen/, simclose/, states/): the
-- tester's SYN answered and forgotten again (ISN sampling), the intervals
-- between segments, and measured values checked with a tolerance. The
-- connections themselves are opened by synfin.steps.
--
--    local oc = require "synfin.openclose"
--    oc.within(t, interval, 0.8, 1.5, "first retransmission after ~1 s")
-- @module synfin.openclose
local M = {}

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
