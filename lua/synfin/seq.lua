--- Sequence-number arithmetic, modulo 2^32 (RFC 9293 3.4: "all arithmetic
-- dealing with sequence numbers must be performed modulo 2^32"; the
-- comparisons are those of RFC 1982 serial numbers, SERIAL_BITS = 32).
-- Every sequence or acknowledgment number the library or a script adds,
-- subtracts or compares goes through here, match predicates included:
--
--    local seq = require "synfin.seq"
--    seq.add(0xfffffff0, 0x20)                 --> 0x10
--    seq.lt(0xfffffff0, 0x10)                  --> true: before, across the wrap
--    c:expect { seq = function(s) return seq.gt(s, old) end }
--
-- Two numbers exactly 2^31 apart are neither before nor after each other
-- (RFC 1982 3.2 leaves that comparison undefined; here lt and gt are false).
-- @module synfin.seq
local core = require "synfin.core"

local M = {}

local MOD = 0x100000000
local HALF = 0x80000000

--- A number reduced modulo 2^32, or nil when `v` is not a whole number.
-- Accepts floats with integral values (2^32 + 1, as a script may write).
-- @treturn integer|nil in [0, 2^32)
function M.u32(v)
  local i = math.tointeger(v)
  return i and i & 0xffffffff
end

local function int(v, what)
  local i = M.u32(v)
  if not i then core.misuse(("seq.%s: want an integer, got %s"):format(what, core.quote(v))) end
  return i
end

--- a + n modulo 2^32 (n may be negative).
function M.add(a, n) return (int(a, "add") + int(n, "add")) & 0xffffffff end

--- The distance from a forward to b: (b - a) modulo 2^32, in [0, 2^32).
function M.sub(b, a) return (int(b, "sub") - int(a, "sub")) & 0xffffffff end

--- b - a as a signed 32-bit value in [-2^31, 2^31): positive when b is
-- after a in sequence space.
function M.diff(b, a)
  local d = M.sub(b, a)
  if d >= HALF then d = d - MOD end
  return d
end

--- a is before b (a < b in sequence space).
function M.lt(a, b)
  local d = M.sub(b, a)
  return d > 0 and d < HALF
end

--- a is before b or equal to it.
function M.le(a, b) return M.sub(a, b) == 0 or M.lt(a, b) end

--- a is after b.
function M.gt(a, b) return M.lt(b, a) end

--- a is after b or equal to it.
function M.ge(a, b) return M.le(b, a) end

--- lo <= x < hi in sequence space: x lies in the window that starts at
-- lo and ends before hi (RFC 9293 3.10.7.4: RCV.NXT =< SEG.SEQ <
-- RCV.NXT+RCV.WND). An empty window (lo == hi) holds nothing.
function M.between(x, lo, hi) return M.sub(x, lo) < M.sub(hi, lo) end

--- Predicates for patterns, modulo 2^32, so a script need not write its
-- own: `c:expect { ack = seq.after(old) }`, `{ seq = seq.within(lo, hi) }`.
-- Each returns a function(value) -> boolean.
function M.after(x) int(x, "after"); return function(v) return M.u32(v) ~= nil and M.gt(v, x) end end
function M.at_or_after(x) int(x, "at_or_after"); return function(v) return M.u32(v) ~= nil and M.ge(v, x) end end
function M.before(x) int(x, "before"); return function(v) return M.u32(v) ~= nil and M.lt(v, x) end end
function M.at_or_before(x) int(x, "at_or_before"); return function(v) return M.u32(v) ~= nil and M.le(v, x) end end
function M.within(lo, hi)
  int(lo, "within"); int(hi, "within")
  return function(v) return M.u32(v) ~= nil and M.between(v, lo, hi) end
end

return M
