--- Opening connections to the target, the one home for it: on the
-- tester's endpoint (steps.connected) or by hand-crafted segments
-- (steps.passive_open, steps.active_open, steps.raw_connected), with the
-- target in either role, and the target's sockets those need (listeners,
-- socket options).
--
--    local steps = require "synfin.steps"
--    for _, role in ipairs(steps.roles) do            -- both roles (S1.4)
--      local c, fd = steps.connected(t, { role = role })
--    end
--    local c, fd, srv = steps.connected(t, { port = 80, sockopts = { reuseaddr = 1 } })
--
-- Each step is asserted; the numbers are returned so the script can go on.
-- @module synfin.steps
local core = require "synfin.core"
local match = require "synfin.match"
local seq = require "synfin.seq"

local M = {}

--- The two roles the target plays in a connection (RFC 9293 3.5), the only
-- words for them in the library and the scripts: "passive" (it listens and
-- accepts; the tester connects) and "active" (its application connects to
-- the tester). Scripts loop over them so that every claim with two roles is
-- checked in both (S1.4).
M.roles = { "passive", "active" }

--- The server's port when a script names none: the target's for a passive
-- target, the tester's for an active one.
M.PORT = { passive = 80, active = 5000 }

local function check_role(role, fn)
  if M.PORT[role] == nil then
    core.misuse(("%s: role %s is neither 'passive' nor 'active'"):format(fn, core.quote(role)))
  end
  return role
end

--- Set socket options on a target socket: a map `{ name = value }`, or a
-- list of `{ name, value }` pairs set in the order given. Each must
-- succeed (a Lua error otherwise: the script, not the stack, asked for
-- something the agent cannot do).
function M.sockopts(t, fd, opts)
  local list = opts or {}
  if list[1] == nil then
    list = {}
    for name, value in pairs(opts or {}) do list[#list + 1] = { name, value } end
  end
  for _, nv in ipairs(list) do
    local ok, e, m = t.agent:setsockopt(fd, nv[1], nv[2])
    if not ok then core.misuse(("setsockopt %s=%s: %s %s"):format(nv[1], tostring(nv[2]), e, m)) end
  end
end

--- A listener on the target's `port`, with socket options set before
-- bind(); or, given `fd`, a socket the script made (and set options on).
-- @treturn int|nil fd, or nil, ERRNAME from bind or listen
function M.listen(t, port, sockopts, fd)
  fd = fd or assert(t.agent:socket())
  M.sockopts(t, fd, sockopts)
  local ok, e = t.agent:bind(fd, nil, port)
  local got = ok and M.try(t, ("listen %d 5"):format(fd)) or tostring(e)
  if got ~= "ok" then
    t.agent:close(fd)
    return nil, got
  end
  return fd
end

--- The target's application accepts a connection on `srv` (one assertion;
-- the test ends when none comes). @treturn int the accepted fd
function M.accept(t, srv)
  local fd = t.agent:accept(srv, 2)
  t:ok(fd ~= nil, "the target's application accepts the connection")
  if not fd then t:abort() end
  return fd
end

--- The target's connect() completes (one assertion; the test ends when it does not).
function M.wait_connected(t, fd)
  local ok, e = t.agent:wait_connected(fd, 2)
  t:ok(ok, "the target's connect() completes", { got = tostring(ok or e) })
  if not ok then t:abort() end
end

