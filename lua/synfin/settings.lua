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

return M
