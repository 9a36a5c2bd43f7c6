--- The tester's own TCP endpoint, kept right by the reference state
-- machine, with an oracle judging the target's side of the connection.
--
--    local c = t:tcp { port = 80 }          -- the target listens on 80
--    c:connect()                            -- SYN, SYN-ACK, ACK
--    c:send("hello"); c:wait_acked()
--    c:close(); c:expect { flags = "." }    -- the ACK of our FIN
--    c:state_is("FIN_WAIT_2")               -- ours? no: the target's, model and kernel
--
-- Sequence and acknowledgment numbers, windows and options are the state
-- machine's; a segment the target does not answer is retransmitted. Every
-- segment the target sends is fed to the oracle, which reports what RFC
-- 9293 forbids (with the section) as a failed assertion, or as a
-- documented deviation when the target's profile lists it.
-- `c:segment{...}` sends a deliberately crafted one: any field overridden,
-- the rest from the connection's current numbers.
-- @module synfin.tcp
local core = require "synfin.core"
local match = require "synfin.match"
local profiles = require "synfin.profiles"
local seq = require "synfin.seq"

local Conn = {}
Conn.__index = Conn

local RTO = 1.0       -- seconds before the tester retransmits (RFC 6298 2.1: 1 s initial)
local RETRIES = 3

