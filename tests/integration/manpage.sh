# The man page: installed by `cmake --install`, readable with `man synfin`,
# and in step with --help: every option and subcommand of the one is in the
# other.
. "$(dirname "$0")/../lib.sh"
need man cmake
cmake --install "$BUILD" --prefix "$WORK/prefix" >"$WORK/install.log" 2>&1
check "cmake --install puts the man page in share/man/man1" test -f "$WORK/prefix/share/man/man1/synfin.1"
LC_ALL=C MANWIDTH=250 MANPATH="$WORK/prefix/share/man" man synfin >"$WORK/man.txt" 2>"$WORK/man.err"
check "man synfin renders it" contains "$WORK/man.txt" "synfin - check a TCP stack"
LC_ALL=C MANWIDTH=250 man --warnings -l "$SRC/docs/synfin.1" >/dev/null 2>"$WORK/warn"
check "groff has no warning about it" test ! -s "$WORK/warn"
"$SYNFIN" --help >"$WORK/help.txt"
# The options: a word starting with - or -- after a space, bracket, comma or bar.
options() { grep -oE '(^|[][ (,|])--?[a-z][a-z-]*' "$1" | sed -E 's/^[][ (,|]//' | sort -u; }
options "$WORK/help.txt" >"$WORK/help.opts"
sed '/^EXAMPLES/,$d' "$WORK/man.txt" >"$WORK/man-body.txt" # the examples quote other programs' options
options "$WORK/man-body.txt" >"$WORK/man.opts"
check "the help has the options (sanity)" test "$(wc -l <"$WORK/help.opts")" -ge 10
check "every option of --help is in the man page" bash -c "comm -23 '$WORK/help.opts' '$WORK/man.opts' | sed 's/^/# missing from the man page: /' | grep . && exit 1 || exit 0"
check "every option of the man page is in --help" bash -c "comm -13 '$WORK/help.opts' '$WORK/man.opts' | sed 's/^/# missing from --help: /' | grep . && exit 1 || exit 0"
for sub in run list lua report; do
  check "subcommand $sub in both" bash -c "grep -q 'synfin $sub' '$WORK/man.txt' && grep -qE '^(Usage: |       )synfin $sub' '$WORK/help.txt'"
done
finish
