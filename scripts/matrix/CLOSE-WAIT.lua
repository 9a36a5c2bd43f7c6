-- The matrix row CLOSE-WAIT: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/CLOSE-WAIT/KIND/POSITION).
require("synfin.matrix").register("CLOSE-WAIT")
