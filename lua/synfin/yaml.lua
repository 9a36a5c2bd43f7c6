--- Render plain Lua values as the YAML of TAP diagnostics blocks.
-- Only what diagnostics need: strings, numbers, booleans, nested tables
-- (lists and maps); keys sorted so output is stable from run to run.
-- @module synfin.yaml
local M = {}

local function scalar(v)
  if type(v) == "string" then
    if v == "" or v:find("[:#%[%]{}'\",&*!|>%%@`\n]") or v:match("^%s") or v:match("%s$") then
      return "'" .. v:gsub("\n", " "):gsub("'", "''") .. "'"
    end
    return v
  end
  return tostring(v)
end

local function is_list(t)
  local n = #t
  for k in pairs(t) do
    if type(k) ~= "number" or k < 1 or k > n or k % 1 ~= 0 then return false end
  end
  return n > 0
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

local function render(v, indent, out)
  local pad = string.rep("  ", indent)
  if is_list(v) then
    for _, item in ipairs(v) do
      if type(item) == "table" then
        out[#out + 1] = pad .. "-"
        render(item, indent + 1, out)
      else
        out[#out + 1] = pad .. "- " .. scalar(item)
      end
    end
    return
  end
  for _, k in ipairs(sorted_keys(v)) do
    local item = v[k]
    if type(item) == "table" and next(item) ~= nil then
      out[#out + 1] = pad .. tostring(k) .. ":"
      render(item, indent + 1, out)
    elseif type(item) == "table" then
      out[#out + 1] = pad .. tostring(k) .. ": []"
    else
      out[#out + 1] = pad .. tostring(k) .. ": " .. scalar(item)
    end
  end
end

--- YAML text (no "---"/"..." markers) for a table.
-- @tparam table t
-- @treturn string lines separated by "\n"
function M.render(t)
  local out = {}
  render(t, 0, out)
  return table.concat(out, "\n")
end

return M
