--- `synfin report --compare A B`: what changed between two runs, or
-- between two targets on the same suite: the tests whose verdict differs
-- (a test is its id and family), and the claims whose coverage differs
-- (a claim's verdict: fail if any of its tests failed, documented if any
-- deviated as the target's profile documents, pass if any passed, skip if
-- all were skipped).
-- @module synfin.report.compare
local M = {}

local function key(t) return ("%s (IPv%s)"):format(t.id, tostring(t.family or "?")) end

local function verdicts(results)
  local v = {}
  for _, t in ipairs(results.tests) do v[key(t)] = t.verdict end
  return v
end

--- A claim's verdict over the tests that check it, or nil when none does.
function M.claim_verdict(tests)
  local seen = {}
  for _, t in ipairs(tests) do
    local v = t.verdict
    seen[(v == "pass" or v == "skip" or v == "documented") and v or "fail"] = true
  end
  return seen.fail and "fail" or seen.documented and "documented" or seen.pass and "pass" or seen.skip and "skip" or nil
end

--- claim id -> verdict (and the number of tests) over a run.
function M.claims(results)
  local by = {}
  for _, t in ipairs(results.tests) do
    for _, c in ipairs(t.claims or {}) do
      by[c] = by[c] or {}
      table.insert(by[c], t)
    end
  end
  local out = {}
  for c, tests in pairs(by) do out[c] = { verdict = M.claim_verdict(tests), tests = #tests } end
  return out
end

local function sorted_union(a, b)
  local seen, out = {}, {}
  for _, m in ipairs({ a, b }) do
    for k in pairs(m) do
      if not seen[k] then seen[k] = true; out[#out + 1] = k end
    end
  end
  table.sort(out)
  return out
end

local function target(results)
  local r = results.run or {}
  return ("%s %s"):format((r.target or {}).name or "?", (r.target or {}).version or "")
end

--- The comparison as text, and the number of differences.
function M.compare(a, b, name_a, name_b)
  local out = { ("A: %s (%s)"):format(name_a, target(a)), ("B: %s (%s)"):format(name_b, target(b)) }
  local va, vb = verdicts(a), verdicts(b)
  local changed = 0
  out[#out + 1] = "tests whose verdict changed (A -> B):"
  for _, k in ipairs(sorted_union(va, vb)) do
    if va[k] ~= vb[k] then
      changed = changed + 1
      out[#out + 1] = ("  %s -> %s  %s"):format(va[k] or "absent", vb[k] or "absent", k)
    end
  end
  if changed == 0 then out[#out + 1] = "  none" end
  local ca, cb = M.claims(a), M.claims(b)
  local claims = 0
  out[#out + 1] = "claims whose coverage changed (A -> B):"
  for _, c in ipairs(sorted_union(ca, cb)) do
    local x, y = ca[c] or { tests = 0 }, cb[c] or { tests = 0 }
    if x.verdict ~= y.verdict or x.tests ~= y.tests then
      claims = claims + 1
      out[#out + 1] = ("  %s: %s (%d tests) -> %s (%d tests)"):format(c, x.verdict or "uncovered", x.tests,
        y.verdict or "uncovered", y.tests)
    end
  end
  if claims == 0 then out[#out + 1] = "  none" end
  out[#out + 1] = ("%d tests changed, %d claims changed"):format(changed, claims)
  return table.concat(out, "\n") .. "\n", changed + claims
end

-- One claim's cell in the side-by-side table: what its tests in one run say.
local function claim_cell(tests)
  if not tests or #tests == 0 then return "not covered" end
  local n = { pass = 0, documented = 0, fail = 0, skip = 0 }
  local why
  for _, t in ipairs(tests) do
    local v = n[t.verdict] and t.verdict or "fail"
    n[v] = n[v] + 1
    if v == "skip" then why = why or t.skip_reason end
  end
  local ran = #tests - n.skip
  if n.fail > 0 then return ("deviates (%d of %d)"):format(n.fail, ran) end
  if n.documented > 0 then return ("deviates as documented (%d of %d)"):format(n.documented, ran) end
  if n.pass > 0 then return ("conformant (%d)"):format(n.pass) end
  return ("skipped: %s"):format(why or "?")
end

--- The claims side by side over several runs (one per target): a Markdown
-- table, one row per claim of SEED-CLAIMS.md, one column per run, each cell
-- conformant / deviates as documented / deviates (how many tests) / skipped
-- (the first reason). Tests are counted per family.
-- @tparam table runs results of each run
-- @tparam table names a column title per run
function M.claims_table(runs, names)
  local by = {}
  for i, r in ipairs(runs) do
    by[i] = {}
    for _, t in ipairs(r.tests) do
      for _, c in ipairs(t.claims or {}) do
        by[i][c] = by[i][c] or {}
        table.insert(by[i][c], t)
      end
    end
  end
  local head, rule = { "| claim |" }, { "|---|" }
  for i in ipairs(runs) do
    head[#head + 1] = (" %s |"):format(names[i] or target(runs[i]))
    rule[#rule + 1] = "---|"
  end
  local out = { table.concat(head), table.concat(rule) }
  for _, c in ipairs(require "synfin.claims") do
    local row = { ("| %s %s |"):format(c.id, c.title) }
    for i in ipairs(runs) do row[#row + 1] = (" %s |"):format(claim_cell(by[i][c.id])) end
    out[#out + 1] = table.concat(row)
  end
  return table.concat(out, "\n") .. "\n"
end

return M
