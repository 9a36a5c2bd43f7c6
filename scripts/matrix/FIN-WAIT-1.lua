-- The matrix row FIN-WAIT-1: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/FIN-WAIT-1/KIND/POSITION).
require("synfin.matrix").register("FIN-WAIT-1")
