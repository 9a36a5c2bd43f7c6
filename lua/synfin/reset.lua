--- What a reset looks like, for the scripts that check one
-- (scripts/reset/, scripts/timewait/): RFC 9293 3.5.2 lets an ABORT send
-- RST with or without ACK.
--
--    local reset = require "synfin.reset"
--    c:expect { flags = reset.is_rst, seq = snd_nxt, len = 0 }
-- @module synfin.reset
local M = {}

--- A predicate for `flags`: a reset, with or without ACK (RFC 9293 3.5.2
-- allows both for an ABORT), and nothing else.
function M.is_rst(flags) return flags == "R" or flags == "R." end

return M
