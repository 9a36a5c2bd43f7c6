-- Keep-alive (RFC 1122 4.2.3.6): after an idle interval the stack probes
-- its peer with a segment of sequence number SND.NXT-1 and no data (or one
-- garbage octet), which a live peer acknowledges. A connection whose peer
-- answers stays open; one whose peer has disappeared is given up after
-- TCP_KEEPCNT unanswered probes and its application told ETIMEDOUT. Linux
-- also sends a RST then (tcp_keepalive_timer), which is recorded. Timers
-- through the agent: TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 2.
local synfin = require "synfin"
local steps = require "synfin.steps"
local core = require "synfin.core"
local reset = require "synfin.reset"
local seq = require "synfin.seq"

local KEEPALIVE = { { "keepidle", 1 }, { "keepintvl", 1 }, { "keepcnt", 2 }, { "keepalive", 1 } }

-- A keep-alive probe of a connection whose next sequence number is `nxt`.
local function is_probe(seg, nxt)
  return seg.flags == "." and seg.len <= 1 and seg.seq == seq.add(nxt, -1)
end

synfin.test {
  name = "keep-alive probes at SND.NXT-1: answered, the connection lives; unanswered, it is given up",
  waits = 3, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S6.3" },
  rfc = { "RFC 1122 4.2.3.6", "RFC 9293 3.8.4" },
  needs = { "timers" }, -- the keep-alive idle and interval are shortened
  run = function(t)
    local kept, kfd = steps.connected(t, { port = 80 })  -- the tester answers its probes
    local lost, lfd = steps.connected(t, { role = "active", port = 5000 }) -- the tester has "disappeared"
    steps.sockopts(t, kfd, KEEPALIVE)
    steps.sockopts(t, lfd, KEEPALIVE)
    -- From here on the segments are handled by hand: the endpoints' model
    -- has no keep-alive.
    local k, l = kept:vars(), lost:vars()
    local start = core.now()
    local kept_probes, lost_probes, others, rst = {}, {}, {}, nil
    while not rst and core.now() - start < 4.5 do
      local seg = t:next({ checksum_ok = "any" }, 4.5 - (core.now() - start))
      if not seg then break end
      local at = core.now() - start
      if seg.sport == kept.port and is_probe(seg, k.rcv_nxt) then
        kept_probes[#kept_probes + 1] = at
        t:send { flags = ".", seq = k.snd_nxt, ack = k.rcv_nxt, sport = kept.lport, dport = kept.port }
      elseif seg.sport == lost.port and is_probe(seg, l.rcv_nxt) then
        lost_probes[#lost_probes + 1] = at
      elseif seg.sport == lost.port and reset.is_rst(seg.flags) then
        rst = seg
      else
        others[#others + 1] = seg.summary
      end
    end
    local function times(list)
      local s = {}
      for i, v in ipairs(list) do s[i] = ("%.2f"):format(v) end
      return table.concat(s, " ")
    end
    t:diag(("probes answered at %s s; unanswered at %s s; given up at %.2f s"):format(
      times(kept_probes), times(lost_probes), core.now() - start))
    t:ok(#others == 0, "every segment is a keep-alive probe <SEQ=SND.NXT-1>, 0 or 1 octet",
         { observed = table.concat(others, "; ") })
    t:ok(#kept_probes >= 2, "the answered connection is probed again after each idle interval",
         { got = #kept_probes })
    t:is(#lost_probes, 2, "the unanswered connection gets TCP_KEEPCNT (2) probes")
    t:state_is(kfd, "ESTABLISHED", "the answered connection stays ESTABLISHED")
    local _, why = t.agent:recv(lfd, 10, 0.5)
    t:is(why, "ETIMEDOUT", "the unanswered connection's application is told ETIMEDOUT")
    t:state_is(lfd, "CLOSED", "the unanswered connection is CLOSED")
    if rst then
      t:diag("recorded: the stack sends a RST when it gives up: " .. rst.summary)
      t:is(rst.seq, l.rcv_nxt, "that RST carries SND.NXT")
    else
      t:diag("recorded: the stack gives up without a RST")
    end
  end,
}
