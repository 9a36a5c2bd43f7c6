#!/bin/bash
# decode.sh BUILD_DIR SOURCE_DIR - fuzz the packet decoder (fuzz_decode.c)
# for a bounded time, seeded with the frames of tests/golden/cases.txt.
# See fuzz.bash for the limits and what a skip means.
. "$(dirname "$0")/fuzz.bash"

fuzz_build decode -I "$FUZZ_SRC/engine" -I "$FUZZ_SRC/engine/packet" \
	"$FUZZ_SRC/engine/packet/decode.c" "$FUZZ_SRC/engine/packet/summary.c" \
	"$FUZZ_SRC/engine/packet/checksum.c" "$FUZZ_SRC/engine/error.c"
seeds=$(fuzz_seeds decode)
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
' "$seeds" "$FUZZ_SRC/tests/golden/cases.txt" || fuzz_fail "reading tests/golden/cases.txt"
fuzz_run decode -max_len=2048
