-- A misspelt target field: refused at this line.
local synfin = require "synfin"

synfin.test { name = "misspells a target field", target = { mtux = 1400 }, run = function(t) t:ok(true, "x") end }
