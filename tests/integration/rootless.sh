# synfin run without root: the whole suite (scripts/) as uid 65534, in the
# user namespace synfin makes for itself, every test point ok and the report
# the user's own; then, with user namespaces turned off for one run, the one
# message that says what is missing, and exit status 2 (the limit at 0, and
# an outright refusal). And a rootless run killed with SIGKILL leaves no
# process and no namespace behind.
#
# What that user runs must be readable by it (a checkout under /root is
# not): synfin, synfin-agent, lua/ and scripts/ are copied into a directory
# of its own. User namespaces are turned off only inside a user namespace
# of the test's (user.max_user_namespaces=0 there limits everything below
# it), so the machine's own setting is never changed, even if the test dies.
. "$(dirname "$0")/../lib.sh"
need setpriv unshare pgrep lsns chroot ldd
[ "$(id -u)" -eq 0 ] || skip "run as root: the test drops to uid 65534 itself, and maps uids to turn user namespaces off"
RUNAS=(setpriv --reuid 65534 --regid 65534 --clear-groups)
"${RUNAS[@]}" unshare --user --map-root-user true 2>/dev/null ||
  skip "this machine refuses unprivileged user namespaces (user.max_user_namespaces, kernel.unprivileged_userns_clone, AppArmor or seccomp), so no rootless run can pass here"

HOME65534="$WORK/nobody"
mkdir -p "$HOME65534/bin"
cp "$BUILD/synfin" "$BUILD/synfin-agent" "$HOME65534/bin/"
cp -r "$SRC/lua" "$SRC/scripts" "$HOME65534/"
chown -R 65534:65534 "$HOME65534"
chmod 755 "$WORK"
export SYNFIN_LUA_DIR="$HOME65534/lua"

# The suite as uid 65534, from its own directory (default scripts/).
start=$(date +%s%N)
(cd "$HOME65534" && timeout -k 5 120 "${RUNAS[@]}" bin/synfin run --report report) >"$WORK/suite.tap" 2>"$WORK/suite.err"
echo $? >"$WORK/suite.rc"
ms=$((($(date +%s%N) - start) / 1000000))
points=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$WORK/suite.tap")
oks=$(grep -c '^ok ' "$WORK/suite.tap")
echo "# the suite as uid 65534: $oks of ${points:-no} points ok in $ms ms"
check "as uid 65534 the suite exits 0" test "$(cat "$WORK/suite.rc")" -eq 0
grep -A12 '^not ok' "$WORK/suite.tap" | sed 's/^/#   /' | head -60
check "no test point is not ok" lacks "$WORK/suite.tap" "not ok"
check "every point ($oks of ${points:-?}) is ok, and there are more than 150" \
  test "${points:-0}" -gt 150 -a "$oks" -eq "${points:-0}"
check "nothing on stderr" test ! -s "$WORK/suite.err"
check "the report files belong to uid 65534" \
  test "$(find "$HOME65534/report" ! -user 65534 | wc -l)" -eq 0 -a -s "$HOME65534/report/results.json"

# Killed with SIGKILL mid-test, a rootless run leaves nothing behind either:
# its agent dies with it, and with the last process goes the user namespace.
cp "$SRC/tests/selftest/scripts/long-test.lua" "$HOME65534/" && chown 65534:65534 "$HOME65534/long-test.lua"
"${RUNAS[@]}" "$HOME65534/bin/synfin" run -j 2 "$HOME65534/long-test.lua" >"$WORK/kill.tap" 2>&1 &
pid=$!
agent=""
for _ in $(seq 50); do
  for p in $(descendants "$pid"); do [ "$(cat /proc/"$p"/comm 2>/dev/null)" = synfin-agent ] && agent=$p; done
  [ -n "$agent" ] && break
  sleep 0.1
