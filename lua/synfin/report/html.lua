--- index.html: one self-contained page (no network, no JavaScript) with
-- the run's summary, the claim matrix, the state diagram's coverage and
-- per test its ladder diagram and a link to its pcap.
-- @module synfin.report.html
local xml = require "synfin.report.xml"
local yaml = require "synfin.yaml"
local esc = xml.esc

local M = {}

local CSS = [[
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1180px; padding: 0 16px 40px; color: #212121; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
.pass { background: #e8f5e9; } .fail { background: #ffebee; } .skip { background: #fff8e1; } .documented { background: #e3f2fd; } .none { color: #9e9e9e; }
.badge { font-weight: bold; padding: 0 6px; border-radius: 3px; }
.summary td { width: 25%; }
details { border: 1px solid #ddd; border-radius: 4px; margin: 6px 0; padding: 4px 8px; }
details.fail { border-color: #c62828; } summary { cursor: pointer; }
pre { background: #fafafa; border: 1px solid #eee; padding: 6px; overflow-x: auto; font-size: 0.85em; }
svg text { font: 12px ui-monospace, monospace; }
svg.diagram { max-width: 900px; display: block; }
.state rect { fill: #eceff1; stroke: #455a64; } .state text { text-anchor: middle; font-weight: bold; }
.edge { fill: none; stroke-width: 1.6; } .edge.passed { stroke: #2e7d32; } .edge.failed { stroke: #c62828; stroke-width: 3; }
.edge.never { stroke: #9e9e9e; stroke-dasharray: 4 3; }
.elabel { font-size: 9.5px; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.elabel.failed { fill: #c62828; } .elabel.passed { fill: #2e7d32; } .elabel.never { fill: #757575; }
svg.ladder { max-width: 100%; height: auto; display: block; }
.ladder line.lane { stroke: #90a4ae; stroke-width: 2; } .ladder text.lane { font-weight: bold; text-anchor: middle; }
.seg line { stroke: #37474f; stroke-width: 1.4; } .seg .slabel { text-anchor: middle; }
.seg.offending line { stroke: #c62828; stroke-width: 3; } .seg.offending text { fill: #c62828; font-weight: bold; }
.finding { text-anchor: middle; } .time { fill: #607d8b; } .tstate { fill: #1565c0; font-weight: bold; }
.legend span { margin-right: 1.5em; }
]] .. require("synfin.report.matrix").CSS

local function verdict_badge(v)
  return ('<span class="badge %s">%s</span>'):format(esc(v or "none"), esc(v or "—"))
end

local function anchor(t) return "t" .. tostring(t.number or 0) end

local function counts(tests)
  local c = { pass = 0, fail = 0, skip = 0, documented = 0 }
  for _, t in ipairs(tests) do c[t.verdict] = (c[t.verdict] or 0) + 1 end
  return c
end

local function summary(out, results)
  local run, c = results.run or {}, counts(results.tests)
  local target, kernel = run.target or {}, run.kernel or {}
  out[#out + 1] = ("<h1>synfin report: %s</h1>"):format(esc(target.name or "?"))
  out[#out + 1] = '<table class="summary">'
  out[#out + 1] = ("<tr><th>target</th><td>%s %s</td><th>kernel</th><td>%s %s %s</td></tr>"):format(
    esc(target.name), esc(target.version), esc(kernel.sysname), esc(kernel.release), esc(kernel.machine))
  out[#out + 1] = ("<tr><th>synfin</th><td>%s</td><th>started</th><td>%s, %.1f s</td></tr>"):format(
    esc((results.synfin or {}).version), esc(run.start), run.duration or 0)
  out[#out + 1] = ("<tr><th>families</th><td>%s</td><th>options</th><td>%s</td></tr>"):format(
    esc(table.concat(run.families or {}, ", ")), esc(table.concat(run.target_options or {}, " ") ..
      (run.filter and (" filter=" .. run.filter) or "") .. (run.slow and " slow" or "")))
  out[#out + 1] = ('<tr><th>tests</th><td>%d</td><th>verdicts</th><td><span class="badge pass">%d passed</span> <span class="badge documented">%d deviate as documented</span> <span class="badge fail">%d failed</span> <span class="badge skip">%d skipped</span></td></tr>'):format(
    #results.tests, c.pass, c.documented, c.fail, c.skip)
  out[#out + 1] = "</table>"
  if c.fail > 0 then
    out[#out + 1] = '<h2 id="failed">Failed tests</h2><ul>'
    for _, t in ipairs(results.tests) do
      if t.verdict == "fail" then
        local f = t.failure or {}
        local observed = type((f.diag or {}).observed) == "string" and (" — observed: " .. f.diag.observed) or ""
        out[#out + 1] = ('<li><a href="#%s">%s (IPv%s)</a>: failed &ldquo;%s&rdquo;%s</li>'):format(anchor(t), esc(t.id),
          esc(t.family), esc(f.name), esc(observed))
      end
    end
    out[#out + 1] = "</ul>"
  end
end

-- Columns of the claim matrix: each target and family in the results.
local function columns(results)
  local cols, seen = {}, {}
  local target = ((results.run or {}).target or {}).name or "?"
  for _, t in ipairs(results.tests) do
    local k = ("%s IPv%s"):format(target, tostring(t.family or "?"))
    if t.family and not seen[k] then seen[k] = true; cols[#cols + 1] = { key = k, family = t.family } end
  end
  table.sort(cols, function(a, b) return a.family < b.family end)
  return cols
end

local function claim_matrix(out, results)
  local compare = require "synfin.report.compare"
  local cols = columns(results)
  out[#out + 1] = '<h2 id="claims">Claim matrix</h2>'
  out[#out + 1] = '<table class="claims"><tr><th>claim</th><th>what it says</th><th>tests</th>'
  for _, c in ipairs(cols) do out[#out + 1] = ("<th>%s</th>"):format(esc(c.key)) end
  out[#out + 1] = "</tr>"
  for _, claim in ipairs(require "synfin.claims") do
    local tests, names, seen = {}, {}, {}
    for _, t in ipairs(results.tests) do
      for _, id in ipairs(t.claims or {}) do
        if id == claim.id then
          tests[#tests + 1] = t
          if not seen[t.id] then
            seen[t.id] = true
            names[#names + 1] = ('<a href="#%s">%s</a>'):format(anchor(t), esc(t.id))
          end
        end
      end
    end
    out[#out + 1] = ('<tr data-claim="%s"><td>%s</td><td>%s</td><td>%s</td>'):format(esc(claim.id), esc(claim.id),
      esc(claim.title), #names > 0 and table.concat(names, "<br>") or '<span class="none">no test</span>')
    for _, c in ipairs(cols) do
      local in_col = {}
      for _, t in ipairs(tests) do if t.family == c.family then in_col[#in_col + 1] = t end end
      local v = compare.claim_verdict(in_col)
      out[#out + 1] = ('<td class="%s">%s</td>'):format(v or "none", esc(v or "—"))
    end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</table>"
end

local function state_diagram(out, results)
  local svg, edges, status, count = require("synfin.report.diagram").render(results)
  out[#out + 1] = '<h2 id="diagram">RFC 9293 state diagram: what the run exercised</h2>'
  out[#out + 1] = '<p class="legend"><span style="color:#c62828">&#x25AC; exercised and failed (a test failed at it)</span><span style="color:#2e7d32">&#x25AC; exercised and passed</span><span style="color:#757575">&#x2504; never exercised</span></p>'
  out[#out + 1] = svg
  out[#out + 1] = "<details><summary>every transition</summary><table><tr><th>transition</th><th>section</th><th>status</th><th>tests</th></tr>"
  for _, e in ipairs(edges) do
    local st = status[e.name] or "never"
    out[#out + 1] = ('<tr class="%s"><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>'):format(
      st == "failed" and "fail" or st == "passed" and "pass" or "none", esc(e.name), esc(e.rfc), st, count[e.name] or 0)
  end
  out[#out + 1] = "</table></details>"
end

local function kv_table(d)
  local keys = {}
  for k in pairs(d or {}) do keys[#keys + 1] = k end
  table.sort(keys)
  local rows = {}
  for _, k in ipairs(keys) do
    local v = d[k]
    if type(v) == "table" then v = yaml.render(v) end
    rows[#rows + 1] = ("<tr><th>%s</th><td><pre>%s</pre></td></tr>"):format(esc(k), esc(v))
  end
  return "<table>" .. table.concat(rows) .. "</table>"
end

local function test_section(out, t)
  local ladder = require "synfin.report.ladder"
  out[#out + 1] = ('<details id="%s" class="test %s"%s><summary>%s %s (IPv%s)</summary>'):format(anchor(t),
    esc(t.verdict), t.verdict == "fail" and " open" or "", verdict_badge(t.verdict), esc(t.id), esc(t.family or "?"))
  out[#out + 1] = ("<p>claims %s · %s · %s%s</p>"):format(esc(table.concat(t.claims or {}, ", ")),
    esc(table.concat(t.rfc or {}, "; ")), esc(t.where or ""),
    t.pcap and (' · <a href="%s">pcap</a>'):format(esc(t.pcap)) or "")
  if t.verdict == "skip" then out[#out + 1] = ("<p>skipped: %s</p>"):format(esc(t.skip_reason)) end
  for _, d in ipairs(t.documented or {}) do
    out[#out + 1] = ("<p><b>deviates as documented:</b> %s: %s (%s%s)</p>"):format(esc(d.assertion), esc(d.what),
      esc(d.where or "?"), d.rfc and ("; " .. esc(d.rfc)) or "")
  end
  if t.failure then
    out[#out + 1] = ("<p><b>failed:</b> %s</p>"):format(esc(t.failure.name))
    out[#out + 1] = kv_table(t.failure.diag)
  end
  for _, f in ipairs(t.findings or {}) do
    out[#out + 1] = ('<p class="%s">oracle %s: %s %s (%s)</p>'):format(f.severity == "violation" and "fail" or "skip",
      esc(f.severity), esc(f.code), esc(f.message), esc(f.rfc))
  end
  local svg = ladder.render(t)
  if svg then out[#out + 1] = svg end
  out[#out + 1] = "</details>"
end

--- The page of a run's results.
function M.render(results)
  local out = { "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                ("<title>synfin report: %s</title>"):format(esc(((results.run or {}).target or {}).name or "?")),
                "<style>" .. CSS .. "</style></head><body>", require("synfin.report.diagram").defs() }
  summary(out, results)
  claim_matrix(out, results)
  state_diagram(out, results)
  require("synfin.report.matrix").render(out, results)
  out[#out + 1] = '<h2 id="tests">Tests</h2>'
  for _, t in ipairs(results.tests) do test_section(out, t) end
  out[#out + 1] = "</body></html>"
  return table.concat(out, "\n") .. "\n"
end

return M
