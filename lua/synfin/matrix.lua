--- The state × segment matrix (scripts/matrix/): for each RFC 9293 state
-- the tester can drive a target into, each kind of arriving segment and
-- each sequence (and acknowledgment) position RFC 9293 3.10.7 and RFC 5961
-- tell apart, what the target answers and the state it is in afterwards,
-- against what the reference model predicts for the same state, the same
-- variables and the same segment. No expectation is written by hand: the
-- oracle follows the target into the state (its numbers included), and a
-- copy of its model is asked what a conformant stack does.
--
--    local matrix = require "synfin.matrix"
--    matrix.register("ESTABLISHED")      -- scripts/matrix/ESTABLISHED.lua
--
-- One test per state × segment kind (`matrix/ESTABLISHED: RST`), one
-- namespace for it; each position is a cell on a connection of its own,
-- one assertion named by the cell's id `matrix/ESTABLISHED/RST/inside`,
-- and one top-level TAP point (synfin.cells).
-- Every cell's segment is sent before any answer is awaited, so the cells
-- of a test share one wait. See docs/LUA-API.md, "The matrix".
-- @module synfin.matrix
local core = require "synfin.core"
local seq = require "synfin.seq"
local steps = require "synfin.steps"
local rules = require "synfin.matrix_rules"

local M = {}

M.SERVER = 80       -- the target's listening port
M.CLOSED_PORT = 81  -- a port nothing listens on
M.WAIT = 0.3        -- seconds every cell's target is given to answer
local TEXT = 10     -- octets on the segments that carry text
local IN_FLIGHT = 100 -- octets the target sends unacknowledged where it can

--- The kinds of arriving segment (the columns).
M.kinds = {
  { id = "SYN", flags = "S" },
  { id = "SYN-text", flags = "S", len = TEXT },
  { id = "SYN-ACK", flags = "S." },
  { id = "SYN-FIN", flags = "SF" },
  { id = "ACK", flags = "." },
  { id = "ACK-text", flags = "P.", len = TEXT },
  { id = "FIN", flags = "F" },
  { id = "FIN-ACK", flags = "F." },
  { id = "RST", flags = "R" },
  { id = "RST-ACK", flags = "R." },
  { id = "data", flags = "P", len = TEXT }, -- text without ACK
}

--- Sequence positions against the target's receive window (RFC 9293
-- 3.10.7.4 Table 6, RFC 5961 3.2): the segment wholly before RCV.NXT, at
-- it, in the middle of the window, on its last octet, just past it.
M.seq_positions = { "outside-left", "left-edge", "inside", "right-edge", "outside-right" }
--- ACK field positions, for the segments with ACK (RFC 9293 3.10.7.4
-- fifth check, RFC 5961 5.2): older than SND.UNA by more than MAX.SND.WND,
-- SND.UNA, inside what is in flight, SND.NXT, beyond it.
M.ack_positions = { "ack-old", "ack-SND.UNA", "ack-in-flight", "ack-SND.NXT", "ack-beyond" }

local function kind_of(id)
  for _, k in ipairs(M.kinds) do if k.id == id then return k end end
  core.misuse("matrix: unknown segment kind " .. core.quote(id))
end

