#!/bin/bash
# tests/agent/gvisor_requests.sh - fuzz_requests.sh's thousands of random,
# mostly malformed requests against synfin-gvisor-agent (targets/gvisor/):
# one well-formed reply per request line, nothing on stderr (no Go panic),
# exit 0 at end of input. Netstack is attached to the namespace's lo, which
# is enough for the parser and the socket calls (nothing needs a peer).
#
# Usage: bash gvisor_requests.sh BUILD_DIR SOURCE_DIR [SEED [LINES]]
set -u
BUILD_DIR=${1:?usage: gvisor_requests.sh BUILD_DIR SOURCE_DIR [SEED [LINES]]}
if [ ! -x "$BUILD_DIR/synfin-gvisor-agent" ]; then
	if [ -d /usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/stack ] && command -v go >/dev/null; then
		echo "not ok 1 - go and the gvisor package are here but $BUILD_DIR/synfin-gvisor-agent is not built"
		exit 1
	fi
	echo "1..0 # SKIP golang-go or golang-gvisor-gvisor-dev is not installed (tools/dev deps installs them)"
	exit 77
fi
export SYNFIN_TEST_AGENT=$BUILD_DIR/synfin-gvisor-agent
export SYNFIN_IF=lo SYNFIN_LINK=veth SYNFIN_MAC=02:53:46:00:00:02 SYNFIN_MTU=1500 \
	SYNFIN_ADDR4=198.18.0.2 SYNFIN_ADDR4_2=198.18.0.3 SYNFIN_PREFIX4=24 \
	SYNFIN_ADDR6=2001:2::2 SYNFIN_ADDR6_2=2001:2::3 SYNFIN_PREFIX6=64
exec bash "$(dirname "$0")/fuzz_requests.sh" "$@"
