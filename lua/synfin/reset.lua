--- Helpers shared by the TIME_WAIT, FIN_WAIT_2 and reset scripts
-- (scripts/timewait/, scripts/finwait2/, scripts/reset/): a connection
-- opened with the target in either role, the target's close up to
-- FIN_WAIT_2 or TIME_WAIT, polling of a connection's kernel state, and
-- socket options in bulk.
--
--    local reset = require "synfin.reset"
--    local c, fd = reset.open(t, "client", 5000)   -- the target connects
--    reset.time_wait(t, c, fd)                      -- it closes first
-- @module synfin.reset
local core = require "synfin.core"
local match = require "synfin.match"
local seq = require "synfin.seq"

local M = {}

-- Any segment, whatever its checksum (or a malformed frame): raw access.
local ANY = { checksum_ok = "any" }

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
  local sa = M.send_expect(t, { flags = "S", seq = isn, dport = port, options = { mss = 1460, ts = ts and { 100, 0 } or nil } },
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

--- Send a crafted segment and expect the target's answer to match
-- `pattern`; while nothing comes, send it again every second, as TCP
-- retransmits (at most 3 times in all). One assertion, as t:expect.
-- @treturn table the answer
function M.send_expect(t, spec, pattern)
  local seg
  for _ = 1, 3 do
    t:send(spec)
    seg = t:next(ANY, 1)
    if seg then break end
  end
  local name = pattern.name or ("target sends " .. match.title(pattern))
  local want = {}
  for k, v in pairs(pattern) do if k ~= "name" then want[k] = v end end
  local ok, bad = false, nil
  if seg then ok, bad = match.matches(want, seg) end
  t:ok(ok, name, { expected = match.describe_pattern(want, {}), mismatched = bad,
                   observed = seg and match.describe(seg, {}, true) or "nothing to 3 segments, 1 s apart" })
  if not ok then t:abort() end
  return seg
end

--- The kernel's state of an endpoint's connection, by its 4-tuple.
-- @treturn string RFC 9293 state name ("CLOSED" when the target has none)
-- @treturn table the agent's reply (timer, timer_ms while a timer runs)
function M.tuple_state(t, c)
  return t.agent:tuple_state(t.target.addr, c.port, t.tester.addr, c.lport)
end

--- The milliseconds left on the connection's pending timer (nil when none).
function M.timer_ms(t, c)
  local _, r = M.tuple_state(t, c)
  return r and tonumber(r.timer_ms)
end

--- Poll the connection's kernel state every `step` seconds until it is no
-- longer `state`, for at most `limit` seconds, watching the wire meanwhile.
-- @treturn string the state seen last
-- @treturn number the seconds it took (or `limit`)
-- @treturn table|nil the first segment the target sent meanwhile
function M.wait_leaves(t, c, state, limit, step)
  local start, first = core.now(), nil
  local got = M.tuple_state(t, c)
  while got == state and core.now() - start < limit do
    local seg = t:next(ANY, step or 0.1)
    first = first or seg
    got = M.tuple_state(t, c)
  end
  return got, core.now() - start, first
end

--- Watch connections for `seconds`: their kernel states sampled every
-- `step` seconds (default 0.5), and any segment the target sends.
-- @tparam table conns endpoints (t:tcp)
-- @treturn table for each endpoint, the states seen, in order, without repeats ("FIN_WAIT_2")
-- @treturn table|nil the first segment the target sent meanwhile
function M.watch(t, conns, seconds, step)
  local seen, first = {}, nil
  local stop = core.now() + seconds
  repeat
    for _, c in ipairs(conns) do
      local s = M.tuple_state(t, c)
      local list = seen[c] or {}
      if list[#list] ~= s then list[#list + 1] = s end
      seen[c] = list
    end
    local left = math.min(step or 0.5, stop - core.now())
    if left > 0 then
      local seg = t:next(ANY, left)
      first = first or seg
    end
  until core.now() >= stop
  local out = {}
  for c, list in pairs(seen) do out[c] = table.concat(list, ",") end
  return out, first
end

--- A predicate for `flags`: a reset, with or without ACK (RFC 9293 3.5.2
-- allows both for an ABORT), and nothing else.
function M.is_rst(flags) return flags == "R" or flags == "R." end

--- The result of an agent call as one word: the value, "ok", or the errno name.
function M.outcome(v, e)
  if v == nil then return tostring(e) end
  if v == true then return "ok" end
  return tostring(v)
end

--- A raw agent request (targets/AGENT.md) for a call the agent module has
-- no method for on an existing socket (listen, connect): "ok" or the errno name.
function M.try(t, line)
  local r = t.agent:call(line)
  return r.ok and "ok" or tostring(r.err)
end

return M
