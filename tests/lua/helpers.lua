-- Tests of the helper library's shared primitives (synfin.seq, t:next),
-- run by synfin like any script; tests/lua/helpers.sh runs it.
local synfin = require "synfin"
local seq = require "synfin.seq"

-- The Lua error `fn` raises ("" when it raises none), for t:like.
local function raised(fn)
  local ok, err = pcall(fn)
  return ok and "" or tostring(err)
end

synfin.test {
  name = "seq: add, sub and diff modulo 2^32, across the wrap",
  run = function(t)
    t:is(seq.add(0xfffffff0, 0x20), 0x10, "0xfffffff0 + 0x20 wraps to 0x10")
    t:is(seq.add(5, -10), 0xfffffffb, "a negative step wraps below zero")
    t:is(seq.add(2^32 + 1 // 1, 1), 2, "a float with an integral value is taken modulo 2^32")
    t:is(seq.sub(0x10, 0xfffffff0), 0x20, "sub: the forward distance across the wrap")
    t:is(seq.sub(0xfffffff0, 0x10), 0xffffffe0, "sub is never negative")
    t:is(seq.diff(0x10, 0xfffffff0), 0x20, "diff: later across the wrap is positive")
    t:is(seq.diff(0xfffffff0, 0x10), -0x20, "diff: earlier across the wrap is negative")
    t:is(seq.diff(7, 7), 0, "diff of equal numbers is 0")
    t:is(seq.u32(2^32 + 41 // 1), 41, "u32 reduces modulo 2^32")
    t:is(seq.u32(1.5), nil, "u32 of a fraction is nil")
    t:is(seq.u32("x"), nil, "u32 of a string is nil")
    t:like(raised(function() seq.add(1.5, 1) end), "seq%.add: want an integer, got 1%.5", "add refuses a fraction")
    t:like(raised(function() seq.sub(nil, 1) end), "seq%.sub: want an integer, got nil", "sub refuses nil")
  end,
}

synfin.test {
  name = "seq: lt, le, gt, ge and between in sequence space (RFC 1982 style)",
  run = function(t)
    t:ok(seq.lt(1, 2), "1 < 2")
    t:ok(not seq.lt(2, 1), "not 2 < 1")
    t:ok(not seq.lt(3, 3), "not 3 < 3")
    t:ok(seq.le(3, 3), "3 <= 3")
    t:ok(seq.lt(0xfffffff0, 0x10), "0xfffffff0 is before 0x10 across the wrap")
    t:ok(seq.gt(0x10, 0xfffffff0), "0x10 is after 0xfffffff0 across the wrap")
    t:ok(not seq.gt(0xfffffff0, 0x10), "and 0xfffffff0 is not after 0x10")
    t:ok(seq.ge(0x10, 0x10) and seq.ge(0x11, 0x10), "ge: equal or after")
    t:ok(not seq.lt(0, 0x80000000) and not seq.gt(0, 0x80000000),
      "numbers 2^31 apart are neither before nor after each other")
    t:ok(seq.lt(0, 0x7fffffff), "2^31 - 1 ahead is after")
    t:ok(seq.between(0x05, 0xfffffff0, 0x10), "between: inside a window across the wrap")
    t:ok(seq.between(0xfffffff0, 0xfffffff0, 0x10), "between: the left edge is inside")
    t:ok(not seq.between(0x10, 0xfffffff0, 0x10), "between: the right edge is outside")
    t:ok(not seq.between(0x20, 0xfffffff0, 0x10), "between: past the window is outside")
    t:ok(not seq.between(5, 5, 5), "between: an empty window holds nothing")
  end,
}

synfin.test {
  name = "t:next: misuse is a Lua error at the script's line, quoting the bad value",
  run = function(t)
    t:like(raised(function() t:next("S.") end), "next: want a pattern table, got", "a string for a pattern")
    t:like(raised(function() t:next({}, "soon") end), "next: want a timeout in seconds %(a number%), got",
      "a string for a timeout")
    t:like(raised(function() t:next({}, 0 / 0) end), "want a timeout in seconds", "NaN for a timeout")
    t:like(raised(function() t:next { flgs = "S" } end), "next: unknown field 'flgs'", "a pattern typo")
    t:like(raised(function() t:next({}, "soon") end), "helpers%.lua:%d+:", "the error names this script's line")
  end,
}

synfin.test {
  name = "t:next: the next frame matching the pattern, others passed over; nil at the deadline",
  run = function(t)
    local seg, why = t:next({ flags = "R." }, 0)
    t:ok(seg == nil and why == "timeout", "nothing has arrived yet: nil, 'timeout'")
    t:is(t:next({}, -1), nil, "a deadline already passed: nil, no error")
    t:send { flags = "S", dport = 9, seq = 0xfffffff0 }
    t:is(t:next({ kind = "icmp" }, 0.3), nil, "the RST is no ICMP message: passed over until the deadline")
    t:send { flags = "S", dport = 9, seq = 0xffffffff }
    seg = t:next({ flags = "R.", ack = seq.add(0xffffffff, 1) }, 2)
    t:ok(seg ~= nil, "the closed port's RST,ACK matches")
    t:is(seg and seg.ack, 0, "acknowledging the SYN across the wrap")
    t:send { flags = "S", dport = 9, seq = 100 }
    t:send { flags = "S", dport = 10, seq = 200 }
    seg = t:next({ flags = "R.", sport = 10 }, 2)
    t:is(seg and seg.ack, 201, "the first RST (port 9) is passed over for the second (port 10)")
    t:is(t:next({ flags = "R." }, 0.3), nil, "and the first is gone: passed over means consumed")
    t:send { flags = "S", dport = 9, seq = 300 }
    t:is(t:next({ flags = "R.", ignore = { sport = 9 } }, 0.3), nil, "ignore passes over a frame that matches")
  end,
}
