#!/bin/bash
# tests/agent/protocol.sh - drive synfin-agent through its line protocol
# (targets/AGENT.md) inside a private network namespace and compare every
# reply with the exact expected text.
#
# Usage: bash protocol.sh BUILD_DIR SOURCE_DIR
#
# The script re-runs itself under `timeout` inside `unshare --net`, so it
# touches no real interface and cannot hang. Output is TAP; the exit status
# is non-zero if any check failed.
set -u

BUILD_DIR=${1:?usage: protocol.sh BUILD_DIR SOURCE_DIR}
AGENT=$BUILD_DIR/synfin-agent
REPLY_WAIT_S=10		# longest wait for one reply line

. "$(dirname "$0")/netns.bash"
agent_reexec_in_netns 180 "$0" "$@"

# ---- TAP helpers -------------------------------------------------------------

N=0
FAILED=0
SKIPPED=0
TMP=$(mktemp -d)
AGENT_PID=
trap 'rm -rf "$TMP"' EXIT

pass() { N=$((N + 1)); echo "ok $N - $1"; }

fail() {
	N=$((N + 1)); FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	shift
	local line
	for line in "$@"; do echo "#   ${line:0:200}"; done
}

# skip DESC REASON: checks this system cannot run; the whole test then
# exits 77 (CTest: skipped), not 0, unless a check failed.
skip() { N=$((N + 1)); SKIPPED=$((SKIPPED + 1)); echo "ok $N - $1 # SKIP $2"; }

# req LINE: send one request, leave the one reply line in REPLY_LINE.
req() {
	REPLY_LINE=
	if ! printf '%s\n' "$1" 1>&"$TO_AGENT" 2>/dev/null; then
		REPLY_LINE="<agent is gone>"
		return 1
	fi
	if ! IFS= read -r -t "$REPLY_WAIT_S" REPLY_LINE <&"$FROM_AGENT"; then
		REPLY_LINE="<no reply within $REPLY_WAIT_S s>"
		return 1
	fi
}

# expect DESC REQUEST EXPECTED...: the reply must be one of EXPECTED exactly.
expect() {
	local desc=$1 request=$2 want
	shift 2
	req "$request"
	for want; do
		if [ "$REPLY_LINE" = "$want" ]; then
			pass "$desc"
			return 0
		fi
	done
	fail "$desc" "request:  $request" "expected: $*" "got:      $REPLY_LINE"
	return 1
}

# await REQUEST PREFIX: repeat REQUEST for up to 2 s until its reply starts
# with PREFIX. For state changes that wait on a delayed ACK (40 ms minimum
# on Linux); the check that follows gives the verdict.
await() {
	local i
	for ((i = 0; i < 40; i++)); do
		req "$1"
		[[ $REPLY_LINE == "$2"* ]] && return 0
		sleep 0.05
	done
	return 1
}

# eventually DESC REQUEST EXPECTED: expect, after awaiting EXPECTED.
eventually() {
	await "$2" "$3"
	if [ "$REPLY_LINE" = "$3" ]; then
		pass "$1"
		return 0
	fi
	fail "$1" "request:  $2" "expected: $3 (within 2 s)" "got:      $REPLY_LINE"
	return 1
}

# capture VAR DESC REQUEST EXPECTED: EXPECTED has one '@' standing for a
# decimal number (a new fd, a timer); the rest must match exactly and the
# number is stored in VAR (999, never an agent fd, if the check failed).
capture() {
	local var=$1 desc=$2 request=$3 expected=$4
	local pre=${expected%%@*} post=${expected#*@} mid
	req "$request"
	mid=${REPLY_LINE#"$pre"}
	mid=${mid%"$post"}
	if [[ $REPLY_LINE == "$pre"*"$post" && $mid =~ ^[0-9]+$ ]]; then
		printf -v "$var" %s "$mid"
		pass "$desc"
		return 0
	fi
	printf -v "$var" %s 999
	fail "$desc" "request:  $request" "expected: $expected (@ = a number)" "got:      $REPLY_LINE"
	return 1
}

# new_socket VAR 4|6: create a socket, store its fd in VAR.
new_socket() {
	capture "$1" "socket $2 -> ok fd=N" "socket $2" "ok fd=@"
}

# expect_sockets DESC ENTRY...: `sockets` must list exactly these entries
# (STATE,LADDR,LPORT,RADDR,RPORT), numbered s1..sN, in any order.
expect_sockets() {
	local desc=$1 tok n='' rebuilt="ok" i=0
	local -a got=()
	shift
	req sockets
	for tok in $REPLY_LINE; do
		case $tok in
		ok) ;;
		n=*) n=${tok#n=}; rebuilt+=" $tok" ;;
		*) i=$((i + 1)); got+=("${tok#s"$i"=}"); rebuilt+=" s$i=${tok#s"$i"=}" ;;
		esac
	done
	local want_sorted got_sorted
	want_sorted=$(printf '%s\n' "$@" | sort)
	got_sorted=$(printf '%s\n' "${got[@]}" | sort)
	if [ "$rebuilt" = "$REPLY_LINE" ] && [ "$n" = "$#" ] && [ "$got_sorted" = "$want_sorted" ]; then
		pass "$desc"
	else
		fail "$desc" "expected: n=$# and, in any order: $*" "got:      $REPLY_LINE"
	fi
}

