-- Tests of needs and capabilities that need a target (tests/lua/needs.sh
-- runs them): what the target lacks is SKIP with the reason, before the
-- test runs, or when its agent answers ENOSYS/ENOPROTOOPT.
local synfin = require "synfin"

synfin.test {
  name = "needs sysctl",
  target = { sysctl = { ["net.ipv4.tcp_sack"] = 1 } },
  run = function(t) t:ok(t.target.can.sysctl, "the target can set sysctls") end,
}

synfin.test {
  name = "needs timestamps",
  needs = { "timestamps" },
  run = function(t) t:is(t:setting("timestamps"), 1, "the target has timestamps on") end,
}

-- An agent that cannot do a request: the test ends as SKIP, with the
-- agent's reason, wherever in the library the request was made.
synfin.test {
  name = "agent answers ENOSYS",
  run = function(t)
    t:ok(true, "before the request")
    t.agent.handle = { call = function(_, line)
      return { ok = false, err = "ENOSYS", message = "no tuple_state in this stack", line = "err ENOSYS " .. line }
    end }
    t:tuple_state_is(t.sport, 80, "CLOSED")
    t:ok(false, "not reached: the test was skipped")
  end,
}

synfin.test {
  name = "agent answers ENOPROTOOPT",
  run = function(t)
    local fd = assert(t.agent:socket())
    local real = t.agent.handle
    t.agent.handle = { call = function(_, line)
      if line:match("^setsockopt") then
        return { ok = false, err = "ENOPROTOOPT", message = "no maxseg", line = "err ENOPROTOOPT no maxseg" }
      end
      return real:call(line)
    end }
    t.agent:setsockopt(fd, "maxseg", 1000)
    t:ok(false, "not reached: the test was skipped")
  end,
}

synfin.test {
  name = "settings: what the agent reports, with the user's overrides",
  run = function(t)
    t:ok(math.type(t:setting("somaxconn")) == "integer", "somaxconn is reported, an integer")
    t:is(t:setting("syncookies"), 2, "syncookies as the user's --target-opt sysctl= set it")
    t:is(t:setting("fin_timeout_ms"), 7000, "setting.fin_timeout_ms=7000 overrides the agent's")
    t:is(t:setting("nonesuch"), nil, "an unreported key is nil")
    t:ok(t.target.can.tuple_state and t.target.can.ipv6, "t.target.can is the backend's set")
  end,
}
