--- What a test needs from its target, and what a target can do.
--
-- A target backend declares its capabilities (targets/target.h, `can`);
-- they reach a test as `t.target.can` (a set: `t.target.can.sysctl`).
-- A test's needs are derived from what it declares (`target.sysctl` needs
-- "sysctl", `target.setup` "setup", `target.mtu` "mtu") plus its own
-- `needs = { ... }`. A test whose need the target lacks is SKIP with the
-- reason before its target is even opened (engine/run/runner.c), and
-- `synfin list --target NAME` says so. A need on a setting of the stack
-- (M.settings: timestamps, sack, wscale, stateful_syn) is decided when the
-- test starts, from what the target's agent reports.
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

--- Needs that the target's settings decide (synfin.settings), checked when
-- the test starts, once its agent can be asked: each returns nil when the
-- target has it, else the SKIP reason. A setting the agent does not report
-- leaves the need met unless the test cannot run without knowing it.
M.settings = {
  timestamps = function(s)
    if s.timestamps == nil then return "the target does not report its setting 'timestamps' (agent `settings`)" end
    if s.timestamps == 0 then return "the target has TCP timestamps off (setting timestamps=0; RFC 7323 is optional)" end
  end,
  sack = function(s)
    if s.sack == nil then return "the target does not report its setting 'sack' (agent `settings`)" end
    if s.sack == 0 then return "the target has SACK off (setting sack=0; RFC 2018 is optional)" end
  end,
  wscale = function(s)
    if s.wscale == nil then return "the target does not report its setting 'wscale' (agent `settings`)" end
    if s.wscale == 0 then return "the target has window scaling off (setting wscale=0; RFC 7323 is optional)" end
  end,
  -- A passive open that keeps a SYN-RECEIVED request: its SYN-ACK is
  -- retransmitted, its ISN comes from the RFC 6528 clock and its MSS is the
  -- peer's. A stack that answers every SYN with a SYN cookie (RFC 4987 3.6)
  -- keeps none and codes the MSS in a few bits of the ISN.
  stateful_syn = function(s)
    if s.syncookies == 2 then
      return "the target answers every SYN with a SYN cookie (setting syncookies=2; RFC 4987 3.6): its passive "
        .. "open keeps no SYN-RECEIVED state, never retransmits the SYN-ACK, takes its ISN from the cookie, rounds "
        .. "the peer's MSS down to the cookie's table (Linux: 536 at least, IPv6 1220), measures no RTT in the "
        .. "handshake, and lets a later segment whose ACK is a valid cookie reopen a lost connection; this test "
        .. "depends on one of those: run it with syncookies 0 or 1"
    end
  end,
}

--- What the target's settings lack for this test (its `needs` that
-- M.settings decides), or nil.
-- @tparam table def a registered test
-- @tparam function settings () -> the target's settings table (asked only if needed)
-- @treturn string|nil the SKIP reason
function M.unmet_settings(def, settings)
  for _, name in ipairs(def._needs or {}) do
    local check = M.settings[name]
    local why = check and check(settings())
    if why then return why end
  end
end

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
      if math.type(k) ~= "integer" or type(name) ~= "string" or not (M.capabilities[name] or M.settings[name]) then
        local known = {}
        for c in pairs(M.capabilities) do known[#known + 1] = c end
        for c in pairs(M.settings) do known[#known + 1] = c end
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
    if M.capabilities[name] and not can[name] then return ("needs %s: the target cannot %s"):format(name, M.capabilities[name]) end
  end
  return nil
end

return M
