--- Closing a connection until the target waits in FIN_WAIT_2 or
-- TIME_WAIT, for the TIME_WAIT, FIN_WAIT_2 and reset scripts
-- (scripts/timewait/, scripts/finwait2/, scripts/reset/): on the tester's
-- endpoint, or by crafted segments where the endpoint cannot follow.
--
--    local steps, closing = require "synfin.steps", require "synfin.closing"
--    local c, fd = steps.connected(t, { role = "active" })   -- the target connects
--    closing.time_wait(t, c, fd)                              -- it closes first
-- @module synfin.closing
local seq = require "synfin.seq"
local steps = require "synfin.steps"

local M = {}

--- The target's application closes first (close, or shutdown(SHUT_WR) when
-- `how` is "shutdown", which keeps the socket); the tester acknowledges the
-- FIN and stays in CLOSE_WAIT, so the target is in FIN_WAIT_2.
-- @treturn table the target's FIN
function M.fin_wait_2(t, c, fd, how)
  if how == "shutdown" then c:target_shutdown(fd) else c:target_close(fd) end
  local fin = c:expect { flags = "F.", name = "the target sends its FIN" }
  -- Our ACK of the FIN goes out as c:expect processes it; give it time to land.
  t:sleep(0.05)
  c:state_is("FIN_WAIT_2")
  return fin
end

--- The target closes first and the tester closes second: the target is the
-- active closer and ends in TIME_WAIT (asserted, model and kernel).
-- @string[opt="close"] how "close" or "shutdown" (the application keeps its socket)
-- @treturn table the target's FIN
function M.time_wait(t, c, fd, how)
  local fin = M.fin_wait_2(t, c, fd, how)
  c:close()
  c:expect { flags = ".", seq = fin.seq + 1, name = "the target sends the last ACK" }
  c:state_is("TIME_WAIT")
  return fin
end

--- The target, as the server on `port`, in TIME_WAIT, reached with crafted
-- segments: for checks the tester's endpoint cannot make (its TSval is
-- always 0, and it cannot follow a reopened connection).
-- @bool ts both ends use timestamps (the tester's TSval counts up from 100)
-- @treturn table { srv = listener, port, snd_nxt = the tester's next
--   sequence number (after its FIN), rcv_nxt = the target's (after its FIN),
--   tsval = the tester's last TSval (TS.Recent of the target) }
function M.raw_time_wait(t, port, ts)
  local srv = assert(t.agent:listen(port, 5))
  local isn, tsval, peer = 1000000, 100, 0
  local function opts()
    tsval = tsval + 1
    return ts and { ts = { tsval, peer } } or nil
  end
  local sa = steps.send_expect(t, { flags = "S", seq = isn, dport = port, options = { mss = 1460, ts = ts and { 100, 0 } or nil } },
                           { flags = "S.", ack = isn + 1, ts = ts and true or false })
  peer = ts and sa.ts.val or 0
  t:send { flags = ".", seq = isn + 1, ack = sa.seq + 1, dport = port, options = opts() }
  local fd = t.agent:accept(srv, 2)
  t:ok(fd and t.agent:close(fd), "the target's application accepts and closes the connection")
  local fin = t:expect { flags = "F.", seq = sa.seq + 1, ack = isn + 1 }
  peer = ts and fin.ts and fin.ts.val or peer
  t:send { flags = "F.", seq = isn + 1, ack = fin.seq + 1, dport = port, options = opts() }
  t:expect { flags = ".", seq = fin.seq + 1, ack = isn + 2, name = "the target sends the last ACK" }
  t:tuple_state_is(t.sport, port, "TIME_WAIT")
  return { srv = srv, port = port, snd_nxt = seq.add(isn, 2), rcv_nxt = seq.add(fin.seq, 1), tsval = tsval }
end

return M
