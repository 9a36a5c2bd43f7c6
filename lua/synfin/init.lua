--- synfin's Lua library: what a conformance script requires.
--
--    local synfin = require "synfin"
--    synfin.test {
--      name = "SYN to a closed port is answered by RST",
--      claims = { "S6.1" },                 -- IDs from SEED-CLAIMS.md
--      rfc = { "RFC 9293 3.10.7.1" },
--      target = { sysctl = { ["net.ipv4.tcp_fin_timeout"] = 5 } },  -- optional
--      needs = { "tuple_state" },           -- optional: capabilities (synfin.needs)
--      run = function(t) ... end,
--    }
--
-- A script file may hold several tests; each runs against a fresh target.
-- See docs/LUA-API.md for the whole API.
-- @module synfin
local Context = require "synfin.context"
local core = require "synfin.core"
local yaml = require "synfin.yaml"
local needs = require "synfin.needs"

local M = { _tests = {}, version = core.version }

-- A mistake in the test's definition, reported at the script's line.
local fail = core.misuse
local quote = core.quote

local known_claims = {}
for _, c in ipairs(require "synfin.claims") do known_claims[c.id] = true end

local function check_list(def, field, pattern, what)
  local v = def[field]
  if v == nil then return {} end
  if type(v) ~= "table" then fail(("test '%s': %s must be a list of strings, got %s"):format(def.name, field, quote(v))) end
  for _, item in ipairs(v) do
    if type(item) ~= "string" or (pattern and not item:match(pattern)) then
      fail(("test '%s': %s entry %s is not %s"):format(def.name, field, quote(item), what))
    end
  end
  return v
end