--- A new endpoint; see t:tcp.
-- @param t test context
-- @tparam table opts port (the target's port, required), lport (ours,
--   default t.sport), isn (default 1000000), mss (1460), win (64240),
--   wscale, timestamps, sackok (offered options; default off),
--   profile (default: the target's)
function Conn.new(t, opts)
  opts = opts or {}
  if type(opts) ~= "table" then core.misuse("t:tcp: want an options table, got " .. core.quote(opts)) end
  for _, k in ipairs({ "port", "lport" }) do
    if opts[k] ~= nil and not math.tointeger(opts[k]) then
      core.misuse(("t:tcp: %s must be a port number, got %s"):format(k, core.quote(opts[k])))
    end
  end
  local profile = profiles.get(opts.profile or t.def.profile or t.target.name)
  local c = setmetatable({
    t = t, port = opts.port, lport = opts.lport or t.sport, profile = profile,
    out = "", data = {}, eof = false, reset = false, transitions = {},
    violations = 0, deviations = 0, judged = 0,
    -- What our SYN offers, for the options the target may echo (synfin.settings).
    offered = { ts = opts.timestamps or nil, sackok = opts.sackok or nil,
                wscale = (opts.wscale and opts.wscale >= 0) and opts.wscale or nil },
  }, Conn)
  c.tcb = core.tcb {
    iss = opts.isn or 1000000, mss = opts.mss or 1460, rcv_wnd = opts.win or 64240,
    wscale = opts.wscale or -1, timestamps = opts.timestamps or false, sack_perm = opts.sackok or false,
  }
  t:_add_conn(c)
  return c
end

function Conn:_new_oracle(initial)
  self.oracle = core.oracle(initial, self.profile.policy, self.profile.allow)
end

function Conn:_record(path)
  for _, name in ipairs(path or {}) do self.transitions[#self.transitions + 1] = name end
end

-- Report the oracle's findings: a violation is a failed assertion naming
-- the RFC section, with expected against observed (seg: the target's
-- segment judged, nil for an answer that never came); a documented
-- deviation is a diagnostic line.
function Conn:_report(findings, seg)
  for _, f in ipairs(findings) do
    if f.severity == "violation" then
      self.violations = self.violations + 1
      local state = self.oracle:state()
      self.t:ok(false, ("oracle: %s (%s)"):format(f.message, f.rfc),
        { code = f.code, rfc = f.rfc, model_state = state,
          expected = ("what %s allows a target in %s"):format(f.rfc, state),
          observed = seg and (seg.summary or seg.kind) or "nothing sent in time" })
    else
      self.deviations = self.deviations + 1
      self.t:diag(("deviates as documented for %s: %s %s (%s)"):format(self.profile.name, f.code, f.message, f.rfc))
    end
  end
end

-- The bytes a segment of ours carries: the stream offset is its distance from ISS+1.
function Conn:_payload(at, len)
  if len == 0 then return "" end
  local off = seq.sub(at, seq.add(self.tcb:vars().iss, 1))
  return self.out:sub(off + 1, off + len)
end

-- Does the oracle still have to judge this segment the target sent? (Once only.)
function Conn:_to_judge(seg)
  if not self.oracle or seg._judged then return false end
  seg._judged = true
  self.judged = self.judged + 1
  return true
end

-- The oracle judges a segment the target sent, once.
function Conn:_judge(seg)
  if self:_to_judge(seg) then self:_report(self.oracle:sent(seg), seg) end
end

-- Put one segment on the wire and tell the oracle the target received it.
-- What the target sent before (already captured, not yet read by the
-- script) is judged first (t:send takes it off the wire), so the oracle
-- sees both in wire order.
function Conn:_put(spec)
  spec.sport, spec.dport = self.lport, self.port
  return (self.t:send(spec))
end

-- The target received seg (t:send saw it leave on our 4-tuple).
function Conn:_received(seg)
  if not self.oracle then return nil end
  self:_clock(seg.time)
  local res = self.oracle:received(seg)
  self:_record(res.path)
  return res
end

-- Send what the state machine emitted: an emitted segment is a spec as it
-- is (the packet shape), once it has its bytes.
function Conn:_transmit(emits)
  for _, e in ipairs(emits or {}) do
    e.payload = self:_payload(e.seq, e.len)
    self:_add_sack(e)
    self:_put(e)
  end
end

-- ---- SACK scoreboard (RFC 2018) -------------------------------------------
-- Our endpoint keeps no out-of-order text (the model acknowledges in-order
-- text only), but it remembers what arrived beyond RCV.NXT and reports it
-- in SACK blocks once SACK was negotiated: "the first SACK block ... MUST
-- specify the contiguous block of data containing the segment which
-- triggered this ACK" (RFC 2018 4), then the most recent others.

-- Record [left, right) as received out of order, merged with what touches it.
function Conn:_sack_note(left, right)
  local blocks, merged = {}, { left, right }
  for _, b in ipairs(self.sack_board or {}) do
    if seq.le(b[1], merged[2]) and seq.le(merged[1], b[2]) then
      if seq.lt(b[1], merged[1]) then merged[1] = b[1] end
      if seq.gt(b[2], merged[2]) then merged[2] = b[2] end
    else
      blocks[#blocks + 1] = b
    end
  end
  table.insert(blocks, 1, merged)
  self.sack_board = blocks
end

--- The SACK scoreboard: the blocks { left, right } received beyond
-- RCV.NXT, most recent first (blocks RCV.NXT has passed are dropped).
function Conn:sack_blocks()
  local nxt, keep = self.tcb:vars().rcv_nxt, {}
  for _, b in ipairs(self.sack_board or {}) do
    if seq.gt(b[2], nxt) then keep[#keep + 1] = b end
  end
  self.sack_board = keep
  return keep
end

-- An ACK we send carries the scoreboard (at most 3 blocks, room for the
-- timestamps option, RFC 2018 3).
function Conn:_add_sack(e)
  -- Without our offer no SACK is negotiated: no need to read the variables.
  if e.flagbits & 0x06 ~= 0 or not self.offered.sackok or not self.tcb:vars().sack_ok then return end
  local blocks = self:sack_blocks()
  if #blocks == 0 then return end
  local opt = { "sack" }
  for i = 1, math.min(#blocks, 3) do opt[#opt + 1] = blocks[i][1]; opt[#opt + 1] = blocks[i][2] end
  local list = {}
  for _, o in ipairs(e.options or {}) do list[#list + 1] = o end
  list[#list + 1] = "nop"; list[#list + 1] = "nop"; list[#list + 1] = opt
  e.options = list
end

--- Send an ACK with chosen SACK blocks (RFC 2018), whatever the
-- scoreboard holds: `c:sack { { left, right }, ... }`; `spec` overrides
-- other fields as in c:segment.
function Conn:sack(blocks, spec)
  if type(blocks) ~= "table" then core.misuse("c:sack: want a list of { left, right } blocks, got " .. core.quote(blocks)) end
  local opt = { "sack" }
  for i, b in ipairs(blocks) do
    if type(b) ~= "table" or not seq.u32(b[1]) or not seq.u32(b[2]) then
      core.misuse(("c:sack: block %d is not { left, right }: %s"):format(i, core.quote(b)))
    end
    opt[#opt + 1] = seq.u32(b[1]); opt[#opt + 1] = seq.u32(b[2])
  end
  local s = {}
  for k, v in pairs(spec or {}) do s[k] = v end
  s.options = { "nop", "nop", opt }
  return self:segment(s)
end

-- A segment from the target: judged by the oracle and processed by our
-- endpoint, in one call that reads the segment once.
function Conn:_feed(seg)
  local res, findings = self.tcb:segment(seg, self:_to_judge(seg) and self.oracle or nil)
  if findings then self:_report(findings, seg) end
  if res.verdict == "out-of-order" and (seg.len or 0) > 0 then
    self:_sack_note(seg.seq, seq.add(seg.seq, seg.len))
  end
  if res.delivered > 0 then self.data[#self.data + 1] = seg.payload:sub(-res.delivered) end
  if res.user.eof then self.eof = true end
  if res.user.reset or res.user.refused then self.reset = true end
  if self.hold then
    for _, e in ipairs(res.emit) do self.held[#self.held + 1] = e end
  else
    self:_transmit(res.emit)
  end
  return res
end

function Conn:_mine(seg)
  return seg.kind == "tcp" and seg.sport == self.port and seg.dport == self.lport
end

-- Every frame the target sends comes here (t:_saw), in wire order. A
-- connection that does not know the target's port yet (c:listen(), then
-- the target's application connects) learns it from the target's SYN to
-- our port. Returns true when the segment is this connection's.
function Conn:_observe(seg)
  if seg.kind ~= "tcp" then return false end
  if self.port == nil and seg.dport == self.lport and seg.flagbits & 0x12 == 0x02 then
    self.port = seg.sport
    self.t:_index_conn(self)
  end
  if not self:_mine(seg) then return false end
  self:_clock(seg.time)
  self:_judge(seg)
  return true
end

-- The oracle's clock: the time of the next event (a segment's capture
-- time, the wall clock for a call). What the target owed by then and did
-- not send is reported.
function Conn:_clock(at)
  if self.oracle then self:_report(self.oracle:clock(at or core.wallclock())) end
end

-- The target's next segment on this connection within `timeout`; with
-- `retransmit`, our unacknowledged segment is sent again every RTO.
function Conn:_await(timeout, retransmit)
  local deadline = core.now() + timeout
  local tries = 0
  while true do
    local wait = math.min(deadline - core.now(), retransmit and RTO or math.huge)
    if wait <= 0 then return nil end
    local seg = self.t:next({ sport = self.port, dport = self.lport, checksum_ok = "any" }, wait)
    if seg then return seg end
    if retransmit and core.now() < deadline and tries < RETRIES then
      tries = tries + 1
      self:_transmit(self.tcb:timeout("retransmit").emit)
    end
  end
end

-- One assertion that the awaited segment came and has the given flags.
function Conn:_take(seg, flags, name, timeout)
  local want = { flags = flags }
  if not seg then
    self.t:ok(false, name, { expected = match.describe_pattern(want, {}),
                             observed = ("nothing within %g s"):format(timeout) })
    self.t:abort()
  end
  local ok, bad = match.matches(want, seg, self.t:_adapt())
  if not ok then
    self.t:ok(false, name, { expected = match.describe_pattern(want, {}), observed = match.describe(seg, {}, true),
                             mismatched = bad })
    self.t:abort()
  end
  self.t:ok(true, name)
  return self:_feed(seg)
end

--- Send our SYN (active OPEN) without waiting for the answer: for
-- simultaneous open, or to look at what the target does next.
-- @string[opt="LISTEN"] target what the target is doing: "LISTEN" (it
--   listens), "active" (its application is connecting to us too), "CLOSED"
function Conn:open(target)
  if not self.port then core.misuse("c:open/c:connect: the target's port is unknown: t:tcp{ port = <the target's port> }") end
  target = target or "LISTEN"
  self:_new_oracle(target == "LISTEN" and "LISTEN" or "CLOSED")
  if target == "active" then self:target_call("open_active") end
  self:_transmit(self.tcb:call("open_active").emit)
end

--- Passive open of our side without waiting (the step-by-step c:accept):
-- the oracle starts with the target CLOSED, so its states can be checked
-- from the first one. Then the target's application connects (tell the
-- oracle with c:target_call("open_active")) and c:expect takes its SYN.
function Conn:listen()
  self:_new_oracle("CLOSED")
  self:_transmit(self.tcb:call("open_passive").emit)
end

--- Active open to the listening target: SYN (retransmitted when
-- unanswered), the target's SYN-ACK, our ACK.
-- @number[opt=3] timeout seconds
-- @treturn table the target's SYN-ACK
function Conn:connect(timeout)
  timeout = timeout or 3
  self:open("LISTEN")
  local seg = self:_await(timeout, true)
  self:_take(seg, "S.", "target answers the SYN with a SYN-ACK", timeout)
  require("synfin.settings").check_options(self.t, seg, self.offered)
  return seg
end

--- Passive open: call after the target's application started connecting
-- to us (`t.agent:connect(t.tester.addr, c.lport)`); takes its SYN,
-- answers SYN-ACK and waits for its ACK.
-- @treturn table the target's SYN
function Conn:accept(timeout)
  timeout = timeout or 3
  self:_new_oracle("CLOSED")
  self:target_call("open_active")
  self:_transmit(self.tcb:call("open_passive").emit)
  local syn = self.t:next({ dport = self.lport, checksum_ok = "any" }, timeout)
  if syn and syn.kind == "tcp" then
    self.port = syn.sport
    self.t:_index_conn(self)
  end
  self:_take(syn, "S", "target sends a SYN to the tester's port", timeout)
  require("synfin.settings").check_options(self.t, syn)
  local ack = self:_await(timeout, true)
  self:_take(ack, ".", "target acknowledges the SYN-ACK", timeout)
  return syn
end

--- Send data (segmentized by the state machine to the target's MSS).
function Conn:send(data)
  self.out = self.out .. data
  self:_transmit(self.tcb:call("send", #data).emit)
end

--- Wait until the target has acknowledged everything sent; one assertion.
function Conn:wait_acked(timeout)
  timeout = timeout or 3
  local deadline = core.now() + timeout
  while true do
    local v = self.tcb:vars()
    if v.snd_una == v.snd_nxt then return self.t:ok(true, "target acknowledges everything sent") end
    local seg = self:_await(deadline - core.now(), true)
    if not seg then
      return self.t:ok(false, "target acknowledges everything sent",
        { snd_una = v.snd_una, snd_nxt = v.snd_nxt, observed = "nothing more" })
    end
    self:_feed(seg)
  end
end

--- Receive until `n` octets arrived, the target's FIN, or the timeout.
-- @treturn string the data (may be shorter than n)
function Conn:recv(n, timeout)
  local deadline = core.now() + (timeout or 2)
  while #table.concat(self.data) < (n or 1) and not self.eof and not self.reset do
    local seg = self:_await(deadline - core.now(), false)
    if not seg then break end
    self:_feed(seg)
  end
  local got = table.concat(self.data)
  self.data = {}
  return got
end

--- Expect the target's next segment (any flags) on this connection,
-- retransmitting ours while it is unanswered; judged and processed as in
-- c:expect. nil when nothing came within timeout.
function Conn:await(timeout)
  local seg = self:_await(timeout or 2, true)
  if seg and seg.kind == "tcp" then self:_feed(seg) end
  return seg
end

--- Orderly close (our FIN).
function Conn:close() self:_transmit(self.tcb:call("close").emit) end

--- Abortive close (our RST).
function Conn:abort() self:_transmit(self.tcb:call("abort").emit) end

--- Send a crafted segment: every field may be given; the others come from
-- the connection (seq = SND.NXT, ack = RCV.NXT, flags ".", our window).
-- Our own endpoint does not process it; the oracle sees it as received.
function Conn:segment(spec)
  local v = self.tcb:vars()
  local s = {}
  for k, val in pairs(spec or {}) do s[k] = val end
  s.flags = s.flags or "."
  s.seq = s.seq or v.snd_nxt
  s.ack = s.ack or v.rcv_nxt
  s.win = s.win or math.min(v.rcv_wnd >> v.rcv_wscale, 65535)
  return self:_put(s)
end

--- Expect the target's next segment on this connection to match; it is
-- then judged by the oracle and processed by our endpoint, which answers
-- at once, or, with `hold = true` in the pattern, when c:release() is called
-- (to look at the target's state before its segment is acknowledged).
function Conn:expect(pattern)
  local p = {}
  for k, v in pairs(pattern or {}) do p[k] = v end
  local hold = p.hold
  p.hold = nil
  p.sport, p.dport = p.sport or self.port, p.dport or self.lport
  local seg = self.t:expect(p)
  self.hold, self.held = hold, self.held or {}
  self:_feed(seg)
  self.hold = nil
  return seg
end

--- Send the answers held back by c:expect{ hold = true }, oldest first:
-- all of them, or the first `n`. Held answers pile up over several
-- expects until released or discarded.
-- @int[opt] n how many to send (default all)
-- @treturn table the segments sent
function Conn:release(n)
  local held = self.held or {}
  n = n or #held
  if not math.tointeger(n) or n < 0 then core.misuse("c:release: want a count, got " .. core.quote(n)) end
  local out = {}
  for i = 1, math.min(n, #held) do out[i] = table.remove(held, 1) end
  self.held = held
  self:_transmit(out)
  return out
end

--- Drop the held answers without sending them (all, or the first `n`):
-- the target then sees them as lost. Returns what was dropped.
function Conn:discard(n)
  local held = self.held or {}
  n = n or #held
  local out = {}
  for i = 1, math.min(n, #held) do out[i] = table.remove(held, 1) end
  self.held = held
  return out
end

--- The answers held back now (oldest first), as the segments they are.
function Conn:held_answers() return self.held or {} end

--- Wait for the target to retransmit `seg` (one of its segments, as
-- received): the same SEQ, control bits and length. The timeout is the
-- backoff the profile expects (policy obligation_rto, default 1.5 s,
-- doubled per retransmission: the `nth` resend is due by the sum), counted
-- from `seg`'s capture time. One assertion; returns the resent segment
-- and the interval since `seg` in seconds (nil on failure, the test
-- goes on). The resend is judged by the oracle; held answers stay held.
-- @tparam table seg the original segment
-- @tparam[opt] table opts nth (default 1), timeout (seconds from now), name
function Conn:expect_retransmission(seg, opts)
  if type(seg) ~= "table" or not seg.seq then core.misuse("c:expect_retransmission: want a received segment, got " .. core.quote(seg)) end
  opts = opts or {}
  local rto = (self.profile.policy or {}).obligation_rto or 1.5
  local due, step = 0, rto
  for _ = 1, opts.nth or 1 do due, step = due + step, step * 2 end
  local timeout = opts.timeout or math.max(seg.time + due - core.wallclock(), 0)
  local name = opts.name or ("target retransmits %s%s"):format(seg.flags, seg.len > 0 and (" (" .. seg.len .. " octets)") or "")
  local got = self.t:next({ sport = self.port, dport = self.lport, seq = seg.seq, flags = seg.flags, len = seg.len,
                            checksum_ok = "any" }, timeout)
  if not got then
    self.t:ok(false, name, { expected = ("the same segment again within %.2f s of the first"):format(due),
                             observed = ("nothing within %.2f s"):format(timeout) })
    return nil
  end
  local interval = got.time - seg.time
  -- The interval in a diagnostic, not in the name: names stay the same
  -- from run to run (and -j 1 to -j N), so that runs compare.
  self.t:diag(("%s after %.2f s"):format(name, interval))
  self.t:ok(true, name)
  return got, interval
end

--- Expect nothing from the target on this connection for `seconds`; the
-- oracle then reports any answer it owed and never got.
function Conn:expect_silence(seconds, name)
  name = name or ("target stays silent for %g s"):format(seconds)
  local seg = self:_await(seconds, false)
  local ok
  if seg then
    ok = self.t:ok(false, name, { expected = ("silence for %g s"):format(seconds),
                                  observed = match.describe(seg, {}, true) })
    if seg.kind == "tcp" then self:_feed(seg) end -- the oracle judges what came instead
  else
    ok = self.t:ok(true, name)
  end
  if self.oracle then self:_report(self.oracle:settle()) end
  return ok
end

--- The target's application made a call (the agent did it): the oracle follows.
-- @string call "close", "abort", "send", "open_active", "open_passive"
function Conn:target_call(call, len)
  self:_clock()
  local before = self.oracle:state()
  local res = self.oracle:call(call, len)
  local after = self.oracle:state()
  if after ~= before then
    self:_record(#res.path > 0 and res.path or { before .. " --" .. call .. "--> " .. after })
  end
end

--- The target's application closes (agent close) and the oracle follows.
function Conn:target_close(fd)
  local ok, e, m = self.t.agent:close(fd)
  if ok then self:target_call("close") end
  return ok, e, m
end

--- The target's application shuts down its sending side: RFC 9293's CLOSE.
function Conn:target_shutdown(fd)
  local ok, e, m = self.t.agent:shutdown(fd, "wr")
  if ok then self:target_call("close") end
  return ok, e, m
end

--- Abortive close on the target (SO_LINGER 0): RFC 9293's ABORT.
function Conn:target_abort(fd)
  local ok, e, m = self.t.agent:abort(fd)
  if ok then self:target_call("abort") end
  return ok, e, m
end

--- The target's application sends data.
function Conn:target_send(fd, data)
  local n, e, m = self.t.agent:send(fd, data)
  if n then self:target_call("send", n) end
  return n, e, m
end

--- Assert the target's state: the model's (the oracle's) and the kernel's
-- (through the agent) must both be `expected`.
function Conn:state_is(expected, name)
  local model = self.oracle and self.oracle:state() or "?"
  local kernel, e = self.t.agent:tuple_state(self.t.target.addr, self.port, self.t.tester.addr, self.lport)
  return self.t:ok(model == expected and kernel == expected, name or ("target is in " .. expected),
    { expected = expected, model = model, kernel = tostring(kernel or e) })
end

--- The oracle's verdict for this connection (one assertion, at the end of the test).
function Conn:_verdict()
  if not self.oracle then return end
  self:_report(self.oracle:finish(core.wallclock()))
  local v = self.oracle:verdict()
  self.t:ok(v ~= "deviates", ("oracle: target %s (%d segments judged)"):format(v, self.judged),
    { violations = self.violations, deviations = self.deviations, profile = self.profile.name,
      at = self.t.def._where })
end

--- The state machine's variables of our endpoint (snd_nxt, rcv_nxt, ...).
function Conn:vars() return self.tcb:vars() end

return Conn
