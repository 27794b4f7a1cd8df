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
# sets SECS (wall), CPU_SECS (user + system) and RSS_MB.  On a machine
# shared with other work the wall time varies with the load; the CPU
# time much less, so scripts print both.
measure() {
	label=$1; shift
	/usr/bin/time -f '%e %M %U %S' -o "$BENCH_DIR/time.txt" taskset -c "${BENCH_CPU:-0}" "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" ||
		{ cat "$BENCH_DIR/stderr.txt" >&2; echo "$label failed" >&2; exit 1; }
	SECS=$(tail -n 1 "$BENCH_DIR/time.txt" | cut -d' ' -f1)
	RSS_MB=$(tail -n 1 "$BENCH_DIR/time.txt" | awk '{ printf "%.1f", $2 / 1024 }')
	CPU_SECS=$(tail -n 1 "$BENCH_DIR/time.txt" | awk '{ printf "%.2f", $3 + $4 }')
}

# best_of N LABEL CMD...: the fastest of N runs: SECS and CPU_SECS each
# the least seen, RSS_MB of the fastest.
best_of() {
	runs=$1; shift
	best=; best_rss=; best_cpu=
	for _ in $(seq "$runs"); do
		measure "$@"
		if [ -z "$best" ] || awk "BEGIN { exit !($SECS < $best) }"; then
			best=$SECS; best_rss=$RSS_MB
		fi
		if [ -z "$best_cpu" ] || awk "BEGIN { exit !($CPU_SECS < $best_cpu) }"; then
			best_cpu=$CPU_SECS
		fi
	done
	SECS=$best; RSS_MB=$best_rss; CPU_SECS=$best_cpu
}

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# keep_best NAME: after best_of, keeps the least SECS and CPU_SECS seen so
# far under NAME (NAME_s, NAME_cpu, NAME_rss).
keep_best() {
	eval "cur_s=\${$1_s:-}; cur_c=\${$1_cpu:-}"
	if [ -z "$cur_s" ] || awk "BEGIN { exit !($SECS < $cur_s) }"; then
		eval "$1_s=$SECS; $1_rss=$RSS_MB"
	fi
	if [ -z "$cur_c" ] || awk "BEGIN { exit !($CPU_SECS < $cur_c) }"; then
		eval "$1_cpu=$CPU_SECS"
	fi
}

# bench_row LABEL NAME: a line of seconds, CPU seconds, MB/s, peak RSS and
# both ratios to floor_s / floor_cpu ($size is the corpus in MB).
bench_row() {
	eval "s=\$$2_s; c=\$$2_cpu; r=\$$2_rss"
	printf '%-22s %8s %8s %8.1f %7s MB %9.2f %9.2f\n' "$1" "$s" "$c" \
		"$(awk "BEGIN { print $size / $s }")" "$r" \
		"$(awk "BEGIN { print $s / $floor_s }")" \
		"$(awk "BEGIN { print $c / $floor_cpu }")"
}
