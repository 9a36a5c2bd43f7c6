# tests/lib.sh - shared by the shell-driven tests: TAP-style checks.
# Each test script is run by CTest as: bash SCRIPT BUILD_DIR SOURCE_DIR
#
# Exit status: 0 every check passed, 1 some check failed, 77 the test could
# not run its checks (CTest's SKIP_RETURN_CODE: it is reported as skipped,
# never as passed). A test never drops a check quietly: it skips instead.
set -u
SKIP_STATUS=77
BUILD=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
SRC=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd)
SYNFIN="$BUILD/synfin"
n=0
failed=0
WORK=$(mktemp -d /tmp/synfin-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# check DESCRIPTION COMMAND...: one numbered check, the command's status decides.
check() {
  local desc=$1
  shift
  n=$((n + 1))
  if "$@"; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"
    failed=$((failed + 1))
  fi
}

# contains FILE TEXT: the file has the text (fixed string).
contains() { grep -qF -- "$2" "$1" || { echo "# '$2' not found in $1:"; sed 's/^/#   /' "$1" | head -40; return 1; }; }
# has_line FILE REGEX: some line matches the extended regex.
has_line() { grep -qE -- "$2" "$1" || { echo "# no line matching '$2' in $1:"; sed 's/^/#   /' "$1" | head -40; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "# '$2' unexpectedly in $1"; return 1; }; }

# descendants PID: every process below PID, one per line.
descendants() { local k; for k in $(pgrep -P "$1"); do echo "$k"; descendants "$k"; done; }
# kill_tree PID BELOW: SIGKILL PID, reap it, and wait up to 3 s for the
# processes in BELOW (pids, space-separated) to die; those still alive are
# left in $alive (empty: none).
kill_tree() {
  local p
  kill -KILL "$1"
  wait "$1" 2>/dev/null
  for _ in $(seq 30); do
    alive=""
    for p in $2; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
}

# Targets broken on purpose: nft rule prefixes for a `setup=` target option
# (append the rule), and runs against such targets.
NFT_OUT='nft add table inet broken; nft add chain inet broken out "{ type filter hook output priority 0; }"; nft add rule inet broken out'
NFT_IN='nft add table inet broken; nft add chain inet broken in "{ type filter hook input priority 0; }"; nft add rule inet broken in'
# Only the first of the target's segments that match passes.
FIRST_ONLY='limit rate over 1/minute burst 1 packets drop'

# run_broken NAME FILTER SCRIPT TARGET-OPT...: run the tests of scripts/SCRIPT
# whose id contains FILTER, over IPv4, against a target with those options;
# TAP in $WORK/NAME.tap, exit status in $WORK/NAME.rc.
run_broken() {
  local name=$1 filter=$2 script=$3
  shift 3
  local opts=()
  for o in "$@"; do opts+=(--target-opt "$o"); done
  "$SYNFIN" run --family 4 --filter "$filter" "${opts[@]}" "$SRC/scripts/$script" >"$WORK/$name.tap" 2>"$WORK/$name.err"
  echo $? >"$WORK/$name.rc"
}
# run_broken_bg: the same in the background; `wait` before reading results.
run_broken_bg() { run_broken "$@" & }
# failed_with NAME: that run exited 1 (some test failed).
failed_with() { test "$(cat "$WORK/$1.rc")" -eq 1; }
# not_ok NAME TEXT: an assertion (indented) or a test point named TEXT failed.
not_ok() { has_line "$WORK/$1.tap" "not ok [0-9]+ - $2"; }

# skip REASON: the test cannot run its checks here; TAP says why, CTest
# reports it as skipped. The checks already run still count: a failure
# among them is a failure.
skip() {
  echo "1..$n # SKIP $*"
  [ "$failed" -eq 0 ] || exit 1
  exit "$SKIP_STATUS"
}

# need TOOL...: skip unless every tool is installed.
need() {
  local t
  for t; do
    command -v "$t" >/dev/null 2>&1 || skip "$t is not installed (tools/dev deps installs it)"
  done
}

finish() {
  echo "1..$n"
  [ "$failed" -eq 0 ]
}
