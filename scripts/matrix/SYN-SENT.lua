-- The matrix row SYN-SENT: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/SYN-SENT/KIND/POSITION).
require("synfin.matrix").register("SYN-SENT")
