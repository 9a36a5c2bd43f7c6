-- Tests of the Lua library that need no target (yaml, options, match, test
-- definitions, the model's offline queries): tests/lua/offline.sh runs them
-- with `synfin lua`, as an unprivileged user. The tests that send segments
-- are in library.lua, run through `synfin run`.
local synfin = require "synfin"
local yaml = require "synfin.yaml"
local options = require "synfin.options"
local match = require "synfin.match"

-- A TAP stream of its own, with the t:ok/t:is/t:like of synfin's tests, so
-- that a test body reads the same here as in a script.
local n, failed = 0, 0
local t = {}
function t:ok(cond, desc, diag)
  n = n + 1
  print((cond and "ok " or "not ok ") .. n .. " - " .. desc)
  if not cond then
    failed = failed + 1
    if diag then print("#   " .. tostring(diag):gsub("\n", "\n#   ")) end
  end
  return cond
end
function t:is(got, want, desc)
  return self:ok(got == want, desc, ("got %q, want %q"):format(tostring(got), tostring(want)))
end
function t:like(got, pattern, desc)
  return self:ok(tostring(got):find(pattern, 1, true) ~= nil, desc, ("%q lacks %q"):format(tostring(got), pattern))
end

local function test(def)
  print("# " .. def.name)
  local ok, err = pcall(def.run, t)
  t:ok(ok, def.name .. ": runs to the end", err)
end

local function errors_with(fn, text)
  local ok, err = pcall(fn)
  return not ok and tostring(err):find(text, 1, true) ~= nil, tostring(err)
end

test {
  name = "yaml: scalars quoted when YAML would misread them, keys sorted, lists",
  run = function(t)
    t:is(yaml.render({ b = 1, a = "x" }), "a: x\nb: 1", "keys sorted")
    t:is(yaml.render({ s = "[S.]" }), "s: '[S.]'", "flow characters quoted")
    t:is(yaml.render({ s = "it's" }), "s: 'it''s'", "single quote doubled")
    t:is(yaml.render({ s = "a: b" }), "s: 'a: b'", "colon quoted")
    t:is(yaml.render({ l = { "x", "y" } }), "l:\n  - x\n  - y", "list")
    t:is(yaml.render({ m = { k = true } }), "m:\n  k: true", "nested map")
    t:is(yaml.render({ e = {} }), "e: []", "empty table")
    t:is(yaml.render({ s = "two\nlines" }), "s: 'two lines'", "newline folded")
  end,
}

test {
  name = "options: the map form is sent in Linux's order; unknown names are refused",
  run = function(t)
    local l = options.normalize { mss = 1460, sackok = true, ts = { 5, 0 }, wscale = 7 }
    t:is(#l, 5, "mss, sackok, ts, nop, wscale")
    t:is(l[1][1], "mss", "mss first")
    t:is(l[2], "sackok", "sackok before ts")
    t:is(l[3][1], "ts", "ts third")
    t:is(l[4], "nop", "nop pads wscale")
    t:is(l[5][2], 7, "wscale value kept")
    local only_ts = options.normalize { ts = { 1, 2 } }
    t:is(only_ts[1] .. only_ts[2] .. only_ts[3][1], "nopnopts", "ts alone is padded with two nops")
    local list = { { "mss", 536 }, "eol" }
    t:is(options.normalize(list), list, "the list form is passed through unchanged")
    t:ok(errors_with(function() options.normalize { msss = 1 } end, "unknown tcp option 'msss'"),
      "a misspelt option name is an error")
  end,
}

local synack = { kind = "tcp", flags = "S.", flagbits = 0x12, seq = 4294967295, ack = 1001,
                 win = 65535, len = 0, mss = 1460, checksum_ok = true, sport = 80, dport = 40000,
                 options = {}, payload = "" }

test {
  name = "match: flag sets, seq modulo 2^32, predicates, option presence, checksums",
  run = function(t)
    t:ok(match.matches({ flags = "S." }, synack), "S. matches SYN+ACK")
    t:ok(match.matches({ flags = ".S" }, synack), "flag order does not matter")
    t:ok(not match.matches({ flags = "S" }, synack), "S alone does not match SYN+ACK")
    t:ok(match.matches({ seq = 4294967295 }, synack), "seq exact")
    t:ok(match.matches({ ack = 1001 + 2^32 // 1 }, synack), "ack compared modulo 2^32")
    t:ok(match.matches({ win = function(w) return w > 1000 end }, synack), "predicate true")
    local ok, bad = match.matches({ win = function() return false end, ack = 7 }, synack)
    t:ok(not ok and bad[1] == "ack" and bad[2] == "win", "mismatches are listed in field order")
    t:ok(match.matches({ mss = true, wscale = false }, synack), "option present / absent")
    t:ok(not match.matches({ options = { ts = true } }, synack), "a missing option does not match")
    local badsum = setmetatable({ checksum_ok = false }, { __index = synack })
    t:ok(not match.matches({ flags = "S." }, badsum), "a bad checksum never matches by default")
    t:ok(match.matches({ flags = "S.", checksum_ok = "any" }, badsum), "unless the pattern allows it")
    t:ok(errors_with(function() match.check({ flgas = "S" }) end, "expect: unknown field 'flgas'"),
      "a misspelt pattern field is an error")
    t:ok(errors_with(function() match.flagbits("SX") end, "unknown flag letter 'X'"),
      "an unknown flag letter is an error")
  end,
}

test {
  name = "match: diagnostics show seq/ack relative to the ISNs",
  run = function(t)
    local d = match.describe(synack, { tester = 1000, target = 4294967290 }, true)
    t:is(d.seq_relative, 5, "target seq relative to the target's ISN, across the wrap")
    t:is(d.ack_relative, 1, "ack relative to the tester's ISN")
    t:is(d.flags, "[S.]", "flags in tcpdump style")
    t:is(match.title { flags = "R.", seq = 0, ack = 2^32 + 5 // 1 }, "[R.] seq 0 ack 5", "title wraps ack")
  end,
}

test {
  name = "test definitions: an unknown claim ID or target field is refused",
  run = function(t)
    -- Each mistake is reported at this file's line, not inside the library.
    local here = debug.getinfo(1, "l").currentline
    t:ok(errors_with(function() synfin.test { name = "x", claims = { "S9.9" }, run = function() end } end,
      ("offline.lua:%d: test 'x': claim \"S9.9\" is not in SEED-CLAIMS.md"):format(here + 1)),
      "a claim ID that is not in SEED-CLAIMS.md, at the script's line")
    t:ok(errors_with(function() synfin.test { name = "x", target = { mtuu = 1 }, run = function() end } end,
      ("offline.lua:%d: test 'x': unknown target field \"mtuu\""):format(here + 4)),
      "a misspelt target field, at the script's line")
    t:ok(errors_with(function() synfin.test { name = "x", claims = "S1.1", run = function() end } end,
      ("offline.lua:%d: test 'x': claims must be a list of strings, got \"S1.1\""):format(here + 7)),
      "claims that are not a list, quoted")
    t:ok(errors_with(function() synfin.test { name = "x" } end, "'run' must be a function"), "a test without a body")
  end,
}

test {
  name = "the model answers 'what does a conformant stack do' without a network",
  run = function(t)
    local core = require "synfin.core"
    local a = core.tcb { iss = 100 }
    local syn = a:call("open_active").emit[1]
    t:is(syn.flags, "S", "active OPEN emits a SYN")
    t:is(syn.seq, 100, "with the ISS")
    t:is(a:state(), "SYN_SENT", "and enters SYN_SENT")
    local b = core.tcb { iss = 5000 }
    b:call("open_passive")
    local res = b:segment(syn)
    t:is(res.emit[1].flags, "S.", "LISTEN answers a SYN with a SYN-ACK")
    t:is(res.emit[1].ack, 101, "acknowledging ISS+1")
    t:is(res.path[1], "LISTEN --rcv SYN/snd SYN,ACK--> SYN_RECEIVED", "the edge is named as in the diagram")
    res = a:segment(res.emit[1])
    t:is(a:state(), "ESTABLISHED", "the SYN-ACK establishes the client")
    b:segment(res.emit[1])
    t:is(b:state(), "ESTABLISHED", "the ACK establishes the server")
    -- An in-window RST that is not exact: RFC 5961 3.2 challenge ACK, state kept.
    local probe = b:copy()
    res = probe:segment { flags = "R", seq = 101 + 10 }
    t:is(res.verdict, "challenge-ack", "an inexact in-window RST gets a challenge ACK")
    t:is(probe:state(), "ESTABLISHED", "and the connection stays")
    t:is(b:state(), "ESTABLISHED", "copy() leaves the original untouched")
    local names = {}
    for _, tr in ipairs(core.transitions()) do names[tr.name] = true end
    t:ok(names["TIME_WAIT --timeout=2MSL--> CLOSED"], "the diagram lists the 2MSL timeout edge")
    local o = core.oracle("LISTEN")
    o:received(syn)
    local f = o:sent { flags = "S.", seq = 9, ack = 999 }
    t:is(f[1] and f[1].code, "SYNACK_BAD_ACK", "the oracle flags a SYN-ACK with the wrong ack")
    t:like(f[1] and f[1].rfc or "", "RFC 9293", "with the RFC section")
  end,
}

test {
  name = "seq predicates compare modulo 2^32",
  run = function(t)
    local seq = require "synfin.seq"
    t:ok(seq.after(0xfffffff0)(0x10), "0x10 is after 0xfffffff0 across the wrap")
    t:ok(not seq.before(0xfffffff0)(0x10), "and not before it")
    t:ok(seq.at_or_after(5)(5) and seq.at_or_before(5)(5), "equal counts for the _or_ forms")
    t:ok(seq.within(0xffffff00, 0x100)(0), "0 lies in [0xffffff00, 0x100)")
    t:ok(match.matches({ ack = seq.after(0xffffffff) }, { kind = "tcp", ack = 3, checksum_ok = true }), "as a pattern predicate")
  end,
}

test {
  name = "the endpoint's SACK scoreboard merges blocks, newest first, and drops what RCV.NXT passed",
  run = function(t)
    local Conn = require "synfin.tcp"
    local core = require "synfin.core"
    local c = setmetatable({ tcb = core.tcb {} }, Conn)
    local nxt = c.tcb:vars().rcv_nxt
    c:_sack_note(nxt + 100, nxt + 200)
    c:_sack_note(nxt + 300, nxt + 400)
    c:_sack_note(nxt + 200, nxt + 250)      -- touches the first block
    local b = c:sack_blocks()
    t:is(#b, 2, "two blocks")
    t:is(b[1][1], nxt + 100, "the merged block first: left")
    t:is(b[1][2], nxt + 250, "the merged block first: right")
    t:is(b[2][1], nxt + 300, "then the older one")
    c:_sack_note(nxt - 50, nxt)              -- already acknowledged
    t:is(#c:sack_blocks(), 2, "a block below RCV.NXT is dropped")
  end,
}

test {
  name = "profiles: a documented deviation covers the test, the check and the family it names",
  run = function(t)
    local profiles = require "synfin.profiles"
    local p = { name = "x", deviations = {
      { test = "reset/abort: abort sends RST", check = "the RST carries", what = "a" },
      { test = "close/*", what = "b", family = 6 },
    } }
    local e, i = profiles.deviation(p, "reset/abort: abort sends RST", "the RST carries SEQ=SND.NXT", 4)
    t:is(i, 1, "exact id, check by its start")
    t:is(profiles.deviation(p, "reset/abort: abort sends RST", "another check", 4), nil, "another check: not covered")
    t:is(profiles.deviation(p, "reset/abort: abort sends RST twice", "the RST carries", 4), nil,
      "an id without '*' is matched whole")
    e, i = profiles.deviation(p, "close/fin-ack: anything", "any check", 6)
    t:is(i, 2, "a trailing '*' matches by prefix; no check: any assertion")
    t:is(profiles.deviation(p, "close/fin-ack: anything", "any check", 4), nil, "family 6 only")
    t:like(profiles.deviation_text({ name = "x" }, { what = "w", where = "f.c: g()", rfc = "RFC 9293 3.5" }),
      "deviates as documented for x: w (f.c: g(); RFC 9293 3.5)", "the TODO text names what, where and the rule")
    t:ok(profiles.known("linux") and not profiles.known("no-such-stack"), "known: tables and modules only")
    t:ok(profiles.known("gvisor") and not profiles.known("gvisor_matrix"), "known: a part of a profile is none")
    t:is(profiles.get("linux-netns").name, "linux", "the default backend is judged as linux")
    t:is(profiles.get("remote").name, "linux", "a remote host is a Linux host")
    t:is(profiles.get("stack").name, "rfc9293", "a stack without a profile: RFC 9293 as written")
    t:is(#profiles.get("stack").deviations, 0, "a profile without deviations gets an empty list")
  end,
}

test {
  name = "core.decode_ip: a packet from its raw bytes, as the trace keeps them; its summary made when read",
  run = function(t)
    local core = require "synfin.core"
    local function bytes(hex) return (hex:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end)) end
    -- a SYN-ACK of Linux's, IPv4 and IPv6 (seg.raw: from the IP header on)
    local v4 = bytes("4500002c000040004006aea4c6120002c612000100509c41436a4879000003e96012faf0e49f0000020405b4")
    local p = core.decode_ip(v4, 12.5)
    t:is(p.kind, "tcp", "kind")
    t:is(p.flags .. " " .. p.seq .. " " .. p.ack .. " " .. p.mss, "S. 1131038841 1001 1460", "flags, numbers, options")
    t:is(p.time, 12.5, "the time as given")
    t:is(p.eth_src, nil, "no Ethernet fields: the bytes have none")
    t:is(p.raw, v4, "raw is the datagram")
    t:is(rawget(p, "summary"), nil, "no summary made before it is read")
    t:is(p.summary, "IP 198.18.0.2.80 > 198.18.0.1.40001: Flags [S.], seq 1131038841, ack 1001, win 64240, "
      .. "options [mss 1460], length 0", "the summary, tcpdump's line, when read")
    t:ok(rawget(p, "summary") ~= nil, "and kept")
    local v6 = core.decode_ip(bytes("600a03ff00180640200100020000000000000000000000022001000200000000000000000000000100509c42"
      .. "c6e7c2a4000003e96012fd2030f90000020405a0"))
    t:is(v6.summary, "IP6 2001:2::2.80 > 2001:2::1.40002: Flags [S.], seq 3337077412, ack 1001, win 64800, "
      .. "options [mss 1440], length 0", "IPv6")
    local lazy = core.decode_ip(v4)
    t:is(rawget(lazy, "ack"), nil, "a field past the first few is made when first read ...")
    t:is(lazy.ack, 1001, "... and then is there")
    t:is(rawget(lazy, "win"), 64240, "... with every other field")
    local written = core.decode_ip(v4)
    written.win = 0
    t:is(written.win .. " " .. written.ack, "0 1001", "a field written before the rest is made is kept as written")
    local keys = {}
    for k in pairs(core.decode_ip(v4)) do keys[k] = true end
    t:ok(keys.options and keys.ttl and keys.flags and keys.seq, "pairs sees every field")
    local none, err = core.decode_ip(v4:sub(1, 30))
    t:ok(none == nil and type(err) == "string", "cut bytes: nil and why (" .. tostring(err) .. ")")
  end,
}

print("1.." .. n)
os.exit(failed == 0 and 0 or 1, true)
