-- The matrix row SYN-RECEIVED-from-LISTEN: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/SYN-RECEIVED-from-LISTEN/KIND/POSITION).
require("synfin.matrix").register("SYN-RECEIVED-from-LISTEN")
