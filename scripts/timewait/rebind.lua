-- A program stopped and restarted at once, while a connection it closed
-- first waits in TIME_WAIT on its port (RFC 9293 3.6.1, MUST-13): the
-- restarted server cannot bind its port again, nor the restarted client its
-- local port, and the connection's socket pair stays taken. What Linux
-- allows with SO_REUSEADDR is recorded: the TIME_WAIT connection keeps the
-- SO_REUSEADDR of the socket it came from, and only when both incarnations
-- set it may the port be bound again.
local synfin = require "synfin"
local steps = require "synfin.steps"
local closing = require "synfin.closing"
local kernel = require "synfin.kernel"

-- The program's first incarnation: a connection it closed first
-- (shutdown), now in TIME_WAIT; then the program exits, closing its sockets.
local function first_run(t, role, port, reuse)
  local c, fd, srv = steps.connected(t, { role = role, port = port, sockopts = reuse and { reuseaddr = 1 } or nil,
                                          bind = role == "active" and 33000 or nil })
  closing.time_wait(t, c, fd, "shutdown")
  t.agent:close(fd)
  if srv then t.agent:close(srv) end
  return c
end

-- bind() of a new socket to the target's `port`, with or without SO_REUSEADDR.
local function rebind(t, port, reuse)
  local fd = assert(t.agent:socket())
  if reuse then steps.sockopts(t, fd, { { "reuseaddr", 1 } }) end
  local ok, e = t.agent:bind(fd, nil, port)
  return fd, steps.outcome(ok, e)
end

synfin.test {
  name = "a restarted server cannot bind its port while a connection on it is in TIME_WAIT",
  claims = { "S5.1c" },
  rfc = { "RFC 9293 3.6.1" },
  run = function(t)
    first_run(t, "passive", 80, false)
    local _, got = rebind(t, 80, false)
    t:is(got, "EADDRINUSE", "bind() to the port fails with EADDRINUSE")
    _, got = rebind(t, 80, true)
    t:is(got, "EADDRINUSE", "with SO_REUSEADDR on the new socket only, bind() still fails")
  end,
}

synfin.test {
  name = "a restarted server with SO_REUSEADDR in both runs may listen again; the TIME_WAIT pair stays taken",
  claims = { "S5.1c", "S5.1b" },
  rfc = { "RFC 9293 3.6.1" },
  run = function(t)
    local old = first_run(t, "passive", 80, true)
    local _, got = rebind(t, 80, false)
    t:is(got, "EADDRINUSE", "without SO_REUSEADDR, bind() fails with EADDRINUSE")
    local fd
    fd, got = rebind(t, 80, true)
    t:is(got, "ok", "with SO_REUSEADDR, bind() succeeds (recorded: Linux allows it)")
    t:is(steps.try(t, ("listen %d 5"):format(fd)), "ok", "the restarted server listens")
    t:is(kernel.state(t, old), "TIME_WAIT", "the old connection is still in TIME_WAIT")
  end,
}

synfin.test {
  name = "a restarted client cannot bind its local port; with SO_REUSEADDR it cannot reuse the pair",
  claims = { "S5.1c", "S5.1b" },
  rfc = { "RFC 9293 3.6.1" },
  run = function(t)
    local old = first_run(t, "active", 5000, true)
    local _, got = rebind(t, old.port, false)
    t:is(got, "EADDRINUSE", "bind() to the old local port fails with EADDRINUSE")
    local fd
    fd, got = rebind(t, old.port, true)
    t:is(got, "ok", "with SO_REUSEADDR in both runs, bind() succeeds (recorded: Linux allows it)")
    t:is(steps.try(t, ("connect %d %s %d"):format(fd, t.tester.addr, old.lport)), "EADDRNOTAVAIL",
         "connect() on the TIME_WAIT socket pair fails with EADDRNOTAVAIL")
    t:expect_silence(0.2, { flags = "S" }, "no SYN leaves for the TIME_WAIT socket pair")
    fd = rebind(t, old.port, true)
    t:is(steps.try(t, ("connect %d %s %d"):format(fd, t.tester.addr, old.lport + 1)), "ok",
         "connect() from the same port to another peer port starts")
    t:expect { flags = "S", sport = old.port, dport = old.lport + 1,
               name = "its SYN leaves from the old local port" }
  end,
}
