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
  documented = {
  },
}

local by_target = { ["linux-netns"] = "linux" }

--- The profile for a name or a target backend's name; rfc9293 when unknown.
function M.get(name)
  name = by_target[name] or name
  return M[name] or M.rfc9293
end

return M
