--- The verdicts of a test's cells. A test that names its cells
-- (`synfin.test{ cells = { "matrix/ESTABLISHED/RST/inside", ... } }`)
-- has one top-level TAP point per cell it checks, not one for itself: the
-- engine prints them from `result.cells`, which this module computes from
-- the test's assertions once it has run.
--
-- An assertion belongs to a cell when it is named by the cell's id
-- ("ID" or "ID: ...": the cell's own check, whose name is the point's) or
-- tagged with it (`assertion.cell = ID`: a check made while setting the cell
-- up, say). A failure no cell owns (a script error, a failed step of the
-- set-up the cells share) fails every cell, with that failure as the
-- reason: the cells' verdicts rest on it, and the plan has no point of its
-- own for the test.
-- @module synfin.cells
local yaml = require "synfin.yaml"

local M = {}

local function own(a, id)
  return a.name == id or a.name:sub(1, #id + 1) == id .. ":"
end

local function of_cell(a, id)
  return a.cell == id or own(a, id)
end

--- The cells the run checks, in the definition's order (a --filter that
-- named cells: env.cells, those only).
function M.checked(t)
  local only, out = t.env.cells, {}
  for _, id in ipairs(t.def.cells or {}) do
    if not only or only[id] then out[#out + 1] = id end
  end
  return out
end

-- The first failure (not TODO) that belongs to none of the cells.
local function shared_failure(t, ids)
  for _, a in ipairs(t.asserts) do
    if not a.ok and not a.todo then
      local owned = false
      for _, id in ipairs(ids) do
        if of_cell(a, id) then owned = true; break end
      end
      if not owned then return a end
    end
  end
end

-- The diagnostics of failure a, for the cell whose own check is `main`.
local function diag_of(a, main, reason)
  local d = {}
  for k, v in pairs(a.diag or {}) do d[k] = v end
  if a ~= main then d.failed = a.name end
  if reason then d.message = reason end
  return d
end

-- A cell's verdict: { id, name, ok, skip, todo, diag, yaml }.
local function verdict(t, id, shared)
  local main, failed, documented
  for _, a in ipairs(t.asserts) do
    if of_cell(a, id) then
      if own(a, id) then main = a end
      if not a.ok and not a.todo then failed = failed or a
      elseif not a.ok then documented = documented or a end
    end
  end
  local v = { id = id, name = main and main.name or id, ok = false }
  if shared then
    -- Not the cell's own name: that may say "conformant", and nothing holds.
    v.name = ("%s: not judged, the part the cells share failed: %s"):format(id, shared.name)
    v.diag = diag_of(shared, nil, "the test's shared part failed, so no verdict of this cell holds")
  elseif failed then
    v.diag = diag_of(failed, main)
  elseif documented then
    v.todo, v.diag = documented.todo, diag_of(documented, main)
  elseif main then
    v.ok, v.skip = true, main.skip
  elseif t.skip_reason then
    v.ok, v.skip = true, t.skip_reason
  else
    v.diag = { message = "the test made no check of this cell" }
  end
  -- A check made inside the library has no script line of its own: the test's.
  if v.diag and (v.diag.at == nil or v.diag.at == "?") then v.diag.at = t.def._where end
  v.yaml = v.diag and yaml.render(v.diag) or nil
  return v
end

--- Every checked cell's verdict, in order (result.cells).
-- @tparam table t the test's context, after it ran
function M.verdicts(t)
  local ids, out = M.checked(t), {}
  local shared = shared_failure(t, ids)
  for i, id in ipairs(ids) do out[i] = verdict(t, id, shared) end
  return out
end

return M
