-- The matrix row SYN-RECEIVED-from-SYN-SENT: every kind of arriving segment at every position
-- (synfin.matrix; cells matrix/SYN-RECEIVED-from-SYN-SENT/KIND/POSITION).
require("synfin.matrix").register("SYN-RECEIVED-from-SYN-SENT")
