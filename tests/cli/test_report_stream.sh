# The briefing streams the facts and keeps only the month's ten largest
# figures: their order on ties (rank, date, bulletin, place in the text,
# then the order of the facts table), the count of figures that enter
# the totals, and the facts-per-bulletin counts, on a facts table with
# tied figures inserted in the middle of the month.
export SOURCE_DATE_EPOCH=1732579200

$TALLY run --out out --month 2024-11 2> err.txt

# 16 tied figures of one bulletin (distinct categories, the same start),
# then 5 of another that sorts first, inserted half-way through the facts.
python3 - out/facts.tsv ties.tsv <<'EOF'
import sys
rows = open(sys.argv[1]).read().split('\n')
head, rows = rows[0], [r for r in rows[1:] if r]
base = next(r for r in rows if r.split('\t')[2].startswith('2024-11')).split('\t')
cats = ['arrests', 'victims'] + ['cat%d' % i for i in range(14)]
new = []
for bid, n, start in (('zz-tie', 16, lambda j: 5), ('aa-tie', 5, lambda j: j % 2)):
    for j in range(n):
        r = list(base)
        r[0], r[3], r[4], r[5] = bid, cats[j], '9000000000000000', 'count'
        r[9], r[10], r[11] = 'total', '%s%d' % (bid[0].upper(), j), str(start(j))
        new.append('\t'.join(r))
k = len(rows) // 2
open(sys.argv[2], 'w').write('\n'.join([head] + rows[:k] + new + rows[k:]) + '\n')
EOF

$TALLY report --month 2024-11 -o plain --accounts out/accounts.json \
	out/aggregates.json out/facts.tsv 2> /dev/null
$TALLY report --month 2024-11 -o ties out/aggregates.json ties.tsv 2> /dev/null

# The ten: the 'aa-tie' ones by start, then in table order; then 'zz-tie'
# in table order (a full tie).
got=$(sed -n '/^## The ten largest figures/,/^## Data quality/p' ties/report.md |
      grep -o '^| [0-9]* | [^|]*' | sed 's/.*“\(.*\)”.*/\1/' | tr '\n' ' ')
[ "$got" = "A0 A2 A4 A1 A3 Z0 Z1 Z2 Z3 Z4 " ] ||
	fail "ten largest in the wrong order: '$got'"

# 21 more figures enter the totals than without the tied ones.
n_plain=$(grep -o '_[0-9]* figures of the month enter' plain/report.md | tr -dc 0-9)
n_ties=$(grep -o '_[0-9]* figures of the month enter' ties/report.md | tr -dc 0-9)
[ -n "$n_plain" ] && [ "$n_ties" -eq $((n_plain + 21)) ] ||
	fail "figures that enter the totals: $n_plain without, $n_ties with the ties"

# Data quality counts the 21 facts and their 2 bulletins.
counts() {
	sed -n 's/^\([0-9]*\) facts were read from \([0-9]*\) bulletins.*/\1 \2/p' "$1"
}
set -- $(counts plain/report.md) $(counts ties/report.md)
[ $# -eq 4 ] && [ "$3" -eq $(($1 + 21)) ] && [ "$4" -eq $(($2 + 2)) ] ||
	fail "facts and bulletins of the month: '$*'"

# tally report on the run's own files gives the run's briefing (the run
# streams its per-month files, the report the whole facts table).
expect_same plain/report.md out/2024-11/report.md
expect_same plain/report.json out/2024-11/report.json
