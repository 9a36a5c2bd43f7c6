--- The test context `t` handed to a test's `run` function: the wire
-- (send, expect, expect_silence), the target's agent, and TAP assertions.
-- @module synfin.context
local core = require "synfin.core"
local match = require "synfin.match"
local u32 = require("synfin.seq").u32
local options = require "synfin.options"
local yaml = require "synfin.yaml"
local Agent = require "synfin.agent"

local T = {}
T.__index = T

local NONE = {} -- an empty list to read, where a missing one would make a table per frame

-- Raised to end a test early (failed expectation, skip); not an error.
local ABORT = setmetatable({}, { __tostring = function() return "synfin: test ended" end })
T.ABORT = ABORT

--- A context for one test.
function T.new(def, env)
  local t = setmetatable({
    def = def, env = env, link = env.link, tap = env.tap,
    family = env.family, tester = env.tester, target = env.target, id = env.id,
    agent = Agent.new(env.agent, env),
    count = 0, failures = 0, documented_failures = 0, documented = {}, first_failure = nil, todo_reason = nil,
    skip_reason = nil, isn = {},
    segments = core.trace(), asserts = {}, diags = {}, -- for the report (synfin.report.record)
    _trace_tables = {}, _queue = { head = 1, tail = 0 },
  }, T)
  t.sport = 40000 + (env.number or 0) % 20000 -- the tester's default port
  -- Frames that arrived before an agent call came before it on the wire:
  -- the connections' oracles see them first.
  t.agent.before_call = function() t:_arrived() end
  -- What the target's stack lacks is SKIP, in this one place (not per script).
  t.agent.on_unsupported = function(line, reply)
    t:skip(("the target's agent cannot do `%s`: %s %s"):format(line:sub(1, 80), reply.err,
      reply.message or ""))
  end
  return t
end

--- A setting of the target's stack (synfin.settings): a number, or nil
-- when the target does not report it.
-- @string key as in targets/AGENT.md (timestamps, syncookies, somaxconn...)
function T:setting(key) return require("synfin.settings").all(self)[key] end

--- Every setting the target reports (synfin.settings.all).
function T:settings() return require("synfin.settings").all(self) end

--- A setting the test cannot do without: its value, or the test ends as
-- SKIP saying the target does not report it.
function T:need_setting(key)
  local v = self:setting(key)
  if v == nil then self:skip(("the target does not report its setting '%s' (agent `settings`)"):format(key)) end
  return v
end

--- The options the target's SYN (or, given the SYN it answers, its SYN-ACK)
-- carries by its settings: { ts =, sackok =, wscale = } each true, false,
-- or nil when unknown (synfin.settings.offers).
function T:offers(syn) return require("synfin.settings").offers(self, syn) end

-- The script line behind an assertion: the first caller outside this
-- library (lua/synfin/), so a check made inside c:connect() points at the
-- script's c:connect() line.
local where = core.where

-- Connection key for ISN bookkeeping and the endpoints: the tester's port
-- and the target's, as one integer (no string made per frame).
local function conn_key(tester_port, target_port) return (tester_port or 0) * 65536 + (target_port or 0) end

local NO_ISN = setmetatable({}, { __newindex = function() error("synfin: NO_ISN is read-only", 2) end })

local function isn_key(seg, from_target)
  return from_target and conn_key(seg.dport, seg.sport) or conn_key(seg.sport, seg.dport)
end

--- The ISNs of seg's connection, { tester =, target = }, made when first asked for.
function T:_isn_for(seg, from_target)
  if seg.kind ~= "tcp" then return {} end -- ISNs are a TCP connection's
  local key = isn_key(seg, from_target)
  local isn = self.isn[key]
  if not isn then -- written once: a table written to is traversed again at each collection
    isn = {}
    self.isn[key] = isn
  end
  return isn
end

