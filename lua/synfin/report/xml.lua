--- Escaping for XML and HTML text and attributes (the report writers).
-- @module synfin.report.xml
local M = {}

local entities = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

--- Text safe in an element or a quoted attribute. Control characters other
-- than tab and newline (which XML 1.0 forbids) become '?'.
function M.esc(s)
  s = tostring(s == nil and "" or s)
  s = s:gsub("[%z\1-\8\11\12\14-\31\127]", "?")
  return (s:gsub("[&<>\"']", entities))
end

--- name="value" pairs, in the given order: attrs({ "id", id, "class", c }).
function M.attrs(list)
  local out = {}
  for i = 1, #list, 2 do
    if list[i + 1] ~= nil then out[#out + 1] = ('%s="%s"'):format(list[i], M.esc(list[i + 1])) end
  end
  return table.concat(out, " ")
end

return M
