--- The target kernel's view of a connection, read through the agent, and
-- polled over time while the wire is watched (for the TIME_WAIT and
-- FIN_WAIT_2 timers: scripts/timewait/, scripts/finwait2/).
--
--    local kernel = require "synfin.kernel"
--    local state, took = kernel.wait_leaves(t, c, "TIME_WAIT", 250, 0.5)
-- @module synfin.kernel
local core = require "synfin.core"

local M = {}

-- Any segment, whatever its checksum (or a malformed frame).
local ANY = { checksum_ok = "any" }

--- The kernel's state of an endpoint's connection, by its 4-tuple.
-- @treturn string RFC 9293 state name ("CLOSED" when the target has none)
-- @treturn table the agent's reply (timer, timer_ms while a timer runs)
function M.state(t, c)
  return t.agent:tuple_state(t.target.addr, c.port, t.tester.addr, c.lport)
end

--- The milliseconds left on the connection's pending timer (nil when none).
function M.timer_ms(t, c)
  local _, r = M.state(t, c)
  return r and tonumber(r.timer_ms)
end

--- The polling primitive: call `probe()` now and every `step` seconds
-- until it returns true, for at most `limit` seconds; in between, the
-- target's segments are taken off the wire (t:next) and the first one kept.
-- Makes no assertion.
-- @treturn boolean the probe returned true (false: `limit` passed)
-- @treturn number the seconds it took
-- @treturn table|nil the first segment the target sent meanwhile
function M.poll(t, step, limit, probe)
  local start, first = core.now(), nil
  while not probe() do
    local left = limit - (core.now() - start)
    if left <= 0 then return false, core.now() - start, first end
    first = first or t:next(ANY, math.min(step, left))
  end
  return true, core.now() - start, first
end

--- Poll the connection's kernel state every `step` seconds (default 0.1)
-- until it is no longer `state`, for at most `limit` seconds.
-- @treturn string the state seen last
-- @treturn number the seconds it took (or `limit`)
-- @treturn table|nil the first segment the target sent meanwhile
function M.wait_leaves(t, c, state, limit, step)
  local got
  local _, took, first = M.poll(t, step or 0.1, limit, function()
    got = M.state(t, c)
    return got ~= state
  end)
  return got, took, first
end

--- Watch connections for `seconds`: their kernel states sampled every
-- `step` seconds (default 0.5), and any segment the target sends.
-- @tparam table conns endpoints (t:tcp)
-- @treturn table for each endpoint, the states seen, in order, without repeats ("FIN_WAIT_2")
-- @treturn table|nil the first segment the target sent meanwhile
function M.watch(t, conns, seconds, step)
  local seen = {}
  local _, _, first = M.poll(t, step or 0.5, seconds, function()
    for _, c in ipairs(conns) do
      local s = M.state(t, c)
      local list = seen[c] or {}
      if list[#list] ~= s then list[#list + 1] = s end
      seen[c] = list
    end
    return false
  end)
  local out = {}
  for c, list in pairs(seen) do out[c] = table.concat(list, ",") end
  return out, first
end

return M
