# tests/agent/netns.bash - sourced by the agent tests (not a test itself: CMake
# globs *.sh). The random and scripted requests really bind, connect and
# listen, so each test re-runs itself inside a private network namespace.
#
# agent_reexec_in_netns SECONDS SCRIPT ARGS...: unless already inside, check
# that $AGENT is built (not ok otherwise) and that a namespace can be made
# (SKIP, exit 77, otherwise), then exec SCRIPT ARGS in a new one, killed
# after SECONDS.
agent_reexec_in_netns() {
	local seconds=$1
	shift
	[ -n "${SYNFIN_AGENT_TEST_INNER:-}" ] && return 0
	if [ ! -x "$AGENT" ]; then
		echo "not ok 1 - $AGENT is not built"
		exit 1
	fi
	if ! unshare --net true 2>/dev/null; then
		echo "1..0 # SKIP cannot create a network namespace (needs root or user namespaces)"
		exit 77 # CTest's SKIP_RETURN_CODE
	fi
	SYNFIN_AGENT_TEST_INNER=1 exec timeout -k 5 "$seconds" unshare --net bash "$@"
}
