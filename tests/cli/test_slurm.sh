# scripts/slurm on a real single-node Slurm cluster started here: the
# sample corpus in 4 shards as a job array plus an afterok finish job; the
# result must equal the single-process run byte for byte.  A task that
# fails is rerun alone, and running the finish again changes no byte.
# SKIPPED (exit 77, loudly) where Slurm is not installed or cannot start.

slurm=$TALLY_SRC/scripts/slurm
for t in munged slurmctld slurmd sbatch scontrol; do
	command -v "$t" >/dev/null 2>&1 ||
		skip "slurm test: $t not installed (scripts/test installs slurmctld slurmd slurm-client munge as root)"
done
[ "$(id -u)" -eq 0 ] || skip "slurm test: needs root (slurmd starts the jobs)"

# elapsed: seconds since the test began, for the log.
t0=$(date +%s)
elapsed() { echo "$(($(date +%s) - t0)) s"; }

# ---- the corpus, and what a single process makes of it

corpus=$TALLY_SRC/data/sample/bulletins.jsonl
if [ ! -s "$corpus" ]; then
	# Until the sample corpus is on main: 40 bulletins over three
	# months with figures in them, a broken line, a bad date and an id
	# sent twice.
	corpus=$PWD/corpus.jsonl
	i=1
	while [ "$i" -le 40 ]; do
		printf '{"id":"s%03d","source":"Europol","published":"2024-0%d-%02d","title":"Operation %d","body":"Police arrested %d people and seized EUR %d million in cash."}\n' \
			"$i" $((i % 3 + 1)) $((i % 28 + 1)) "$i" $((i * 3)) "$i"
		[ "$i" -eq 17 ] && echo '{"id":"broken",'
		[ "$i" -eq 30 ] && echo '{"id":"bad","source":"NATO","published":"2024-02-30","title":"T","body":"B"}'
		[ "$i" -eq 35 ] && echo '{"id":"s003","source":"NATO","published":"2024-03-01","title":"Again","body":"Sent again."}'
		i=$((i + 1))
	done > "$corpus"
fi

# The single-process run the sharded ones must equal.
"$TALLY" run "$corpus" --out single 2> single.log ||
	{ cat single.log >&2; fail "tally run failed"; }
result=aggregates.json
only=

# check_result OUT: OUT's result equals the single process's, byte for
# byte.
check_result() {
	expect_same single/aggregates.json "$1/aggregates.json"
	# the same facts, grouped by shard instead of in archive order
	LC_ALL=C sort single/facts.tsv > want.sorted
	LC_ALL=C sort "$1/facts.tsv" > got.sorted
	expect_same want.sorted got.sorted
	# rejects are mapped back to the archive's lines and put in file order
	[ ! -e single/rejects.jsonl ] || expect_same single/rejects.jsonl "$1/rejects.jsonl"
}

# fingerprint OUT: a checksum of every output of the run, logs aside.
fingerprint() {
	(cd "$1" && find . -path ./logs -prune -o -type f -print | LC_ALL=C sort |
		xargs md5sum)
}

# A tally that fails once on shard 2, as a task on a node that dies would.
: > fail-once
cat > tally-flaky <<EOF
#!/bin/sh
case "\$*" in
*/shards/2/*)
	if [ -e '$PWD/fail-once' ]; then
		rm -f '$PWD/fail-once'
		echo "tally-flaky: simulated failure of shard 2" >&2
		exit 3
	fi ;;
esac
exec '$TALLY' "\$@"
EOF
chmod +x tally-flaky

# ---- the cluster, stopped by its own pids whatever happens (a subshell,
# so that this trap leaves run-one.sh's own EXIT trap alone)

# munged wants every folder above its socket searchable by all; this
# test's own temporary folder is 0700.  a+x lets others in, not list it.
chmod a+x "$PWD"
export TALLY_SLURM_DIR="$PWD/slurm"
(
trap '"$slurm/cluster" stop 2> cluster-stop.log || cat cluster-stop.log >&2' EXIT
if ! "$slurm/cluster" start 2> cluster-start.log; then
	cat cluster-start.log >&2
	skip "slurm test: the cluster cannot start here: $(tail -n 1 cluster-start.log)"
fi
eval "$("$slurm/cluster" env)"
echo "cluster up after $(elapsed)" >&2

# 1. Submit; shard 2 fails, so the finish job is cancelled, not run.
TALLY=$PWD/tally-flaky "$slurm/submit" "$corpus" out --shards 4 \
	--mem-per-task 256M --mem-finish 256M $only > submit.log 2>&1 ||
	{ cat submit.log >&2; fail "submit failed"; }
read -r _ array < out/slurm/jobs
finish=$(sed -n 's/^finish //p' out/slurm/jobs)
expect_grep "sbatch --parsable --array=\$K" submit.log
expect_status 1 "$slurm/wait" --timeout 60 "$array" "$finish" > wait1.log
echo "first run ended after $(elapsed):" >&2; cat wait1.log >&2
expect_grep "^job ${array}_2: FAILED" wait1.log
expect_grep "^job ${array}_0: COMPLETED" wait1.log
expect_grep "^job $finish: CANCELLED" wait1.log
[ ! -e "out/$result" ] || fail "finish ran although shard 2 failed"
[ ! -e out/parts/done.2 ] || fail "shard 2 marked done although it failed"
expect_grep 'simulated failure' out/logs/task.2.out

# 2. Rerun shard 2 alone, then the finish after it, as submit says.
retry=$(sbatch --parsable --array=2 out/slurm/task.sbatch)
finish2=$(sbatch --parsable --dependency="afterok:$retry" --kill-on-invalid-dep=yes \
	out/slurm/finish.sbatch)
"$slurm/wait" --timeout 60 "$retry" "$finish2" > wait2.log ||
	{ cat wait2.log out/logs/*.out >&2; fail "rerun of shard 2 did not complete"; }
echo "rerun of shard 2 and finish done after $(elapsed)" >&2
check_result out

# 3. The finish again: idempotent, not one byte changes.
fingerprint out > before.md5
finish3=$(sbatch --parsable out/slurm/finish.sbatch)
"$slurm/wait" --timeout 60 "$finish3" > wait3.log ||
	{ cat wait3.log out/logs/finish.out >&2; fail "second finish did not complete"; }
fingerprint out > after.md5
expect_same before.md5 after.md5

# 4. The plain path, one command: submit --wait on a fresh OUT.
"$slurm/submit" "$corpus" out2 --shards 4 --mem-per-task 256M \
	--mem-finish 256M --wait $only > submit2.log 2>&1 ||
	{ cat submit2.log out2/logs/*.out >&2; fail "submit --wait failed"; }
check_result out2
echo "submit --wait done after $(elapsed)" >&2
)
echo "slurm test passed in $(elapsed)" >&2
