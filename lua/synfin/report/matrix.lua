--- The matrix picture of index.html (scripts/matrix/, synfin.matrix):
-- states down, segment kinds across, in each cell one square per position,
-- coloured by the cell's verdict: conformant, deviates as documented (the
-- profile lists it), deviates, skipped, or not run. One picture per family
-- of the run (a run is one target: compare targets with two reports).
-- @module synfin.report.matrix
local xml = require "synfin.report.xml"
local esc = xml.esc

local M = {}

M.CSS = [[
table.matrix { width: auto; } table.matrix td { padding: 2px 3px; white-space: nowrap; }
.mx { display: inline-block; width: 11px; height: 11px; margin: 0 1px; border: 1px solid #bbb; }
.mx.conformant { background: #43a047; } .mx.documented { background: #ffb300; } .mx.deviates { background: #e53935; }
.mx.skip { background: #bdbdbd; } .mx.notrun { background: #fff; }
]]

-- "matrix/ESTABLISHED/RST/inside: ..." -> its id, and the verdict of the assertion.
local function cell_of(a)
  local name = a.name or ""
  local id = name:match("^(matrix/[^/:]+/[^/:]+/[^/: ]+)")
  if not id or (#name > #id and name:sub(#id + 1, #id + 1) ~= ":") then return nil end
  local v = "deviates"
  if a.skip then v = "skip"
  elseif a.ok then v = (a.name:find("deviates as documented", 1, true) and "documented" or "conformant")
  elseif a.todo or a.documented then v = "documented" end
  return id, v
end

--- The verdict of every matrix cell in the results, by family: { [4] = { [id] = verdict } }.
function M.verdicts(results)
  local by = {}
  for _, t in ipairs(results.tests or {}) do
    for _, a in ipairs(t.assertions or {}) do
      local id, v = cell_of(a)
      if id then
        by[t.family or 0] = by[t.family or 0] or {}
        by[t.family or 0][id] = v
      end
    end
  end
  return by
end

local function picture(out, family, cells, matrix)
  local n = { conformant = 0, documented = 0, deviates = 0, skip = 0, notrun = 0 }
  out[#out + 1] = ('<h3>IPv%s</h3><table class="matrix" data-family="%s"><tr><th>state</th>'):format(family, family)
  for _, k in ipairs(matrix.kinds) do out[#out + 1] = ("<th>%s</th>"):format(esc(k.id)) end
  out[#out + 1] = "</tr>"
  for _, row in ipairs(matrix.rows) do
    out[#out + 1] = ("<tr><th>%s</th>"):format(esc(row.id))
    for _, k in ipairs(matrix.kinds) do
      local sq = {}
      for _, pos in ipairs(matrix.positions(k)) do
        local id = ("matrix/%s/%s/%s"):format(row.id, k.id, pos)
        local v = cells[id] or "notrun"
        n[v] = n[v] + 1
        sq[#sq + 1] = ('<span class="mx %s" title="%s: %s" data-cell="%s"></span>'):format(v, esc(id), v, esc(id))
      end
      out[#out + 1] = "<td>" .. table.concat(sq) .. "</td>"
    end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</table>"
  out[#out + 1] = ("<p>%d conformant, %d deviate as documented, %d deviate, %d skipped, %d not run</p>"):format(
    n.conformant, n.documented, n.deviates, n.skip, n.notrun)
end

--- Append the picture to `out` (nothing when the run had no matrix cell).
function M.render(out, results)
  local by = M.verdicts(results)
  local families = {}
  for f in pairs(by) do families[#families + 1] = f end
  if #families == 0 then return end
  table.sort(families)
  local matrix = require "synfin.matrix"
  out[#out + 1] = '<h2 id="matrix">State &#xd7; segment matrix</h2>'
  out[#out + 1] = ('<p class="legend">States down, segment kinds across, one square per position (%s; %s). '
    .. '<span class="mx conformant"></span> conformant <span class="mx documented"></span> deviates as documented '
    .. '<span class="mx deviates"></span> deviates <span class="mx skip"></span> skipped '
    .. '<span class="mx notrun"></span> not run</p>'):format(esc(table.concat(matrix.seq_positions, ", ")),
    esc(table.concat(matrix.ack_positions, ", ")))
  for _, f in ipairs(families) do picture(out, f, by[f], matrix) end
end

return M
