--- TCP options in scripts: a list in wire order, or a map in the order
-- Linux sends them (mss, sackok, ts, nop, wscale).
--
--    options = { mss = 1460, sackok = true, ts = { 1, 0 }, wscale = 7 }
--    options = { {"mss", 1460}, "nop", "nop", "sackok" }      -- exact order
--    options = { {"raw", 99, "\1\2"} }                           -- any kind
-- @module synfin.options
local core = require "synfin.core"

local M = {}

local function is_map(t)
  return next(t) ~= nil and t[1] == nil
end

--- The list form the engine encodes.
-- @tparam table opts list or map form
-- @treturn table list form
function M.normalize(opts)
  if opts == nil or not is_map(opts) then return opts end
  local known = { mss = true, sackok = true, ts = true, wscale = true, nop = true }
  for k in pairs(opts) do
    if not known[k] then
      core.misuse(("unknown tcp option '%s' (mss, sackok, ts, wscale; use the list form for others)"):format(tostring(k)))
    end
  end
  local list = {}
  if opts.mss then list[#list + 1] = { "mss", opts.mss } end
  if opts.sackok and opts.ts then
    list[#list + 1] = "sackok"
    list[#list + 1] = { "ts", opts.ts[1] or 0, opts.ts[2] or 0 }
  elseif opts.ts then
    list[#list + 1] = "nop"; list[#list + 1] = "nop"
    list[#list + 1] = { "ts", opts.ts[1] or 0, opts.ts[2] or 0 }
  elseif opts.sackok then
    list[#list + 1] = "nop"; list[#list + 1] = "nop"; list[#list + 1] = "sackok"
  end
  if opts.wscale then
    list[#list + 1] = "nop"
    list[#list + 1] = { "wscale", opts.wscale }
  end
  return list
end

--- "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7" as tcpdump prints them.
-- @tparam table seg a packet table (its options in the list form above)
-- @treturn string
function M.describe(seg)
  local parts = {}
  for _, o in ipairs(seg.options or {}) do
    local name = type(o) == "table" and o[1] or o
    if name == "mss" or name == "wscale" then parts[#parts + 1] = name .. " " .. tostring(o[2])
    elseif name == "sackok" then parts[#parts + 1] = "sackOK"
    elseif name == "ts" then parts[#parts + 1] = ("TS val %s ecr %s"):format(o[2], o[3])
    elseif name == "raw" then parts[#parts + 1] = ("opt-%s:%d"):format(o[2], #(o[3] or "") + 2)
    else parts[#parts + 1] = tostring(name) end
  end
  return table.concat(parts, ",")
end

return M
