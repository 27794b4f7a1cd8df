#!/bin/sh
# scripts/slurm/task.sh OUT [K]: one shard of a run that scripts/slurm/prepare
# laid out in OUT.  K is the shard (default $SLURM_ARRAY_TASK_ID, so a Slurm
# array runs it as is; GNU parallel passes K).
#
#   tally extract SHARD_FILES... -o parts/facts.K.tsv --rejects parts/rejects.K.jsonl
#   tally aggregate parts/facts.K.tsv --partial -o parts/part.K
#
# (with --ingest-only: tally ingest SHARD_FILES... -o parts/bulletins.K.jsonl)
#
# Each output is written by tally to a temporary file and renamed, and the
# marker parts/done.K is written last, so the finish job sees a shard as
# whole or absent, never half-written.  Running a shard again (a
# resubmitted array task) rewrites the same files with the same bytes.
# shellcheck disable=SC2154 # tally, shards, stages come from OUT/run.conf
set -eu

[ $# -ge 1 ] || { echo "usage: task.sh OUT [K]" >&2; exit 2; }
out=$1
k=${2:-${SLURM_ARRAY_TASK_ID:-}}
say() { echo "task $k: $*" >&2; }
die() { say "$*"; exit 3; }

[ -r "$out/run.conf" ] || die "$out/run.conf: not a prepared run"
# shellcheck source=/dev/null # prepare writes it
. "$out/run.conf"
case $k in ''|*[!0-9]*) die "no shard number (give K or run as an array task)" ;; esac
[ "$k" -lt "$shards" ] || die "shard $k out of range 0-$((shards - 1))"

list=$out/shards/shard.$k.list
parts=$out/parts
[ -r "$list" ] || die "$list: missing"
rm -f "$parts/done.$k"

# The shard's files become the arguments; an empty shard (more shards
# than bulletins) still runs, on an empty input, and yields an empty part.
set --
while IFS= read -r f; do set -- "$@" "$f"; done < "$list"
[ $# -gt 0 ] || set -- "$out/shards/empty.jsonl"
say "$# file(s) on $(hostname)"

if [ "$stages" = ingest ]; then
	"$tally" ingest "$@" -o "$parts/bulletins.$k.jsonl" \
		--rejects "$parts/rejects.$k.jsonl"
else
	"$tally" extract "$@" -o "$parts/facts.$k.tsv" \
		--rejects "$parts/rejects.$k.jsonl"
	"$tally" aggregate "$parts/facts.$k.tsv" --partial -o "$parts/part.$k"
fi

date -u '+%Y-%m-%dT%H:%M:%SZ' > "$parts/done.$k.tmp"
mv "$parts/done.$k.tmp" "$parts/done.$k"
say "done"
