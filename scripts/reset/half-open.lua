-- Half-open connections (RFC 9293 3.5.1): one end has lost the connection
-- without the other knowing. When segments then arrive for it, the end that
-- lost it answers with a reset (3.10.7.1: <SEQ=SEG.ACK><CTL=RST>), and the
-- end that still has it learns from the reset; a restarted peer's SYN gets
-- an ACK showing the old numbers, which that peer answers with a RST
-- (Figure 10), after which it can connect again.
local synfin = require "synfin"
local steps = require "synfin.steps"

-- The target loses the connection: its application aborts (SO_LINGER 0),
-- and its RST (RST,ACK, as Linux sends an ABORT's) is dropped on the way,
-- so the tester never learns. The target's answers to segments of unknown
-- connections are bare RSTs and pass.
local LOSE_RST = 'nft add table inet lost; nft add chain inet lost out "{ type filter hook output priority 0; }"; '
  .. 'nft add rule inet lost out tcp flags "&" "(rst|ack)" == "rst|ack" drop'

for _, role in ipairs(steps.roles) do
  synfin.test {
    name = ("target opened %sly lost the connection: the tester's next data gets a RST with seq = SEG.ACK"):format(role),
    claims = { "S6.3", "S6.0" },
    rfc = { "RFC 9293 3.5.1", "RFC 9293 3.10.7.1", "RFC 9293 3.5.2" },
    needs = role == "passive" and { "stateful_syn" } or nil, -- a valid cookie ACK reopens a lost connection
    target = { setup = { LOSE_RST } },
    run = function(t)
      local c, fd = steps.connected(t, { role = role })
      t:ok(t.agent:abort(fd), "the target's application aborts")
      t:expect_silence(0.2, nil, "the tester hears nothing of it (the target's RST is lost)")
      t:tuple_state_is(c.lport, c.port, "CLOSED", "the target has no connection any more")
      -- The oracle was not told: for it the connection is open, and the RST
      -- below is the answer of a stack that lost it (taken as an ABORT).
      local ack = c:vars().rcv_nxt
      c:send("anyone there?")
      c:expect { flags = "R", seq = ack, len = 0, name = "the data gets <SEQ=SEG.ACK><CTL=RST>" }
      t:ok(c.reset, "the tester's endpoint learns that the connection was reset")
      c:expect_silence(0.2, "nothing more")
    end,
  }
end

synfin.test {
  name = "the tester restarted: its SYN on the old pair gets an ACK, its RST clears the pair, a new SYN connects",
  claims = { "S6.3", "S6.0", "S6.2b" },
  rfc = { "RFC 9293 3.5.1", "RFC 5961 4.2", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd, srv = steps.connected(t, { port = 80 })
    -- The tester "crashes" and comes back: a new SYN, a new ISN, the same
    -- ports; from here on its segments are crafted, the endpoint forgotten.
    local old = c:vars()
    local isn = old.snd_nxt + 0x20000000
    t:send { flags = "S", seq = isn, dport = 80 }
    local ack = t:expect { flags = ".", seq = old.rcv_nxt, ack = old.snd_nxt, len = 0,
                           name = "the target answers with an ACK of its old numbers (challenge ACK)" }
    t:state_is(fd, "ESTABLISHED", "the target keeps its connection so far")
    -- "A sends a RST": its sequence number is the ACK field of that ACK.
    t:send { flags = "R", seq = ack.ack, dport = 80 }
    t:expect_silence(0.2, nil, "the target does not answer the RST")
    local _, why = t.agent:recv(fd, 10, 0.5)
    t:is(why, "ECONNRESET", "the target's application is told the connection was reset")
    t:send { flags = "S", seq = isn, dport = 80 }
    local sa = t:expect { flags = "S.", ack = isn + 1, name = "the SYN again now gets a SYN-ACK" }
    t:send { flags = ".", seq = isn + 1, ack = sa.seq + 1, dport = 80 }
    t:ok(t.agent:accept(srv, 2), "the target's application accepts the new connection")
  end,
}