# ---- checks ------------------------------------------------------------------

start_agent() {
	ip link set lo up || { fail "ip link set lo up"; exit 1; }
	coproc AGENT_CO { exec "$AGENT" 2>"$TMP/agent.stderr"; }
	AGENT_PID=$AGENT_CO_PID
	# Own copies: bash drops the coproc's fds when it exits, and the last
	# checks need to see exactly that exit.
	exec {TO_AGENT}>&"${AGENT_CO[1]}" {FROM_AGENT}<&"${AGENT_CO[0]}"
	expect "ping" "ping" "ok agent=synfin-agent version=1"
}

# settings reads this namespace's sysctls: set each, and every key follows.
check_settings() {
	sysctl -qw net.ipv4.tcp_syncookies=2 net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0 \
		net.ipv4.tcp_window_scaling=1 net.ipv4.tcp_ecn=0 net.ipv4.tcp_fin_timeout=7 net.core.somaxconn=4 \
		net.ipv4.tcp_max_syn_backlog=128 net.ipv4.tcp_abort_on_overflow=1 net.ipv4.tcp_syn_retries=3 \
		net.ipv4.tcp_synack_retries=2 net.ipv4.tcp_rfc1337=1 net.ipv4.tcp_min_snd_mss=64 \
		net.ipv4.route.min_adv_mss=300 net.ipv4.route.min_pmtu=600 || { fail "sysctl for settings"; return; }
	expect "settings reports this namespace's sysctls" "settings" \
		"ok syncookies=2 timestamps=0 sack=0 wscale=1 ecn=0 fin_timeout_ms=7000 somaxconn=4 max_syn_backlog=128 abort_on_overflow=1 syn_retries=3 synack_retries=2 rfc1337=1 min_snd_mss=64 min_adv_mss=300 min_pmtu=600"
	expect "settings takes no argument" "settings now" "err EUSAGE settings takes 0 arguments (settings), got 1"
}

check_listener() {
	new_socket L 4
	expect "setsockopt reuseaddr" "setsockopt $L reuseaddr 1" "ok"
	expect "getsockopt reuseaddr" "getsockopt $L reuseaddr" "ok value=1"
	expect "bind 127.0.0.1 5000" "bind $L 127.0.0.1 5000" "ok"
	expect "listen" "listen $L 8" "ok"
	expect "state of the listener" "state $L" \
		"ok state=LISTEN kstate=LISTEN laddr=127.0.0.1 lport=5000 raddr=0.0.0.0 rport=0"
	expect "accept_queue empty" "accept_queue $L" "ok backlog=8 queued=0"
	expect "accept times out" "accept $L 100" \
		"err ETIMEDOUT accept fd $L: no connection within 100 ms"
	expect "wait_connected on a listener" "wait_connected $L 5000" \
		"err EINVAL fd $L is listening, not connecting"
}

