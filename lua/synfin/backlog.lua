--- Helpers for the listener-queue scripts (scripts/backlog/, scripts/server/):
-- many handshakes with raw segments, each from its own tester port, fast
-- enough to fill a queue of 129, and the agent's view of a listener's queues.
--
--    local bl = require "synfin.backlog"
--    local srv = assert(t.agent:listen(80, 5))
--    local n, ignored = bl.fill(t, 80)        -- handshakes until a SYN goes unanswered
--    t:is(bl.accept_queue(t, srv).queued, n)  -- all of them wait for accept()
--
-- These helpers make no assertion of their own: they return what happened,
-- and the script asserts on it.
-- @module synfin.backlog
local seq = require "synfin.seq"

local M = {}

--- Tester ports used by the helpers: FIRST_PORT + 1, + 2, ... (away from t.sport).
M.FIRST_PORT = 30000

--- How long a SYN may go unanswered before the helpers call it ignored.
-- A SYN-ACK on the veth pair takes well under a millisecond; this leaves
-- room for a loaded machine.
M.WAIT = 0.25

--- The tester's ISN for a connection from tester port `sport`.
function M.isn(sport) return seq.u32(sport * 7919) end

--- The listener's queues as the agent reports them (targets/AGENT.md):
-- `backlog` (the limit after the stack's clamping) and `queued` (completed
-- connections waiting for accept()).
-- @treturn table { backlog = int, queued = int }, or nil, ERRNAME, message
function M.accept_queue(t, fd)
  local r = t.agent:call("accept_queue " .. fd)
  if not r.ok then return nil, r.err, r.message end
  return { backlog = math.tointeger(tonumber(r.backlog)), queued = math.tointeger(tonumber(r.queued)) }
end

--- The backlog the stack applies to listen(n) by its settings: n clamped
-- to its `somaxconn` (Linux net.core.somaxconn; listen(2): "silently
-- truncated"). nil when the target does not report the clamp.
-- @int n the application's backlog
-- @treturn int|nil
function M.clamped(t, n)
  local max = t:setting("somaxconn")
  if max == nil then return nil end
  return math.min(n, max)
end

--- The backlog a listener really has: the clamp by the target's settings
-- (M.clamped), checked against what the agent reports for the listener
-- (one assertion), or, when the settings do not say, what it reports if
-- that is at most n. The test goes on with the value returned.
-- @int srv the listener's fd
-- @int n the application's backlog
-- @treturn int
function M.applied(t, srv, n)
  local want, got = M.clamped(t, n), M.accept_queue(t, srv).backlog
  if want then
    t:is(got, want, want == n and "the stack keeps the application's backlog"
      or ("the stack clamps the backlog of %d to its somaxconn (%d)"):format(n, want))
    return want
  end
  t:ok(got ~= nil and got <= n, ("the stack's backlog is the application's %d or a clamp of it"):format(n),
    { got = tostring(got), expected = ("at most %d"):format(n) })
  return got or n
end

--- The state a SYN-ACK'd, not yet completed passive connection is in by
-- the target's settings: "CLOSED" when every SYN gets a SYN cookie (its
-- `syncookies` is 2: no state until the ACK, RFC 4987 3.6), else
-- "SYN_RECEIVED" (RFC 9293 3.10.7.2) while the SYN queue has room; nil when
-- the target does not report it (either may be).
function M.half_open_state(t)
  local c = t:setting("syncookies")
  if c == nil then return nil end
  return c == 2 and "CLOSED" or "SYN_RECEIVED"
end

--- The target's state of the connection from tester port `sport` to its
-- port `port` (at `addr`, default the target's main address).
function M.state(t, port, sport, addr)
  return (t.agent:tuple_state(addr or t.target.addr, port, t.tester.addr, sport))
end

--- Send a SYN from tester port `sport` to the target's `port`.
-- @tparam[opt] table extra fields for t:send (dst, seq...)
function M.syn(t, port, sport, extra)
  local spec = { flags = "S", seq = M.isn(sport), sport = sport, dport = port, options = { mss = 1460 } }
  for k, v in pairs(extra or {}) do spec[k] = v end
  return t:send(spec)
end

--- The final ACK of a handshake whose SYN-ACK is `synack` (from tester port
-- `sport`), with `payload` if given (data that also completes it).
function M.ack(t, synack, sport, payload)
  return t:send { flags = payload and "P." or ".", seq = seq.add(M.isn(sport), 1), ack = seq.add(synack.seq, 1),
                  sport = sport, dport = synack.sport, src = synack.dst, dst = synack.src,
                  payload = payload }
end

--- One handshake from tester port `sport`: SYN, the target's SYN-ACK, our ACK.
-- @treturn table the SYN-ACK, or nil and what came instead (nil: nothing)
function M.handshake(t, port, sport, extra)
  M.syn(t, port, sport, extra)
  local seg = t:next({ dport = sport }, M.WAIT)
  if not seg or seg.flags ~= "S." then return nil, seg end
  M.ack(t, seg, sport)
  return seg
end

--- Handshakes from ports FIRST_PORT+1, +2, ... until a SYN goes unanswered
-- for M.WAIT seconds, at most `max` of them (default 1000). The application
-- accepts nothing meanwhile.
-- @treturn int how many handshakes completed
-- @treturn int the tester port of the SYN that went unanswered (nil if max was reached)
-- @treturn table the segment that answered that SYN when it was not a SYN-ACK
function M.fill(t, port, max, first)
  first = first or M.FIRST_PORT
  for i = 1, max or 1000 do
    local synack, other = M.handshake(t, port, first + i)
    if not synack then return i - 1, first + i, other end
  end
  return max, nil
end

--- SYNs from ports first+1 .. first+n, never completed (half-open
-- connections), then every answer that came within M.WAIT seconds of the
-- last one.
-- @treturn table sport -> the target's answer (absent: none)
function M.half_open(t, port, n, first)
  first = first or M.FIRST_PORT
  for i = 1, n do M.syn(t, port, first + i) end
  local got = {}
  local ours = { dport = function(p) return p > first and p <= first + n and not got[p] end }
  while true do
    local seg = t:next(ours, M.WAIT)
    if not seg then return got end
    got[seg.dport] = seg
  end
end

return M
