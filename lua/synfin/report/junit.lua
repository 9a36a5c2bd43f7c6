--- junit.xml: one <testsuite> per script, one <testcase> per test point
-- (a test with cells, the matrix's: one per cell, named by its id),
-- a failure with expected against observed, a skip with its reason. The
-- elements and attributes of the Ant/Jenkins JUnit format, as Jenkins,
-- GitLab and junitparser read it (tests/integration/report.sh reads it
-- with junitparser).
-- @module synfin.report.junit
local xml = require "synfin.report.xml"

local M = {}

local function case_name(t)
  return t.family and ("%s (IPv%d)"):format(t.name or t.id, t.family) or (t.name or t.id)
end

-- The failure's text: what was expected and what was seen, then the rest.
local function failure_text(f, t)
  local d, lines = f.diag or {}, {}
  for _, k in ipairs({ "expected", "observed", "got", "message", "code", "rfc", "at" }) do
    if d[k] ~= nil then lines[#lines + 1] = ("%s: %s"):format(k, type(d[k]) == "table" and table.concat(d[k], ", ") or tostring(d[k])) end
  end
  if t.diagnostics then lines[#lines + 1] = "\n" .. t.diagnostics end
  return table.concat(lines, "\n")
end

local function testcase(out, t)
  out[#out + 1] = ("    <testcase %s>"):format(xml.attrs({ "name", case_name(t), "classname", t.script or "?",
    "time", ("%.3f"):format(t.duration or 0) }))
  if t.verdict == "skip" then
    out[#out + 1] = ("      <skipped %s/>"):format(xml.attrs({ "message", t.skip_reason or "skipped" }))
  elseif t.verdict ~= "pass" and t.verdict ~= "documented" then
    local f = t.failure or {}
    local d = f.diag or {}
    local msg = f.name or "failed"
    if d.expected and d.observed then msg = ("%s: expected %s, observed %s"):format(msg, d.expected, d.observed) end
    out[#out + 1] = ("      <failure %s>%s</failure>"):format(xml.attrs({ "message", msg, "type", "conformance" }),
      xml.esc(failure_text(f, t)))
  end
  -- A documented deviation is no failure of the run (JUnit has no
  -- "expected failure"): a passed case whose output says what deviated.
  local said = {}
  for _, d in ipairs(t.documented or {}) do
    said[#said + 1] = ("deviates as documented: %s: %s (%s)"):format(d.assertion or "?", d.what or "?", d.where or "?")
  end
  if t.pcap then said[#said + 1] = "pcap: " .. t.pcap end
  if #said > 0 then out[#out + 1] = ("      <system-out>%s</system-out>"):format(xml.esc(table.concat(said, "\n"))) end
  out[#out + 1] = "    </testcase>"
end

-- The cases of one record: itself, or each of its cells (the test's time
-- shared among them; its documented deviations, each to its cell).
local function cases(t)
  if not t.cells then return { t } end
  local out = {}
  for i, c in ipairs(t.cells) do
    local documented = {}
    for _, d in ipairs(t.documented or {}) do
      local a = d.assertion or ""
      if a == c.id or a:sub(1, #c.id + 1) == c.id .. ":" then documented[#documented + 1] = d end
    end
    out[i] = { name = c.id, family = t.family, script = t.script, verdict = c.verdict,
               skip_reason = c.skip_reason or (c.verdict == "skip" and t.skip_reason or nil),
               failure = c.failure or (c.verdict == "fail" and t.failure or nil), documented = documented, pcap = t.pcap, duration = (t.duration or 0) / #t.cells }
  end
  return out
end

--- The XML text of a run's results.
function M.render(results)
  local suites, order = {}, {}
  for _, rec in ipairs(results.tests) do
    local s = rec.script or "?"
    if not suites[s] then suites[s] = {}; order[#order + 1] = s end
    for _, t in ipairs(cases(rec)) do table.insert(suites[s], t) end
  end
  local run = results.run or {}
  local out = { '<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>" }
  for i, s in ipairs(order) do
    local fails, skips, time = 0, 0, 0
    for _, t in ipairs(suites[s]) do
      if t.verdict == "skip" then skips = skips + 1 elseif t.verdict == "fail" then fails = fails + 1 end
      time = time + (t.duration or 0)
    end
    out[#out + 1] = ("  <testsuite %s>"):format(xml.attrs({ "name", s, "tests", #suites[s], "failures", fails,
      "errors", 0, "skipped", skips, "time", ("%.3f"):format(time), "timestamp", (run.start or ""):gsub("Z$", ""),
      "hostname", "localhost", "id", i - 1, "package", "synfin" }))
    out[#out + 1] = "    <properties>"
    out[#out + 1] = ("      <property %s/>"):format(xml.attrs({ "name", "target", "value", (run.target or {}).name or "?" }))
    out[#out + 1] = "    </properties>"
    for _, t in ipairs(suites[s]) do testcase(out, t) end
    out[#out + 1] = "    <system-out></system-out>"
    out[#out + 1] = "    <system-err></system-err>"
    out[#out + 1] = "  </testsuite>"
  end
  out[#out + 1] = "</testsuites>"
  return table.concat(out, "\n") .. "\n"
end

return M
