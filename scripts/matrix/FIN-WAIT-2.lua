-- The matrix row FIN-WAIT-2: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/FIN-WAIT-2/KIND/POSITION).
require("synfin.matrix").register("FIN-WAIT-2")
