-- The matrix row LAST-ACK: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/LAST-ACK/KIND/POSITION).
require("synfin.matrix").register("LAST-ACK")
