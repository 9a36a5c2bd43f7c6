-- The matrix row CLOSING: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/CLOSING/KIND/POSITION).
require("synfin.matrix").register("CLOSING")
