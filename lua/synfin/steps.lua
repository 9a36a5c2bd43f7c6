--- Hand-crafted handshakes shared by scripts that work at the raw-segment
-- level: each step is asserted, and the numbers are returned so the script
-- can go on from there.
-- @module synfin.steps
local seq = require "synfin.seq"

local M = {}

--- The target listens on `port`; the tester connects (three-way handshake).
-- @param t test context
-- @int port target port
-- @int[opt=1000000] isn the tester's initial sequence number
-- @treturn table { srv = listener fd, fd = accepted fd, isn = tester ISN,
--   irs = target ISN, snd_nxt = tester's next seq, rcv_nxt = target's next seq }
function M.passive_open(t, port, isn)
  isn = isn or 1000000
  local srv = assert(t.agent:listen(port, 5))
  t:send { flags = "S", seq = isn, dport = port, options = { mss = 1460 } }
  local synack = t:expect { flags = "S.", ack = isn + 1 }
  t:send { flags = ".", seq = isn + 1, ack = synack.seq + 1, dport = port }
  local fd = t.agent:accept(srv, 2)
  t:ok(fd ~= nil, "the target's application accepts the connection")
  if not fd then t:abort() end
  return { srv = srv, fd = fd, port = port, isn = isn, irs = synack.seq,
           snd_nxt = isn + 1, rcv_nxt = seq.add(synack.seq, 1) }
end

--- The target connects to the tester's `port`; the tester answers as a server.
-- @treturn table { fd = target fd, port = tester port, tport = target's port,
--   isn = tester ISN, irs = target ISN, snd_nxt, rcv_nxt }
function M.active_open(t, port, isn)
  isn = isn or 5000000
  local fd = assert(t.agent:connect(t.tester.addr, port))
  local syn = t:expect { flags = "S", dport = port }
  t:send { flags = "S.", sport = port, dport = syn.sport, seq = isn, ack = syn.seq + 1, options = { mss = 1460 } }
  t:expect { flags = ".", seq = syn.seq + 1, ack = isn + 1 }
  t:ok(t.agent:wait_connected(fd, 2), "the target's connect() completes")
  return { fd = fd, port = port, tport = syn.sport, isn = isn, irs = syn.seq,
           snd_nxt = isn + 1, rcv_nxt = seq.add(syn.seq, 1) }
end

--- An established connection on the tester's endpoint: the target listens
-- on `port` and accepts the endpoint's connection (each step asserted).
-- @treturn table the endpoint (synfin.tcp) @treturn int the target's accepted fd
-- @treturn int the target's listener
function M.connected(t, port, opts)
  local srv = assert(t.agent:listen(port, 5))
  local o = { port = port }
  for k, v in pairs(opts or {}) do o[k] = v end
  local c = t:tcp(o)
  c:connect()
  local fd = t.agent:accept(srv, 2)
  t:ok(fd ~= nil, "the target's application accepts the connection")
  if not fd then t:abort() end
  return c, fd, srv
end

return M
