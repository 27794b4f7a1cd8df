# tally run --all-months on the built-in sample: one briefing a month,
# an index linking them, and every month's headline numbers recomputed
# from facts.tsv by an independent route (check_headlines.py).
export SOURCE_DATE_EPOCH=1732579200

$TALLY run --all-months --out all 2> err.txt
expect_grep '12 briefings in all/YYYY-MM/, index all/index.html' err.txt
n=0
for d in all/20*; do
	m=${d#all/}
	for f in report.md report.html report.pdf report.json; do
		[ -s "$d/$f" ] || fail "$d/$f missing"
	done
	expect_grep "href=\"$m/report.html\"" all/index.html
	expect_grep "href=\"$m/report.pdf\"" all/index.html
	python3 "$TALLY_TESTS/cli/check_headlines.py" all/facts.tsv \
		"$TALLY_DATA/rates.tsv" "$d/report.json" > check.txt ||
		{ cat check.txt >&2; fail "$m: headline numbers differ from the facts"; }
	tail -1 check.txt
	n=$((n + 1))
done
[ "$n" -eq 12 ] || fail "expected 12 monthly briefings, got $n"

# The index alone, from the aggregate table (what make builds across
# months), is the page tally run wrote.
$TALLY report --index all/aggregates.json -o idx 2>/dev/null
expect_same all/index.html idx/index.html
expect_status 2 $TALLY report --index --month 2024-11 all/aggregates.json 2>/dev/null
