-- bench: the scripted round trip (t:send a SYN, t:expect the SYN-ACK, as
-- tests do) and the tester endpoint's reply latency (t:tcp's connect:
-- target's SYN-ACK captured -> our ACK on the wire, read from the pcap).
-- Compared with bench_bare_wire rtt (bench/run).
local synfin = require "synfin"
local core = require "synfin.core"

local N = tonumber(os.getenv("SYNFIN_BENCH_RTT") or "3000")
local WARM = 50

local function quantile(v, q)
  table.sort(v)
  return v[math.floor(q * (#v - 1) + 0.5) + 1] or 0
end

synfin.test {
  name = "round trip: t:send SYN, t:expect SYN-ACK, t:send RST",
  run = function(t)
    assert(t.agent:listen(80, 4096))
    local rtt = {}
    for i = 1, WARM + N do
      local sport = 20000 + i
      local t0 = core.now()
      t:send { flags = "S", seq = 1000, sport = sport, dport = 80 }
      t:expect { flags = "S.", ack = 1001 }
      if i > WARM then rtt[#rtt + 1] = (core.now() - t0) * 1e6 end
      t:send { flags = "R", seq = 1001, sport = sport, dport = 80 }
    end
    t:diag(("rtt_p50_us %.1f"):format(quantile(rtt, 0.5)))
    t:diag(("rtt_p99_us %.1f"):format(quantile(rtt, 0.99)))
  end,
}

synfin.test {
  name = "reply: t:tcp connects and aborts, the endpoint answers the SYN-ACK",
  run = function(t)
    assert(t.agent:listen(80, 4096))
    for i = 1, math.max(N // 3, 100) do
      local c = t:tcp { port = 80, lport = 20000 + i }
      c:connect()
      c:abort()
    end
  end,
}
