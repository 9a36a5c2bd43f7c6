# The command line: help, version, list, and usage errors with exit status 2.
. "$(dirname "$0")/../lib.sh"
need setpriv
"$SYNFIN" --help >"$WORK/help" 2>&1
check "--help exits 0" test $? -eq 0
check "--help lists the run options" contains "$WORK/help" "--target-opt KEY=VALUE"
check "--help lists the default target" contains "$WORK/help" "linux-netns"
check "--help lists the lua subcommand" contains "$WORK/help" "lua FILE [ARG]..."
"$SYNFIN" --version >"$WORK/version"
check "--version prints the version" grep -q '^synfin [0-9]' "$WORK/version"
(cd "$SRC" && "$SYNFIN" list) >"$WORK/list"
check "list exits 0" test $? -eq 0
check "list shows claim IDs" contains "$WORK/list" "claims: S1.2,S1.4,S3.1"
check "list shows RFC sections" contains "$WORK/list" "rfc: RFC 9293 3.10.7.1"
check "list shows the coverage of all 29 claims" has_line "$WORK/list" "^29 claims, [0-9]+ not covered$"
check "every claim of SEED-CLAIMS.md is covered by a test" contains "$WORK/list" "29 claims, 0 not covered"
"$SYNFIN" frobnicate >"$WORK/bad" 2>&1
check "unknown command: exit 2" test $? -eq 2
check "unknown command: says which" contains "$WORK/bad" "unknown command 'frobnicate'"
"$SYNFIN" run --family 5 >"$WORK/fam" 2>&1
check "bad --family: exit 2" test $? -eq 2
check "bad --family: quotes the value" contains "$WORK/fam" "not '5'"
"$SYNFIN" run --target nosuch >"$WORK/tgt" 2>&1
check "unknown target: exit 2" test $? -eq 2
"$SYNFIN" run /no/such/dir >"$WORK/nodir" 2>&1
check "missing script path: exit 2 naming it" bash -c "grep -qF '/no/such/dir' '$WORK/nodir'"
# Root without the capabilities to make namespaces (a normal user gets a
# user namespace instead: tests/integration/rootless.sh): exit 2 with advice.
setpriv --inh-caps=-all --bounding-set=-all "$SYNFIN" run "$SRC/scripts" >"$WORK/unpriv" 2>&1
check "root without capabilities: exit 2" test $? -eq 2
check "root without capabilities: says to run as root with them" contains "$WORK/unpriv" "run synfin as root"
# synfin lua: the library, no target, no privilege.
"$SYNFIN" lua >"$WORK/lua-none" 2>&1
check "lua without a FILE: exit 2" test $? -eq 2
printf 'local m = require "synfin.match"\nprint(arg[0]:match("[^/]*$"), arg[1], m.title { flags = "S", seq = 7 })\n' >"$WORK/hello.lua"
chmod 755 "$WORK" && chmod 644 "$WORK/hello.lua"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$SYNFIN" lua "$WORK/hello.lua" one >"$WORK/lua-out" 2>&1
check "lua runs a file unprivileged: exit 0" test $? -eq 0
check "lua: the library and arg are there" contains "$WORK/lua-out" "hello.lua	one	[S] seq 7"
"$SYNFIN" lua /no/such.lua >"$WORK/lua-missing" 2>&1
check "lua with a missing FILE: exit 1" test $? -eq 1
check "lua with a missing FILE: names it" contains "$WORK/lua-missing" "/no/such.lua"
(cd "$SRC" && "$SYNFIN" run --filter 'closed-port:' scripts/) >"$WORK/filter.tap"
check "--filter selects tests by name (4 closed-port tests, 2 families)" test "$(grep -c '^ok ' "$WORK/filter.tap")" -eq 8
(cd "$SRC" && "$SYNFIN" run --filter 'handshake/*-open*' scripts/) >"$WORK/glob.tap"
check "--filter takes a glob (4 handshake tests, 2 families)" test "$(grep -c '^ok ' "$WORK/glob.tap")" -eq 8
# A filter that selects nothing is a mistake (a typo would pass CI silently).
(cd "$SRC" && "$SYNFIN" run --filter 'no-such-test' scripts/) >"$WORK/nothing.tap" 2>"$WORK/nothing.err"
check "--filter selecting no test: exit 2" test $? -eq 2
check "--filter selecting no test: says so, quoting it" contains "$WORK/nothing.err" "--filter 'no-such-test' selects no test"
# Test ids are relative to the suite's root, whatever path names the script.
(cd "$SRC" && "$SYNFIN" list scripts/close) >"$WORK/ids-dir"
(cd "$SRC" && "$SYNFIN" list scripts/close/orderly-close.lua) >"$WORK/ids-file"
(cd "$SRC/scripts/close" && "$SYNFIN" list .) >"$WORK/ids-dot"
for f in ids-dir ids-file ids-dot; do
  check "stable id from $f: close/orderly-close" has_line "$WORK/$f" "^close/orderly-close: "
done
# Parallel runs print the same stream as sequential ones (numbers aside).
normalize() { sed -E 's/(seq|ack|val|ecr)[ =:]+[0-9]+/\1 N/g; s/0x[0-9a-f]+/0xN/g; s/(ack_relative|seq_relative): [0-9]+/\1: N/' "$1" | grep -v '^ *# \|^ *- '; }
(cd "$SRC" && "$SYNFIN" run -j 1 scripts/close scripts/handshake/passive-open.lua) >"$WORK/j1.tap"
(cd "$SRC" && "$SYNFIN" run -j 4 scripts/close scripts/handshake/passive-open.lua) >"$WORK/j4.tap"
check "-j 4 prints the same TAP as -j 1" cmp -s <(normalize "$WORK/j1.tap") <(normalize "$WORK/j4.tap")
"$SYNFIN" run -j 0 >"$WORK/j0" 2>&1
check "bad --jobs: exit 2" test $? -eq 2
# --profile judges by another profile: rfc9293 documents none of Linux's
# deviations, so Linux's listen(0) accept queue of one becomes a failure;
# a user's own profile file is taken the same way.
q="listen(0)"
(cd "$SRC" && "$SYNFIN" run --family 4 --filter "$q" scripts/backlog) >"$WORK/prof-linux.tap"
check "--profile: by default Linux's backlog+1 is documented" contains "$WORK/prof-linux.tap" "(deviates as documented for linux)"
(cd "$SRC" && "$SYNFIN" run --family 4 --profile rfc9293 --filter "$q" scripts/backlog) >"$WORK/prof-rfc.tap"
check "--profile rfc9293: the same behaviour deviates, and fails" contains "$WORK/prof-rfc.tap" "holds 0 completed connections (deviates)"
echo 'return { name = "mine" }' >"$WORK/mine.lua"
(cd "$SRC" && "$SYNFIN" run --family 4 --profile "$WORK/mine.lua" --filter "$q" scripts/backlog) >"$WORK/prof-file.tap"
check "--profile FILE: a profile of one's own, outside the tree" contains "$WORK/prof-file.tap" "holds 0 completed connections (deviates)"
"$SYNFIN" run --profile no-such-profile scripts/ >/dev/null 2>"$WORK/prof-bad"
check "--profile with an unknown name: exit 2" test $? -eq 2
check "--profile with an unknown name: says so" contains "$WORK/prof-bad" "'no-such-profile' is neither a profile"
finish