check_handshake() {
	new_socket C 4
	expect "client state before connect (not hashed: TCP_INFO path)" "state $C" \
		"ok state=CLOSED kstate=CLOSE laddr=0.0.0.0 lport=0 raddr=0.0.0.0 rport=0"
	expect "bind client 127.0.0.1 40001" "bind $C 127.0.0.1 40001" "ok"
	expect "connect is non-blocking" "connect $C 127.0.0.1 5000" "ok inprogress" "ok connected"
	expect "wait_connected" "wait_connected $C 2000" "ok"
	eventually "accept_queue counts the handshake" "accept_queue $L" "ok backlog=8 queued=1"
	capture A "accept" "accept $L 2000" \
		"ok fd=@ raddr=127.0.0.1 rport=40001 laddr=127.0.0.1 lport=5000"
	expect "accept_queue empty after accept" "accept_queue $L" "ok backlog=8 queued=0"
	expect "accept_queue on a connected socket" "accept_queue $C" \
		"err EINVAL fd $C is not listening (state ESTABLISHED)"
	expect "client ESTABLISHED" "state $C" \
		"ok state=ESTABLISHED kstate=ESTABLISHED laddr=127.0.0.1 lport=40001 raddr=127.0.0.1 rport=5000"
	expect "server ESTABLISHED" "state $A" \
		"ok state=ESTABLISHED kstate=ESTABLISHED laddr=127.0.0.1 lport=5000 raddr=127.0.0.1 rport=40001"
	expect "listener still LISTEN" "state $L" \
		"ok state=LISTEN kstate=LISTEN laddr=127.0.0.1 lport=5000 raddr=0.0.0.0 rport=0"
	expect_sockets "sockets lists the listener and both ends" \
		"LISTEN,127.0.0.1,5000,0.0.0.0,0" \
		"ESTABLISHED,127.0.0.1,40001,127.0.0.1,5000" \
		"ESTABLISHED,127.0.0.1,5000,127.0.0.1,40001"
}

check_data() {
	expect "send lowercase hex" "send $C 68656c6c6f" "ok n=5"
	expect "recv it" "recv $A 100 2000" "ok data=68656c6c6f n=5"
	expect "send uppercase hex back" "send $A 48454C4C4F0A" "ok n=6"
	expect "recv it, printed lowercase" "recv $C 100 2000" "ok data=48454c4c4f0a n=6"
	expect "recv honours MAX" "send $C 0102030405" "ok n=5"
	expect "recv first 2 bytes" "recv $A 2 2000" "ok data=0102 n=2"
	expect "recv the rest" "recv $A 100 2000" "ok data=030405 n=3"
	expect "recv times out" "recv $A 100 100" "err ETIMEDOUT recv fd $A: nothing within 100 ms"
}

check_options() {
	expect "setsockopt nodelay" "setsockopt $C nodelay 1" "ok"
	expect "getsockopt nodelay" "getsockopt $C nodelay" "ok value=1"
	expect "setsockopt linger seconds" "setsockopt $C linger 3" "ok"
	expect "getsockopt linger" "getsockopt $C linger" "ok value=3"
	expect "setsockopt linger off" "setsockopt $C linger off" "ok"
	expect "getsockopt linger off" "getsockopt $C linger" "ok value=off"
	expect "linger is capped" "setsockopt $C linger 61" \
		"err EUSAGE bad linger VALUE '61' (expected off or seconds from 0 to 60)"
	expect "setsockopt keepidle" "setsockopt $C keepidle 30" "ok"
	expect "kernel refuses keepidle 0" "setsockopt $C keepidle 0" \
		"err EINVAL setsockopt fd $C keepidle 0: Invalid argument"
	expect "getsockopt error" "getsockopt $C error" "ok value=0"
	capture MSS "getsockopt maxseg" "getsockopt $C maxseg" "ok value=@"
	expect "error is read-only" "setsockopt $C error 1" "err EUSAGE option 'error' is read-only"
	expect "unknown option" "setsockopt $C frobnicate 1" "err EUSAGE unknown option 'frobnicate'"
	expect "bool option takes 0 or 1" "setsockopt $C nodelay 2" \
		"err EUSAGE bad VALUE '2' (expected a number from 0 to 1)"
}

