--- The report files of `synfin run --report DIR`, made from results.json
-- (reports/RESULTS.md): junit.xml (synfin.report.junit) and index.html
-- (synfin.report.html); and `synfin report`, which makes them again or
-- compares two runs (synfin.report.compare).
-- @module synfin.report
local core = require "synfin.core"

local M = {}

--- Read a run's results: DIR/results.json, or the file itself.
-- @treturn table|nil the results, or nil and why
function M.load(path)
  local file = path:match("%.json$") and path or (path .. "/results.json")
  local f, e = io.open(file, "rb")
  if not f then return nil, e end
  local text = f:read("a")
  f:close()
  local results, why = core.json_decode(text)
  if type(results) ~= "table" or type(results.tests) ~= "table" then
    return nil, ("%s: not a synfin results.json (%s)"):format(file, why or "no tests list")
  end
  return results
end

local function write(path, text)
  local f, e = io.open(path, "wb")
  if not f then return nil, e end
  f:write(text)
  f:close()
  return true
end

--- Make DIR/junit.xml and DIR/index.html from DIR/results.json.
-- @treturn true|nil, string why not
function M.render_dir(dir)
  local results, e = M.load(dir)
  if not results then return nil, e end
  local ok, why = write(dir .. "/junit.xml", require("synfin.report.junit").render(results))
  if not ok then return nil, why end
  return write(dir .. "/index.html", require("synfin.report.html").render(results))
end

local USAGE = [[
Usage: synfin report DIR
       synfin report --compare A B
       synfin report --check-profile NAME|FILE DIR
       synfin report --claims DIR [DIR...]
DIR's index.html and junit.xml are made again from DIR/results.json.
--compare lists the tests whose verdict differs between runs A and B (each a
report directory or a results.json) and the claims whose coverage differs.
--check-profile says whether run DIR's verdicts are what the profile
documents: every failure documented, every documented deviation seen.
--claims prints the claims of SEED-CLAIMS.md side by side over runs (one per
target), as a Markdown table: conformant, deviates as documented, deviates
(how many tests of each), or skipped (why).
Exit status: 0 done (compare: no difference; check-profile: they agree),
1 compare found differences or check-profile disagreements, 2 usage error
or unreadable results.]]

--- Do a run's verdicts agree with a profile? Every failure must be one
-- the profile documents, and every entry of its `deviations` must have
-- been seen (else the profile is stale: the stack or the suite changed).
-- @treturn string the text to print, and the number of disagreements
function M.check_profile(profile, results)
  local out, bad, seen = {}, 0, {}
  for _, t in ipairs(results.tests) do
    if t.verdict == "fail" then
      bad = bad + 1
      out[#out + 1] = ("deviates, not documented: %s (IPv%s): %s"):format(t.id, tostring(t.family or "?"),
        (t.failure or {}).name or "failed")
    end
    for _, d in ipairs(t.documented or {}) do
      if d.profile == profile.name and d.entry then seen[d.entry] = true end
    end
  end
  -- An entry can only be seen in a run that ran a test it covers (a run of
  -- scripts/ alone does not run the matrix's cells).
  local profiles = require "synfin.profiles"
  local ran = {}
  for _, t in ipairs(results.tests) do
    if t.verdict ~= "skip" then
      for i, e in ipairs(profile.deviations) do
        if not ran[i] and profiles.deviation({ deviations = { e } }, t.id, e.check or "", t.family) then ran[i] = true end
      end
    end
  end
  for i, e in ipairs(profile.deviations) do
    if ran[i] and not seen[i] then
      bad = bad + 1
      out[#out + 1] = ("documented, not seen: deviations[%d] %s%s%s"):format(i, e.test or "?",
        e.check and (" / " .. e.check) or "", e.family and (" (IPv" .. e.family .. ")") or "")
    end
  end
  out[#out + 1] = ("profile %s: %d disagreement%s with %d tests\n"):format(profile.name, bad, bad == 1 and "" or "s",
    #results.tests)
  return table.concat(out, "\n"), bad
end

--- `synfin report ARGS...`: the exit status.
function M.cli(args)
  if args[1] == "--help" or args[1] == "-h" then
    print(USAGE)
    return 0
  end
  if args[1] == "--compare" and #args == 3 then
    local a, ea = M.load(args[2])
    local b, eb = M.load(args[3])
    if not (a and b) then
      io.stderr:write("synfin: report: ", ea or eb, "\n")
      return 2
    end
    local text, changes = require("synfin.report.compare").compare(a, b, args[2], args[3])
    io.write(text)
    return changes > 0 and 1 or 0
  end
  if args[1] == "--check-profile" and #args == 3 then
    local results, e = M.load(args[3])
    local okp, profile = pcall(require("synfin.profiles").get, args[2])
    if not (results and okp) then
      io.stderr:write("synfin: report: ", e or tostring(profile), "\n")
      return 2
    end
    local text, disagreements = M.check_profile(profile, results)
    io.write(text)
    return disagreements > 0 and 1 or 0
  end
  if args[1] == "--claims" and #args >= 2 then
    local runs, names = {}, {}
    for i = 2, #args do
      local r, e = M.load(args[i])
      if not r then
        io.stderr:write("synfin: report: ", e, "\n")
        return 2
      end
      runs[#runs + 1] = r
      names[#names + 1] = ((r.run or {}).target or {}).name or args[i]
    end
    io.write(require("synfin.report.compare").claims_table(runs, names))
    return 0
  end
  if #args == 1 and args[1]:sub(1, 1) ~= "-" then
    local ok, e = M.render_dir(args[1])
    if not ok then
      io.stderr:write("synfin: report: ", e, "\n")
      return 2
    end
    print(("wrote %s/index.html and %s/junit.xml"):format(args[1], args[1]))
    return 0
  end
  io.stderr:write("synfin: report: ", #args == 0 and "needs a DIR" or "unexpected arguments", "\n", USAGE, "\n")
  return 2
end

return M
