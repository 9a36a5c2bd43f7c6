# tests/lib.sh - shared by the shell-driven tests: TAP-style checks.
# Each test script is run by CTest as: bash SCRIPT BUILD_DIR SOURCE_DIR
set -u
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

finish() {
  echo "1..$n"
  [ "$failed" -eq 0 ]
}
