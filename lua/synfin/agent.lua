--- The target's agent: socket calls performed by the target's own stack
-- (targets/AGENT.md). Every method returns its result, or
-- `nil, ERRNAME, message` when the target's stack refused the call
-- (EADDRINUSE, ECONNRESET, ETIMEDOUT...): outcomes are values, so a script
-- can assert on them. A broken or silent agent is a Lua error.
--
--    local srv = assert(t.agent:listen(80, 5))
--    local fd = assert(t.agent:accept(srv, 2))
--    t:is(t.agent:state(fd), "ESTABLISHED", "accepted connection is ESTABLISHED")
-- @module synfin.agent
local core = require "synfin.core"

local Agent = {}
Agent.__index = Agent

--- Wrap the engine's agent handle.
-- @param handle synfin.agent userdata
-- @tparam table env the test environment (family, target address)
function Agent.new(handle, env)
  return setmetatable({ handle = handle, env = env, log = {} }, Agent)
end

-- The agent's answers for a request it cannot perform and an option the
-- stack lacks (targets/AGENT.md, "Unsupported things are errors, not lies").
local UNSUPPORTED = { ENOSYS = true, ENOPROTOOPT = true }

--- Send one raw protocol line; returns the reply table. An `err ENOSYS` or
-- `err ENOPROTOOPT` reply ends the test as SKIP with the agent's reason
-- (through `on_unsupported`, set by the test context): a stack that lacks
-- what a test needs is not a failing stack. `opts.unsupported_ok` returns
-- such a reply instead, for a caller that has a fallback.
-- @string line e.g. "state 3"
-- @number[opt] wait seconds the agent may take (the reply timeout is this plus 5 s)
-- @tparam[opt] table opts { unsupported_ok = true }
function Agent:call(line, wait, opts)
  if self.before_call then self.before_call() end
  local reply = self.handle:call(line, wait)
  self.log[#self.log + 1] = { request = line, reply = reply.line, time = core.now() }
  if not reply.ok and UNSUPPORTED[reply.err] and self.on_unsupported and not (opts and opts.unsupported_ok) then
    self.on_unsupported(line, reply)
  end
  return reply
end

local function result(reply, key)
  if not reply.ok then return nil, reply.err, reply.message end
  if key then return reply[key], reply end
  return true, reply
end

local function int(v) return math.tointeger(tonumber(v)) end

--- A new TCP socket of the test's family (or `family`). @treturn int fd
function Agent:socket(family)
  local fd, e, m = result(self:call("socket " .. (family or self.env.family)), "fd")
  if fd then return int(fd) end
  return nil, e, m
end

--- bind(fd, addr, port); addr "any" or nil for the target's main address.
function Agent:bind(fd, addr, port)
  return result(self:call(("bind %d %s %d"):format(fd, addr or self.env.target.addr, port)))
end

--- Listen on the target: socket, bind, listen. @treturn int fd of the listener
-- @int port
-- @int[opt=5] backlog
-- @string[opt] addr local address (default: the target's main address; "any" for all)
function Agent:listen(port, backlog, addr)
  local fd, e, m = self:socket()
  if not fd then return nil, e, m end
  local ok
  ok, e, m = self:bind(fd, addr, port)
  if ok then ok, e, m = result(self:call(("listen %d %d"):format(fd, backlog or 5))) end
  if not ok then self:call("close " .. fd); return nil, e, m end
  return fd
end

--- Accept one connection within `timeout` seconds. @treturn int fd @treturn table reply (raddr, rport...)
function Agent:accept(fd, timeout)
  timeout = timeout or 2
  local r = self:call(("accept %d %d"):format(fd, math.floor(timeout * 1000)), timeout)
  if not r.ok then return nil, r.err, r.message end
  return int(r.fd), r
end

--- Active open from the target: socket (optionally bound to `opts.port`/`opts.addr`)
-- and a non-blocking connect, so the script can act while the SYN is in flight.
-- @treturn int fd @treturn string "inprogress" or "connected"
function Agent:connect(addr, port, opts)
  opts = opts or {}
  local fd, e, m = self:socket()
  if not fd then return nil, e, m end
  for name, value in pairs(opts.sockopts or {}) do
    local ok, e2, m2 = self:setsockopt(fd, name, value)
    if not ok then return nil, e2, m2 end
  end
  if opts.port or opts.addr then
    local ok, e2, m2 = self:bind(fd, opts.addr, opts.port or 0)
    if not ok then return nil, e2, m2 end
  end
  local r = self:call(("connect %d %s %d"):format(fd, addr, port))
  if not r.ok then return nil, r.err, r.message end
  return fd, r.connected and "connected" or "inprogress"
end

--- Wait until a non-blocking connect completes (or fails with its errno name).
function Agent:wait_connected(fd, timeout)
  timeout = timeout or 2
  return result(self:call(("wait_connected %d %d"):format(fd, math.floor(timeout * 1000)), timeout))
end

--- Send bytes. @treturn int bytes accepted by the stack
function Agent:send(fd, data)
  local n, e, m = result(self:call(("send %d %s"):format(fd, core.hex(data))), "n")
  if n then return int(n) end
  return nil, e, m
end

--- Receive up to `max` bytes within `timeout` seconds.
-- @treturn string data, or nil, "eof" after the peer's FIN, or nil, ERRNAME
function Agent:recv(fd, max, timeout)
  timeout = timeout or 2
  local r = self:call(("recv %d %d %d"):format(fd, max or 65536, math.floor(timeout * 1000)), timeout)
  if not r.ok then return nil, r.err, r.message end
  if r.data then return core.unhex(r.data) end
  return nil, "eof"
end

--- shutdown(fd, "wr" | "rd" | "rdwr")
function Agent:shutdown(fd, how)
  return result(self:call(("shutdown %d %s"):format(fd, how or "wr")))
end

--- close(fd): orderly release (FIN, or RST if unread data is queued).
function Agent:close(fd) return result(self:call("close " .. fd)) end

--- Abortive close: SO_LINGER {on, 0} then close, so the stack sends RST.
function Agent:abort(fd) return result(self:call("abort " .. fd)) end

--- setsockopt(fd, name, value); names as in targets/AGENT.md (reuseaddr, maxseg, keepalive...).
function Agent:setsockopt(fd, name, value)
  if value == true then value = 1 elseif value == false then value = 0 end
  return result(self:call(("setsockopt %d %s %s"):format(fd, name, tostring(value))))
end

--- getsockopt(fd, name) -> value (a number, or an errno name for "error").
function Agent:getsockopt(fd, name)
  local v, e, m = result(self:call(("getsockopt %d %s"):format(fd, name)), "value")
  if v then return tonumber(v) or v end
  return nil, e, m
end

--- The kernel's TCP state of a socket. @treturn string RFC 9293 name @treturn table reply
function Agent:state(fd)
  local r = self:call("state " .. fd)
  if not r.ok then return nil, r.err, r.message end
  return r.state, r
end

--- The state of a 4-tuple (target's address and port first), with or without
-- a descriptor (TIME_WAIT, orphaned FIN_WAIT_2...). "CLOSED" when the stack has none.
function Agent:tuple_state(laddr, lport, raddr, rport)
  local r = self:call(("tuple_state %s %d %s %d"):format(laddr, lport, raddr, rport))
  if not r.ok then return nil, r.err, r.message end
  return r.state, r
end

return Agent
