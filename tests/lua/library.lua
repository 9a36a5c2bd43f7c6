-- Tests of the Lua library that need a target (segment specs are checked
-- as they are sent), run by synfin like any script; tests/lua/library.sh
-- runs it. The tests that need none are in offline.lua.
local synfin = require "synfin"

local function errors_with(fn, text)
  local ok, err = pcall(fn)
  return not ok and tostring(err):find(text, 1, true) ~= nil, tostring(err)
end

synfin.test {
  name = "segment specs: wrong fields are Lua errors naming the field",
  run = function(t)
    t:ok(errors_with(function() t:send { flags = "SQ", dport = 1 } end, "unknown flag letter 'Q'"), "bad flag letter")
    t:ok(errors_with(function() t:send { dport = 1 } end, "segment needs 'flags'"), "missing flags")
    t:ok(errors_with(function() t:send { flags = "S", dport = 70000 } end, "'dport' must be an integer from 0 to 65535"), "port range")
    t:ok(errors_with(function() t:send { flags = "S", dport = 1, win = "x" } end, "'win'"), "non-numeric window")
    t:ok(errors_with(function() t:send { flags = "S", dport = 1, dst = "10.1.2.300" } end, "'dst' must be an IPv4 or IPv6 address"), "bad address")
    t:ok(errors_with(function() t:send { flags = "S", dport = 1, options = { { "bogus" } } } end, "unknown tcp option 'bogus'"), "bad option")
    t:ok(errors_with(function() t:send { flags = "S", dport = 1, options = { { "sack", 1, 2, 3 } } } end, "pairs"), "odd sack edges")
    t:ok(errors_with(function() t:expect { flgs = "S" } end, "expect: unknown field 'flgs'"), "pattern typo")
    local sent = t:send { flags = "S", dport = 9, seq = 2^32 + 41 // 1, options = { mss = 1000 }, payload = "abc" }
    t:is(sent.seq, 41, "seq sent modulo 2^32")
    t:is(sent.mss, 1000, "sent option decoded back")
    t:is(sent.payload, "abc", "payload sent")
    t:ok(sent.checksum_ok, "sent checksum is right")
    local wrong = t:send { flags = "R", dport = 9, checksum = "bad" }
    t:ok(not wrong.checksum_ok, "checksum = 'bad' sends a wrong checksum")
  end,
}