done
check "killed: the agent of the rootless run was running" test -n "$agent"
userns=$(readlink "/proc/${agent:-self}/ns/user")
check "... in a user namespace of synfin's, not this one" test "$userns" != "$(readlink /proc/self/ns/user)"
below=$(descendants "$pid" | tr '\n' ' ')
kill_tree "$pid" "$below"
check "after kill -9, every process the rootless run started is gone ($below)" test -z "$alive"
check "... and so is its user namespace" bash -c "! lsns -t user -n -o NS | grep -q '${userns//[^0-9]/}'"

# User namespaces off for one run. The test's own user namespace maps uid
# 65534 to itself and 0 to root; its root sets the limit to 0 there, then
# drops to 65534 and runs synfin. A shell execs only once the maps are
# written (a fifo says so), because capabilities come with an exec as uid 0.
mkfifo "$WORK/mapped"
unshare --user bash -c '
  read -r _ <"$1"; shift
  exec bash -c "echo 0 >/proc/sys/user/max_user_namespaces && exec \"\$@\"" bash "$@"' \
  bash "$WORK/mapped" "${RUNAS[@]}" "$HOME65534/bin/synfin" run "$HOME65534/scripts/handshake" \
  >"$WORK/off.tap" 2>"$WORK/off.err" &
inner=$!
for _ in $(seq 100); do [ "$(readlink /proc/$inner/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break; sleep 0.02; done
echo "0 0 65536" >/proc/$inner/uid_map && echo "0 0 65536" >/proc/$inner/gid_map
echo go >"$WORK/mapped"
wait $inner
echo $? >"$WORK/off.rc"
sed 's/^/# /' "$WORK/off.err"
check "without user namespaces: exit status 2" test "$(cat "$WORK/off.rc")" -eq 2
check "without user namespaces: one line on stderr" test "$(wc -l <"$WORK/off.err")" -eq 1
check "the message says synfin is not root and could not make a user namespace" \
  contains "$WORK/off.err" "uid 65534 is not root, so synfin needs a user namespace of its own, and creating one failed"
check "the message names the setting and how to enable it" \
  contains "$WORK/off.err" "user.max_user_namespaces is 0; enable them with \`sudo sysctl -w user.max_user_namespaces=10000\`"
check "no TAP was written" test ! -s "$WORK/off.tap"
check "the machine's own user.max_user_namespaces is untouched ($(cat /proc/sys/user/max_user_namespaces))" \
  test "$(cat /proc/sys/user/max_user_namespaces)" -gt 0

# Refused outright (EPERM, what a seccomp filter or a security module gives):
# the kernel refuses a user namespace to a chrooted process, so synfin and
# its libraries go into a directory of their own, /proc bound into it (in a
# mount namespace of the test's) for the message to read the settings.
jail="$WORK/jail"
mkdir -p "$jail/bin" "$jail/proc" "$jail/s"
cp "$BUILD/synfin" "$jail/bin/" && cp "$SRC/scripts/reset/closed-port.lua" "$jail/s/"
for lib in $(ldd "$BUILD/synfin" | grep -oE '/[^ ]+'); do mkdir -p "$jail$(dirname "$lib")" && cp -L "$lib" "$jail$lib"; done
chmod -R a+rX "$jail"
unshare --mount sh -c 'mount --bind /proc "$1/proc" && exec chroot --userspec=65534:65534 "$1" /bin/synfin run /s/closed-port.lua' \
  sh "$jail" >"$WORK/eperm.tap" 2>"$WORK/eperm.err"
echo $? >"$WORK/eperm.rc"
sed 's/^/# /' "$WORK/eperm.err"
check "refused (EPERM): exit status 2, one line on stderr, no TAP" \
  test "$(cat "$WORK/eperm.rc")" -eq 2 -a "$(wc -l <"$WORK/eperm.err")" -eq 1 -a ! -s "$WORK/eperm.tap"
check "refused (EPERM): the message says what refuses it and what to allow" \
  contains "$WORK/eperm.err" "(Operation not permitted): a seccomp filter or a security module refused it"
finish
