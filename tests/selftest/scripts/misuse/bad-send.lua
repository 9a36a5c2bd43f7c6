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

synfin.test {
  name = "sends from a MAC address cut short",
  run = function(t)
    t:send { flags = "S", seq = 1, dport = 81, eth_src = "02:53:46:00:00" }
  end,
}

synfin.test {
  name = "sends a burst of no segments",
  run = function(t)
    t:send_burst({ flags = "S", seq = 1, dport = 81 }, 0)
  end,
}

synfin.test {
  name = "sends a burst on a t:tcp endpoint's ports",
  run = function(t)
    assert(t.agent:listen(80, 8))
    local c = t:tcp { port = 80, lport = 30000 }
    c:connect()
    t:send_burst({ flags = "A", seq = 1, sport = 30000, dport = 80 }, 10)
  end,
}
