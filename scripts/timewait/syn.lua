-- A new SYN on the socket pair of a connection in TIME_WAIT. RFC 9293 3.6.1
-- lets a stack reopen the connection (MAY-2) when it picks an ISN above the
-- old one and stays in TIME_WAIT for an old duplicate; RFC 6191 (SHLD-4)
-- says which SYN is new: by timestamp when both incarnations use them, by
-- sequence number otherwise, and an old one is silently dropped. Linux
-- reopens (tcp_timewait_state_process) and answers an old SYN with an ACK.
local synfin = require "synfin"
local closing = require "synfin.closing"
local seq = require "synfin.seq"

-- An old SYN: TIME_WAIT holds; the RFC 6191 drop is checked, Linux's ACK
-- (<SEQ=SND.NXT><ACK=RCV.NXT>, RFC 5961 4.2 style) recorded as documented.
local function old_syn_refused(t, tw, spec)
  spec.flags, spec.dport = "S", tw.port
  t:send(spec)
  local ans = t:next({ checksum_ok = "any" }, 0.5)
  local acked = ans ~= nil and ans.flags == "." and ans.seq == tw.rcv_nxt and ans.ack == tw.snd_nxt
  t:rfc_check { name = "an old SYN in TIME_WAIT is silently dropped", rfc = "RFC 6191 2",
                conforms = ans == nil, deviation = "time_wait_old_syn_acked", as_documented = acked,
                observed = ans and ans.summary or "nothing" }
  t:tuple_state_is(t.sport, tw.port, "TIME_WAIT", "the connection stays in TIME_WAIT")
end

-- A new SYN: a SYN-ACK with an ISN above the old SND.NXT, and a new connection.
local function new_syn_reopens(t, tw, spec)
  spec.flags, spec.dport = "S", tw.port
  local syn = t:send(spec)
  local sa = t:expect { flags = "S.", ack = syn.seq + 1, name = "the target answers the new SYN with a SYN-ACK, its ISN above the old SND.NXT",
                        seq = function(isn) return seq.gt(isn, tw.rcv_nxt) end }
  t:diag(("new ISN = old SND.NXT + %d"):format(seq.sub(sa.seq, tw.rcv_nxt)))
  local ts = spec.options and spec.options.ts and { ts = { spec.options.ts[1] + 1, sa.ts and sa.ts.val or 0 } } or nil
  t:send { flags = ".", seq = syn.seq + 1, ack = sa.seq + 1, dport = tw.port, options = ts }
  t:ok(t.agent:accept(tw.srv, 2), "the listener's application accepts the new incarnation")
  t:tuple_state_is(t.sport, tw.port, "ESTABLISHED", "the new incarnation is ESTABLISHED")
end

synfin.test {
  name = "TIME_WAIT without timestamps: an older SYN is refused, a SYN above RCV.NXT reopens",
  claims = { "S5.1b" },
  rfc = { "RFC 9293 3.6.1", "RFC 6191 2" },
  run = function(t)
    local tw = closing.raw_time_wait(t, 80, false)
    old_syn_refused(t, tw, { seq = tw.snd_nxt - 100000 })
    new_syn_reopens(t, tw, { seq = tw.snd_nxt + 100000 })
  end,
}

synfin.test {
  name = "TIME_WAIT with timestamps: a SYN with an older TSval is refused, a newer TSval reopens below RCV.NXT",
  claims = { "S5.1b" },
  rfc = { "RFC 9293 3.6.1", "RFC 6191 2", "RFC 7323 5" },
  needs = { "timestamps" }, -- a target with them off is checked by the test above
  run = function(t)
    local tw = closing.raw_time_wait(t, 80, true)
    -- Sequence number above RCV.NXT, but the timestamp says it is old.
    old_syn_refused(t, tw, { seq = tw.snd_nxt + 100000, options = { ts = { tw.tsval - 50, 0 } } })
    -- Sequence number below RCV.NXT, but the timestamp says it is new.
    new_syn_reopens(t, tw, { seq = tw.snd_nxt - 100000, options = { ts = { tw.tsval + 100, 0 } } })
  end,
}
