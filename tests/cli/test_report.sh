# tally run and tally report on the built-in sample: every section of the
# briefing in every form, headline numbers in the PDF's text, fonts
# embedded, charts in three formats, the same bytes twice, a month with
# no bulletins, the standalone command, the index, usage and I/O errors.
export SOURCE_DATE_EPOCH=1732579200

$TALLY run --out out --month 2024-11 2> err.txt
expect_grep '^tally run: read 110, accepted 110, rejected 0' err.txt
expect_grep 'briefing for 2024-11 in out/2024-11/report.html' err.txt
grep -q "$(printf '\r')" err.txt && fail "progress printed although stderr is not a terminal"
for f in bulletins.jsonl rejects.jsonl facts.tsv aggregates.json accounts.json \
	 2024-11/report.md 2024-11/report.html 2024-11/report.pdf 2024-11/report.json; do
	[ -s "out/$f" ] || [ "$f" = rejects.jsonl ] || fail "out/$f missing or empty"
done
R=out/2024-11

# Every section, in each form.
for s in 'Headline figures' 'Charts' 'By category: sources and places' \
	 'The ten largest figures' 'Data quality' 'Method'; do
	expect_grep "^## $s\$" $R/report.md
	expect_grep "<h2>$s</h2>" $R/report.html
done
for id in headlines charts categories top quality method; do
	expect_grep "<section id=\"$id\">" $R/report.html
done
expect_grep '^### Bulletins read and rejected' $R/report.md
expect_grep '^### Probable duplicates' $R/report.md
expect_grep '^### Currencies converted' $R/report.md
expect_grep '^### Figures left out' $R/report.md
expect_grep '^### Totals, parts and context' $R/report.md

# The HTML is self-contained.
grep -qiE '<script|<link |src="http|@import|url\(http' $R/report.html &&
	fail "report.html loads something from outside"
expect_grep '@page { size: A4' $R/report.html

# Charts: each named in the report is there as SVG, PDF and PNG.
charts=$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(b["name"] for s in d["sections"] for b in s["blocks"] if b["kind"]=="chart"))' $R/report.json)
[ -n "$charts" ] || fail "no chart in the report"
for c in $charts; do
	head -c 5 $R/charts/$c.svg | grep -q '<' || fail "$c.svg is not SVG"
	head -c 5 $R/charts/$c.pdf | grep -q '%PDF' || fail "$c.pdf is not PDF"
	head -c 4 $R/charts/$c.png | grep -q 'PNG' || fail "$c.png is not PNG"
	expect_grep "charts/$c.svg" $R/report.md
done

# The PDF: A4, fonts embedded, and the headline numbers in its text.
pdfinfo $R/report.pdf > info.txt
expect_grep 'Page size: *595.* x 841.* pts (A4)' info.txt
pdffonts $R/report.pdf | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
	fail "a font is not embedded in report.pdf"
pdftotext -layout $R/report.pdf report.txt
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
for s in d["sections"]:
    for b in s["blocks"]:
        if b["kind"]=="headlines":
            for h in b["headlines"]:
                print(h["value"])' $R/report.json > values.txt
[ "$(wc -l < values.txt)" -ge 7 ] || fail "fewer than 7 headline figures"
while read -r v; do
	grep -qF -- "$v" report.txt || fail "headline '$v' not in the PDF's text"
	grep -qF -- "$v" $R/report.md || fail "headline '$v' not in report.md"
done < values.txt

# The headline numbers, recomputed from facts.tsv by another route.
python3 "$TALLY_TESTS/cli/check_headlines.py" out/facts.tsv "$TALLY_DATA/rates.tsv" \
	$R/report.json > check.txt || { cat check.txt >&2; fail "headline numbers differ from the facts"; }

# accounts.json against its schema.
/usr/bin/python3 "$TALLY_TESTS/validate.py" "$TALLY_SRC/schemas/accounts.schema.json" \
	out/accounts.json || fail "accounts.json does not fit its schema"

# The same input gives the same bytes.
$TALLY run --out again --month 2024-11 2>/dev/null
diff -r out again > /dev/null || { diff -r out again | head >&2; fail "a second run differs"; }

# tally report alone, with the run's accounts, writes the same briefing.
$TALLY report --month 2024-11 out/aggregates.json out/facts.tsv \
	--accounts out/accounts.json -o alone 2> err.txt
expect_grep 'tally report: 2024-11' err.txt
for f in report.md report.html report.pdf report.json; do
	expect_same $R/$f alone/$f
done
# ... and with only a rejects file, it says what it does not know.
$TALLY report --month 2024-11 out/aggregates.json out/facts.tsv \
	--rejects out/rejects.jsonl -o rej 2>/dev/null
expect_grep 'how many were read in all is not known' rej/report.md

# A month with no bulletins: a short, honest report.
$TALLY run --out out --month 2025-03 2>/dev/null
expect_grep 'No bulletin published in March 2025 was read' out/2025-03/report.md
expect_grep '^## Data quality' out/2025-03/report.md
expect_grep '^## Method' out/2025-03/report.md
pdftotext out/2025-03/report.pdf - | grep -q 'No bulletin published in March 2025' ||
	fail "the empty month's PDF does not say so"

# Usage and I/O errors.
expect_status 2 $TALLY run --month 2024-13 --out x 2>/dev/null
expect_status 2 $TALLY run --month 2024-11 --all-months 2>/dev/null
expect_status 2 $TALLY report out/aggregates.json 2>/dev/null
expect_status 3 $TALLY report --month 2024-11 no-such.json out/facts.tsv -o never 2>/dev/null
[ ! -e never/report.md ] || fail "a report was written from a missing input"
expect_status 3 $TALLY run no-such-corpus.jsonl --out never 2>/dev/null
[ ! -e never/facts.tsv ] || fail "outputs were left behind after a failed run"
ls -a out out/2024-11 | grep -q '\.tmp\.' && fail "a temporary file was left behind"
true

# A month with many probable duplicates (source B repeats each of A's
# figures a day later): the briefing lists the first 20 and counts the
# rest, and aggregates.json keeps them all.
awk 'BEGIN {
	OFS = "\t"
	print "bulletin_id", "source", "published", "category", "value", "unit", "qualifier", "scope"
	for (i = 1; i <= 30; i++) {
		print "a" i, "A", "2024-05-10", "arrests", 100 + 7 * i, "count", "exact", "total"
		print "b" i, "B", "2024-05-11", "arrests", 100 + 7 * i, "count", "exact", "total"
	}
}' > dups.tsv
$TALLY aggregate dups.tsv -o dups.json 2> /dev/null
[ "$(grep -o '"bulletin_id"' dups.json | wc -l)" -ge 60 ] || fail "duplicates missing from dups.json"
$TALLY report --month 2024-05 dups.json dups.tsv -o dupsrep 2> /dev/null
n=$(sed -n '/^### Probable duplicates/,/^### Currencies/p' dupsrep/report.md | grep -c '^| Arrests')
[ "$n" -eq 20 ] || fail "expected 20 duplicates listed, got $n"
expect_grep '30 this month; the first 20 are shown' dupsrep/report.md
