--- What a test needs from its target, and what a target can do.
--
-- A target backend declares its capabilities (targets/target.h, `can`);
-- they reach a test as `t.target.can` (a set: `t.target.can.sysctl`).
-- A test's needs are derived from what it declares (`target.sysctl` needs
-- "sysctl", `target.setup` "setup", `target.mtu` "mtu") plus its own
-- `needs = { ... }`. A test whose need the target lacks is SKIP with the
-- reason before its target is even opened (engine/run/runner.c), and
-- `synfin list --target NAME` says so.
-- @module synfin.needs
local core = require "synfin.core"

local M = {}

--- Every capability name, with what it lets a test do (for SKIP reasons).
M.capabilities = {
  sysctl = "set the target stack's sysctls (target.sysctl)",
  setup = "run setup commands in the target (target.setup)",
  mtu = "change the link MTU (target.mtu)",
  addr2 = "give the target a second address",
  ipv6 = "run over IPv6",
  tuple_state = "report the state of a connection without a descriptor (TIME_WAIT, orphans, half-open)",
  sockopts = "set socket options through the agent",
  timers = "let a test shorten the stack's timers (SYN retries, user timeout, keepalive)",
  settings = "report the stack's settings (agent `settings`)",
}

--- The set of capabilities of a "a,b,c" list.
-- @string text the backend's `can`
-- @treturn table name -> true
function M.parse(text)
  local set = {}
  for name in tostring(text or ""):gmatch("[^,%s]+") do set[name] = true end
  return set
end

--- A test's needs, from its definition; a bad `needs` is a script error
-- at the script's line (synfin.test calls this).
-- @treturn table list of capability names, sorted
function M.of(def)
  local needs, seen = {}, {}
  local function add(name)
    if not seen[name] then seen[name] = true; needs[#needs + 1] = name end
  end
  local tgt = type(def.target) == "table" and def.target or {}
  if tgt.sysctl and next(tgt.sysctl) then add("sysctl") end
  if tgt.setup and #tgt.setup > 0 then add("setup") end
  if tgt.mtu then add("mtu") end
  if def.needs ~= nil then
    if type(def.needs) ~= "table" then
      core.misuse(("test '%s': needs must be a list of capability names, got %s"):format(def.name, core.quote(def.needs)))
    end
    for k, name in pairs(def.needs) do
      if math.type(k) ~= "integer" or type(name) ~= "string" or not M.capabilities[name] then
        local known = {}
        for c in pairs(M.capabilities) do known[#known + 1] = c end
        table.sort(known)
        core.misuse(("test '%s': needs entry %s is not a capability (%s)"):format(def.name,
          core.quote(math.type(k) == "integer" and name or k), table.concat(known, ", ")))
      end
      add(name)
    end
  end
  table.sort(needs)
  return needs
end

--- What the target lacks for this test in this family, or nil.
-- @tparam table def a registered test (with `_needs`)
-- @tparam table|string can the target's capabilities (set or "a,b" text)
-- @int family 4 or 6
-- @treturn string|nil the SKIP reason
function M.unmet(def, can, family)
  if type(can) ~= "table" then can = M.parse(can) end
  local needs = def._needs or M.of(def)
  if family == 6 and not can.ipv6 then
    return "the target cannot " .. M.capabilities.ipv6
  end
  for _, name in ipairs(needs) do
    if not can[name] then return ("needs %s: the target cannot %s"):format(name, M.capabilities[name]) end
  end
  return nil
end

return M
