--- A stack's matrix deviations written as groups (synfin.matrix_linux,
-- synfin.profiles.lwip_matrix): each group names its cells as rows x kinds x
-- positions, rows x "KIND/POS", or whole "ROW/KIND/POS" ids, with the rule
-- not followed (rfc), what the stack does (what) and where in its source
-- (where). `entries` turns them into a profile's `deviations` entries, one
-- per cell.
-- @module synfin.matrix_groups
local M = {}

--- list followed by the extra values.
function M.plus(list, ...)
  local out = {}
  for _, v in ipairs(list) do out[#out + 1] = v end
  for _, v in ipairs({ ... }) do out[#out + 1] = v end
  return out
end

local function cells_of(g)
  if not g.rows then return g.cells end
  local cells = {}
  for _, r in ipairs(g.rows) do
    if g.kinds then
      for _, k in ipairs(g.kinds) do
        for _, p in ipairs(g.positions) do cells[#cells + 1] = r .. "/" .. k .. "/" .. p end
      end
    else
      for _, c in ipairs(g.cells) do cells[#cells + 1] = r .. "/" .. c end
    end
  end
  return cells
end

--- The `deviations` entries of the groups: a cell's test is its row and
-- kind (`matrix/ROW: KIND`), its check the cell's assertion.
function M.entries(groups)
  local out = {}
  for _, g in ipairs(groups) do
    for _, c in ipairs(cells_of(g)) do
      local row, kind = c:match("^([^/]+)/([^/]+)/")
      out[#out + 1] = { test = ("matrix/%s: %s"):format(row, kind), check = "matrix/" .. c .. ":",
                        rfc = g.rfc, what = g.what, where = g.where }
    end
  end
  return out
end

return M
