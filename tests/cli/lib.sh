# Helpers shared by the CLI tests (sourced by run-one.sh).

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_status N CMD...: run CMD, fail unless it exits with status N.
expect_status() {
  want=$1; shift
  set +e; "$@"; got=$?; set -e
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want"
}

# expect_grep PATTERN FILE: FILE must contain a line matching PATTERN.
expect_grep() {
  grep -q -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "no '$1' in $2"; }
}

# expect_same A B: the two files must be byte-identical.
expect_same() {
  cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -40 >&2; fail "$1 and $2 differ"; }
}

# skip REASON: report the test as skipped (ctest shows it), loudly.
skip() { echo "SKIPPED: $*" >&2; exit 77; }
