# The sample corpus, its gold and its non-fact spans are generated from
# scripts/sample/src/*.src and must be up to date; the feed digest's expected
# normalisation must match the reference reading of data/sample/README.md.
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
python3 "$TALLY_SRC/scripts/sample/build-sample" --check ||
  fail "data/sample is stale or broken: run scripts/sample/build-sample"
python3 "$TALLY_SRC/scripts/sample/feed-reference" "$TALLY_SRC/data/sample/feed.txt" \
  > feed.jsonl 2> feed.err
expect_same feed.jsonl "$TALLY_SRC/tests/data/feed-expected.jsonl"
expect_grep "Modern slavery victims rescued from car washes" feed.err
