# tests/fuzz/fuzz.bash - shared by the fuzz smoke tests (tests/fuzz/*.sh),
# one per libFuzzer harness tests/fuzz/fuzz_NAME.c. Not a test itself (CTest
# registers *.sh only). A harness script sources it, then:
#
#   fuzz_build NAME SOURCE... [-I DIR...]   build BUILD_DIR/fuzz_NAME
#   fuzz_seeds NAME                         print the seed directory (emptied)
#   fuzz_run NAME                           run it; fails on any crash
#
# Each harness is built with clang's libFuzzer and the sanitizers of the test
# build (ASan, UBSan, no recovery) and -Werror. Without clang or its libFuzzer
# runtime the test says why and exits 77, which CTest reports as skipped.
#
# SYNFIN_FUZZ_SECONDS (default 7 per harness) and SYNFIN_FUZZ_RUNS (default
# 5000000) bound a run; the first limit reached ends it. A crashing input is
# kept as BUILD_DIR/fuzz_NAME-crash-*; the corpus BUILD_DIR/fuzz_NAME_corpus
# keeps what earlier runs found. (libFuzzer reports a crash with exit 1 here,
# not its default 77, which CTest would read as a skip.)
set -u

FUZZ_BUILD=$(cd "${1:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd) || exit 1
FUZZ_SRC=$(cd "${2:?usage: $0 BUILD_DIR SOURCE_DIR}" && pwd) || exit 1
FUZZ_SECONDS=${SYNFIN_FUZZ_SECONDS:-7}
FUZZ_RUNS=${SYNFIN_FUZZ_RUNS:-5000000}
FUZZ_CLANG=${CLANG:-clang}
FUZZ_FLAGS=(-g -O1 -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
            -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
FUZZ_ME=$(basename "$0")

fuzz_skip() {
	echo "1..0 # SKIP $FUZZ_ME: $*"
	exit 77 # CTest's SKIP_RETURN_CODE
}

fuzz_fail() {
	echo "not ok 1 - $FUZZ_ME: $*"
	exit 1
}

command -v "$FUZZ_CLANG" >/dev/null 2>&1 || fuzz_skip "$FUZZ_CLANG not found (tools/dev deps installs clang)"
command -v perl >/dev/null 2>&1 || fuzz_skip "perl not found (it writes the seeds)"
fuzz_probe=$(mktemp -d) || exit 1
trap 'rm -rf "$fuzz_probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$fuzz_probe/probe.c"
"$FUZZ_CLANG" -fsanitize=fuzzer,address,undefined "$fuzz_probe/probe.c" -o "$fuzz_probe/probe" >/dev/null 2>&1 ||
	fuzz_skip "$FUZZ_CLANG cannot link -fsanitize=fuzzer (Debian: apt-get install libclang-rt-14-dev)"

fuzz_build() {
	local name=$1
	shift
	"$FUZZ_CLANG" "${FUZZ_FLAGS[@]}" "$FUZZ_SRC/tests/fuzz/fuzz_$name.c" "$@" \
		-o "$FUZZ_BUILD/fuzz_$name" || fuzz_fail "building fuzz_$name failed"
}

fuzz_seeds() {
	local dir=$FUZZ_BUILD/fuzz_$1_seeds
	rm -rf "$dir" && mkdir -p "$dir" || fuzz_fail "cannot make $dir"
	echo "$dir"
}

# fuzz_lines DIR: one seed file per line of stdin.
fuzz_lines() {
	perl -e 'my ($dir, $i) = (shift, 0); while (<STDIN>) { chomp; open(my $f, ">", sprintf("%s/%04d", $dir, $i++)) or die "$!"; print $f $_; close $f; }' "$1" ||
		fuzz_fail "writing seeds to $1"
}

fuzz_run() {
	local name=$1 seeds=$FUZZ_BUILD/fuzz_$1_seeds corpus=$FUZZ_BUILD/fuzz_$1_corpus nseeds status
	shift
	nseeds=$(find "$seeds" -type f | wc -l)
	[ "$nseeds" -gt 0 ] || fuzz_fail "no seeds for fuzz_$name"
	mkdir -p "$corpus" || exit 1
	echo "# fuzz_$name: $nseeds seeds, up to ${FUZZ_SECONDS}s / ${FUZZ_RUNS} runs"
	"$FUZZ_BUILD/fuzz_$name" -max_total_time="$FUZZ_SECONDS" -runs="$FUZZ_RUNS" -timeout=10 -error_exitcode=1 \
		-print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/fuzz_$name-" "$@" "$corpus" "$seeds" \
		>"$FUZZ_BUILD/fuzz_$name.log" 2>&1
	status=$?
	tail -n 40 "$FUZZ_BUILD/fuzz_$name.log" | sed 's/^/# /'
	[ "$status" -eq 0 ] || fuzz_fail "fuzz_$name failed (exit $status); see $FUZZ_BUILD/fuzz_$name-*"
	grep -q '^stat::number_of_executed_units: *[1-9]' "$FUZZ_BUILD/fuzz_$name.log" ||
		fuzz_fail "fuzz_$name ran no input"
	echo "ok 1 - fuzz_$name: no crash in $(sed -n 's/^stat::number_of_executed_units: *//p' "$FUZZ_BUILD/fuzz_$name.log") runs"
	echo "1..1"
}
