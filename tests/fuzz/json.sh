#!/bin/bash
# json.sh BUILD_DIR SOURCE_DIR - fuzz the results.json reader (fuzz_json.c)
# for a bounded time, seeded with small JSON texts of results.json's shape.
# See fuzz.bash for the limits and what a skip means.
. "$(dirname "$0")/fuzz.bash"

command -v pkg-config >/dev/null 2>&1 || fuzz_skip "pkg-config not found"
# shellcheck disable=SC2046 # the flags are words
fuzz_build json -I "$FUZZ_SRC/engine" -I "$FUZZ_SRC/reports" \
	"$FUZZ_SRC/reports/json.c" "$FUZZ_SRC/engine/error.c" $(pkg-config --cflags --libs lua5.4 jansson)
seeds=$(fuzz_seeds json)
fuzz_lines "$seeds" <<'SEEDS'
{"synfin":{"version":"0.1.0"},"run":{"target":{"name":"linux-netns"},"families":[4,6]},"tests":[]}
{"tests":[{"id":"close/orderly-close: x","family":4,"verdict":"fail","claims":["S2.1"],"segments":[{"dir":">","flags":"S","seq":4294967295,"rel_seq":0,"time":0.001,"options":{"mss":1460}}]}]}
[1,-2,3.5e10,true,false,null,"a\u00e9\n\"",[],{}]
"\ud83d\ude00"
[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
SEEDS
fuzz_run json -max_len=4096
