#!/bin/bash
# agent_reply.sh BUILD_DIR SOURCE_DIR - fuzz the engine's parser of agent
# replies (sf_agent_parse, fuzz_agent_reply.c), seeded with the replies of
# targets/AGENT.md's example session and of tests/agent/protocol.sh.
# See fuzz.bash for the limits and what a skip means.
. "$(dirname "$0")/fuzz.bash"

fuzz_build agent_reply -I "$FUZZ_SRC/engine" -I "$FUZZ_SRC/targets" \
	"$FUZZ_SRC/targets/agent_client.c" "$FUZZ_SRC/engine/error.c"
seeds=$(fuzz_seeds agent_reply)
{
	sed -n 's/^< //p' "$FUZZ_SRC/targets/AGENT.md"
	# expect DESC REQUEST REPLY...: the replies, with $FD-style names as 3.
	perl -ne 'while (/"((?:ok|err) [^"]*|ok)"/g) { (my $r = $1) =~ s/\$\{?\w+\}?/3/g; print "$r\n" }' \
		"$FUZZ_SRC/tests/agent/protocol.sh"
} | fuzz_lines "$seeds"
fuzz_run agent_reply -max_len=4096
