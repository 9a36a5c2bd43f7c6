--- One test's structured result, as results.json carries it (the schema
-- is reports/RESULTS.md): built from the test's context once it has run,
-- in the process that ran it, and written by the engine next to the pcap.
-- @module synfin.report.record
local core = require "synfin.core"
local seq = require "synfin.seq"

local M = {}

-- A plain copy of a diagnostics value: strings, numbers, booleans and
-- tables of them; anything else as its tostring (a table as deep as 8).
local function plain(v, depth)
  local ty = type(v)
  if ty == "string" or ty == "number" or ty == "boolean" then return v end
  if ty ~= "table" or depth > 8 then return tostring(v) end
  local out = {}
  if v[1] ~= nil then
    for i, x in ipairs(v) do out[i] = plain(x, depth + 1) end
    return out
  end
  for k, x in pairs(v) do out[tostring(k)] = plain(x, depth + 1) end
  return out
end

-- "mss 1460", "sackOK", "ts 1 0", "raw 254 0a0b"
local function option_text(o)
  local parts = { o[1] }
  for i = 2, #o do
    parts[#parts + 1] = type(o[i]) == "string" and core.hex(o[i]) or tostring(o[i])
  end
  return table.concat(parts, " ")
end

local function rel(v, base)
  if v == nil or base == nil then return nil end
  return seq.sub(v, base)
end

-- One traced frame: its TCP fields, absolute and relative to the ISNs.
local function segment(entry, t0)
  local seg, dir = entry.seg, entry.dir
  local own = dir == ">" and entry.isn.tester or entry.isn.target
  local peer = dir == ">" and entry.isn.target or entry.isn.tester
  local s = { dir = dir, kind = seg.kind, time = seg.time and t0 and seg.time - t0 or nil,
              summary = seg.summary, state = entry.state }
  if seg.kind == "tcp" then
    s.flags, s.seq, s.ack, s.win, s.len = seg.flags, seg.seq, seg.ack, seg.win, seg.len
    s.sport, s.dport = seg.sport, seg.dport
    s.rel_seq = rel(seg.seq, own)
    if seg.flagbits & 0x10 ~= 0 then s.rel_ack = rel(seg.ack, peer) end
    s.options = {}
    for _, o in ipairs(seg.options or {}) do s.options[#s.options + 1] = option_text(o) end
  end
  return s
end

local function segments(t)
  local out, t0 = {}, nil
  for i = 1, #t.segments do
    local _, _, time = t.segments:get(i) -- synfin.context T:_trace
    if time and (not t0 or time < t0) then t0 = time end
  end
  for i = 1, #t.segments do out[i] = segment(t:_segment(i), t0) end
  return out
end

-- The oracle's findings: violations are failed assertions that carry the
-- finding's code and section; documented deviations are its diagnostics.
local function findings(t)
  local out = {}
  for _, a in ipairs(t.asserts) do
    if not a.ok and type(a.diag) == "table" and a.diag.code and a.diag.rfc then
      out[#out + 1] = { severity = "violation", code = tostring(a.diag.code), rfc = tostring(a.diag.rfc),
                        message = a.name, segment = a.segment }
    end
  end
  for _, d in ipairs(t.diags) do
    local code, msg, rfc = d.text:match("^deviates as documented for [^:]+: (%S+) (.-) %((.-)%)$")
    if code then
      out[#out + 1] = { severity = "deviation", code = code, rfc = rfc, message = msg, segment = d.segment }
    end
  end
  return out
end

local function deviations(t)
  local out = {}
  for _, d in ipairs(t.diags) do
    if d.text:match("^deviates as documented") then out[#out + 1] = d.text end
  end
  return out
end

local function assertions(t)
  local out = {}
  for i, a in ipairs(t.asserts) do
    out[i] = { name = a.name, ok = a.ok, todo = a.todo, skip = a.skip, segment = a.segment, transition = a.transition,
               diag = not a.ok and plain(a.diag or {}, 0) or nil }
  end
  return out
end

-- The first failure that counts: its name, diagnostics and segment.
local function failure(t, result)
  for _, a in ipairs(t.asserts) do
    if not a.ok and not a.todo then
      return { name = a.name, diag = plain(a.diag or {}, 0), segment = a.segment, transition = a.transition }
    end
  end
  if not result.ok then return { name = "the test made no assertion", diag = {}, segment = #t.segments } end
end

-- A test with cells: each one's verdict, as its TAP point gave it.
local function cells(list)
  local out = {}
  for i, c in ipairs(list) do
    local verdict = c.skip and "skip" or c.todo and "documented" or (c.ok and "pass" or "fail")
    out[i] = { id = c.id, name = c.name, verdict = verdict, skip_reason = c.skip, documented = c.todo,
               failure = not c.ok and not c.todo and { name = c.diag.failed or c.name, diag = plain(c.diag, 0) } or nil }
  end
  return out
end

-- How the agent names itself ("agent=synfin-agent version=1"), if it answers.
local function agent_name(t)
  local ok, reply = pcall(t.agent.call, t.agent, "ping")
  if ok and reply.ok and reply.line then return (reply.line:gsub("^ok ", "")) end
end

--- The record of one test in one family.
-- @tparam table t the test's context, after it ran
-- @tparam table result what synfin._run returns (ok, skip, yaml, transitions)
-- @number started core.wallclock() when it began
function M.build(t, result, started)
  local env, def = t.env, t.def
  local verdict = result.skip and "skip" or result.documented and "documented" or (result.ok and "pass" or "fail")
  return {
    number = env.number, id = env.test_id, script = env.script, name = def.name, family = env.family,
    claims = plain(def.claims or {}, 0), rfc = plain(def.rfc or {}, 0), where = def._where,
    verdict = verdict, skip_reason = result.skip, documented = plain(t.documented, 0),
    failure = verdict == "fail" and failure(t, result) or nil,
    diagnostics = result.yaml,
    assertions = assertions(t), findings = findings(t), deviations = deviations(t),
    transitions = result.transitions, segments = segments(t),
    pcap = env.pcap and env.pcap:match("(pcap/[^/]*)$") or nil,
    agent = agent_name(t), duration = core.wallclock() - started,
    cells = result.cells and cells(result.cells) or nil,
  }
end

return M
