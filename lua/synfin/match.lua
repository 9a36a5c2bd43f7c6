--- Matching a received segment against a pattern, and describing both.
--
-- A pattern is a table of the fields a segment must have. Each value is
-- compared exactly, except: `flags` is compared as a set of flag bits
-- ("S." == ".S"), a function value is a predicate `f(value, seg)`, and
-- `options` names options that must be present (`{ mss = true }`,
-- `{ mss = 1460 }`).
-- @module synfin.match
local core = require "synfin.core"
local options = require "synfin.options"
local seq = require "synfin.seq"

local M = {}

-- Fields a pattern may name, in the order diagnostics show them.
M.fields = { "kind", "sport", "dport", "flags", "seq", "ack", "win", "len", "payload", "urg",
             "mss", "wscale", "sackok", "ts", "ttl", "src", "dst", "type", "code", "mtu" }
local known = {}
for _, f in ipairs(M.fields) do known[f] = true end
for _, f in ipairs({ "timeout", "name", "options", "checksum_ok", "ignore" }) do known[f] = true end
-- The options a pattern's `options` may name: the packet's option shortcuts.
local option_fields = { mss = true, wscale = true, sackok = true, ts = true, sack = true }

--- Flag bits of "S." style text, "none", or a number: the engine's one
-- parser (core.flagbits), which packets and segment specs also go through.
-- A bad letter is an error at the script's line.
-- @param f string or integer
-- @treturn integer
M.flagbits = core.flagbits

--- Refuse a pattern with an unknown field (a typo would make it match
-- anything) or a bad flag letter; the error names the script's line.
-- @tparam table pattern
-- @string[opt] who the call the message names ("expect", "next", ...)
function M.check(pattern, who)
  who = who or "expect"
  for k in pairs(pattern) do
    if not known[k] then
      core.misuse(("%s: unknown field '%s' in pattern"):format(who, tostring(k)))
    end
  end
  if pattern.flags ~= nil and type(pattern.flags) ~= "function" then core.flagbits(pattern.flags) end
  if pattern.options ~= nil and type(pattern.options) ~= "table" then
    core.misuse(who .. ": 'options' must be a table like { mss = true }, got " .. core.quote(pattern.options))
  end
  if pattern.options then
    for k in pairs(pattern.options) do
      if not option_fields[k] then
        core.misuse(("%s: unknown option '%s' in pattern (mss, wscale, sackok, ts, sack)"):format(who, tostring(k)))
      end
    end
  end
end

local function value_matches(want, got, seg)
  if type(want) == "function" then return want(got, seg) and true or false end
  return want == got
end

local SYN, ACK, ECE, CWR = 0x02, 0x10, 0x40, 0x80

-- A SYN's ECE and CWR are its ECN-setup request (RFC 3168 6.1.1), which the
-- stack's own setting decides, not the handshake: a pattern for a SYN that
-- names neither takes a SYN with both when the target may ask for ECN
-- (adapt.syn_ecn true, or nil: unknown). A retransmitted SYN MAY drop
-- the request (RFC 3168 6.1.1.1), so one without them is taken too.
local function syn_ecn_ok(bits, seg, adapt)
  if not adapt or adapt.syn_ecn == false then return false end
  return bits & (SYN | ACK | ECE | CWR) == SYN and seg.flagbits & (ECE | CWR) == ECE | CWR
    and seg.flagbits & ~(ECE | CWR) == bits
end

local function field_ok(field, want, seg, adapt)
  if (field == "seq" or field == "ack") and seq.u32(want) then
    return seq.u32(want) == seg[field]
  end
  if field == "flags" then
    if type(want) == "function" then return value_matches(want, seg.flags, seg) end
    local bits = M.flagbits(want)
    return seg.flagbits == bits or syn_ecn_ok(bits, seg, adapt)
  elseif field == "ts" or field == "sackok" then
    if want == true then return seg[field] ~= nil end
    if want == false then return seg[field] == nil end
  elseif field == "mss" or field == "wscale" then
    if want == true then return seg[field] ~= nil end
    if want == false then return seg[field] == nil end
  end
  return value_matches(want, seg[field], seg)
end

-- Each field's place in M.fields: the order diagnostics name them in.
local field_rank = {}
for i, f in ipairs(M.fields) do field_rank[f] = i end

local NONE = {}
local function by_rank(a, b) return field_rank[a] < field_rank[b] end