check_close_sequence() {
	expect "shutdown wr" "shutdown $C wr" "ok"
	expect "peer reads eof" "recv $A 100 2000" "ok eof"
	eventually "shut side FIN_WAIT_2" "state $C" \
		"ok state=FIN_WAIT_2 kstate=FIN_WAIT2 laddr=127.0.0.1 lport=40001 raddr=127.0.0.1 rport=5000"
	expect "peer CLOSE_WAIT" "state $A" \
		"ok state=CLOSE_WAIT kstate=CLOSE_WAIT laddr=127.0.0.1 lport=5000 raddr=127.0.0.1 rport=40001"
	expect "tuple_state of a live connection" "tuple_state 127.0.0.1 40001 127.0.0.1 5000" \
		"ok state=FIN_WAIT_2 kstate=FIN_WAIT2"
	expect "close the CLOSE_WAIT side" "close $A" "ok"
	local tw_ms
	await "tuple_state 127.0.0.1 40001 127.0.0.1 5000" "ok state=TIME_WAIT "
	capture tw_ms "tuple_state TIME_WAIT with its timer" "tuple_state 127.0.0.1 40001 127.0.0.1 5000" \
		"ok state=TIME_WAIT kstate=TIME_WAIT timer=timewait timer_ms=@"
	if [ "$tw_ms" -gt 0 ] && [ "$tw_ms" -le 60000 ]; then
		pass "TIME_WAIT timer_ms=$tw_ms is within (0, 60000]"
	else
		fail "TIME_WAIT timer_ms is within (0, 60000]" "got: $tw_ms"
	fi
	eventually "passive closer gone after LAST_ACK" "tuple_state 127.0.0.1 5000 127.0.0.1 40001" \
		"ok state=CLOSED kstate=none"
	expect "closed fd is no longer an agent socket" "state $A" "err EBADF fd $A is not an agent socket"
	expect "close the TIME_WAIT side's fd" "close $C" "ok"
	new_socket D 4
	expect "bind to a TIME_WAIT port without reuseaddr" "bind $D 127.0.0.1 40001" \
		"err EADDRINUSE bind fd $D to 127.0.0.1 40001: Address already in use"
	expect "close" "close $D" "ok"
}

check_abort() {
	new_socket C2 4
	expect "bind 127.0.0.1 40002" "bind $C2 127.0.0.1 40002" "ok"
	expect "connect" "connect $C2 127.0.0.1 5000" "ok inprogress" "ok connected"
	expect "wait_connected" "wait_connected $C2 2000" "ok"
	capture A2 "accept" "accept $L 2000" \
		"ok fd=@ raddr=127.0.0.1 rport=40002 laddr=127.0.0.1 lport=5000"
	expect "abort" "abort $C2" "ok"
	expect "peer recv reports the reset" "recv $A2 100 2000" \
		"err ECONNRESET recv fd $A2: Connection reset by peer"
	expect "an aborted connection leaves no TIME_WAIT" \
		"tuple_state 127.0.0.1 40002 127.0.0.1 5000" "ok state=CLOSED kstate=none"
	req "state $A2"
	if [[ $REPLY_LINE == "ok state=CLOSED kstate=CLOSE laddr="* ]]; then
		pass "reset socket is CLOSED"
	else
		fail "reset socket is CLOSED" "expected: ok state=CLOSED kstate=CLOSE laddr=..." "got:      $REPLY_LINE"
	fi
	expect "close" "close $A2" "ok"
}

check_refused() {
	new_socket E 4
	req "connect $E 127.0.0.1 5999"
	if [ "$REPLY_LINE" = "ok inprogress" ]; then
		pass "connect to a closed port is in progress"
		expect "wait_connected reports the refusal" "wait_connected $E 2000" \
			"err ECONNREFUSED connect fd $E: Connection refused"
	elif [ "$REPLY_LINE" = "err ECONNREFUSED connect fd $E to 127.0.0.1 5999: Connection refused" ]; then
		# Loopback can deliver the RST before connect() returns: the
		# refusal is reported all the same, there is just nothing to wait for.
		pass "connect to a closed port refused at once (nothing left for wait_connected)"
	else
		fail "connect to a closed port" "expected: ok inprogress" "got:      $REPLY_LINE"
	fi
	expect "close" "close $E" "ok"
}

