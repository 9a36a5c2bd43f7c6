-- Tests of the one packet shape: what link:recv returns is what t:send,
-- tcb:segment and the oracle take, with one check that names the script's
-- line. Run by synfin like any script; tests/lua/packet.sh runs it.
local synfin = require "synfin"
local core = require "synfin.core"
local match = require "synfin.match"

-- The target's SYN (its application connects to the tester): a captured
-- segment with options (mss, sackOK, timestamps, nop, wscale on Linux).
local function target_syn(t, port)
  assert(t.agent:connect(t.tester.addr, port))
  return t:expect { flags = "S", dport = port }
end

-- One refused call: not ok, the message quotes the bad value and names
-- this file at `line` (the caller's, from debug.getinfo on that line).
local function refused(t, what, quoted, line, ok, err)
  err = tostring(err)
  t:ok(not ok, what .. " is refused")
  t:ok(err:find(quoted, 1, true) ~= nil, what .. ": the message quotes " .. quoted, { got = err })
  t:ok(err:find("packet.lua:" .. line .. ":", 1, true) ~= nil, what .. ": raised at packet.lua:" .. line,
    { got = err })
end

synfin.test {
  name = "a captured segment is sent back unchanged with t:send(seg)",
  run = function(t)
    local syn = target_syn(t, 5001)
    t:ok(#syn.options > 0, "the target's SYN carries options")
    local back = t:send(syn)
    t:is(back.raw, syn.raw, "the same IP datagram goes out, byte for byte")
    for _, f in ipairs({ "src", "dst", "sport", "dport", "seq", "ack", "flags", "win", "mss", "wscale", "checksum" }) do
      t:is(back[f], syn[f], "field " .. f .. " unchanged")
    end
    t:ok(back.checksum_ok, "its checksum is right")
  end,
}

synfin.test {
  name = "a captured segment is sent with fields overridden, options included",
  run = function(t)
    local syn = target_syn(t, 5002)
    local s = t:send(syn, { dport = 9, win = 1000, options = { { "mss", 536 }, "sackok" } })
    t:is(s.win, 1000, "win overridden")
    t:is(s.dport, 9, "dport overridden")
    t:is(s.mss, 536, "options overridden")
    t:is(s.seq, syn.seq, "the other fields are the captured segment's")
    t:ok(s.checksum_ok, "the checksum is computed again for the changed segment")
    local o = t:send { flags = "S", dport = 9, options = syn.options }
    t:is(match.title { flags = o.flags }, "[S]", "sent as a SYN of ours")
    t:is(require("synfin.options").describe(o), require("synfin.options").describe(syn),
      "a received option list is sent as it is")
    t:is(o.ts and o.ts.val, syn.ts and syn.ts.val, "timestamps kept")
    local bad = t:send(syn, { checksum = "bad" })
    t:ok(not bad.checksum_ok, "checksum = 'bad' as an override sends a wrong one")
  end,
}

synfin.test {
  name = "a segment without flags reads as \"none\", which patterns and t:send take",
  run = function(t)
    local s = t:send { flags = "none", dport = 9 }
    t:is(s.flags, "none", "no flags read as none")
    t:is(s.flagbits, 0, "flag bits 0")
    t:ok(match.matches({ flags = "none" }, s), "the matcher takes \"none\"")
    t:is(core.flagbits("S."), 0x12, "core.flagbits parses letters")
  end,
}

synfin.test {
  name = "the state machine, the oracle and t:send refuse the same bad values at the script's line",
  run = function(t)
    local tcb, o = core.tcb {}, core.oracle("LISTEN")
    refused(t, "t:send win", "70000", debug.getinfo(1, "l").currentline, pcall(t.send, t, { flags = "S", dport = 9, win = 70000 }))
    refused(t, "tcb:segment win", "70000", debug.getinfo(1, "l").currentline, pcall(tcb.segment, tcb, { flags = "S", win = 70000 }))
    refused(t, "oracle:sent win", "70000", debug.getinfo(1, "l").currentline, pcall(o.sent, o, { flags = "S.", win = 70000 }))
    local mss = { { "mss", 99999 } }
    refused(t, "t:send mss", "99999", debug.getinfo(1, "l").currentline, pcall(t.send, t, { flags = "S", dport = 9, options = mss }))
    refused(t, "tcb:segment mss", "99999", debug.getinfo(1, "l").currentline, pcall(tcb.segment, tcb, { flags = "S", options = mss }))
    refused(t, "oracle:sent mss", "99999", debug.getinfo(1, "l").currentline, pcall(o.sent, o, { flags = "S.", options = mss }))
    refused(t, "t:send flag", "'X'", debug.getinfo(1, "l").currentline, pcall(t.send, t, { flags = "SX", dport = 9 }))
    refused(t, "tcb:segment flag", "'X'", debug.getinfo(1, "l").currentline, pcall(tcb.segment, tcb, { flags = "SX" }))
    refused(t, "oracle:sent flag", "'X'", debug.getinfo(1, "l").currentline, pcall(o.sent, o, { flags = "SX" }))
    local bogus = { { "bogus", 1 } }
    refused(t, "t:send option", "'bogus'", debug.getinfo(1, "l").currentline, pcall(t.send, t, { flags = "S", dport = 9, options = bogus }))
    refused(t, "tcb:segment option", "'bogus'", debug.getinfo(1, "l").currentline, pcall(tcb.segment, tcb, { flags = "S", options = bogus }))
    refused(t, "oracle:sent option", "'bogus'", debug.getinfo(1, "l").currentline, pcall(o.sent, o, { flags = "S.", options = bogus }))
    refused(t, "an option shortcut without options", "1000", debug.getinfo(1, "l").currentline, pcall(tcb.segment, tcb, { flags = "S", mss = 1000 }))
    refused(t, "t:expect pattern key", "flgs", debug.getinfo(1, "l").currentline, pcall(t.expect, t, { flgs = "S" }))
    refused(t, "t:expect flag", "'Q'", debug.getinfo(1, "l").currentline, pcall(t.expect, t, { flags = "SQ" }))
    refused(t, "t:expect option", "'msss'", debug.getinfo(1, "l").currentline, pcall(t.expect, t, { options = { msss = true } }))
    refused(t, "a map option", "'msss'", debug.getinfo(1, "l").currentline, pcall(t.send, t, { flags = "S", dport = 9, options = { msss = 1 } }))
    refused(t, "t:send of no table", "42", debug.getinfo(1, "l").currentline, pcall(t.send, t, 42))
  end,
}

synfin.test {
  name = "oracle:call returns its transition; tcb:segment(seg, oracle) feeds both",
  run = function(t)
    local o = core.oracle("CLOSED")
    local res = o:call("open_passive")
    local name
    for _, tr in ipairs(core.transitions()) do
      if tr.from == "CLOSED" and tr.to == "LISTEN" then name = tr.name end
    end
    t:is(res.path[1], name, "the transition taken, named as in the diagram")
    t:is(o:state(), "LISTEN", "and the model follows it")
    local client = core.tcb { iss = 100, mss = 1460, wscale = 7 }
    local syn = client:call("open_active").emit[1]
    t:is(syn.options[1][1], "mss", "an emitted segment carries its options in the t:send form")
    t:is(syn.options[#syn.options][1], "wscale", "in the order Linux sends them")
    local server = core.tcb { iss = 5000 }
    server:call("open_passive")
    local judge = core.oracle("LISTEN") -- models the server: it got the SYN, owes a SYN-ACK
    judge:received(syn)
    local synack = server:segment(syn).emit[1]
    local r2, findings = client:segment(synack, judge)
    t:is(r2.emit[1].flags, ".", "the model answers the SYN-ACK with an ACK")
    t:is(type(findings) == "table" and #findings, 0, "and the oracle judged the SYN-ACK conformant")
    t:is(judge:state(), "SYN_RECEIVED", "the oracle followed the server")
    t:is(server:vars().peer_mss, 1460, "an emitted segment's options reach the peer model")
  end,
}
