-- The matrix row ESTABLISHED: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/ESTABLISHED/KIND/POSITION).
require("synfin.matrix").register("ESTABLISHED")
