# Determinism: every output is the same bytes under LC_ALL=C,
# de_DE.UTF-8 (decimal commas) and tr_TR.UTF-8 (dotless i), and on a
# second run.  A missing locale fails the test: scripts/test generates
# them, and quietly testing C three times would prove nothing.
export SOURCE_DATE_EPOCH=1732579200

for l in de_DE tr_TR; do
	locale -a | grep -qi "^$l\.utf-\?8$" ||
		fail "locale $l.UTF-8 is missing (scripts/test generates it as root: localedef -i $l -f UTF-8 $l.UTF-8)"
done

everything() {	# everything DIR: what each stage writes, in DIR
	mkdir -p "$1"
	$TALLY run --out "$1/run" 2>/dev/null
	$TALLY normalise "$TALLY_DATA/sample/feed.txt" --date 2024-11-26 -o "$1/feed.jsonl" 2>/dev/null
	$TALLY extract "$TALLY_DATA/sample/bulletins.jsonl" --format jsonl -o "$1/facts.jsonl" 2>/dev/null
	$TALLY aggregate "$1/run/facts.tsv" --format tsv --by month,category,unit,place -o "$1/agg.tsv" 2>/dev/null
	$TALLY aggregate "$1/run/facts.tsv" --sketch -o "$1/sketch.json" 2>/dev/null
	$TALLY chart "$1/run/aggregates.json" --kind line --category financial_loss -o "$1/loss.png"
	$TALLY chart "$1/run/aggregates.json" --kind multiples \
		--category arrests,victims,gdp_share -o "$1/multiples.pdf"
}

LC_ALL=C everything c
LC_ALL=C everything c2
LC_ALL=de_DE.UTF-8 everything de
LANG=tr_TR.UTF-8 LC_ALL=tr_TR.UTF-8 everything tr
for d in c2 de tr; do
	diff -r c "$d" > diff.txt || { head -20 diff.txt >&2; fail "outputs under $d differ from C"; }
done
# Not vacuous: decimals were written.
grep -q '\.[0-9]' c/agg.tsv || fail "no decimal in the aggregate table"