check_ipv6() {
	if ! ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128'; then
		skip "IPv6 checks" "no ::1 on lo"
		return
	fi
	new_socket L6 6
	expect "v6only" "setsockopt $L6 v6only 1" "ok"
	expect "bind ::1 6000" "bind $L6 ::1 6000" "ok"
	expect "listen" "listen $L6 4" "ok"
	expect "IPv6 listener state" "state $L6" \
		"ok state=LISTEN kstate=LISTEN laddr=::1 lport=6000 raddr=:: rport=0"
	new_socket C6 6
	expect "IPv4 address on an IPv6 socket" "bind $C6 127.0.0.1 40006" \
		"err EUSAGE bad ADDR '127.0.0.1' (expected 'any' or an IPv6 address, fd $C6 is IPv6)"
	expect "bind ::1 40006" "bind $C6 ::1 40006" "ok"
	expect "connect ::1" "connect $C6 ::1 6000" "ok inprogress" "ok connected"
	expect "wait_connected" "wait_connected $C6 2000" "ok"
	capture A6 "accept IPv6" "accept $L6 2000" "ok fd=@ raddr=::1 rport=40006 laddr=::1 lport=6000"
	expect "IPv6 client ESTABLISHED" "state $C6" \
		"ok state=ESTABLISHED kstate=ESTABLISHED laddr=::1 lport=40006 raddr=::1 rport=6000"
	expect "IPv6 send" "send $C6 0001ff" "ok n=3"
	expect "IPv6 recv" "recv $A6 100 2000" "ok data=0001ff n=3"
	expect "IPv6 tuple_state" "tuple_state ::1 6000 ::1 40006" "ok state=ESTABLISHED kstate=ESTABLISHED"
	expect_sockets "sockets lists both families" \
		"LISTEN,127.0.0.1,5000,0.0.0.0,0" \
		"TIME_WAIT,127.0.0.1,40001,127.0.0.1,5000" \
		"LISTEN,::1,6000,::,0" \
		"ESTABLISHED,::1,40006,::1,6000" \
		"ESTABLISHED,::1,6000,::1,40006"
	expect "close" "close $A6" "ok"
	expect "close" "close $C6" "ok"
	expect "close" "close $L6" "ok"
}

check_bad_requests() {
	local long
	long=$(head -c 140000 /dev/zero | tr '\0' a)
	expect "unknown command" "frobnicate 1" "err EUSAGE unknown command 'frobnicate'"
	expect "missing arguments" "bind $L" "err EUSAGE bind takes 3 arguments (bind FD ADDR PORT), got 1"
	expect "too many arguments" "ping now" "err EUSAGE ping takes 0 arguments (ping), got 1"
	expect "empty request" "" "err EUSAGE empty request"
	expect "double space" "close  $L" \
		"err EUSAGE empty token 2 (tokens are separated by single spaces)"
	expect "fd that is no socket of ours" "close 999" "err EBADF fd 999 is not an agent socket"
	expect "the agent's own stdin is off limits" "close 0" "err EBADF fd 0 is not an agent socket"
	expect "non-numeric fd" "close x1" "err EUSAGE bad FD 'x1' (expected an fd number)"
	expect "bad hex digit" "send $L 12zz" "err EUSAGE bad HEX '12zz' (not a hex digit at offset 2)"
	expect "odd hex length" "send $L abc" "err EUSAGE bad HEX 'abc' (odd number of digits)"
	expect "bad family" "socket 5" "err EUSAGE bad FAMILY '5' (expected 4 or 6)"
	expect "bad port" "bind $L 127.0.0.1 70000" \
		"err EUSAGE bad PORT '70000' (expected a number from 0 to 65535)"
	expect "bad address" "bind $L 127.0.0.256 1" \
		"err EUSAGE bad ADDR '127.0.0.256' (expected 'any' or an IPv4 address, fd $L is IPv4)"
	expect "bad shutdown mode" "shutdown $L both" \
		"err EUSAGE bad HOW 'both' (expected rd, wr or rdwr)"
	expect "bad timeout" "accept $L -1" "err EUSAGE bad TIMEOUT_MS '-1' (expected milliseconds)"
	expect "over-long request" "send $L $long" "err EUSAGE request longer than 131328 bytes"
	expect "long tokens are cut in messages" "send $L ${long:0:100}g" \
		"err EUSAGE bad HEX '${long:0:64}'... (not a hex digit at offset 100)"
	expect "still alive" "ping" "ok agent=synfin-agent version=1"
}

