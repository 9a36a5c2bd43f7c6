-- The matrix row LISTEN: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/LISTEN/KIND/POSITION).
require("synfin.matrix").register("LISTEN")
