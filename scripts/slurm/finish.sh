#!/bin/sh
# scripts/slurm/finish.sh OUT: the end of a sharded run, once every shard
# of OUT is done (the Slurm job that depends afterok on the array, or the
# last step of scripts/parallel/run).
#
#   OUT/aggregates.json   tally merge parts/part.0 ... part.N-1
#   OUT/facts.tsv         every shard's facts, shard by shard (one header)
#   OUT/rejects.jsonl     every shard's rejects, in archive order
#   OUT/charts/KIND.svg   tally chart, for each kind of --charts
#   OUT/reports/YYYY-MM/  tally report, for the months of --reports
#
# (with --ingest-only: OUT/bulletins.jsonl and OUT/rejects.jsonl.)
#
# It refuses to start while a shard is missing (and says how to rerun
# it), names the parts explicitly rather than by a glob (so no stray or
# temporary file is ever merged), writes every output to a temporary file
# renamed into place, and is idempotent: run it again and every output is
# rewritten with the same bytes.
# shellcheck disable=SC2154 # tally, shards, stages come from OUT/run.conf
set -eu

[ $# -eq 1 ] || { echo "usage: finish.sh OUT" >&2; exit 2; }
out=$(cd "$1" && pwd)
say() { echo "finish: $*" >&2; }
die() { say "$*"; exit 3; }
[ -r "$out/run.conf" ] || die "$out/run.conf: not a prepared run"
# shellcheck source=/dev/null # prepare writes it
. "$out/run.conf"
parts=$out/parts

# check_shards: every done.K is there; else name the missing ones.
check_shards() {
	missing=
	k=0
	while [ "$k" -lt "$shards" ]; do
		[ -e "$parts/done.$k" ] || missing="$missing $k"
		k=$((k + 1))
	done
	[ -z "$missing" ] && return 0
	say "shard(s)$missing not done; rerun each (sbatch --array=K OUT/slurm/task.sbatch," \
		"or scripts/slurm/task.sh OUT K), then this again"
	exit 3
}

# shard_files PREFIX SUFFIX: PREFIX0SUFFIX ... PREFIX(N-1)SUFFIX, one a line.
shard_files() {
	k=0
	while [ "$k" -lt "$shards" ]; do
		echo "$1$k$2"; k=$((k + 1))
	done
}

# publish TMP FINAL: rename a finished temporary file into place.
publish() { mv -f "$1" "$2"; }

# concat FINAL SKIP PREFIX SUFFIX: the shards' files one after another,
# dropping the first SKIP lines (a header) of all but the first.
concat() {
	tmp=$1.tmp.$$
	first=1
	shard_files "$3" "$4" | while IFS= read -r f; do
		if [ "$first" = 1 ] || [ "$2" -eq 0 ]; then cat "$f"
		else tail -n +$(($2 + 1)) "$f"
		fi
		first=0
	done > "$tmp"
	publish "$tmp" "$1"
}

# gather_rejects: every shard's rejects in one file, in the order a single
# process would write them (by input file, then line), and naming the
# archive's files: shards/K/REL is the file that plan.tsv maps REL to
# (the copies keep the archive's line numbers).  A reject whose file is
# not in the plan is kept as it is, last.
gather_rejects() {
	tmp=$out/rejects.jsonl.tmp.$$
	shard_files "$parts/rejects." .jsonl | while IFS= read -r f; do cat "$f"; done |
	awk -v pre="$out/shards/" '
	BEGIN { FS = "\t"; head = "{\"file\":\"" }
	FNR == NR { idx[$1] = FNR; if ($2 != "-") orig[$2] = $1; next }
	{
		f = ""; l = 0; rest = ""
		if (substr($0, 1, length(head)) == head) {
			s = substr($0, length(head) + 1)
			q = index(s, "\"")
			f = substr(s, 1, q - 1); rest = substr(s, q)
			if (match(rest, /^","line":[0-9]+/))
				l = substr(rest, 10, RLENGTH - 9) + 0
		}
		if (f != "" && index(f, pre) == 1) {
			r = substr(f, length(pre) + 1)
			r = substr(r, index(r, "/") + 1)
			if (r in orig) f = orig[r]
		}
		if (f in idx)
			printf "%d\t%d\t%s%s%s\n", idx[f], l, head, f, rest
		else
			printf "%d\t0\t%s\n", 999999999, $0
	}' "$out/shards/plan.tsv" - |
	sort -t "$(printf '\t')" -k1,1n -k2,2n -s | cut -f3- > "$tmp"
	publish "$tmp" "$out/rejects.jsonl"
}

merge_parts() {
	set --
	k=0
	while [ "$k" -lt "$shards" ]; do
		set -- "$@" "$parts/part.$k"; k=$((k + 1))
	done
	"$tally" merge "$@" -o "$out/aggregates.json"
}

# months: the months of the merged table, one a line, oldest first.
months() {
	grep -o '"month":"[0-9]\{4\}-[0-9]\{2\}"' "$out/aggregates.json" |
		cut -d'"' -f4 | LC_ALL=C sort -u
}

make_charts() {
	[ -n "$charts" ] || return 0
	mkdir -p "$out/charts"
	for kind in $charts; do
		"$tally" chart "$out/aggregates.json" --kind "$kind" -o "$out/charts/$kind.svg"
	done
}

make_reports() {
	case $reports in
	none) return 0 ;;
	latest) list=$(months | tail -n 1) ;;
	all) list=$(months) ;;
	esac
	for m in $list; do
		"$tally" report --month "$m" "$out/aggregates.json" "$out/facts.tsv" \
			-o "$out/reports/$m"
	done
}

check_shards
gather_rejects
if [ "$stages" = ingest ]; then
	concat "$out/bulletins.jsonl" 0 "$parts/bulletins." .jsonl
	say "bulletins of $shards shards in $out/bulletins.jsonl"
	exit 0
fi
concat "$out/facts.tsv" 1 "$parts/facts." .tsv
merge_parts
make_charts
make_reports
say "aggregates of $shards shards in $out/aggregates.json"
