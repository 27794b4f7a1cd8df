# tally chart: charts from an aggregate table in every kind the adapter
# knows, in the three formats; nothing to draw is exit 1, not a crash.
$TALLY run --out out 2>/dev/null
A=out/aggregates.json
$TALLY chart $A --kind line -o line.svg
head -c 200 line.svg | grep -q '<svg' || fail "line.svg is not SVG"
$TALLY chart $A --kind multiples --category arrests,victims,financial_loss,seizure_value -o key.png
head -c 4 key.png | grep -q PNG || fail "key.png is not PNG"
$TALLY chart $A --kind bars --category financial_loss --months 6 -o money.pdf
head -c 5 money.pdf | grep -q '%PDF' || fail "money.pdf is not PDF"
$TALLY chart $A --kind histogram --category arrests --month 2024-11 -o hist.svg
$TALLY aggregate out/facts.tsv --by month,category,unit,source -o by-source.json 2>/dev/null
$TALLY chart by-source.json --kind ranked --by source -o ranked.png
# the same chart twice, the same bytes
$TALLY chart $A --kind line -o again.svg
expect_same line.svg again.svg

expect_status 1 $TALLY chart $A --kind hbars --by source -o x.svg 2> err.txt
expect_grep "no groups by source" err.txt
expect_status 1 $TALLY chart $A --kind line --category nosuch -o x.svg 2>/dev/null
expect_status 1 $TALLY chart $A --kind line --month 2031-01 -o x.svg 2>/dev/null
[ ! -e x.svg ] || fail "a chart was written although there was nothing to draw"
expect_status 2 $TALLY chart $A -o x.svg 2>/dev/null
expect_status 2 $TALLY chart $A --kind pie -o x.svg 2>/dev/null
expect_status 2 $TALLY chart $A --kind line -o x.gif 2>/dev/null
expect_status 3 $TALLY chart no-such.json --kind line -o x.svg 2>/dev/null
true
