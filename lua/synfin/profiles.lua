--- Target profiles: the documented choices and deviations of a stack.
--
-- A profile gives the reference model's policy (which RFC options the
-- stack implements: RFC 5961 challenge ACKs, RFC 1337, TIME-WAIT reopen)
-- and the oracle finding codes that are the stack's documented behaviour,
-- each with where it is documented. Output then says, per check:
-- conformant, deviates as documented for this stack, or deviates.
-- @module synfin.profiles
local M = {}

--- RFC 9293 as written, with the RFC 5961 mitigations it recommends.
M.rfc9293 = {
  name = "rfc9293",
  policy = { rfc5961_rst = true, rfc5961_syn = true, rfc5961_ack = true, rfc1337 = false },
  allow = {},
  documented = {},
}

--- Linux (net/ipv4/tcp_input.c, tcp_minisocks.c).
M.linux = {
  name = "linux",
  -- documented: key -> what Linux does instead of the RFC rule, and where
  -- that is documented. Scripts name the key in t:rfc_check{ deviation = }.
  -- Linux implements RFC 5961 (challenge ACKs for in-window RST and SYN,
  -- tcp_validate_incoming) and lets a SYN reopen a TIME-WAIT connection
  -- when its sequence number is above the old one (tcp_timewait_state_process,
  -- RFC 6191 style); RST in TIME-WAIT kills it unless tcp_rfc1337=1.
  policy = { rfc5961_rst = true, rfc5961_syn = true, rfc5961_ack = true, rfc1337 = false,
             time_wait_reopen = true },
  allow = {},
  -- the cells of the state x segment matrix (scripts/matrix/) where Linux
  -- does not do what the model predicts, each with the kernel code behind it
  deviations = require "synfin.matrix_linux",
  documented = {
    -- opening and closing (scripts/handshake/, simopen/, ...)
    isn_clock_64ns = "the ISN clock M ticks every 64 ns (15625000 per second), not every 4 us: "
      .. "seq_scale() in net/core/secure_seq.c adds ktime_get_real_ns() >> 6 to the keyed hash",
    syn_linear_timeouts = "an unanswered SYN of an active open is retransmitted at a constant 1 s for the first "
      .. "net.ipv4.tcp_syn_linear_timeouts (default 4) times, then with doubling backoff "
      .. "(Documentation/networking/ip-sysctl.rst tcp_syn_linear_timeouts; tcp_retransmit_timer() in net/ipv4/tcp_timer.c)",
    simopen_window_scaled = "in a simultaneous open answering a SYN without Window Scale, the SYN-ACK still "
      .. "carries the target's own WS and TS options and its windows stay scaled by its shift (the crossed-SYN "
      .. "branch of tcp_rcv_synsent_state_process() in net/ipv4/tcp_input.c keeps rx_opt.rcv_wscale; "
      .. "tcp_send_synack() in net/ipv4/tcp_output.c); not described as intended anywhere, likely a kernel bug",
    -- listener queues (scripts/backlog/)
    accept_queue_backlog_plus_one = "the accept queue holds backlog+1 completed connections, listen(0) one "
      .. "(sk_acceptq_is_full() in include/net/sock.h tests sk_ack_backlog > sk_max_ack_backlog)",
    accept_queue_full_ack_dropped = "an ACK that completes a handshake while the accept queue is full is "
      .. "dropped and the request stays in SYN_RECEIVED (tcp_check_req() in net/ipv4/tcp_minisocks.c, "
      .. "tcp_abort_on_overflow=0 in Documentation/networking/ip-sysctl.rst)",
    abort_on_overflow_rst = "with net.ipv4.tcp_abort_on_overflow=1, an ACK that completes a handshake while "
      .. "the accept queue is full is answered with RST (tcp_check_req() in net/ipv4/tcp_minisocks.c; "
      .. "Documentation/networking/ip-sysctl.rst)",
    syncookies_stateless = "with SYN cookies (net.ipv4.tcp_syncookies=1 once the SYN queue is full, 2 always) "
      .. "the SYN-ACK is sent without keeping a SYN-RECEIVED request; the cookie in the ACK rebuilds it "
      .. "(tcp_conn_request() in net/ipv4/tcp_input.c, net/ipv4/syncookies.c; ip-sysctl.rst tcp_syncookies)",
    -- maximum segment size and path MTU (scripts/mss/)
    min_adv_mss_256 = "the announced MSS is never below net.ipv4.route.min_adv_mss (default 256), however small "
      .. "the link MTU (ipv4_default_advmss() in net/ipv4/route.c; ip-sysctl.rst route/min_adv_mss)",
    tcp_min_snd_mss_48 = "a peer's MSS below net.ipv4.tcp_min_snd_mss (default 48) is raised to it, so "
      .. "segments carry 48 octets (__tcp_mtu_to_mss() in net/ipv4/tcp_output.c; ip-sysctl.rst tcp_min_snd_mss, "
      .. "CVE-2019-11479)",
    tcp_maxseg_replaces_default_mss = "after TCP_MAXSEG and connect(), a SYN-ACK without MSS option leaves the "
      .. "send MSS at the application's value instead of the default 536 (tcp_connect_init() in "
      .. "net/ipv4/tcp_output.c sets rx_opt.mss_clamp = user_mss)",
    tcp_maxseg_listener_needs_syn_mss = "TCP_MAXSEG on a listener limits the send MSS only through a received "
      .. "MSS option; a SYN without one gets the default 536/1220 (tcp_parse_options() in net/ipv4/tcp_input.c "
      .. "applies user_mss to the option; tcp_conn_request() starts from af_ops->mss_clamp)",
    min_pmtu_552 = "an ICMP fragmentation-needed below net.ipv4.route.min_pmtu (default 552) sets the path MTU "
      .. "to 552 and locks it, so segments of 512 go out without DF (__ip_rt_update_pmtu() in "
      .. "net/ipv4/route.c; ip-sysctl.rst min_pmtu)",
    -- TIME_WAIT, FIN_WAIT_2 and resets (scripts/timewait/, finwait2/, reset/)
    time_wait_60s = "TIME-WAIT lasts a fixed 60 s, not 2 x MSL = 240 s, and no sysctl changes it "
      .. "(TCP_TIMEWAIT_LEN in include/net/tcp.h; inet_twsk_schedule() in net/ipv4/inet_timewait_sock.c)",
    time_wait_rst_ignored_rfc1337 = "with net.ipv4.tcp_rfc1337=1 a RST in TIME-WAIT is ignored (RFC 1337 fix F1) "
      .. "instead of closing the connection (tcp_timewait_state_process() in net/ipv4/tcp_minisocks.c; "
      .. "Documentation/networking/ip-sysctl.rst tcp_rfc1337)",
    time_wait_old_syn_acked = "a SYN in TIME-WAIT that is not newer (sequence number not above RCV.NXT, or "
      .. "TSval below TS.Recent) is answered with an ACK <SEQ=SND.NXT><ACK=RCV.NXT> instead of being silently "
      .. "dropped (tcp_timewait_state_process() returns TCP_TW_ACK, net/ipv4/tcp_minisocks.c; rate-limited by "
      .. "net.ipv4.tcp_invalid_ratelimit)",
    fin_wait2_orphan_timeout = "a FIN-WAIT-2 connection whose socket the application has closed is dropped "
      .. "silently after net.ipv4.tcp_fin_timeout (default 60 s), or 3.5 RTO when longer (tcp_fin_time() in "
      .. "include/net/tcp.h; tcp_close()/tcp_rcv_state_process() hand it to tcp_time_wait(sk, TCP_FIN_WAIT2, tmo), "
      .. "net/ipv4/tcp.c, tcp_input.c; ip-sysctl.rst tcp_fin_timeout)",
    rst_close_wait_epipe = "after a RST in CLOSE-WAIT the application is told EPIPE, not ECONNRESET "
      .. "(tcp_reset() in net/ipv4/tcp_input.c: case TCP_CLOSE_WAIT sets sk_err = EPIPE)",
    rst_keeps_received_data = "a RST does not flush the receive queue: the application still reads the data "
      .. "that arrived before it, then ECONNRESET (tcp_reset()/tcp_done() in net/ipv4/tcp_input.c purge only "
      .. "the write queue; tcp_recvmsg() returns queued data before sk_err)",
  },
}