--- An established connection on the tester's endpoint (t:tcp), the
-- target in `opts.role`; each step asserted.
-- @param t test context
-- @tparam[opt] table opts
--   role ("passive", default, or "active", see M.roles);
--   port (the server's port: the target's when passive, default 80; the
--   tester's when active, default 5000);
--   sockopts (a map { name = value } set on the target's listener, or on its
--   connecting socket before connect());
--   srv (passive: a listener the script made);
--   bind (active: the target's local port);
--   and t:tcp options for the tester's endpoint (isn, win, mss, wscale,
--   timestamps, sackok, profile; lport when passive)
-- @treturn table c the tester's endpoint
-- @treturn int fd the target's socket
-- @treturn int|nil srv the target's listener (passive)
function M.connected(t, opts)
  local o = {}
  for k, v in pairs(opts or {}) do o[k] = v end
  local role = check_role(o.role or "passive", "steps.connected")
  local port = o.port or M.PORT[role]
  local sockopts, bind, srv = o.sockopts, o.bind, o.srv
  o.role, o.port, o.sockopts, o.bind, o.srv = nil, nil, nil, nil, nil
  if role == "passive" then
    srv = srv or assert(M.listen(t, port, sockopts))
    o.port = port
    local c = t:tcp(o)
    c:connect()
    return c, M.accept(t, srv), srv
  end
  o.lport = port
  local c = t:tcp(o)
  local fd = assert(t.agent:connect(t.tester.addr, port, { port = bind, sockopts = sockopts }))
  c:accept()
  M.wait_connected(t, fd)
  return c, fd
end

--- Passive open by hand: the target listens on `port`; the tester sends
-- SYN (with `opts.options`), takes the SYN-ACK and sends the ACK.
-- @int port the target's port
-- @tparam[opt] table opts isn (the tester's, default 1000000), options (the
--   SYN's, default { mss = 1460 }; {} for none), sockopts (the listener's),
--   srv (a listener the script made)
-- @treturn table { fd, srv, synack, port = tport = the target's port,
--   lport = the tester's, isn, irs = the target's ISN, snd_nxt, rcv_nxt }
function M.passive_open(t, port, opts)
  opts = opts or {}
  local isn = opts.isn or 1000000
  local srv = opts.srv or assert(M.listen(t, port, opts.sockopts))
  local syn = t:send { flags = "S", seq = isn, dport = port, options = opts.options or { mss = 1460 } }
  local synack = t:expect { flags = "S.", ack = seq.add(isn, 1) }
  require("synfin.settings").check_options(t, synack, syn)
  t:send { flags = ".", seq = seq.add(isn, 1), ack = seq.add(synack.seq, 1), dport = port }
  return { fd = M.accept(t, srv), srv = srv, synack = synack, port = port, tport = port, lport = t.sport,
           isn = isn, irs = synack.seq, snd_nxt = seq.add(isn, 1), rcv_nxt = seq.add(synack.seq, 1) }
end

--- Active open by hand: the target connects to the tester's `port`; the
-- tester answers its SYN with a SYN-ACK (with `opts.options`) and takes the ACK.
-- @tparam[opt] table opts isn (the tester's, default 5000000), options (the
--   SYN-ACK's, default { mss = 1460 }; {} for none), sockopts (set on the
--   target's socket before connect())
-- @treturn table { fd, syn, port = lport = the tester's port, tport = the
--   target's, isn, irs, snd_nxt, rcv_nxt }
function M.active_open(t, port, opts)
  opts = opts or {}
  local isn = opts.isn or 5000000
  local fd = assert(t.agent:connect(t.tester.addr, port, { sockopts = opts.sockopts }))
  local syn = t:expect { flags = "S", dport = port }
  require("synfin.settings").check_options(t, syn)
  t:send { flags = "S.", sport = port, dport = syn.sport, seq = isn, ack = seq.add(syn.seq, 1),
           options = opts.options or { mss = 1460 } }
  t:expect { flags = ".", sport = syn.sport, dport = port, seq = seq.add(syn.seq, 1), ack = seq.add(isn, 1) }
  M.wait_connected(t, fd)
  return { fd = fd, syn = syn, port = port, tport = syn.sport, lport = port,
           isn = isn, irs = syn.seq, snd_nxt = seq.add(isn, 1), rcv_nxt = seq.add(syn.seq, 1) }
end

--- A connection opened by hand with the target in `opts.role` (as
-- steps.connected, for scripts that must put segments on the wire the
-- endpoint would not send): passive_open or active_open on `opts.port`
-- (default M.PORT), with `send(spec)`, a segment of this connection.
function M.raw_connected(t, opts)
  opts = opts or {}
  local role = check_role(opts.role or "passive", "steps.raw_connected")
  local open = role == "passive" and M.passive_open or M.active_open
  local c = open(t, opts.port or M.PORT[role], opts)
  c.send = function(spec)
    spec.sport, spec.dport = c.lport, c.tport
    return t:send(spec)
  end
  return c
end

--- Send a crafted segment and expect the target's answer to match
-- `pattern`; while nothing comes, send it again every second, as TCP
-- retransmits (at most 3 times in all). One assertion, as t:expect.
-- @treturn table the answer
function M.send_expect(t, spec, pattern)
  local seg
  for _ = 1, 3 do
    t:send(spec)
    seg = t:next({ checksum_ok = "any" }, 1)
    if seg then break end
  end
  local name = pattern.name or ("target sends " .. match.title(pattern))
  local want = {}
  for k, v in pairs(pattern) do if k ~= "name" then want[k] = v end end
  local ok, bad = false, nil
  if seg then ok, bad = match.matches(want, seg, t:_adapt()) end
  t:ok(ok, name, { expected = match.describe_pattern(want, {}), mismatched = bad,
                   observed = seg and match.describe(seg, {}, true) or "nothing to 3 segments, 1 s apart" })
  if not ok then t:abort() end
  return seg
end

--- The result of an agent call as one word: the value, "ok", or the errno name.
function M.outcome(v, e)
  if v == nil then return tostring(e) end
  if v == true then return "ok" end
  return tostring(v)
end

--- A raw agent request (targets/AGENT.md) for a call the agent module has
-- no method for on an existing socket (listen, connect): "ok" or the errno name.
function M.try(t, line)
  local r = t.agent:call(line)
  return r.ok and "ok" or tostring(r.err)
end

return M
