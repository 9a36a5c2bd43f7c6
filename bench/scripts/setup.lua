-- bench: per-test setup and teardown. 50 tests of one trivial assertion,
-- so a run's wall time is almost all target setup and teardown (fresh
-- namespaces, veth, agent, capture, Lua). Compared with bench_bare_setup.
local synfin = require "synfin"

for i = 1, 50 do
  synfin.test {
    name = ("trivial %02d"):format(i),
    run = function(t) t:ok(true, "nothing to check") end,
  }
end
