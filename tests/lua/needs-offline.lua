-- Offline tests of synfin.needs (tests/lua/needs.sh runs them with
-- `synfin lua`): a test's needs derived from what it declares, the SKIP
-- reason for what a target lacks, the needs its settings decide.
local needs = require "synfin.needs"
local synfin = require "synfin"

local n, failed = 0, 0
local function ok(cond, desc, diag)
  n = n + 1
  print((cond and "ok " or "not ok ") .. n .. " - " .. desc)
  if not cond then
    failed = failed + 1
    if diag then print("#   " .. tostring(diag)) end
  end
end

local run = function() end
local def = synfin.test { name = "declares", target = { sysctl = { ["net.ipv4.tcp_sack"] = 0 }, mtu = 1400 },
                          needs = { "tuple_state" }, run = run }
ok(table.concat(def._needs, ",") == "mtu,sysctl,tuple_state", "needs derived from target.sysctl, target.mtu, plus needs",
   table.concat(def._needs, ","))
local linux = needs.parse("sysctl,setup,mtu,addr2,ipv6,tuple_state,sockopts,timers,settings")
local stack = needs.parse("mtu,addr2,ipv6,tuple_state,sockopts,timers,settings")
ok(needs.unmet(def, linux, 4) == nil, "linux-netns has all of them")
local why = needs.unmet(def, stack, 4)
ok(why and why:find("needs sysctl", 1, true), "a stack cannot be sysctl'd: the reason says so", why)
ok(needs.unmet(def, "mtu,sysctl,tuple_state", 6):find("IPv6", 1, true), "a target without ipv6 skips the IPv6 run")
ok(needs.unmet(def, "mtu,sysctl,tuple_state", 4) == nil, "... and runs the IPv4 one")
ok(synfin._unmet(def, "sysctl,mtu", 4):find("tuple_state", 1, true), "synfin._unmet (the engine's entry) names the need")

-- Needs on settings: decided from what the target reports.
local ts = synfin.test { name = "ts", needs = { "timestamps", "stateful_syn" }, run = run }
ok(needs.unmet(ts, stack, 4) == nil, "a setting need is not a capability: the target may run it")
ok(needs.unmet_settings(ts, function() return { timestamps = 1, syncookies = 1 } end) == nil, "timestamps on, cookies when needed: runs")
why = needs.unmet_settings(ts, function() return { timestamps = 0 } end)
ok(why and why:find("timestamps off", 1, true), "timestamps off: SKIP saying so", why)
why = needs.unmet_settings(ts, function() return {} end)
ok(why and why:find("does not report its setting 'timestamps'", 1, true), "timestamps unknown: SKIP saying so", why)
why = needs.unmet_settings(ts, function() return { timestamps = 1, syncookies = 2 } end)
ok(why and why:find("SYN cookie", 1, true), "cookies for every SYN: SKIP saying so", why)

-- A bad need is a script error at the script's line.
local okc, err = pcall(synfin.test, { name = "bad", needs = { "sysctls" }, run = run })
ok(not okc and tostring(err):find('needs entry "sysctls" is not a capability', 1, true), "a misspelt need is an error", err)
ok(not okc and tostring(err):find("needs%-offline%.lua:%d+:"), "... at the script's file:line", err)
okc, err = pcall(synfin.test, { name = "bad2", needs = "sysctl", run = run })
ok(not okc and tostring(err):find("needs must be a list", 1, true), "needs that is not a list is an error", err)

print("1.." .. n)
os.exit(failed == 0 and 0 or 1, true)