-- The same for reading: none is made for a connection without a SYN yet
-- (a test's every RST to a new port would otherwise leave one behind).
local function isn_of(self, seg, from_target)
  return seg.kind == "tcp" and self.isn[isn_key(seg, from_target)] or NO_ISN
end

-- The tester endpoints (t:tcp), in the order they were made (t._conns),
-- and found by their ports in one table lookup per frame: a test may make
-- thousands of them, and every frame either way looks its endpoint up.
-- Of several endpoints on one 4-tuple (a new incarnation), the newest.
-- An endpoint that does not know the target's port yet (c:listen) waits
-- in t._pending until it learns it from the target's SYN.
function T:_add_conn(c)
  self._conns = self._conns or {}
  c._index = #self._conns + 1
  self._conns[c._index] = c
  self:_index_conn(c)
end

--- Called by an endpoint when its ports are set (synfin.tcp).
function T:_index_conn(c)
  self._conn_by = self._conn_by or {}
  self._pending = self._pending or {}
  for i = #self._pending, 1, -1 do
    if self._pending[i] == c then table.remove(self._pending, i) end
  end
  if c.port == nil then
    self._pending[#self._pending + 1] = c
    return
  end
  local key = conn_key(c.lport, c.port)
  local old = self._conn_by[key]
  if not old or old._index < c._index then self._conn_by[key] = c end
end

-- The newest tester endpoint on these ports, if any.
local function conn_on(self, tester_port, target_port)
  local c = self._conn_by and self._conn_by[conn_key(tester_port, target_port)]
  if c and c.lport == tester_port and c.port == target_port then return c end
end

-- The tester endpoint whose connection seg belongs to, if any.
local function conn_of(self, seg, dir)
  if dir == ">" then return conn_on(self, seg.sport, seg.dport) end
  return conn_on(self, seg.dport, seg.sport)
end

-- Every frame either way, for the report and the diagnostics, in
-- t.segments (core.trace: kept outside the Lua heap, as a test may trace
-- 10^5 frames): an IP frame as its bytes (seg.raw) with its time, MACs,
-- the model's state of the target's end before it and the ISNs, decoded
-- again when the report or a diagnostic wants it (T:_segment). Other
-- frames (ARP, malformed, a burst) keep their table, in t._trace_tables.
-- Returns the frame's index in the trace. c: the endpoint that owns the
-- frame's 4-tuple, if the caller has looked it up already.
function T:_trace(dir, seg, c)
  local isn = isn_of(self, seg, dir == "<")
  if c == nil and seg.kind == "tcp" then c = conn_of(self, seg, dir) end
  local raw = not rawget(seg, "burst") and seg.raw or nil -- rawget: reading no other field fills a packet in
  c = c or nil
  local i = self.segments:add(dir, raw, seg.time, c and c.oracle and c.oracle:state() or nil, isn.tester, isn.target,
                              seg.eth_src, seg.eth_dst)
  if not raw then self._trace_tables[i] = seg end
  self._last_conn = c
  return i
end

--- Traced frame i (1 = the first): { dir = ">" sent or "<" received,
-- seg = the packet table, state = the model's state of the target's end
-- before it, isn = { tester =, target = } }, or nil.
function T:_segment(i)
  local dir, raw, time, state, isn_tester, isn_target, eth_src, eth_dst = self.segments:get(i)
  if not dir then return nil end
  local seg = self._trace_tables[i]
  if not seg then
    seg = core.decode_ip(raw, time) or { kind = "other", time = time }
    seg.eth_src, seg.eth_dst = eth_src, eth_dst
  end
  return { dir = dir, seg = seg, state = state, isn = { tester = isn_tester, target = isn_target } }
end

-- The last state-diagram edge the model took on the connection of the
-- last frame: where an assertion made now stands (for the report).
local function last_transition(self)
  local c = self._last_conn
  return c and c.transitions and c.transitions[#c.transitions]
end

--- The exchange so far, a line per frame ("> summary" sent, "< summary" received).
function T:trace()
  local lines = {}
  for i = 1, #self.segments do
    local e = self:_segment(i)
    lines[i] = ("%s %s"):format(e.dir, e.seg.summary or e.seg.kind)
  end
  return lines
end

--- Record one assertion. Every check goes through here.
-- @param ok truthy when the check passed
-- @string name what was checked
-- @tparam[opt] table diag YAML diagnostics for a failure
-- @treturn boolean ok
function T:ok(ok, name, diag)
  self.count = self.count + 1
  ok = ok and true or false
  local todo, documented = self.todo_reason, nil
  if not ok and not todo then documented = self:_documented(name) end
  todo = todo or documented
  self.tap:point(1, ok, self.count, name or "", todo and "TODO" or nil, todo)
  if not ok then
    diag = diag or {}
    diag.at = diag.at or where()
    self.tap:yaml(1, yaml.render(diag))
    if documented then
      self.documented_failures = self.documented_failures + 1
    elseif not todo then
      self.failures = self.failures + 1
      if not self.first_failure then self.first_failure = { name = name, diag = diag } end
    end
  end
  local n = #self.segments
  if ok and not todo then -- most are: a table of three fields
    self.asserts[#self.asserts + 1] = { name = name or "", ok = true, segment = n }
  else
    self.asserts[#self.asserts + 1] = { name = name or "", ok = ok, todo = todo, diag = diag, segment = n,
                                        transition = not ok and last_transition(self) or nil }
  end
  return ok
end

-- The target's profile: the one the test names, else its backend's.
function T:_profile()
  self._profile_cache = self._profile_cache or require("synfin.profiles").get(self.def.profile or self.target.name)
  return self._profile_cache
end

-- A failed check that the target's profile documents (its `deviations`):
-- the TODO reason that says so, and the entry noted for the report.
function T:_documented(name)
  local profiles = require "synfin.profiles"
  local p = self:_profile()
  local e, index = profiles.deviation(p, self.env.test_id, name, self.family)
  if not e then return nil end
  self.documented[#self.documented + 1] = { profile = p.name, entry = index, test = e.test, check = e.check,
                                            what = e.what, where = e.where, rfc = e.rfc, assertion = name }
  return profiles.deviation_text(p, e)
end

--- Equality assertion, with got and expected in the diagnostics.
function T:is(got, expected, name)
  return self:ok(got == expected, name, { got = tostring(got), expected = tostring(expected), at = where() })
end

--- Inequality assertion.
function T:isnt(got, unexpected, name)
  return self:ok(got ~= unexpected, name, { got = tostring(got), expected = "anything but " .. tostring(unexpected), at = where() })
end

--- Lua pattern assertion on a string.
function T:like(got, pattern, name)
  return self:ok(type(got) == "string" and got:find(pattern) ~= nil, name,
    { got = tostring(got), expected = "matches " .. pattern, at = where() })
end

--- A comment line in the TAP output.
function T:diag(msg)
  self.tap:diag(1, tostring(msg))
  self.diags[#self.diags + 1] = { text = tostring(msg), segment = #self.segments }
end

--- Mark the assertions that follow as TODO (known to fail); `t:todo(nil)` ends it.
function T:todo(reason) self.todo_reason = reason end

--- End the test here as skipped, with the reason (e.g. a claim the wire cannot show).
function T:skip(reason)
  self.skip_reason = reason or "skipped"
  error(ABORT, 0)
end

--- One assertion that could not be made here, as a TAP "# SKIP" point
-- with the reason (the test goes on): a matrix cell the target cannot be
-- driven into, say. Counts as no failure.
function T:skip_check(name, reason)
  self.count = self.count + 1
  self.tap:point(1, true, self.count, name or "", "SKIP", reason)
  self.asserts[#self.asserts + 1] = { name = name or "", ok = true, skip = reason, segment = #self.segments }
  return true
end

--- Stop the test (after a failure the rest would only add noise).
function T:abort() error(ABORT, 0) end

--- Sleep (bounded by the engine to 120 s). What the target sent
-- meanwhile is taken off the wire (kept for t:recv) and judged by the
-- connections' oracles before this returns.
function T:sleep(seconds)
  core.sleep(seconds)
  self:_arrived()
end

-- Every frame the target sends passes here once, in wire order, whether
-- the script reads it, passes over it (ignore) or sleeps through it: the
-- ISN bookkeeping, the trace, and the tester endpoint (t:tcp{}) that owns
-- its 4-tuple, whose oracle judges it. Of several endpoints on one 4-tuple
-- (a new incarnation), the newest.
-- Returns the frame's index in the trace, and true when an endpoint took it.
function T:_saw(seg)
  if seg.kind ~= "tcp" then return self:_trace("<", seg), false end
  if seg.flagbits & 0x02 ~= 0 then self:_isn_for(seg, true).target = seg.seq end
  local c = conn_of(self, seg, "<")
  local index = self:_trace("<", seg, c or false)
  if seg.flagbits & 0x12 == 0x02 then self:_first_syn(seg) end
  -- A newer endpoint that is still to learn the target's port comes first.
  local pending = self._pending or NONE
  for i = #pending, 1, -1 do
    local p = pending[i]
    if (not c or p._index > c._index) and p:_observe(seg) then return index, true end
  end
  return index, c ~= nil and c:_observe(seg)
end

-- A copy of spec with `overrides` on top and the test's defaults beneath.
-- A received or sent packet is a spec too: its own addresses, ports and
-- options are kept, so it goes out as it came in unless overridden.
local function fill_defaults(self, spec, overrides)
  local tester, target = self.tester, self.target
  -- The defaults in the constructor: the table is made at its size once.
  local s = { eth_src = tester.mac, eth_dst = target.mac, src = tester.addr, dst = target.addr, sport = self.sport }
  for k, v in pairs(spec) do s[k] = v end
  if overrides then
    for k, v in pairs(overrides) do s[k] = v end
    -- A checksum given as an override is meant; a copied right one is recomputed (lua_packet.h).
    if overrides.checksum ~= nil then s.checksum_ok = nil end
  end
  -- Sequence arithmetic is modulo 2^32 (RFC 9293 3.4): isn + 1 just works.
  local v = u32(s.seq)
  if v then s.seq = v end
  v = u32(s.ack)
  if v then s.ack = v end
  if type(s.options) == "table" then s.options = options.normalize(s.options) end
  return s
end

local function want_table(what, v)
  if type(v) ~= "table" then core.misuse(("%s: want a segment table, got %s"):format(what, core.quote(v))) end
end

--- Send a TCP segment from the tester. Every field can be set; defaults:
-- src/dst addresses and MACs of the test, sport = t.sport, win 64240,
-- ttl 64, correct checksum. `checksum = "bad"` sends a wrong one.
-- A packet the target sent (or one we sent) is a spec as it is:
-- `t:send(seg)` puts it on the wire again, `t:send(seg, { win = 0 })`
-- with fields replaced, options included.
-- @tparam table spec {flags=, seq=, ack=, dport=, win=, options=, payload=, ...}
-- @tparam[opt] table overrides fields that replace spec's
-- @treturn table the segment as sent (same shape as a received one)
function T:send(spec, overrides)
  want_table("send", spec)
  if overrides ~= nil then want_table("send (overrides)", overrides) end
  -- What arrived before goes first: into the trace, the oracles and the
  -- pcap, so the capture stays in causal order.
  self:_arrived()
  local seg
  local o = spec.options
  if overrides == nil and (o == nil or type(o) == "table" and options.normalize(o) == o) then
    -- The common case: the engine takes the test's addresses, MACs and
    -- port for what spec leaves out, and seq and ack modulo 2^32, as
    -- fill_defaults would, without a copy of spec made for each segment.
    local tester, target = self.tester, self.target
    seg = self.link:send_tcp(spec, tester.mac, target.mac, tester.addr, target.addr, self.sport)
  else
    seg = self.link:send_tcp(fill_defaults(self, spec, overrides))
  end
  if seg.flagbits & 0x02 ~= 0 then self:_isn_for(seg, false).tester = seg.seq end
  -- The endpoint (t:tcp{}) that owns the 4-tuple tells its oracle the
  -- target received it, so crafted segments sent with t:send on a
  -- connection's ports are modelled too; its result is the second value.
  local c = conn_of(self, seg, ">")
  self:_trace(">", seg, c or false)
  return seg, c and c:_received(seg) or nil
end

--- Send `count` segments like `spec` at once (a flood), as fast as the
-- link takes them: the i-th (from 0) with seq = spec.seq + i * seq_step
-- (modulo 2^32). Each is built by the engine as t:send builds one; they
-- go to the kernel 64 to a system call. The burst is one line of the
-- trace (its first segment); it is meant for ports no t:tcp endpoint
-- owns, whose oracle would have to judge every segment.
-- @tparam table spec as for t:send
-- @int count how many (1 to 10^7)
-- @int[opt=0] seq_step added to seq from one segment to the next
-- @treturn table the first segment as sent
function T:send_burst(spec, count, seq_step)
  want_table("send_burst", spec)
  if not math.tointeger(count) then core.misuse("send_burst: want a count of segments, got " .. core.quote(count)) end
  if seq_step ~= nil and not math.tointeger(seq_step) then
    core.misuse("send_burst: want an integer seq_step, got " .. core.quote(seq_step))
  end
  local s = fill_defaults(self, spec)
  if conn_on(self, s.sport, s.dport) then
    core.misuse(("send_burst: port %d > %d belongs to a t:tcp endpoint; use t:send"):format(s.sport, s.dport))
  end
  self:_arrived()
  local seg = self.link:send_burst(s, count, seq_step or 0)
  seg.burst = count
  self:_trace(">", seg)
  return seg
end

--- Send a UDP datagram from the tester (for ICMP port-unreachable checks).
function T:send_udp(spec)
  local s = fill_defaults(self, spec)
  s.options = nil
  local seg = self.link:send_udp(s)
  self:_trace(">", seg)
  return seg
end

--- Tell the target that `seg` (a packet it sent, as received) was too big
-- for the path: ICMP destination unreachable, fragmentation needed and DF
-- set, with next-hop MTU `mtu` (IPv4, RFC 1191 4), or ICMPv6 packet too
-- big (RFC 4443 3.2). It quotes the start of seg's IP datagram (`seg.raw`).
-- `spec` may override src/dst/ttl/... (default: from the tester, as the
-- router in the middle would).
-- @tparam table seg a received packet (with `raw`)
-- @int mtu the MTU to report
-- @tparam[opt] table spec address and header overrides
-- @treturn table the ICMP packet as sent
function T:send_too_big(seg, mtu, spec)
  if type(seg) ~= "table" or type(seg.raw) ~= "string" then
    core.misuse("send_too_big: want a received packet (with its raw bytes) as the first argument, got " .. core.quote(seg))
  end
  if not math.tointeger(mtu) then core.misuse("send_too_big: want an integer MTU, got " .. core.quote(mtu)) end
  local s = fill_defaults(self, spec or {})
  s.options, s.sport = nil, nil
  s.mtu, s.quote = mtu, seg.raw
  local sent = self.link:send_icmp_too_big(s)
  self:_trace(">", sent)
  return sent
end

--- The next frame from the target of any kind, or nil, "timeout".
function T:recv(timeout)
  local q = self._queue
  if q.head <= q.tail then
    local e = q[q.head]
    q[q.head], q.head = nil, q.head + 1
    if type(e) == "number" then e = self:_segment(e).seg end
    return e
  end
  local seg, why = self.link:recv(timeout or 2)
  if seg then self:_saw(seg) end
  return seg, why
end

-- One assertion at the end of a test whose capture ring overflowed: the
-- target sent frames the test never saw, so what it concluded from
-- silence, and the oracle from what it judged, rests on less than the
-- wire carried. (A flood that reads nothing meanwhile can outrun the
-- ring; such a test says so with t:todo.)
function T:_capture_check()
  local dropped = self.link:drops()
  if dropped > 0 then
    self:ok(false, "the capture kept every frame the target sent",
      { observed = ("%d frames found the capture ring full and were lost"):format(dropped),
        why = "the test read the link too seldom for what the target sent (a flood, or a long sleep)",
        at = self.def._where })
  end
end

--- Take every frame that has already arrived (without waiting) and keep
-- it for t:recv, in order. Called before the tester endpoint sends,
-- before each agent call, after a sleep and at the end of the test, so
-- what the target sent first is judged first. A frame no endpoint took
-- waits as its index in the trace, and t:recv decodes it again: a flood's
-- answers, never read, would otherwise hold a kilobyte each. An
-- endpoint's frame waits as its table (the oracle marked it judged).
function T:_arrived()
  local q = self._queue
  while true do
    local seg = self.link:recv(0)
    if not seg then break end
    local index, taken = self:_saw(seg)
    q.tail = q.tail + 1
    q[q.tail] = (taken or self._trace_tables[index]) and seg or index
  end
end

-- The pattern "the next frame of this kind", one per kind (t:expect waits
-- with it, then judges the frame against its own pattern).
local ANY_OF_KIND = {}
local function any_of_kind(kind)
  kind = kind or "tcp"
  local p = ANY_OF_KIND[kind]
  if not p then
    p = { kind = kind, checksum_ok = "any" }
    ANY_OF_KIND[kind] = p
  end
  return p
end

-- Does `seg` end a wait for `pattern`? A malformed frame ends a wait for
-- TCP (the stack sent something that is not a segment: the caller judges it).
local function wanted(pattern, seg, adapt)
  local kind = pattern.kind or "tcp"
  if seg.kind == "malformed" then return kind == "tcp" end
  if seg.kind ~= kind then return false end
  if pattern.ignore and match.matches(pattern.ignore, seg, adapt) then return false end
  return (match.matches(pattern, seg, adapt))
end

-- A target whose setting says it asks for ECN (ecn=1) sends an ECN-setup
-- SYN, ECE and CWR set (RFC 3168 6.1.1); only a retransmission may drop
-- them (6.1.1.1), which the patterns allow. One assertion, on the first SYN
-- of each socket pair, only when the setting says so.
function T:_first_syn(seg)
  if not self:_adapt().syn_ecn then return end
  local key = seg.sport .. ">" .. seg.dport
  self._syns = self._syns or {}
  if self._syns[key] then return end
  self._syns[key] = true
  self:ok(seg.flagbits & 0xc0 == 0xc0, "the target's first SYN asks for ECN (ECE and CWR), as its setting ecn=1 says",
    { rfc = "RFC 3168 6.1.1", observed = seg.summary })
end

--- What the target's settings allow beyond a pattern (synfin.match): its
-- SYN may ask for ECN unless its setting `ecn` says it does not (RFC 3168
-- 6.1.1; Linux tcp_ecn: 1 asks, 0 and 2 do not).
function T:_adapt()
  if not self._adapt_cache then
    local ecn, syn_ecn = self:setting("ecn"), nil
    if ecn ~= nil then syn_ecn = ecn == 1 end
    self._adapt_cache = { syn_ecn = syn_ecn }
  end
  return self._adapt_cache
end

--- The target's next frame that matches `pattern` within `timeout`
-- seconds, or nil, "timeout". Frames that do not match are passed over
-- (they stay in the trace). Makes no assertion: the one primitive that
-- t:expect, t:expect_silence and the helpers build their waits on.
-- @tparam[opt] table pattern a synfin.match pattern; `kind` defaults to
--   "tcp" (a malformed frame then matches too), `ignore` a pattern of
--   frames to pass over although they match; `checksum_ok = "any"` takes
--   a segment whatever its checksum
-- @number[opt] timeout seconds (default pattern.timeout, else 2); 0 or
--   less (a deadline already passed) looks at one frame that has already
--   arrived, if any
-- @treturn table|nil the frame
function T:next(pattern, timeout)
  if pattern == nil then pattern = {} end
  if type(pattern) ~= "table" then core.misuse("next: want a pattern table, got " .. core.quote(pattern)) end
  match.check(pattern, "next")
  timeout = timeout or pattern.timeout or 2
  if type(timeout) ~= "number" or timeout ~= timeout then
    core.misuse("next: want a timeout in seconds (a number), got " .. core.quote(timeout))
  end
  return self:_next(pattern, timeout)
end

-- T:next for a pattern already checked.
function T:_next(pattern, timeout)
  local deadline = core.now() + timeout
  repeat
    local seg = self:recv(math.max(deadline - core.now(), 0))
    if not seg then return nil, "timeout" end
    if wanted(pattern, seg, self:_adapt()) then return seg end
  until core.now() >= deadline
  return nil, "timeout"
end

--- Expect the target's next segment to match `pattern` within
-- `pattern.timeout` seconds (default 2). One assertion; on failure the
-- diagnostics show expected against observed and the test ends.
-- @tparam table pattern fields to match (see synfin.match), plus timeout, name, ignore
-- @treturn table the matching segment
function T:expect(pattern)
  if type(pattern) ~= "table" then core.misuse("expect: want a pattern table, got " .. core.quote(pattern)) end
  match.check(pattern)
  local name = pattern.name or ("target sends " .. match.title(pattern))
  local timeout = pattern.timeout or 2
  -- The next segment of the kind is judged, whatever it is.
  if type(timeout) ~= "number" or timeout ~= timeout then
    core.misuse("expect: want a timeout in seconds (a number), got " .. core.quote(timeout))
  end
  local seg = self:_next(pattern.ignore and { kind = pattern.kind, ignore = pattern.ignore, checksum_ok = "any" }
                         or any_of_kind(pattern.kind), timeout)
  if not seg then
    self:ok(false, name, { expected = match.describe_pattern(pattern, {}),
                           observed = ("nothing within %g s"):format(timeout), at = where() })
    error(ABORT, 0)
  end
  local ok, bad = match.matches(pattern, seg, self:_adapt())
  if not ok then
    local isn = self:_isn_for(seg, true)
    self:ok(false, name, { expected = match.describe_pattern(pattern, isn), observed = match.describe(seg, isn, true),
                           mismatched = bad, at = where() })
    error(ABORT, 0)
  end
  self:ok(true, name)
  return seg
end

--- Expect no segment (of `pattern.kind`, default tcp; matching `pattern`
-- if given) from the target for `seconds`. One assertion.
function T:expect_silence(seconds, pattern, name)
  pattern = pattern or {}
  match.check(pattern, "expect_silence")
  name = name or ("target stays silent for %g s"):format(seconds)
  local seg = self:next(pattern, seconds)
  if not seg then return self:ok(true, name) end
  return self:ok(false, name, { expected = ("silence for %g s"):format(seconds),
                                observed = match.describe(seg, self:_isn_for(seg, true), true), at = where() })
end

--- Check an RFC rule on which stacks are known to differ. One assertion
-- whose name says which of the three outcomes it saw:
--   conformant               the RFC rule held;
--   deviates as documented   it did not, but the stack did what its
--                            profile documents (synfin.profiles, `documented`);
--   deviates                 neither: a failure.
-- @tparam table c name, rfc (section), conforms (boolean: the RFC rule
--   held), deviation (key of the profile's documented behaviour),
--   as_documented (boolean: the stack did what that entry says; default
--   true), observed (what was seen, for the diagnostics)
function T:rfc_check(c)
  local profile = self:_profile()
  if c.conforms then return self:ok(true, c.name .. " (conformant)") end
  -- A SHOULD is not a MUST: not following it is information, never a failure.
  if c.level == "SHOULD" then
    self.tap:diag(1, ("info: %s: SHOULD not followed (%s)%s"):format(c.name, c.rfc or "?",
      c.observed and (": " .. tostring(c.observed)) or ""))
    return self:ok(true, c.name .. " (informational: SHOULD not followed)")
  end
  local doc = c.deviation and profile.documented[c.deviation]
  if doc and c.as_documented ~= false then
    self:diag(("deviates as documented for %s: %s"):format(profile.name, doc))
    return self:ok(true, ("%s (deviates as documented for %s)"):format(c.name, profile.name))
  end
  return self:ok(false, c.name .. " (deviates)",
    { rfc = c.rfc, observed = c.observed, documented = doc or "nothing in profile " .. profile.name, at = where() })
end

--- A tester endpoint driven by the reference state machine (synfin.tcp).
-- @tparam table opts { port = target port } to connect, { lport = ours } to accept
function T:tcp(opts) return require("synfin.tcp").new(self, opts) end

--- Assert the target's kernel state of a socket (an agent fd).
function T:state_is(fd, expected, name)
  local got, e = self.agent:state(fd)
  return self:ok(got == expected, name or ("target socket is in " .. expected),
    { got = tostring(got or e), expected = expected, at = where() })
end

--- Assert the state of a connection by its ports (tester's port, target's port).
function T:tuple_state_is(tester_port, target_port, expected, name)
  local got, e = self.agent:tuple_state(self.target.addr, target_port, self.tester.addr, tester_port)
  return self:ok(got == expected, name or ("target connection is in " .. expected),
    { got = tostring(got or e), expected = expected, at = where() })
end

return T
