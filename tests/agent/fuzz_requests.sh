#!/bin/bash
# tests/agent/fuzz_requests.sh - feed synfin-agent thousands of random,
# mostly malformed request lines (built from real commands, fds, addresses
# and garbage) and check the protocol's promise: exactly one well-formed
# response line per request line, no crash, no sanitizer report, exit 0 at
# end of input.
#
# Usage: bash fuzz_requests.sh BUILD_DIR SOURCE_DIR [SEED [LINES]]
#
# Deterministic for a given SEED. It runs in a private network namespace
# because the random requests really bind, connect and listen.
set -u

BUILD_DIR=${1:?usage: fuzz_requests.sh BUILD_DIR SOURCE_DIR [SEED [LINES]]}
AGENT=${SYNFIN_TEST_AGENT:-$BUILD_DIR/synfin-agent} # another agent: tests/agent/gvisor_requests.sh
SEED=${3:-20240601}
LINES=${4:-6000}

. "$(dirname "$0")/netns.bash"
agent_reexec_in_netns 240 "$0" "$@"

TMP=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && cp "$TMP"/* "$KEEP"/; rm -rf "$TMP"' EXIT
ip link set lo up

# Mostly well-formed requests with one argument of the wrong kind now and
# then, so the run reaches the socket calls and not only the parser.
# Numbers stay small on purpose: any of them may land in a TIMEOUT_MS or
# linger slot, and a big one would make a run take minutes, not test more
# (out-of-range values are covered by protocol.sh).
LC_ALL=C awk -v seed="$SEED" -v lines="$LINES" '
BEGIN {
	srand(seed)
	# Each command with the kinds of its arguments (targets/AGENT.md).
	nc = split("ping:|socket:fam|socket:fam|socket:fam|bind:fd addr port|setsockopt:fd opt val|" \
		"getsockopt:fd opt|listen:fd num|accept:fd num|connect:fd addr port|" \
		"wait_connected:fd num|send:fd hex|recv:fd num num|shutdown:fd how|" \
		"close:fd|abort:fd|state:fd|tuple_state:addr port addr port|sockets:|" \
		"accept_queue:fd|settings:", spec, "|")
	for (i = 1; i <= nc; i++) {
		split(spec[i], kv, ":")
		cmds[i] = kv[1]
		args[i] = kv[2]
	}
	pool["fam"] = "4 6 4 6 5 x"
	pool["fd"] = "3 4 5 6 7 8 3 4 5 0 1 2 999 x -1"
	pool["addr"] = "127.0.0.1 ::1 any 0.0.0.0 :: ::ffff:127.0.0.1 10.9.9.9 256.1.1.1 1::2::3"
	pool["port"] = "7 9 20 7 9 0 1 65535 65536"
	pool["num"] = "0 1 2 5 10 20 0 1"
	pool["val"] = "0 1 2 5 off 20 x"
	pool["opt"] = "reuseaddr reuseport keepalive keepidle keepintvl keepcnt maxseg " \
		"nodelay rcvbuf sndbuf linger user_timeout defer_accept syncnt v6only error bogus"
	pool["hex"] = "00 ff 0a0B 68656c6c6f zz abc 0"
	pool["how"] = "rd wr rdwr both"
	pool["junk"] = "- +1 0x10 1e3 99999999999999999999 quit ping"
	for (i = 0; i < lines; i++)
		print line()
}
function pick(n) { return int(rand() * n) + 1 }
function from(kind,   v, n) {
	n = split(pool[kind], v, " ")
	return v[pick(n)]
}
function garbage(   s, k, c) {
	s = ""
	for (k = pick(12); k > 0; k--) {
		c = pick(255)
		if (c == 10) c = 32	# a newline would split the request
		s = s sprintf("%c", c)
	}
	return s
}
function token(kind,   r) {
	r = rand()
	if (r < 0.03) return garbage()
	if (r < 0.08) return from("junk")
	if (r < 0.15) return from("fd")
	return from(kind)
}
function sep(r) {
	r = rand()
	return r < 0.98 ? " " : (r < 0.99 ? "  " : "\t")
}
function line(   c, s, k, n, kinds) {
	if (rand() < 0.02) return ""
	if (rand() < 0.02) return garbage()
	c = pick(nc)
	s = cmds[c]
	n = split(args[c], kinds, " ")
	if (rand() < 0.15) n = int(rand() * 6)	# wrong arity
	for (k = 1; k <= n; k++)
		s = s sep() token(k in kinds ? kinds[k] : "num")
	if (rand() < 0.01) s = s " "
	return s
}' | grep -av '^quit' >"$TMP/requests"

"$AGENT" <"$TMP/requests" >"$TMP/responses" 2>"$TMP/stderr"
status=$?

N=0
FAILED=0
check() {
	N=$((N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $N - $2"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $N - $2"
		[ -n "${3:-}" ] && echo "#   $3"
	fi
}

requests=$(wc -l <"$TMP/requests")
responses=$(wc -l <"$TMP/responses")
bad=$(LC_ALL=C grep -acvE '^(ok( [^ =]+(=[^ ]+)?)*|err E[A-Z0-9]+ .+)$' "$TMP/responses")

check "$status" "agent exits 0 at end of input (seed $SEED)" "exit status $status"
[ -s "$TMP/stderr" ]
check $((!$?)) "nothing on stderr (no sanitizer report)" "$(head -c 2000 "$TMP/stderr")"
[ "$requests" = "$responses" ]
check $? "one response per request" "$requests requests, $responses responses"
[ "$bad" = 0 ]
check $? "every response is 'ok [key=value...]' or 'err ENAME message'" \
	"$bad malformed, first: $(LC_ALL=C grep -a -m1 -vE '^(ok( [^ =]+(=[^ ]+)?)*|err E[A-Z0-9]+ .+)$' "$TMP/responses")"
ok_count=$(grep -c '^ok' "$TMP/responses")
[ "$ok_count" -gt 0 ]
check $? "some requests succeeded ($ok_count), so the run went past the parser"

echo "1..$N"
[ "$FAILED" = 0 ]
