-- Mistakes in a segment: each test fails at its own line, quoting the value.
local synfin = require "synfin"

synfin.test {
  name = "sends a window too large for the field",
  run = function(t)
    t:send { flags = "S", seq = 1, win = 70000, dport = 81 }
  end,
}

synfin.test {
  name = "sends an unknown flag letter",
  run = function(t)
    t:send { flags = "SZ", seq = 1, dport = 81 }
  end,
}

synfin.test {
  name = "sends to an address that is not one",
  run = function(t)
    t:send { flags = "S", seq = 1, dport = 81, dst = { 198, 18, 0, 2 } }
  end,
}