check_quit() {
	expect "quit" "quit" "ok"
	local status=0 i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$AGENT_PID" 2>/dev/null || break
		sleep 0.05
	done
	wait "$AGENT_PID" 2>/dev/null || status=$?
	if [ "$status" = 0 ]; then pass "agent exits 0 after quit"; else fail "agent exits 0 after quit" "status $status"; fi
	if [ ! -s "$TMP/agent.stderr" ]; then
		pass "agent wrote nothing to stderr (no sanitizer report)"
	else
		fail "agent wrote nothing to stderr" "$(head -c 2000 "$TMP/agent.stderr")"
	fi
	exec {TO_AGENT}>&- {FROM_AGENT}<&-
}

# expect_run DESC STATUS OUTPUT COMMAND...: run COMMAND with stdin from
# /dev/null, compare its exit status and stdout.
expect_run() {
	local desc=$1 want_status=$2 want_out=$3 out status
	shift 3
	out=$("$@" </dev/null 2>/dev/null)
	status=$?
	if [ "$status" = "$want_status" ] && [ "$out" = "$want_out" ]; then
		pass "$desc"
	else
		fail "$desc" "expected: status $want_status, output '$want_out'" \
			"got:      status $status, output '${out:0:200}'"
	fi
}

# shellcheck disable=SC2016 # $0 expands in the inner shell, on purpose
check_command_line() {
	expect_run "EOF on stdin: exit 0" 0 "ok agent=synfin-agent version=1" \
		bash -c 'printf "ping\n" | "$0"' "$AGENT"
	expect_run "--help prints usage, exits 0" 0 "usage: synfin-agent [--help]" \
		bash -c '"$0" --help | head -1' "$AGENT"
	expect_run "unknown argument exits 2" 2 "" "$AGENT" --frob
	expect_run "exits 1 when SYNFIN_AGENT_PARENT is not its parent" 1 "" \
		env SYNFIN_AGENT_PARENT=1 "$AGENT"
}

# alive PID: the process exists and is not a zombie.
alive() {
	local st
	st=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]
}

# A parent shell starts an agent whose stdin stays open (we hold a writer),
# so only PR_SET_PDEATHSIG can end it when the parent is SIGKILLed.
check_pdeathsig() {
	local in=$TMP/pd.in out=$TMP/pd.out pidf=$TMP/pd.pid parent apid line i
	mkfifo "$in" "$out"
	bash -c '"$1" <"$2" >"$3" 2>/dev/null & echo $! >"$4"; wait' _ "$AGENT" "$in" "$out" "$pidf" \
		{TO_AGENT}>&- {FROM_AGENT}<&- &
	parent=$!
	# O_RDWR opens of a FIFO do not block on Linux, so a failed start
	# cannot hang us here; the read below is bounded.
	exec {PD_W}<>"$in" {PD_R}<>"$out"
	printf 'ping\n' >&"$PD_W"
	if IFS= read -r -t "$REPLY_WAIT_S" line <&"$PD_R" && [ "$line" = "ok agent=synfin-agent version=1" ]; then
		pass "second agent answers (so it is past its prctl)"
	else
		fail "second agent answers" "got: ${line:-nothing}"
	fi
	apid=$(cat "$pidf")
	if [ "$(awk '/^PPid:/ { print $2 }' "/proc/$apid/status" 2>/dev/null)" = "$parent" ]; then
		pass "its parent is the shell we are about to kill"
	else
		fail "its parent is the shell we are about to kill" "agent $apid, shell $parent"
	fi
	kill -KILL "$parent"
	wait "$parent" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		alive "$apid" || break
		sleep 0.05
	done
	if alive "$apid"; then
		fail "agent dies with its SIGKILLed parent" "pid $apid still running after 5 s"
		kill -KILL "$apid" 2>/dev/null
	else
		pass "agent dies with its SIGKILLed parent"
	fi
	exec {PD_W}>&- {PD_R}<&-
}

start_agent
check_listener
check_handshake
check_data
check_options
check_close_sequence
check_abort
check_refused
check_ipv6
check_bad_requests
check_settings
check_quit
check_command_line
check_pdeathsig

echo "1..$N"
if [ "$FAILED" -gt 0 ]; then
	echo "# $FAILED of $N checks failed"
	exit 1
fi
if [ "$SKIPPED" -gt 0 ]; then
	echo "# $SKIPPED of $N checks skipped"
	exit 77 # CTest's SKIP_RETURN_CODE
fi
echo "# all $N checks passed"