--- Does seg match pattern?
-- @tparam[opt] table adapt what the target's settings allow beyond the
--   pattern: { syn_ecn = true|false|nil } (may its SYN ask for ECN;
--   nil: unknown), from the test context (T:_adapt)
-- @treturn boolean
-- @treturn table names of the fields that differ (when it matches, an
--   empty list shared by every call: not to be changed)
function M.matches(pattern, seg, adapt)
  -- Over the pattern's own fields (t:expect and t:next match every frame
  -- they wait for), and a list made only for a field that differs.
  local bad
  for f, want in pairs(pattern) do
    if field_rank[f] and not field_ok(f, want, seg, adapt) then
      bad = bad or {}
      bad[#bad + 1] = f
    end
  end
  if bad then table.sort(bad, by_rank) end
  for name, want in pairs(pattern.options or NONE) do
    if not field_ok(name, want, seg) then
      bad = bad or {}
      bad[#bad + 1] = "options." .. name
    end
  end
  local csum_want = pattern.checksum_ok
  if csum_want == nil then csum_want = true end -- a bad checksum is a finding, always
  if csum_want ~= "any" and seg.kind == "tcp" and seg.checksum_ok ~= csum_want then
    bad = bad or {}
    bad[#bad + 1] = "checksum_ok"
  end
  return bad == nil, bad or NONE
end

local function rel(v, base)
  if v == nil or base == nil then return nil end
  return seq.sub(v, base)
end

--- A table describing a segment for YAML diagnostics: seq/ack absolute
-- and relative to the ISNs of the connection, when known.
-- @tparam table seg
-- @tparam table isn { tester = n, target = n } for this segment's direction
-- @tparam boolean from_target
function M.describe(seg, isn, from_target)
  if seg.kind == "malformed" then
    return { kind = "malformed", error = seg.error, bytes = core.hex(seg.bytes):sub(1, 256) }
  end
  if seg.kind ~= "tcp" then
    return { kind = seg.kind, summary = seg.summary, type = seg.type, code = seg.code, mtu = seg.mtu }
  end
  local own, peer = isn.tester, isn.target
  if from_target then own, peer = isn.target, isn.tester end
  local d = {
    summary = seg.summary, flags = "[" .. seg.flags .. "]", seq = seg.seq, ack = seg.ack,
    win = seg.win, len = seg.len, options = options.describe(seg),
    ports = ("%d > %d"):format(seg.sport, seg.dport),
  }
  if not seg.checksum_ok then d.checksum = ("0x%04x (bad)"):format(seg.checksum) end
  d.seq_relative = rel(seg.seq, own)
  if seg.flagbits & 0x10 ~= 0 then d.ack_relative = rel(seg.ack, peer) end
  return d
end

--- The pattern as diagnostics show it (functions as "<predicate>").
function M.describe_pattern(pattern, isn)
  local d = {}
  for _, f in ipairs(M.fields) do
    local v = pattern[f]
    if type(v) == "function" then d[f] = "<predicate>"
    elseif v ~= nil then d[f] = v end
  end
  if type(pattern.flags) == "string" then d.flags = "[" .. pattern.flags .. "]" end
  for _, f in ipairs({ "seq", "ack" }) do
    if seq.u32(d[f]) then d[f] = seq.u32(d[f]) end
  end
  if math.type(d.ack) == "integer" and isn.tester then d.ack_relative = rel(d.ack, isn.tester) end
  if math.type(d.seq) == "integer" and isn.target then d.seq_relative = rel(d.seq, isn.target) end
  if pattern.options then
    local o = {}
    for k, v in pairs(pattern.options) do o[k] = tostring(v) end
    d.options = o
  end
  return d
end

local TITLE_FIELDS = { "seq", "ack", "win", "len" }

--- A short name for an expectation: "[S.] ack 1001 mss present".
-- (Made for every t:expect, passing or not: no more tables than it needs.)
function M.title(pattern)
  local text = pattern.flags and ("[" .. tostring(pattern.flags) .. "]") or nil
  for i = 1, #TITLE_FIELDS do
    local f = TITLE_FIELDS[i]
    local v = math.tointeger(pattern[f])
    if v then
      local part = f .. " " .. ((i <= 2) and (v & 0xffffffff) or v) -- seq, ack: modulo 2^32
      text = text and (text .. " " .. part) or part
    end
  end
  if pattern.kind and pattern.kind ~= "tcp" then text = text and (text .. " " .. pattern.kind) or pattern.kind end
  return text or ""
end

return M
