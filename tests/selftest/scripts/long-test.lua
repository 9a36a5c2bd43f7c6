-- Runs long on purpose: tests/selftest/kill-cleanup.sh kills synfin during it.
local synfin = require "synfin"
synfin.test {
  name = "holds a connection open for a while",
  run = function(t)
    assert(t.agent:listen(80, 5))
    t:sleep(30)
    t:ok(true, "not reached when killed")
  end,
}
