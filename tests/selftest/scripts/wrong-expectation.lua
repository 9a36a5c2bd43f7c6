-- Deliberately wrong: a closed port answers RST,ACK, this test expects a SYN-ACK.
-- tests/selftest/wrong-expectation.sh checks that synfin reports not ok with
-- expected against observed.
local synfin = require "synfin"

synfin.test {
  name = "deliberately wrong expectation",
  run = function(t)
    t:send { flags = "S", seq = 1000, dport = 81 }
    t:expect { flags = "S.", ack = 1001 }
  end,
}
