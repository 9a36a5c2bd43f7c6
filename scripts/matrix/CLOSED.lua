-- The matrix row CLOSED: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/CLOSED/KIND/POSITION).
require("synfin.matrix").register("CLOSED")
