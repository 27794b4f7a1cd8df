# The command line itself: help, version, unknown commands and options.

$TALLY --help > help.txt
expect_grep '^  ingest ' help.txt
expect_grep '^  run ' help.txt
$TALLY --version > version.txt
expect_grep '^tally [0-9]' version.txt
$TALLY help ingest > help-ingest.txt
expect_grep 'usage: tally ingest' help-ingest.txt

expect_status 2 $TALLY
expect_status 2 $TALLY frobnicate 2> err.txt
[ "$(wc -l < err.txt)" -eq 1 ] || fail "more than one line for an unknown command"
expect_grep "unknown command 'frobnicate'" err.txt
expect_status 2 $TALLY ingest --frobnicate x.jsonl 2> err.txt
[ "$(wc -l < err.txt)" -eq 1 ] || fail "more than one line for an unknown option"
expect_grep "unknown option '--frobnicate'" err.txt
expect_status 2 $TALLY ingest -q x.jsonl 2> err.txt
expect_grep "unknown option '-q'" err.txt
expect_status 2 $TALLY ingest x.jsonl -o 2> err.txt
expect_grep "needs a value" err.txt
expect_status 2 $TALLY ingest --max-body lots x.jsonl 2> err.txt
expect_grep "max-body" err.txt
expect_status 2 $TALLY help frobnicate
expect_status 2 $TALLY ingest 2> err.txt
expect_grep "no corpus" err.txt
