#!/bin/sh
# Runs one CLI test script in a fresh temporary directory that is removed
# afterwards, with the helpers of lib.sh loaded.
set -eu
script=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export TMPDIR="$work" LC_ALL=C
# scripts/valgrind runs every test's tally through a wrapper of its own.
if [ -n "${TALLY_WRAPPER:-}" ]; then TALLY=$TALLY_WRAPPER; export TALLY; fi
cd "$work"
. "$TALLY_TESTS/cli/lib.sh"
. "$script"
