-- A claim ID that SEED-CLAIMS.md does not have: refused at this line.
local synfin = require "synfin"

synfin.test { name = "names an unknown claim", claims = { "S99.1" }, run = function(t) t:ok(true, "x") end }
