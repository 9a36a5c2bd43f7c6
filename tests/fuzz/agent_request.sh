#!/bin/bash
# agent_request.sh BUILD_DIR SOURCE_DIR - fuzz synfin-agent's request parsing
# (line_read, dispatch_parse and the argument parsers; fuzz_agent_request.c),
# seeded with the requests of targets/AGENT.md's example session and of
# tests/agent/protocol.sh. No socket call is made.
# See fuzz.bash for the limits and what a skip means.
. "$(dirname "$0")/fuzz.bash"

agent=$FUZZ_SRC/targets/agent
sources=()
for f in "$agent"/*.c; do
	[ "$(basename "$f")" = main.c ] || sources+=("$f")
done
fuzz_build agent_request -I "$agent" "${sources[@]}"
seeds=$(fuzz_seeds agent_request)
{
	sed -n 's/^> //p' "$FUZZ_SRC/targets/AGENT.md"
	# expect DESC REQUEST REPLY...: the requests, with $FD-style names as 3.
	perl -ne 'if (/^\s*(?:expect|capture \w+|eventually) "[^"]*" "([^"]*)"/) { (my $r = $1) =~ s/\$\{?\w+\}?/3/g; print "$r\n" }' \
		"$FUZZ_SRC/tests/agent/protocol.sh"
} | fuzz_lines "$seeds"
fuzz_run agent_request -max_len=4096