-- A backend that is Linux under another name: a remote host is a Linux
-- host (targets/remote). Other backends are judged by the profile of
-- their own name (lua/synfin/profiles/NAME.lua) or rfc9293.
local by_target = { ["linux-netns"] = "linux", remote = "linux" }
local loaded = {}

-- Fill in the parts a profile may leave out.
local function complete(p, name)
  p.name = p.name or name
  p.policy, p.allow, p.documented = p.policy or {}, p.allow or {}, p.documented or {}
  p.deviations = p.deviations or {}
  return p
end

-- A profile from a file outside the tree: a Lua file that returns a table
-- of the same shape (name, policy, allow, documented, deviations).
local function from_file(path)
  if loaded[path] then return loaded[path] end
  local chunk, err = loadfile(path)
  if not chunk then error(("profile %s: %s"):format(path, err), 0) end
  local p = chunk()
  if type(p) ~= "table" then error(("profile %s: the file must return a table, got %s"):format(path, type(p)), 0) end
  loaded[path] = complete(p, path)
  return loaded[path]
end

-- A stack's own profile, lua/synfin/profiles/NAME.lua (lwip, gvisor...),
-- or nil when there is none.
local function from_module(name)
  if type(name) ~= "string" or not name:match("^[%w_-]+$") then return nil end
  local mod = "synfin.profiles." .. name
  if not package.searchpath(mod, package.path) then return nil end
  return complete(require(mod), name)
