-- Tests whose only check is the oracle: each withholds or sleeps through
-- what the target sends and asserts nothing about it itself. Against
-- Linux every one is conformant; tests/selftest/broken-oracle.sh runs them
-- against targets broken on purpose, which the oracle alone must catch.
local synfin = require "synfin"
local steps = require "synfin.steps"

synfin.test {
  name = "LAST_ACK: the ACK of the target's FIN withheld, the script sleeps",
  rfc = { "RFC 9293 3.10.8" },
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    c:close()
    c:expect { flags = "." }                 -- CLOSE_WAIT
    c:target_close(fd)                       -- LAST_ACK: its FIN
    c:expect { flags = "F.", hold = true }   -- never acknowledged
    t:sleep(3.5)                             -- its retransmissions are owed
  end,
}

synfin.test {
  name = "ESTABLISHED: the target's application closes, the script sleeps",
  rfc = { "RFC 9293 3.10.4" },
  run = function(t)
    local c, fd = steps.connected(t, { port = 80 })
    c:target_close(fd)                       -- owes a FIN
    t:sleep(2)
  end,
}

synfin.test {
  name = "ESTABLISHED: the tester's data, the script sleeps",
  rfc = { "RFC 9293 3.8.6.3" },
  run = function(t)
    local c = steps.connected(t, { port = 80 })
    c:send("hello")                          -- owes an ACK
    t:sleep(1)
  end,
}

synfin.test {
  name = "SYN_RECEIVED (simultaneous open): the target's application closes, the script sleeps",
  rfc = { "RFC 9293 3.10.4" },
  run = function(t)
    local fd = assert(t.agent:connect(t.tester.addr, 5001, { port = 33000 }))
    local c = t:tcp { port = 33000, lport = 5001 }
    c:open("active")
    c:expect { flags = "S", hold = true }    -- our SYN-ACK withheld
    c:expect { flags = "S." }
    c:state_is("SYN_RECEIVED")
    c:target_close(fd)                       -- owes a FIN at once (3.10.4)
    t:sleep(2)
    c:release()
  end,
}
