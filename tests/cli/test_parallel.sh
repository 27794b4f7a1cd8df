# scripts/parallel/run: an archive of month folders (plain and gzip) in 4
# shards through GNU parallel on this machine; the result must equal the
# single-process run byte for byte.  A shard that fails is rerun with
# --resume; the remote path (--sshlogin host,host) is taken through a
# stand-in for ssh that runs the command here.

command -v parallel >/dev/null 2>&1 ||
	skip "parallel test: GNU parallel not installed (scripts/test installs it as root)"
run=$TALLY_SRC/scripts/parallel/run

# ---- an archive: ARCHIVE/YYYY-MM/*.jsonl[.gz], 6 files, some bad lines

# bulletin ID MONTH DAY N: one bulletin with figures in it.
bulletin() {
	printf '{"id":"%s","source":"Interpol","published":"2024-%s-%02d","title":"Operation %s","body":"Officers arrested %d suspects and rescued %d victims in %d countries."}\n' \
		"$1" "$2" "$3" "$1" "$4" $(($4 * 2)) $(($4 % 7 + 2))
}
mkdir -p archive/2024-01 archive/2024-02 archive/2024-03
for m in 01 02 03; do
	for part in a b; do
		i=1
		while [ "$i" -le 9 ]; do
			bulletin "p$m$part$i" "$m" $((i * 3)) $((i * 11 + ${m#0}))
			i=$((i + 1))
		done > "archive/2024-$m/$part.jsonl"
	done
done
echo '{"id":"broken",' >> archive/2024-02/a.jsonl
echo '[1]' >> archive/2024-03/a.jsonl
gzip archive/2024-01/b.jsonl archive/2024-03/a.jsonl

only=

# single ARCHIVE: one process over ARCHIVE's files, read in the same
# (bytewise) order as the shards, into single/.
single() {
	rm -rf single
	find "$PWD/$1" -type f | LC_ALL=C sort > files.txt
	set --
	while IFS= read -r f; do set -- "$@" "$f"; done < files.txt
	"$TALLY" run "$@" --out single 2> single.log ||
		{ cat single.log >&2; fail "tally run failed"; }
}
single archive

check_result() {
	expect_same single/aggregates.json "$1/aggregates.json"
	# the same facts, grouped by shard instead of in archive order
	LC_ALL=C sort single/facts.tsv > want.sorted
	LC_ALL=C sort "$1/facts.tsv" > got.sorted
	expect_same want.sorted got.sorted
	[ ! -e single/rejects.jsonl ] || expect_same single/rejects.jsonl "$1/rejects.jsonl"
}

# ---- 1. locally (--sshlogin :), one shard failing once, then --resume

: > fail-once
cat > tally-flaky <<EOF
#!/bin/sh
case "\$*" in
*2024-01/b.jsonl.gz*)
	if [ -e '$PWD/fail-once' ]; then
		rm -f '$PWD/fail-once'; echo "tally-flaky: simulated failure" >&2; exit 3
	fi ;;
esac
exec '$TALLY' "\$@"
EOF
chmod +x tally-flaky

# 6 files in 4 shards by file: 2024-01/b.jsonl.gz is file 1, so shard 1.
st=0
TALLY=$PWD/tally-flaky "$run" archive out --shards 4 --by files \
	--sshlogin : $only 2> run1.log || st=$?
[ "$st" -eq 1 ] || { cat run1.log >&2; fail "run with a failing shard exited $st, expected 1"; }
expect_grep 'shard(s) 1 failed' run1.log
expect_grep 'simulated failure' out/logs/task.1.out
[ ! -e out/rejects.jsonl ] || fail "finished although shard 1 failed"
"$run" archive out --resume 2> run2.log || { cat run2.log >&2; fail "--resume failed"; }
expect_grep 'shards 1 on :' run2.log
check_result out
[ "$(wc -l < out/logs/parallel.joblog)" -eq 5 ] ||
	fail "expected 4 tries and 1 retry in the joblog"

# The finish again (--resume with nothing left to do): not one byte changes.
fp() { (cd "$1" && find . -path ./logs -prune -o -type f -print | LC_ALL=C sort | xargs md5sum); }
fp out > before.md5
"$run" archive out --resume 2>/dev/null
fp out > after.md5
expect_same before.md5 after.md5

# ---- 2. "remote" hosts: --sshlogin with two host names and an ssh that
# runs the command here, so parallel's remote path is the one taken.

# The same archive with a bulletin sent again in another month's file:
# sharding by id puts both in one shard, which rejects the later one
# (duplicate_id) exactly as the single process does.
cp -R archive archive2
bulletin p01a4 03 30 44 >> archive2/2024-03/b.jsonl
single archive2
[ ! -e single/rejects.jsonl ] || expect_grep '"reason":"duplicate_id"' single/rejects.jsonl

cat > fake-ssh <<EOF
#!/bin/sh
# ssh [options] HOST [--] COMMAND...: note the host, run COMMAND here.
while [ \$# -gt 0 ]; do case \$1 in -*) shift ;; *) break ;; esac; done
echo "\$1" >> '$PWD/hosts.log'; shift
[ "\${1:-}" = -- ] && shift
exec sh -c "\$*"
EOF
chmod +x fake-ssh
"$run" archive2 out2 --shards 4 --by ids --sshlogin 1/nodeA,1/nodeB \
	--ssh "$PWD/fake-ssh" $only 2> run3.log || { cat run3.log >&2; fail "run over two hosts failed"; }
check_result out2
grep -q nodeA hosts.log && grep -q nodeB hosts.log || fail "both hosts should have run shards"
echo "parallel test passed" >&2
