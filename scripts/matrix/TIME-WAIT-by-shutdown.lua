-- The matrix row TIME-WAIT-by-shutdown: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/TIME-WAIT-by-shutdown/KIND/POSITION).
require("synfin.matrix").register("TIME-WAIT-by-shutdown")