end

--- Whether a name is a profile: a table here or lua/synfin/profiles/NAME.lua.
function M.known(name)
  return type(M[name]) == "table" or from_module(name) ~= nil
end

--- The profile for a name, a file (a name ending in ".lua"), or a target
-- backend's name; rfc9293 when unknown. The environment variable
-- SYNFIN_PROFILE (a name or a file) overrides the target's.
function M.get(name)
  local override = os.getenv("SYNFIN_PROFILE")
  name = override or by_target[name] or name
  if type(name) == "string" and name:match("%.lua$") then return from_file(name) end
  local p = type(M[name]) == "table" and complete(M[name], name) or from_module(name)
  -- A profile asked for by name (--profile) must exist: falling back to
  -- rfc9293 would hide the typo behind different verdicts.
  if override and not p then
    error(("profile '%s' is neither in lua/synfin/profiles.lua nor lua/synfin/profiles/%s.lua (or give a .lua file)")
      :format(name, name), 0)
  end
  return p or complete(M.rfc9293, "rfc9293")
end

-- Does entry e of a profile's deviations cover a failed check?
local function covers(e, id, check, family)
  if e.family and e.family ~= family then return false end
  local test = e.test or ""
  if test:sub(-1) == "*" then
    if id:sub(1, #test - 1) ~= test:sub(1, -2) then return false end
  elseif id ~= test then
    return false
  end
  return e.check == nil or check:sub(1, #e.check) == e.check
end

--- The profile's documented deviation that covers a failed check, if any:
-- the entry and its index in `deviations`.
-- @tparam table p a profile
-- @string id the test's id (`SCRIPT: NAME`, as `synfin list` prints it)
-- @string check the failed assertion's name
-- @int family 4 or 6
function M.deviation(p, id, check, family)
  for i, e in ipairs(p.deviations) do
    if covers(e, id or "", check or "", family) then return e, i end
  end
end

--- How a documented deviation reads in TAP: what the stack does, where in
-- its source, and the rule it does not follow.
function M.deviation_text(p, e)
  local where = {}
  if e.where then where[#where + 1] = e.where end
  if e.rfc then where[#where + 1] = e.rfc end
  return ("deviates as documented for %s: %s (%s)"):format(p.name, e.what or "?", table.concat(where, "; "))
end

return M