--- The positions of a kind: the sequence positions, and for a segment
-- with ACK the acknowledgment positions too.
function M.positions(kind)
  local list = {}
  for _, p in ipairs(M.seq_positions) do list[#list + 1] = p end
  if kind.flags:find(".", 1, true) then
    for _, p in ipairs(M.ack_positions) do list[#list + 1] = p end
  end
  return list
end

-- ---- driving the target into a state -----------------------------------
-- Each reach(t, i, srv) opens connection i (the tester's port 45000 + i)
-- and leaves the target in the row's state; c:expect passes over the
-- other cells' segments (their retransmissions may come meanwhile).

local function lport(i) return 45000 + i end

local function expect(c, pattern)
  pattern.ignore = { dport = function(p) return p ~= c.lport end }
  return c:expect(pattern)
end

local function connected(t, i, srv)
  return steps.connected(t, { port = M.SERVER, lport = lport(i), srv = srv })
end

-- The target sends text the tester receives and never acknowledges, so
-- SND.UNA < SND.NXT and "in flight" is a position.
local function in_flight(c, fd)
  c:target_send(fd, ("d"):rep(IN_FLIGHT))
  expect(c, { len = IN_FLIGHT, hold = true, name = "the target sends text (left unacknowledged)" })
  c:discard()
end

local function time_wait(how)
  return function(t, i, srv)
    local c, fd = connected(t, i, srv)
    if how == "shutdown" then c:target_shutdown(fd) else c:target_close(fd) end
    expect(c, { flags = "F.", name = "the target sends its FIN" })
    c:close()
    expect(c, { flags = ".", name = "the target acknowledges the tester's FIN" })
    return c, fd
  end
end

--- The rows: id (as in the cell ids), the state the target must be in
-- (model and kernel), listener (the target listens on M.SERVER), reach.
M.rows = {
  { id = "CLOSED", state = "CLOSED", reach = function(t, i)
      local c = t:tcp { port = M.CLOSED_PORT, lport = lport(i) }
      c:_new_oracle("CLOSED")
      return c
    end },
  { id = "LISTEN", state = "LISTEN", listener = true, reach = function(t, i)
      local c = t:tcp { port = M.SERVER, lport = lport(i) }
      c:_new_oracle("LISTEN")
      return c
    end },
  { id = "SYN-SENT", state = "SYN_SENT", reach = function(t, i)
      local c = t:tcp { lport = lport(i) }
      c:listen()
      local fd = assert(t.agent:connect(t.tester.addr, c.lport))
      c:target_call("open_active")
      expect(c, { flags = "S", hold = true, name = "the target sends its SYN (not answered)" })
      c:discard()
      return c, fd
    end },
  { id = "SYN-RECEIVED-from-LISTEN", state = "SYN_RECEIVED", listener = true, reach = function(t, i)
      local c = t:tcp { port = M.SERVER, lport = lport(i) }
      c:open("LISTEN")
      expect(c, { flags = "S.", hold = true, name = "the target answers SYN-ACK (not acknowledged)" })
      c:discard()
      return c
    end },
  { id = "SYN-RECEIVED-from-SYN-SENT", state = "SYN_RECEIVED", reach = function(t, i)
      local tport = 33000 + i
      local fd = assert(t.agent:connect(t.tester.addr, lport(i), { port = tport }))
      local c = t:tcp { port = tport, lport = lport(i) }
      c:open("active") -- our SYN crosses the target's (simultaneous open)
      expect(c, { flags = "S", hold = true, name = "the target's SYN" })
      expect(c, { flags = "S.", hold = true, name = "the target's SYN-ACK (not acknowledged)" })
      c:discard()
      return c, fd
    end },
  { id = "ESTABLISHED", state = "ESTABLISHED", listener = true, reach = function(t, i, srv)
      local c, fd = connected(t, i, srv)
      in_flight(c, fd)
      return c, fd
    end },
  { id = "FIN-WAIT-1", state = "FIN_WAIT_1", listener = true, reach = function(t, i, srv)
      local c, fd = connected(t, i, srv)
      c:target_shutdown(fd)
      expect(c, { flags = "F.", hold = true, name = "the target sends its FIN (not acknowledged)" })
      c:discard()
      return c, fd
    end },
  { id = "FIN-WAIT-2", state = "FIN_WAIT_2", listener = true, reach = function(t, i, srv)
      local c, fd = connected(t, i, srv)
      c:target_shutdown(fd)
      expect(c, { flags = "F.", name = "the target sends its FIN" })
      return c, fd
    end },
  { id = "CLOSE-WAIT", state = "CLOSE_WAIT", listener = true, reach = function(t, i, srv)
      local c, fd = connected(t, i, srv)
      c:close()
      expect(c, { flags = ".", name = "the target acknowledges the tester's FIN" })
      in_flight(c, fd)
      return c, fd
    end },
  { id = "CLOSING", state = "CLOSING", listener = true, reach = function(t, i, srv)
      local c, fd = connected(t, i, srv)
      c:target_shutdown(fd)
      local fin = expect(c, { flags = "F.", hold = true, name = "the target sends its FIN (not acknowledged)" })
      c:discard()
      -- Our FIN, crafted: it must not acknowledge the target's (the
      -- endpoint's own would), so the target goes to CLOSING, not TIME-WAIT.
      c:segment { flags = "F.", ack = fin.seq }
      t:expect { sport = c.port, dport = c.lport, flags = ".", ignore = { dport = function(p) return p ~= c.lport end },
                 name = "the target acknowledges the tester's FIN" }
      return c, fd
    end },
  { id = "LAST-ACK", state = "LAST_ACK", listener = true, reach = function(t, i, srv)
      local c, fd = connected(t, i, srv)
      c:close()
      expect(c, { flags = ".", name = "the target acknowledges the tester's FIN" })
      c:target_close(fd)
      expect(c, { flags = "F.", hold = true, name = "the target sends its FIN (not acknowledged)" })
      c:discard()
      return c, fd
    end },
  { id = "TIME-WAIT-by-close", state = "TIME_WAIT", listener = true, reach = time_wait("close") },
  { id = "TIME-WAIT-by-shutdown", state = "TIME_WAIT", listener = true, reach = time_wait("shutdown") },
}

local function row_of(id)
  for _, r in ipairs(M.rows) do if r.id == id then return r end end
  core.misuse("matrix: unknown row " .. core.quote(id))
end

-- ---- the segment of a cell ----------------------------------------------

-- The target's numbers the positions are counted from. Without a TCB
-- (CLOSED, LISTEN) the window is the one a SYN with the tester endpoint's
-- ISN (1000000) would open, 65535 wide, and nothing is in flight (SND at
-- 5000000); before RCV.NXT exists (SYN-SENT) it starts at the tester's ISN.
local TESTER_ISN, NOMINAL_SND = 1000000, 5000000

local function frame(v)
  local f = { rcv_nxt = v.rcv_nxt, rcv_wnd = v.rcv_wnd, snd_una = v.snd_una, snd_nxt = v.snd_nxt,
              max_snd_wnd = v.max_snd_wnd }
  if v.state == "CLOSED" or v.state == "LISTEN" then
    f.rcv_nxt, f.rcv_wnd, f.snd_una, f.snd_nxt, f.max_snd_wnd = TESTER_ISN, 65535, NOMINAL_SND, NOMINAL_SND, 0
  elseif v.state == "SYN_SENT" then
    f.rcv_nxt = TESTER_ISN
  end
  return f
end

--- The segment of one cell, as a t:send spec, from the target's numbers
-- (the oracle's vars); nil and the reason when the position does not exist
-- in that state.
function M.segment(kind, pos, v, c)
  local f = frame(v)
  local len = (kind.len or 0) + (kind.flags:find("S") and 1 or 0) + (kind.flags:find("F") and 1 or 0)
  local s, a = f.rcv_nxt, f.snd_nxt
  if pos == "outside-left" then s = seq.sub(f.rcv_nxt, math.max(len, 1))
  elseif pos == "inside" then s = seq.add(f.rcv_nxt, f.rcv_wnd // 2)
  elseif pos == "right-edge" then s = seq.add(f.rcv_nxt, f.rcv_wnd - 1)
  elseif pos == "outside-right" then s = seq.add(f.rcv_nxt, f.rcv_wnd)
  elseif pos == "ack-old" then a = seq.sub(f.snd_una, f.max_snd_wnd + 1)
  elseif pos == "ack-SND.UNA" then a = f.snd_una
  elseif pos == "ack-in-flight" then
    local n = seq.sub(f.snd_nxt, f.snd_una)
    if n < 2 then return nil, ("nothing in flight to acknowledge in part: SND.NXT - SND.UNA = %d"):format(n) end
    a = seq.add(f.snd_una, n // 2)
  elseif pos == "ack-beyond" then a = seq.add(f.snd_nxt, 1)
  end
  if (pos == "inside" or pos == "right-edge") and f.rcv_wnd < 2 then
    return nil, ("the target's receive window is %d octets"):format(f.rcv_wnd)
  end
  return { flags = kind.flags, seq = s, ack = kind.flags:find(".", 1, true) and a or 0, win = 64240,
           sport = c.lport, dport = c.port, payload = kind.len and ("m"):rep(kind.len) or nil }
end

-- ---- what the model predicts ---------------------------------------------

--- The rules on which RFC 793, RFC 9293 (with the RFC 5961 mitigations it
-- describes), RFC 1337 and RFC 6191 disagree, as model policies. A cell
-- where they predict differently names each; the target's profile policy
-- says which one it follows, and that one is the cell's expectation.
M.rules = {
  { name = "RFC 793", policy = { rfc5961_rst = false, rfc5961_syn = false, rfc5961_ack = false } },
  { name = "RFC 5961", policy = {} },
  { name = "RFC 1337", policy = { rfc1337 = true } },
  { name = "RFC 6191", policy = { time_wait_reopen = true } },
}

-- A number as the RFC would name it, from the target's variables and the
-- arriving segment.
local function sym(n, v, spec, seglen)
  if n == v.snd_nxt then return "SND.NXT" end
  if n == v.rcv_nxt and v.rcv_nxt ~= 0 then return "RCV.NXT" end
  if n == spec.ack and spec.flags:find(".", 1, true) then return "SEG.ACK" end
  if n == seq.add(spec.seq, seglen) then return "SEG.SEQ+SEG.LEN" end
  if n == v.iss and v.iss ~= 0 then return "ISS" end
  return tostring(n)
end

local function seglen(spec)
  return #(spec.payload or "") + (spec.flags:find("S") and 1 or 0) + (spec.flags:find("F") and 1 or 0)
end

-- One segment of an answer as text: "RST <SEQ=SEG.ACK>", "ACK <SEQ=SND.NXT><ACK=RCV.NXT>".
local function seg_text(e, v, spec)
  local n = seglen(spec)
  local bits = core.flagbits(e.flags)
  local name = ({ [0x04] = "RST", [0x14] = "RST,ACK", [0x10] = "ACK", [0x12] = "SYN,ACK", [0x02] = "SYN",
                  [0x11] = "FIN,ACK", [0x18] = "ACK" })[bits] or e.flags
  local out = name
  if bits & 0x02 == 0 or v.state == "SYN_SENT" or v.state == "SYN_RECEIVED" then
    out = out .. ("<SEQ=%s>"):format(sym(e.seq, v, spec, n))
  end
  if bits & 0x10 ~= 0 then out = out .. ("<ACK=%s>"):format(sym(e.ack, v, spec, n)) end
  if (e.len or 0) > 0 then out = out .. ("<LEN=%d>"):format(e.len) end
  return out
end

-- The answers a model result asks of the target: required answers and
-- acknowledgments (not new output).
local function answers(res)
  local list = {}
  for _, e in ipairs(res.emit) do
    if e.kind == "answer" or e.kind == "ack" then list[#list + 1] = e end
  end
  return list
end

--- What the model predicts for one cell under one policy (nil: the
-- oracle's own, the profile's): { answers, state, rfc, reason, text }.
function M.predict(oracle, spec, policy)
  local m = oracle:model(policy)
  local v = m:vars()
  local res = m:segment(spec)
  local p = { answers = answers(res), state = m:state(), rfc = res.rfc, reason = res.reason, vars = v }
  local parts = {}
  for _, e in ipairs(p.answers) do parts[#parts + 1] = seg_text(e, v, spec) end
  p.text = (#parts > 0 and table.concat(parts, ", ") or "nothing") .. ", " .. p.state
  return p
end

-- Every rule's prediction, and those that differ from `expected` (the
-- profile's): empty when the rules agree.
local function each_rule(oracle, spec, expected)
  local list, other = {}, {}
  for _, r in ipairs(M.rules) do
    local p = M.predict(oracle, spec, r.policy)
    list[#list + 1] = ("%s: %s (%s)"):format(r.name, p.text, p.rfc or "?")
    if p.text ~= expected.text then other[#other + 1] = ("%s: %s"):format(r.name, p.text) end
  end
  return list, other
end

-- ---- one test: every position of a kind in one state ----------------------

-- Drive connection i into the row's state. A target that cannot be driven
-- there (a step fails: no simultaneous open, say) is no failure of the
-- cell: it is skipped with the step that failed, and the connection's
-- oracle is set aside. Checks that failed while the drive went on to the
-- end (the oracle's findings) count as they are.
local function reach(t, row, i, srv)
  local real_ok, failed, conns = t.ok, {}, #(t._conns or {})
  t.ok = function(self, ok, name, diag)
    if ok then return real_ok(self, ok, name, diag) end
    failed[#failed + 1] = { name = name, diag = diag }
    return false
  end
  local done, c, fd = pcall(row.reach, t, i, srv)
  t.ok = real_ok
  if done then
    for _, f in ipairs(failed) do real_ok(t, false, f.name, f.diag) end
    return c, fd
  end
  if c ~= require("synfin.context").ABORT then error(c, 0) end
  for j = conns + 1, #(t._conns or {}) do t._conns[j].oracle = nil end
  local f = failed[1] or { name = "?" }
  local why = f.diag and (f.diag.observed or f.diag.got)
  return nil, nil, ("the target could not be driven into %s: %s%s"):format(row.state, f.name,
    why and (" (" .. tostring(why) .. ")") or "")
end

-- Prepare cell i: the target in the row's state (else SKIP), the segment,
-- the predictions.
local function prepare(t, row, kind, cell)
  if cell.skip then return end
  local c = cell.c
  local model = c.oracle:state()
  local kernel = row.state
  if row.id ~= "LISTEN" then
    kernel = t.agent:tuple_state(t.target.addr, c.port, t.tester.addr, c.lport) or "?"
  end
  if model ~= row.state or kernel ~= row.state then
    cell.skip = ("the target could not be driven into %s (model %s, kernel %s)"):format(row.state, model, kernel)
    return
  end
  local v = c.oracle:vars()
  local spec, why = M.segment(kind, cell.pos, v, c)
  if not spec then cell.skip = why; return end
  cell.spec, cell.vars = spec, v
  cell.expected = M.predict(c.oracle, spec)
  cell.rules, cell.other = each_rule(c.oracle, spec, cell.expected)
  -- The cell's segment is judged here, not by the connection's oracle.
  c.oracle = nil
  cell.sent_max = v.snd_nxt
end

-- Does observed segment o answer as expected emit e? SYN-ACKs of a new
-- connection carry an ISS of the target's choosing.
local function same(e, o, v)
  if core.flagbits(e.flags) ~= o.flagbits then return false end
  local new_iss = o.flagbits & 0x02 ~= 0 and v.state ~= "SYN_SENT" and v.state ~= "SYN_RECEIVED"
  if not new_iss and e.seq ~= o.seq then return false end
  if o.flagbits & 0x10 ~= 0 and e.ack ~= o.ack then return false end
  return (e.len or 0) == (o.len or 0)
end

-- A segment the target sent again (SYN, SYN-ACK, text or FIN it had sent
-- before the cell's segment arrived): no answer to it.
local function resent(o, cell)
  local n = o.len + ((o.flagbits & 0x03 ~= 0) and 1 or 0)
  return o.flagbits & 0x04 == 0 and n > 0 and seq.le(seq.add(o.seq, n), cell.sent_max)
end

-- Compare what came with what was predicted: every predicted answer seen,
-- nothing else (retransmissions aside), the state as predicted.
local function compare(cell, kernel)
  local got, used, missing = cell.got, {}, {}
  for _, e in ipairs(cell.expected.answers) do
    local hit
    for j, o in ipairs(got) do
      if not used[j] and same(e, o, cell.vars) then hit = j; break end
    end
    if hit then used[hit] = true else missing[#missing + 1] = seg_text(e, cell.vars, cell.spec) end
  end
  local extra = {}
  for j, o in ipairs(got) do
    if not used[j] and not resent(o, cell) then extra[#extra + 1] = seg_text(o, cell.vars, cell.spec) end
  end
  local want = cell.expected.state
  local state_ok = kernel == want or (want == "LISTEN" and kernel == "CLOSED")
  local parts = {}
  for j, o in ipairs(got) do
    local text = seg_text(o, cell.vars, cell.spec)
    -- Shown, but no answer: the target may resend on its own timer meanwhile.
    parts[#parts + 1] = (used[j] or not resent(o, cell)) and text or ("(resent " .. text .. ")")
  end
  cell.observed = (#parts > 0 and table.concat(parts, ", ") or "nothing") .. ", " .. tostring(kernel)
  return #missing == 0 and #extra == 0 and state_ok, missing, extra
end

-- How long the cells' target is given to answer: M.WAIT, or longer when its
-- profile says so (policy matrix_wait): a delayed ACK may come up to 0.5 s
-- late (RFC 9293 3.8.6.3, MUST-40), and lwIP's comes on its 250 ms timer.
local function answer_wait(cells)
  for _, cell in ipairs(cells) do
    local policy = cell.c and cell.c.profile and cell.c.profile.policy
    if policy then return math.max(M.WAIT, policy.matrix_wait or 0) end
  end
  return M.WAIT
end

-- Every cell's answers, taken off the wire for `wait` seconds after the
-- last segment went out: each to the cell whose ports it carries.
local function collect(t, cells, wait)
  local by_port = {}
  for _, cell in ipairs(cells) do
    if cell.spec then cell.got = {}; by_port[cell.c.lport] = cell end
  end
  local deadline = core.now() + wait
  while true do
    local left = deadline - core.now()
    if left <= 0 then break end
    local seg = t:recv(left)
    if not seg then break end
    local cell = seg.kind == "tcp" and by_port[seg.dport]
    if cell and seg.sport == cell.c.port and seg.time >= cell.sent_at then cell.got[#cell.got + 1] = seg end
  end
end

local function judge(t, row, cell)
  if cell.skip then return t:skip_check(cell.id, cell.skip) end
  local c = cell.c
  local kernel = t.agent:tuple_state(t.target.addr, c.port, t.tester.addr, c.lport) or "?"
  local ok, missing, extra = compare(cell, kernel)
  local e = cell.expected
  -- Where the RFCs disagree the name says what the other rules predict;
  -- the expectation is the rule the target's profile follows.
  local name = ("%s: %s (%s)%s"):format(cell.id, e.text, e.rfc or "?",
    #cell.other > 0 and (" [" .. table.concat(cell.other, "; ") .. "]") or "")
  local diag = { rfc = e.rfc, rule = e.reason, sentence = rules.sentence(e.rfc, e.reason),
                 segment = ("%s <SEQ=%s><ACK=%s><LEN=%d>"):format(cell.spec.flags, cell.spec.seq, cell.spec.ack,
                                                                  #(cell.spec.payload or "")),
                 expected = e.text, observed = cell.observed, row = row.id }
  if #cell.other > 0 then diag.rules = cell.rules end
  if ok then return t:ok(true, name .. " conformant") end
  if #missing > 0 then diag.missing = table.concat(missing, ", ") end
  if #extra > 0 then diag.unexpected = table.concat(extra, ", ") end
  return t:ok(false, name .. " deviates", diag)
end

--- Run one test of the matrix: every position of `kind_id` in row `row_id`.
function M.run(t, row_id, kind_id)
  local row, kind = row_of(row_id), kind_of(kind_id)
  -- A backlog above the cells' count: each may hold a SYN-RECEIVED request.
  local srv = row.listener and assert(t.agent:listen(M.SERVER, 64)) or nil
  local cells, only = {}, t.env.cells -- a --filter that named cells: those only
  for i, pos in ipairs(M.positions(kind)) do
    local cell = { id = ("matrix/%s/%s/%s"):format(row.id, kind.id, pos), pos = pos }
    if not only or only[cell.id] then
      -- Once one connection could not be driven there, the others are not tried.
      local unreached = cells[#cells] and cells[#cells].unreached
      if unreached then cell.skip, cell.unreached = unreached, unreached
      else
        local before = #t.asserts
        cell.c, cell.fd, cell.skip = reach(t, row, i, srv)
        cell.unreached = cell.skip
        -- The checks made on the cell's own connection are the cell's
        -- (synfin.cells): a finding there fails that cell, not the others.
        for j = before + 1, #t.asserts do t.asserts[j].cell = cell.id end
      end
      cells[#cells + 1] = cell
    end
  end
  for _, cell in ipairs(cells) do prepare(t, row, kind, cell) end
  for _, cell in ipairs(cells) do
    if cell.spec then
      cell.sent_at = core.wallclock()
      t:send(cell.spec)
    end
  end
  collect(t, cells, answer_wait(cells))
  local skipped = 0
  for _, cell in ipairs(cells) do
    judge(t, row, cell)
    if cell.skip then skipped = skipped + 1 end
  end
  if skipped == #cells then t:skip(cells[1].skip) end
end

--- The ids of every cell, in order (for the report and the tests).
function M.cell_ids()
  local out = {}
  for _, row in ipairs(M.rows) do
    for _, kind in ipairs(M.kinds) do
      for _, pos in ipairs(M.positions(kind)) do out[#out + 1] = ("matrix/%s/%s/%s"):format(row.id, kind.id, pos) end
    end
  end
  return out
end

--- Register the tests of one row: one per segment kind, named by it, so
-- the test `matrix/ROW: KIND` holds the cells `matrix/ROW/KIND/POSITION`.
function M.register(row_id)
  local row = row_of(row_id)
  local synfin = require "synfin"
  for _, kind in ipairs(M.kinds) do
    local ids = {}
    for _, pos in ipairs(M.positions(kind)) do ids[#ids + 1] = ("matrix/%s/%s/%s"):format(row.id, kind.id, pos) end
    synfin.test {
      name = kind.id,
      cells = ids,
      claims = {},
      rfc = { "RFC 9293 3.10.7", "RFC 5961" },
      run = function(t) M.run(t, row.id, kind.id) end,
    }
  end
end

return M
