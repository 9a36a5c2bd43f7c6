-- The matrix row TIME-WAIT-by-close: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/TIME-WAIT-by-close/KIND/POSITION).
require("synfin.matrix").register("TIME-WAIT-by-close")
