--- The RFC 9293 state diagram (Figure 5 and the edges its notes add, as
-- core.transitions() lists them) as SVG, each edge coloured by what the
-- run did on the target: exercised and failed (a test failed at it),
-- exercised and passed, never exercised.
-- @module synfin.report.diagram
local core = require "synfin.core"
local xml = require "synfin.report.xml"

local M = {}

-- The layout of Figure 5; CLOSED is drawn twice, as in the figure: on top for
-- the opening edges, at the bottom for the ends of synchronized states.
local BOX_W, BOX_H, W, H = 124, 32, 900, 720
local pos = {
  CLOSED = { 450, 40 }, LISTEN = { 450, 150 }, SYN_RECEIVED = { 190, 260 }, SYN_SENT = { 710, 260 },
  ESTABLISHED = { 450, 360 }, FIN_WAIT_1 = { 150, 470 }, CLOSING = { 450, 470 }, CLOSE_WAIT = { 750, 470 },
  FIN_WAIT_2 = { 150, 590 }, TIME_WAIT = { 450, 590 }, LAST_ACK = { 750, 590 }, CLOSED_END = { 450, 690 },
}
local synchronized = { ESTABLISHED = true, FIN_WAIT_1 = true, FIN_WAIT_2 = true, CLOSE_WAIT = true,
                       CLOSING = true, LAST_ACK = true, TIME_WAIT = true }

local function box_of(e, which)
  local s = e[which]
  if which == "to" and s == "CLOSED" and synchronized[e.from] then return "CLOSED_END" end
  return s
end

--- Edge name -> "failed" | "passed" | nil (never), and name -> test count.
-- An edge failed when a test failed at it: it was the last edge the model
-- took before the failing assertion (failure.transition). Every other edge
-- a test took, failing or not, was exercised and passed.
function M.coverage(results)
  local status, count = {}, {}
  for _, t in ipairs(results.tests) do
    local seen = {}
    for _, name in ipairs(t.transitions or {}) do
      if not seen[name] then
        seen[name] = true
        count[name] = (count[name] or 0) + 1
        status[name] = status[name] or "passed"
      end
    end
    local at = t.verdict == "fail" and t.failure and t.failure.transition
    if at then
      status[at] = "failed"
      if not seen[at] then count[at] = (count[at] or 0) + 1 end
    end
  end
  return status, count
end

-- Where the segment from the centre (x, y) towards (tx, ty) leaves the box.
local function clip(x, y, tx, ty)
  local dx, dy = tx - x, ty - y
  if dx == 0 and dy == 0 then return x, y end
  local sx = dx ~= 0 and (BOX_W / 2) / math.abs(dx) or math.huge
  local sy = dy ~= 0 and (BOX_H / 2 + 2) / math.abs(dy) or math.huge
  local s = math.min(sx, sy)
  return x + dx * s, y + dy * s
end

local function fmt(v) return ("%.1f"):format(v) end

-- One edge: a quadratic curve bent by `bend` pixels off the straight line.
local function edge_path(a, b, bend)
  local x1, y1, x2, y2 = a[1], a[2], b[1], b[2]
  local mx, my = (x1 + x2) / 2, (y1 + y2) / 2
  local len = math.max(math.sqrt((x2 - x1) ^ 2 + (y2 - y1) ^ 2), 1)
  local cx, cy = mx - (y2 - y1) / len * bend, my + (x2 - x1) / len * bend
  local sx, sy = clip(x1, y1, cx, cy)
  local ex, ey = clip(x2, y2, cx, cy)
  local lx, ly = (sx + 2 * cx + ex) / 4, (sy + 2 * cy + ey) / 4 -- the curve's midpoint
  return ("M%s,%s Q%s,%s %s,%s"):format(fmt(sx), fmt(sy), fmt(cx), fmt(cy), fmt(ex), fmt(ey)), lx, ly
end

-- Straight lines that would cross a box go round it.
local detour = { ["CLOSED_END|ESTABLISHED"] = 190, ["CLOSED|LISTEN"] = 0, ["CLOSED_END|FIN_WAIT_1"] = 40 }

-- Bends for the edges between the same two boxes, so they do not overlap.
local function bends(edges)
  local groups, out = {}, {}
  for i, e in ipairs(edges) do
    local a, b = box_of(e, "from"), box_of(e, "to")
    local k = a < b and a .. "|" .. b or b .. "|" .. a
    groups[k] = groups[k] or {}
    table.insert(groups[k], i)
  end
  for k, g in pairs(groups) do -- each group on its own: the order of groups does not matter
    local step = #g > 3 and 14 or 36
    for j, i in ipairs(g) do
      local e = edges[i]
      local sign = box_of(e, "from") < box_of(e, "to") and 1 or -1
      out[i] = ((j - (#g + 1) / 2) * step + (detour[k] or 0)) * sign
    end
  end
  return out
end

local function short(e)
  return e.send ~= "" and (e.event .. " / " .. e.send) or e.event
end

--- The SVG, and the table of every edge with its status and tests.
function M.render(results)
  local edges = core.transitions()
  local status, count = M.coverage(results)
  local bend = bends(edges)
  local out = { ('<svg class="diagram" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="RFC 9293 state diagram">'):format(W, H),
                "<title>RFC 9293 state diagram: the transitions the run exercised on the target</title>" }
  local labels = {}
  for i, e in ipairs(edges) do
    local st = status[e.name] or "never"
    local d, lx, ly = edge_path(pos[box_of(e, "from")], pos[box_of(e, "to")], bend[i])
    out[#out + 1] = ('<path %s marker-end="url(#arrow-%s)"><title>%s</title></path>'):format(
      xml.attrs({ "class", "edge " .. st, "data-edge", e.name, "d", d }), st,
      xml.esc(("%s: %s (%s)"):format(e.name, st == "never" and "never exercised" or
        ("exercised by %d tests, %s"):format(count[e.name], st), e.rfc)))
    if e.figure5 then
      labels[#labels + 1] = ('<text class="elabel %s" x="%s" y="%s">%s</text>'):format(st, fmt(lx), fmt(ly), xml.esc(short(e)))
    end
  end
  for _, l in ipairs(labels) do out[#out + 1] = l end
  local names = {}
  for name in pairs(pos) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local p = pos[name]
    local label = name == "CLOSED_END" and "CLOSED" or name
    out[#out + 1] = ('<g class="state"><rect x="%d" y="%d" width="%d" height="%d" rx="6"/><text x="%d" y="%d">%s</text></g>'):format(
      p[1] - BOX_W / 2, p[2] - BOX_H / 2, BOX_W, BOX_H, p[1], p[2] + 5, label)
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n"), edges, status, count
end

--- The marker definitions the diagram's edges point to (once per page).
function M.defs()
  local out = { '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>' }
  for _, m in ipairs({ { "failed", "#c62828" }, { "passed", "#2e7d32" }, { "never", "#9e9e9e" },
                       { "seg", "#37474f" }, { "offending", "#c62828" } }) do
    local cls, colour = m[1], m[2]
    out[#out + 1] = ('<marker id="arrow-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>'):format(cls, colour)
  end
  out[#out + 1] = "</defs></svg>"
  return table.concat(out, "\n")
end

return M