-- target = { mtu = N, sysctl = { name = value }, setup = { "cmd", ... } } -> { "KEY=VALUE", ... }
local function flatten_target(def)
  local t, out = def.target or {}, {}
  if type(t) ~= "table" then fail(("test '%s': target must be a table, got %s"):format(def.name, quote(t))) end
  if t.mtu then out[#out + 1] = "mtu=" .. tostring(t.mtu) end
  local names = {}
  for k in pairs(t.sysctl or {}) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do out[#out + 1] = ("sysctl.%s=%s"):format(k, tostring(t.sysctl[k])) end
  for _, cmd in ipairs(t.setup or {}) do out[#out + 1] = "setup=" .. cmd end
  for k in pairs(t) do
    if k ~= "mtu" and k ~= "sysctl" and k ~= "setup" then
      fail(("test '%s': unknown target field %s (mtu, sysctl, setup)"):format(def.name, quote(k)))
    end
  end
  return out
end

--- Register a test.
-- @tparam table def name (string), run (function(t)), claims (list of
--   claim IDs such as "S1.2"), rfc (list of sections), slow (boolean: runs
--   only with --slow), target (per-test target options), timeout (seconds
--   this test may take, when it must outlast the default --timeout), waits
--   (about how many seconds of it are spent asleep on the target's kernel
--   timers: such a test starts first, longest first, beside the -j others),
--   needs (capabilities of synfin.needs the test needs beyond those its
--   `target` implies: a target without one makes it SKIP),
--   cells (ids of the checks it makes, such as the matrix's
--   "matrix/ESTABLISHED/RST/inside": `synfin list` shows them, and a
--   --filter that selects one runs the test with env.cells = { [id] = true },
--   the cells to check; each cell is a top-level TAP point of its own, see synfin.cells)
function M.test(def)
  if type(def) ~= "table" then fail("synfin.test wants a table, got " .. quote(def)) end
  if type(def.name) ~= "string" or def.name == "" then
    fail("synfin.test: 'name' must be a non-empty string, got " .. quote(def.name))
  end
  if type(def.run) ~= "function" then fail(("test '%s': 'run' must be a function, got %s"):format(def.name, quote(def.run))) end
  local claims = check_list(def, "claims", "^S%d+%.%d+b?c?$", "a claim ID like S1.2")
  for _, id in ipairs(claims) do
    if not known_claims[id] then
      fail(("test '%s': claim %s is not in SEED-CLAIMS.md (see lua/synfin/claims.lua)"):format(def.name, quote(id)))
    end
  end
  local rfc = check_list(def, "rfc", nil, "a string")
  check_list(def, "cells", nil, "a string")
  def._claims_text = table.concat(claims, ",")
  def._rfc_text = table.concat(rfc, "; ")
  def._target_opts = flatten_target(def)
  def._needs = needs.of(def)
  if def.timeout ~= nil and (type(def.timeout) ~= "number" or def.timeout <= 0 or def.timeout > 3600) then
    fail(("test '%s': timeout must be seconds from 1 to 3600, got %s"):format(def.name, quote(def.timeout)))
  end
  if def.waits ~= nil and (type(def.waits) ~= "number" or def.waits <= 0 or def.waits > 3600) then
    fail(("test '%s': waits must be seconds above 0, at most 3600, got %s"):format(def.name, quote(def.waits)))
  end
  local info = debug.getinfo(2, "Sl")
  def._where = info and ("%s:%d"):format(info.short_src, info.currentline) or "?"
  M._tests[#M._tests + 1] = def
  return def
end

local function handler(e)
  if e == Context.ABORT then return e end
  return debug.traceback(tostring(e), 2)
end

local function summary(t, failed_error)
  if failed_error then return yaml.render({ message = failed_error:match("^[^\n]*"), test = t.def._where }) end
  if t.count == 0 then return yaml.render({ message = "the test made no assertion", test = t.def._where }) end
  if t.first_failure then
    local d = { failed = t.first_failure.name, failures = t.failures, test = t.def._where }
    for k, v in pairs(t.first_failure.diag) do d[k] = v end
    if #t.segments > 0 then d.exchange = t:trace() end
    return yaml.render(d)
  end
  return nil
end

-- Run the test's body in its context; the result table of _run.
local function judge(t, def)
  local ok, err = xpcall(def.run, handler, t)
  local failed_error
  if not ok and err ~= Context.ABORT then
    -- A mistake in the script (or the library): one not ok with file:line.
    failed_error = tostring(err)
    t:ok(false, "script error: " .. failed_error:match("^[^\n]*"),
      { at = failed_error:match("^(.-:%d+):") or def._where, traceback = failed_error })
  end
  local transitions = {}
  if ok or err == Context.ABORT then
    t:_arrived() -- what the target sent last is judged too
    t:_capture_check()
    for _, c in ipairs(t._conns or {}) do
      c:_verdict()
      for _, name in ipairs(c.transitions) do transitions[#transitions + 1] = name end
    end
  end
  t.tap:plan(1, t.count)
  if t.skip_reason and t.failures == 0 then
    return { ok = true, skip = t.skip_reason, transitions = transitions }
  end
  local passed = t.failures == 0 and t.count > 0
  -- Every failure is one the target's profile documents: the point stays
  -- "not ok" (it is data about the stack) under TAP's TODO, which counts
  -- as expected.
  if passed and t.documented_failures > 0 then
    return { ok = false, transitions = transitions,
             documented = ("deviates as documented for %s (%d of %d checks)"):format(t:_profile().name,
               t.documented_failures, t.count) }
  end
  return { ok = passed, yaml = not passed and summary(t, failed_error) or nil, transitions = transitions }
end


--- What the target lacks for test def in `family`: the SKIP reason, or
-- nil (called by the engine before the target is opened, and by `list`).
-- @string can the backend's capabilities, "a,b,c"
function M._unmet(def, can, family) return needs.unmet(def, can, family) end

--- The needs of def that the target's settings decide when it runs
-- ("timestamps, stateful_syn"), or nil: for `synfin list --target`.
function M._setting_needs(def)
  local out = {}
  for _, name in ipairs(def._needs or {}) do
    if needs.settings[name] then out[#out + 1] = name end
  end
  return #out > 0 and table.concat(out, ", ") or nil
end

--- Run one registered test (called by the engine, once per test).
-- @treturn table { ok = boolean, skip = reason|nil, documented = reason|nil (a TODO: every
--   failure is documented by the target's profile), yaml = diagnostics|nil,
--   transitions = edge names, record = the report's record (with env.report),
--   cells = with def.cells, each checked cell's verdict { id, name, ok, skip, todo, yaml } }
function M._run(def, env)
  local started = core.wallclock()
  if type(env.target.can) ~= "table" then env.target.can = needs.parse(env.target.can) end
  local t = Context.new(def, env)
  -- Asked once, before any packet, so no wait on the wire is cut by it.
  local settings = t:settings()
  local why = needs.unmet_settings(def, function() return settings end)
  local res
  if why then
    t.tap:plan(1, 0)
    t.skip_reason = why
    res = { ok = true, skip = why, transitions = {} }
  else
    res = judge(t, def)
  end
  -- A test with cells: a top-level point for each (synfin.cells).
  if def.cells then res.cells = require("synfin.cells").verdicts(t) end
  -- With --report, the test's structured result for results.json.
  if env.report then res.record = require("synfin.report.record").build(t, res, started) end
  return res
end

return M
