--- The target stack's settings, as its agent reports them (targets/AGENT.md,
-- "The stack's settings"), read once per test, with the user's
-- `--target-opt setting.KEY=VALUE` on top (SYNFIN_SETTINGS). Expectations
-- that depend on the stack's configuration (SYN cookies, the options it
-- offers, the backlog clamp, FIN_WAIT_2's timeout...) come from here,
-- never from Linux's defaults. A key the agent does not report is nil:
-- unknown, and the check then takes the form that holds either way, or the
-- test is SKIP with the reason (t:need_setting).
--
--    if t:setting("timestamps") == 0 then ... end
--    local clamp = t:need_setting("somaxconn")   -- SKIP when unknown
-- @module synfin.settings
local M = {}

-- The user's overrides, "KEY=VALUE,KEY=VALUE".
local function overrides()
  local out = {}
  for kv in (os.getenv("SYNFIN_SETTINGS") or ""):gmatch("[^,]+") do
    local k, v = kv:match("^([^=]+)=(.*)$")
    if k then out[k] = math.tointeger(tonumber(v)) or tonumber(v) or v end
  end
  return out
end

--- Every setting known for this test's target: key -> number.
-- An agent that does not know the request (ENOSYS) reports none.
-- @param t the test context
-- @treturn table
function M.all(t)
  if t._settings then return t._settings end
  local s = {}
  local reply = t.agent:call("settings", nil, { unsupported_ok = true })
  if reply.ok then
    for k, v in pairs(reply) do
      if k ~= "ok" and k ~= "line" and k ~= "err" and k ~= "message" then
        s[k] = math.tointeger(tonumber(v)) or tonumber(v) or v
      end
    end
  end
  for k, v in pairs(overrides()) do s[k] = v end
  t._settings = s
  return s
end

--- The options the target offers in a SYN or SYN-ACK it sends, by its
-- settings: { timestamps = true|false|nil, sackok = ..., wscale = ... }
-- (nil: unknown). In a SYN-ACK an option is only echoed when the SYN
-- offered it (RFC 7323 2.2, 3.2; RFC 2018 2), so pass the SYN's options.
-- @param t the test context
-- @tparam[opt] table syn the segment the target answers (nil: its own SYN)
-- @treturn table
function M.offers(t, syn)
  local s = M.all(t)
  local function on(key, offered)
    if syn and not offered then return false end -- never offered unasked
    if s[key] == nil then return nil end
    return s[key] ~= 0
  end
  return {
    ts = on("timestamps", syn and syn.ts ~= nil),
    sackok = on("sack", syn and syn.sackok ~= nil),
    wscale = on("wscale", syn and syn.wscale ~= nil),
  }
end

local NAMES = { ts = "timestamps (RFC 7323)", sackok = "SACK-permitted (RFC 2018)", wscale = "window scale (RFC 7323)" }

--- One assertion: the target's SYN (answered nil) or SYN-ACK (answered =
-- the SYN it answers) carries each option its settings and the SYN call
-- for, and none they rule out: an option is offered when the stack has it
-- on, echoed in a SYN-ACK only when the SYN offered it (RFC 7323 2.2, 3.2;
-- RFC 2018 2). Options whose setting is unknown are not judged.
-- @param t the test context
-- @tparam table seg the target's SYN or SYN-ACK
-- @tparam[opt] table answered the tester's SYN it answers
function M.check_options(t, seg, answered)
  local want, bad, judged = M.offers(t, answered), {}, {}
  for _, k in ipairs { "ts", "sackok", "wscale" } do
    if want[k] ~= nil then
      judged[#judged + 1] = k
      if (seg[k] ~= nil) ~= want[k] then
        bad[#bad + 1] = ("%s %s"):format(NAMES[k], want[k] and "missing" or "unexpected")
      end
    end
  end
  if #judged == 0 then return true end
  local s = M.all(t)
  return t:ok(#bad == 0, ("the target's %s carries the options its settings call for"):format(answered and "SYN-ACK" or "SYN"),
    { expected = ("timestamps=%s sack=%s wscale=%s (the target's settings)%s"):format(tostring(s.timestamps),
        tostring(s.sack), tostring(s.wscale), answered and ", echoing only what the SYN offered" or ""),
      observed = ("%s (%s)"):format(require("synfin.options").describe(seg), table.concat(bad, ", ")) })
end

return M
