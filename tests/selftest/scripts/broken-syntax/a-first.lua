local synfin = require "synfin"
synfin.test { name = "runs before the broken script", run = function(t) t:ok(true, "first") end }
