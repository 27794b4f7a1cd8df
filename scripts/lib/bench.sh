# Shared by the benchmark scripts: corpora, timing and peak memory.

BENCH_DIR=${BENCH_DIR:-/tmp/tally-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TALLY=${TALLY:-$ROOT/build/tally}
FLOOR=${FLOOR:-$ROOT/build/parse-floor}
GEN=${GEN:-}

# gen_corpus N SEED OUT [extra gen-corpus options]: a generated corpus,
# made once and kept.  ../shared/bench/gen-corpus when it is there, else
# tally's own scripts/gen-corpus.
gen_corpus() {
	n=$1; seed=$2; out=$3; shift 3
	[ -s "$out" ] && return 0
	mkdir -p "$(dirname "$out")"
	if [ -z "$GEN" ]; then
		if [ -x "$ROOT/../shared/bench/gen-corpus" ]; then
			GEN=$ROOT/../shared/bench/gen-corpus
		else
			GEN=$ROOT/scripts/gen-corpus
		fi
	fi
	echo "generating $out ($n bulletins) with $GEN" >&2
	"$GEN" -n "$n" --seed "$seed" --months "${GEN_MONTHS:-24}" --end 2024-11 --out "$out" -q "$@"
}

# measure LABEL CMD...: runs CMD pinned to one core under /usr/bin/time;
# sets SECS and RSS_MB and prints "LABEL: S s, R MB".
measure() {
	label=$1; shift
	/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.txt" taskset -c 0 "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" ||
		{ cat "$BENCH_DIR/stderr.txt" >&2; echo "$label failed" >&2; exit 1; }
	SECS=$(tail -n 1 "$BENCH_DIR/time.txt" | cut -d' ' -f1)
	RSS_MB=$(tail -n 1 "$BENCH_DIR/time.txt" | awk '{ printf "%.1f", $2 / 1024 }')
}

# best_of N LABEL CMD...: the fastest of N runs (SECS, RSS_MB of that run).
best_of() {
	runs=$1; shift
	best=; best_rss=
	for _ in $(seq "$runs"); do
		measure "$@"
		if [ -z "$best" ] || awk "BEGIN { exit !($SECS < $best) }"; then
			best=$SECS; best_rss=$RSS_MB
		fi
	done
	SECS=$best; RSS_MB=$best_rss
}

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }
