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

# Page size, resolution, subtitle and reference lines.  The PNG says its
# DPI in a pHYs chunk; the PDF page is the size asked for.
$TALLY aggregate out/facts.tsv --by month,category,unit,place -o by-place.json 2>/dev/null
$TALLY chart by-place.json --kind hbars --by place --category gdp_share --month 2024-11 \
	--width 120mm --height 80mm --dpi 150 --subtitle "Defence spending, % of GDP" -o gdp.png
python3 - gdp.png <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
w, h = struct.unpack(">II", b[16:24])
i = b.find(b"pHYs")
x, y, unit = struct.unpack(">IIB", b[i + 4:i + 13])
assert unit == 1 and x == y == round(150 / 0.0254), (x, y, unit)
assert (w, h) == (round(120 / 25.4 * 150), round(80 / 25.4 * 150)), (w, h)
PY
# (text is drawn as glyphs, so the default 2 % line shows as a difference)
$TALLY chart by-place.json --kind hbars --by place --category gdp_share --month 2024-11 -o gdp.svg
$TALLY chart by-place.json --kind hbars --by place --category gdp_share --month 2024-11 --ref none -o gdp-none.svg
cmp -s gdp.svg gdp-none.svg && fail "no default 2 % line on shares of GDP"
$TALLY chart by-place.json --kind hbars --by place --category gdp_share --month 2024-11 --ref 2:'NATO guideline 2%' -o gdp-2.svg
expect_same gdp.svg gdp-2.svg
$TALLY chart by-place.json --kind hbars --by place --category gdp_share --month 2024-11 \
	--ref none --width 6in --height 4in -o gdp-none.pdf
pdfinfo gdp-none.pdf | grep -q 'Page size: *432 x 288 pts' || fail "PDF page is not 6 x 4 in"
$TALLY chart $A --kind line --ref 2500:Target --subtitle "Arrests a month" -o ref.svg
expect_status 2 $TALLY chart $A --kind line --ref lots -o x.svg 2>/dev/null
expect_status 2 $TALLY chart $A --kind line --dpi 5 -o x.png 2>/dev/null
expect_status 2 $TALLY chart $A --kind line --width 3furlongs -o x.png 2>/dev/null
true
