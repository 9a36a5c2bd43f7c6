-- bench: injection rate of a Lua loop of t:send, as a flood test writes it.
-- Every segment is built by the engine (libnet) from a table and sent.
-- Compared with bench_bare_wire flood (bench/run).
local synfin = require "synfin"
local core = require "synfin.core"

local N = tonumber(os.getenv("SYNFIN_BENCH_INJECT") or "100000")

synfin.test {
  name = "inject: a loop of t:send SYNs to a closed port",
  run = function(t)
    for i = 1, 100 do t:send { flags = "S", seq = i, dport = 81 } end -- warm up
    local t0 = core.now()
    for i = 1, N do t:send { flags = "S", seq = i, dport = 81 } end
    t:diag(("inject_rate %.0f"):format(N / (core.now() - t0)))
    t:ok(true, "sent")
  end,
}

synfin.test {
  name = "inject: t:send_burst of SYNs to a closed port",
  run = function(t)
    t:send_burst({ flags = "S", seq = 1, dport = 81 }, 100, 1) -- warm up
    local t0 = core.now()
    t:send_burst({ flags = "S", seq = 1, dport = 81 }, N, 1)
    t:diag(("burst_rate %.0f"):format(N / (core.now() - t0)))
    t:ok(true, "sent")
    -- Nothing reads the target's RSTs while the burst goes out: most find
    -- the capture ring full, which the end of the test would report.
    t:todo("a burst of " .. N .. " outruns the capture ring; its answers are not the point")
  end,
}
