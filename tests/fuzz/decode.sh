#!/bin/bash
# decode.sh BUILD_DIR SOURCE_DIR - fuzz the packet decoder for a bounded time.
#
# Builds tests/fuzz/fuzz_decode.c with clang's libFuzzer, ASan and UBSan into
# BUILD_DIR/fuzz_decode, seeds a corpus with the frames of
# tests/golden/cases.txt and runs it. Fails on any crash (the input is kept
# as BUILD_DIR/fuzz_decode-crash-*). Without clang or the libFuzzer runtime
# it says so, prints SKIP and passes.
#
# SYNFIN_FUZZ_SECONDS (default 20) and SYNFIN_FUZZ_RUNS (default 5000000)
# bound the run; the first limit reached ends it.
set -u

build=${1:?usage: decode.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: decode.sh BUILD_DIR SOURCE_DIR}
seconds=${SYNFIN_FUZZ_SECONDS:-20}
runs=${SYNFIN_FUZZ_RUNS:-5000000}
clang=${CLANG:-clang}
flags=(-g -O1 -std=gnu11 -Wall -Wextra -Werror -Wshadow
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)

skip() {
	echo "decode.sh: $*"
	echo "SKIP"
	exit 0
}

command -v "$clang" >/dev/null 2>&1 || skip "$clang not found"
probe=$(mktemp -d) || exit 1
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$probe/probe.c"
"$clang" -fsanitize=fuzzer,address,undefined "$probe/probe.c" -o "$probe/probe" >/dev/null 2>&1 ||
	skip "$clang cannot link -fsanitize=fuzzer (Debian: apt-get install libclang-rt-14-dev)"

mkdir -p "$build" || exit 1
"$clang" "${flags[@]}" -I "$src/engine" -I "$src/engine/packet" "$src/tests/fuzz/fuzz_decode.c" \
	"$src/engine/packet/decode.c" "$src/engine/packet/summary.c" "$src/engine/packet/checksum.c" "$src/engine/error.c" \
	-o "$build/fuzz_decode" || { echo "decode.sh: building the harness failed"; exit 1; }

# Seeds: one file per golden frame. The corpus directory keeps what
# earlier runs found; the seeds are rewritten every time.
seeds="$build/fuzz_decode_seeds"
corpus="$build/fuzz_decode_corpus"
rm -rf "$seeds" && mkdir -p "$seeds" "$corpus" || exit 1
perl -e '
	my $dir = shift;
	while (<>) {
		next if /^\s*(#|$)/;
		next unless /^(\S+)\s+(.*?)\s=>\s/;
		my ($name, $hex) = ($1, $2);
		$hex =~ s/\s+//g;
		open(my $f, ">", "$dir/$name") or die "$name: $!";
		binmode $f;
		print $f pack("H*", $hex);
		close $f;
	}
' "$seeds" "$src/tests/golden/cases.txt" || exit 1
nseeds=$(ls "$seeds" | wc -l)
[ "$nseeds" -gt 0 ] || { echo "decode.sh: no seed frames in $src/tests/golden/cases.txt"; exit 1; }
echo "decode.sh: $nseeds seed frames, up to ${seconds}s / ${runs} runs"

"$build/fuzz_decode" -max_total_time="$seconds" -runs="$runs" -max_len=2048 -timeout=10 \
	-print_final_stats=1 -artifact_prefix="$build/fuzz_decode-" "$corpus" "$seeds" 2>&1 | tail -n 40
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
	echo "decode.sh: fuzz_decode failed (exit $status); see $build/fuzz_decode-*"
	exit 1
fi
echo "decode.sh: no crash"
