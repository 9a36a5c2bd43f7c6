--- A test's exchange as a ladder diagram (SVG): the tester's lane on the
-- left, the target's on the right, time going down, one arrow per frame
-- labelled with its flags, seq/ack relative to the ISNs and its length;
-- the model's state of the target along its lane; the segment at which the
-- test failed drawn red, with the failure (the oracle's finding) beside it.
-- @module synfin.report.ladder
local xml = require "synfin.report.xml"

local M = {}

local W, TOP, ROW, TESTER, TARGET = 820, 46, 34, 150, 600

local function label(s)
  if s.flags then
    local parts = { ("[%s]"):format(s.flags) }
    if s.rel_seq then parts[#parts + 1] = "seq " .. s.rel_seq end
    if s.rel_ack then parts[#parts + 1] = "ack " .. s.rel_ack end
    parts[#parts + 1] = "len " .. (s.len or 0)
    parts[#parts + 1] = "win " .. (s.win or 0)
    if s.options and #s.options > 0 then parts[#parts + 1] = "<" .. table.concat(s.options, ",") .. ">" end
    return table.concat(parts, " ")
  end
  return s.summary or s.kind or "?"
end

-- Which segment the failure points at: the last one the target sent up to
-- the failing assertion (the observed segment, or the one the oracle judged).
local function offending(t)
  local f = t.failure
  if not f or not f.segment or f.segment < 1 then return nil end
  local segs = t.segments or {}
  for i = math.min(f.segment, #segs), 1, -1 do
    if segs[i].dir == "<" then return i end
  end
end

local function finding_text(t)
  local f = t.failure or {}
  local d = f.diag or {}
  if d.code then return ("%s (%s)"):format(f.name or d.code, d.rfc or "") end
  return f.name or "failed"
end

local function lanes(out, h)
  out[#out + 1] = ('<text class="lane" x="%d" y="20">tester (synfin)</text><text class="lane" x="%d" y="20">target</text>'):format(TESTER, TARGET)
  out[#out + 1] = ('<line class="lane" x1="%d" y1="28" x2="%d" y2="%d"/><line class="lane" x1="%d" y1="28" x2="%d" y2="%d"/>'):format(
    TESTER, TESTER, h - 8, TARGET, TARGET, h - 8)
end

local function arrow(out, i, s, bad, note)
  local y0 = TOP + (i - 1) * ROW
  local y1 = y0 + ROW - 12
  local x1, x2 = TESTER, TARGET
  if s.dir == "<" then x1, x2 = TARGET, TESTER end
  local cls = bad and "seg offending" or "seg"
  out[#out + 1] = ('<g %s>'):format(xml.attrs({ "class", cls, "data-seg", i }))
  out[#out + 1] = ('<line x1="%d" y1="%d" x2="%d" y2="%d" marker-end="url(#arrow-%s)"/>'):format(x1, y0, x2, y1,
    bad and "offending" or "seg")
  out[#out + 1] = ('<text class="slabel" x="%d" y="%d">%s</text>'):format((TESTER + TARGET) / 2, (y0 + y1) / 2 - 4,
    xml.esc(label(s)))
  if s.time then out[#out + 1] = ('<text class="time" x="8" y="%d">+%.3f s</text>'):format(y0 + 4, s.time) end
  if bad then
    out[#out + 1] = ('<text class="finding" x="%d" y="%d">&#x2717; %s</text>'):format((TESTER + TARGET) / 2, y1 + 10,
      xml.esc(note))
  end
  out[#out + 1] = "</g>"
end

--- The SVG of test record t (nil when it exchanged nothing).
function M.render(t)
  local segs = t.segments or {}
  if #segs == 0 then return nil end
  local bad = offending(t)
  local h = TOP + #segs * ROW + (bad and 14 or 0) + 20
  local out = { ('<svg class="ladder" viewBox="0 0 %d %d" width="%d" role="img">'):format(W, h, W),
                ("<title>%s</title>"):format(xml.esc("exchange of " .. (t.id or "?"))) }
  lanes(out, h)
  local state
  for i, s in ipairs(segs) do
    if s.state and s.state ~= state then
      state = s.state
      out[#out + 1] = ('<text class="tstate" x="%d" y="%d">%s</text>'):format(TARGET + 8, TOP + (i - 1) * ROW - 2, xml.esc(state))
    end
    arrow(out, i, s, i == bad, bad and finding_text(t))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

return M
