#!/usr/bin/env bash
# Start-up of the `ias` binary given (a Native AOT build, or the `ias` of a ReadyToRun or JIT publish), each figure timed
# interleaved with a reference in the same rounds, so a busy machine weighs on both alike: `ias --version` beside
# `git --version`, `ias run-status --json` beside `git status`, the dashboard's first frame on a finished run beside `cat`
# of its state file, and on a job of 1,000,000 log lines beside `tail -n 40` of that log (with both peak RSS).
# Prints a Markdown table `| figure | ias | reference, same run | target | verdict |`: the median of the rounds and the
# interquartile range, and the load average before and after. A benchmark, not a test: it reads the wall clock on purpose.
#   bench/startup.sh PATH/TO/ias [ROUNDS]     (ROUNDS: 15 unless given; also STARTUP_ROUNDS)
#   STARTUP_SETUP_IAS=PATH/TO/other-ias …     makes the demo run with another build (one that cannot create a database yet)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap bench_cleanup EXIT
[ -n "${1:-}" ] || cannot "no ias to measure; usage: bench/startup.sh PATH/TO/ias [ROUNDS]"
ias=$(realpath -m "$1")
rounds=${2:-${STARTUP_ROUNDS:-15}}
need_ias "$ias"
[ -z "${STARTUP_SETUP_IAS:-}" ] || need_ias "$STARTUP_SETUP_IAS"
need_tools tmux git awk time
ready

work=$bench_tmp
sock=$bench_sock

# A finished run, and a copy of it whose newest job has a log of 1,000,000 lines (about 90 MB), which the dashboard
# selects and shows when it opens.
"${STARTUP_SETUP_IAS:-$ias}" demo --headless --dir "$work/idle" >"$work/demo.log" 2>&1 \
  || cannot "\`ias demo\` failed ($(tail -n 1 "$work/demo.log")); set STARTUP_SETUP_IAS to a build that makes the demo run"
cp -a "$work/idle" "$work/big"
job=$(ls -d "$work"/big/.run/jobs/*/ | sort -V | tail -n1)
awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "2026-11-23T01:02:03.456Z\tassistant\tline %d of the agent'"'"'s answer, long enough to look like one\n", i }' \
  >"${job}log.tsv"

# One pane runs every round: each figure, then its reference, timed by bash's own clock (no process for the clock).
cat >"$work/rounds.sh" <<SH
#!/usr/bin/env bash
# The dashboard draws on the pane's terminal (it refuses to start without one); everything else writes to /dev/null.
ms() { local label=\$1; shift; local a=\$EPOCHREALTIME; "\$@" >/dev/null 2>&1 || true; local b=\$EPOCHREALTIME; echo "\$label \$(( (10#\${b/./} - 10#\${a/./}) / 1000 ))"; }
on_tty() { local label=\$1; shift; local a=\$EPOCHREALTIME; "\$@" >/dev/tty 2>/dev/null || echo "\$label failed" >>"$work/failed"; local b=\$EPOCHREALTIME; echo "\$label \$(( (10#\${b/./} - 10#\${a/./}) / 1000 ))"; }
for i in \$(seq $((rounds + 2))); do
  {
    ms version "$ias" --version
    ms git-version git --version
    ms status "$ias" run-status --json --repo "$work/idle"
    ms git-status git -C "$work/idle" status
    on_tty frame env IAS_BENCH_FIRST_FRAME=1 "$ias" dashboard --repo "$work/idle"
    ms cat cat "$work/idle/.run/state.json"
    on_tty big env IAS_BENCH_FIRST_FRAME=1 "$ias" dashboard --repo "$work/big"
    ms tail tail -n 40 "${job}log.tsv"
  } | sed "s/^/\$i /" >>"$work/times"
done
/usr/bin/time -f %M -o "$work/big.rss" env IAS_BENCH_FIRST_FRAME=1 "$ias" dashboard --repo "$work/big" >/dev/tty
/usr/bin/time -f %M -o "$work/tail.rss" tail -n 40 "${job}log.tsv" >/dev/null
touch "$work/done"
SH
table "Start-up of ${ias#"$PWD"/} (median of $rounds rounds, interquartile range)"
tmux -L "$sock" new-session -d -s s -x 120 -y 40 "bash $work/rounds.sh"
for _ in $(seq 3000); do [ -e "$work/done" ] && break; sleep 0.2; done
[ -e "$work/done" ] || cannot "the rounds did not finish in 10 minutes; the machine may be too busy, try again when it is quieter"
[ ! -e "$work/failed" ] || cannot "a dashboard did not start: $(sort -u "$work/failed" | tr '\n' ' ')"

# "median ms (IQR a–b)" of one label's rounds, the first two left out as warm-up.
stat_of() {
  awk -v l="$1" '$1 > 2 && $2 == l { print $3 }' "$work/times" | sort -n | awk '
    { v[NR] = $1 }
    END { if (NR == 0) { print "not measured"; exit }
          printf "%d ms (IQR %d–%d)", v[int((NR + 1) / 2)], v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)] }'
}
# The same median alone, for the verdict.
ms_of() { awk -v l="$1" '$1 > 2 && $2 == l { print $3 }' "$work/times" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
mb() { tail -n1 "$1" | awk '{ printf "%.0f MB", $1 / 1024 }'; }
big_mb=$(tail -n1 "$work/big.rss" | awk '{ printf "%.0f", $1 / 1024 }')

echo "| \`ias --version\` | $(stat_of version) | \`git --version\`: $(stat_of git-version) | ≤ 20 ms | $(verdict "$(ms_of version)" '<=' 20) |"
echo "| \`ias run-status --json\`, finished run | $(stat_of status) | \`git status\`: $(stat_of git-status) | ≤ 30 ms | $(verdict "$(ms_of status)" '<=' 30) |"
echo "| \`ias dashboard\` to its first frame, finished run | $(stat_of frame) | \`cat\` of its state.json: $(stat_of cat) | ≤ 100 ms | $(verdict "$(ms_of frame)" '<=' 100) |"
echo "| \`ias dashboard\` to its first frame, job of 1,000,000 lines; its peak RSS | $(stat_of big); $(mb "$work/big.rss") | \`tail -n 40\` of the log: $(stat_of tail); $(mb "$work/tail.rss") | ≤ 100 ms; ≤ 60 MB | $(verdict "$(ms_of big)" '<=' 100); $(verdict "$big_mb" '<=' 60) |"
table_end
