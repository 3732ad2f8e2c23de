#!/usr/bin/env bash
# Whole-process figures with public tools only (tmux pipe-pane counts the bytes a terminal receives, /proc the CPU,
# /usr/bin/time -v the peak memory, hyperfine the start-up times), each beside its reference measured in the same run,
# then the in-process BenchmarkDotNet figures (bench/Ias.Bench). Prints one Markdown table for the README, with the date
# and the machine. A benchmark, not a test: it waits on the wall clock on purpose, to measure over fixed windows.
#   scripts/bench.sh          every figure (about half an hour)
#   scripts/bench.sh queue    only the job queue's rows (BENCH_ONLY=queue does the same)
set -euo pipefail
cd "$(dirname "$0")/.."
only="${1:-${BENCH_ONLY:-}}"
case "$only" in
  "" | queue) ;;
  *) echo "bench: \"$only\" is not a part of the bench; run scripts/bench.sh, or scripts/bench.sh queue for the queue's rows only" >&2; exit 2 ;;
esac

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need tmux || ! need sqlite3 || [ ! -x /usr/bin/time ]; then
  (apt-get update -qq && apt-get install -y -qq hyperfine tmux sqlite3 time) >/dev/null 2>&1 \
    || { echo "bench: needs hyperfine, tmux, sqlite3 and time; install them with apt-get" >&2; exit 1; }
fi

out=bench/out
mkdir -p "$out"
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
dotnet build bench/Ias.Bench -c Release -o "$out/bench" --nologo -v quiet >/dev/null
ias=("$PWD/$out/ias/ias")
work=$(mktemp -d)
sock="ias-bench-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true; pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

# The job queue in process (BenchmarkDotNet, bench/Ias.Bench/QueueBenchmarks.cs): a real SQLite file and runner folder,
# no agent. Sets queue_jps (enqueue → claim → complete, jobs/s), claim_ms (one claim with 100,000 pending) and load_ms
# (reading those 100,000 jobs from SQLite, which a claim does three times).
queue_bench() {
  mkdir -p "$work/queue"
  (cd "$work/queue" && dotnet "$OLDPWD/$out/bench/Ias.Bench.dll" --filter '*QueueBenchmarks*' --exporters json >"$work/queue/bdn.out" 2>&1) \
    || { echo "bench: the queue's BenchmarkDotNet run failed:" >&2; tail -20 "$work/queue/bdn.out" >&2; exit 1; }
  local json; json=$(ls "$work"/queue/BenchmarkDotNet.Artifacts/results/*QueueBenchmarks*.json | head -n1)
  # Each benchmark's first "Mean" after its "Method" is its statistics' mean, in nanoseconds per operation.
  local means; means=$(grep -o '"Method":"[^"]*"\|"Mean":[0-9.eE+-]*' "$json" \
    | awk -F: '/"Method"/ { m = $2; gsub(/"/, "", m); got = 0; next } !got { print m, $2; got = 1 }')
  mean_of() { awk -v m="$1" '$1 == m { print $2 }' <<<"$means"; }
  queue_jps=$(awk -v ns="$(mean_of EnqueueClaimComplete)" 'BEGIN { printf "%.0f", 1e9 / ns }')
  claim_ms=$(awk -v ns="$(mean_of ClaimAt100kPending)" 'BEGIN { printf "%.0f", ns / 1e6 }')
  load_ms=$(awk -v ns="$(mean_of LoadAt100kPending)" 'BEGIN { printf "%.0f", ns / 1e6 }')
}

queue_rows() {
  cat <<ROWS
| queue: enqueue → claim → complete, SQLite and runner folder, runs of 100 jobs | $queue_jps jobs/s | | |
| queue: claim latency with 100,000 jobs pending | $claim_ms ms | reading the 100,000 jobs from SQLite alone: $load_ms ms | |
ROWS
}

machine() {
  echo "$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version)"
}

if [ "$only" = queue ]; then
  queue_bench
  echo "Measured $(date -u +%Y-%m-%d) on $(machine), BenchmarkDotNet in process."
  echo
  echo "| figure | ias | reference, same run | target |"
  echo "| --- | --- | --- | --- |"
  queue_rows
  exit 0
fi

# The same ReadyToRun build scripts/install.sh installs: start-up figures are what a user gets.
dotnet publish src/Ias.Tui -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/ias" --nologo -v quiet >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }
maxrss_mb() { awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$1"; }

# dashboard REPO SECONDS [ENV=VALUE…] → "bytes_per_second cpu_percent"
dashboard() {
  local repo=$1 secs=$2; shift 2
  local log="$work/pane-$RANDOM.bytes"
  tm new-session -d -s b -x 120 -y 40 "exec env $* ${ias[*]} dashboard --repo $repo"
  sleep 2 # let it draw its first frame; only the steady state is measured
  tm pipe-pane -o -t b "cat > $log"
  local pid; pid=$(tm list-panes -t b -F '#{pane_pid}')
  local t0; t0=$(cpu_ticks "$pid")
  sleep "$secs"
  local t1; t1=$(cpu_ticks "$pid")
  tm pipe-pane -t b
  tm kill-session -t b
  local bytes; bytes=$(stat -c %s "$log")
  local hz; hz=$(getconf CLK_TCK)
  awk -v b="$bytes" -v s="$secs" -v c=$((t1 - t0)) -v hz="$hz" 'BEGIN { printf "%.0f %.2f\n", b / s, 100 * c / hz / s }'
}

# A configured repository with a sprint plan, on main, without a run.
fresh_repo() {
  "${ias[@]}" demo --headless --dir "$1" >/dev/null
  git -C "$1" switch -q main
  rm -rf "$1/.run"
}

# A finished run: nothing changes but the clock.
"${ias[@]}" demo --headless --dir "$work/idle" >/dev/null
read -r idle_diff idle_cpu < <(dashboard "$work/idle" "${IDLE_SECONDS:-60}")
read -r idle_full _ < <(dashboard "$work/idle" 10 IAS_BENCH_FULL_REDRAW=1)

# A live run whose agent streams 1,000 lines a second.
stream() {
  local repo="$work/stream-$1"
  fresh_repo "$repo"
  printf '{"drip_lines": 40000, "drip_rate": 1000, "fail": [{"role": "implementer", "mode": "drip"}]}' >"$work/drip.json"
  IAS_SIM_SCENARIO="$work/drip.json" setsid "${ias[@]}" run sprint-1 --headless --repo "$repo" >/dev/null 2>&1 &
  sleep 3
  dashboard "$repo" 15 "${@:2}"
  "${ias[@]}" run-halt --force --repo "$repo" >/dev/null 2>&1 || true
  wait || true
}
read -r stream_diff stream_cpu < <(stream diff)

# Issue 7's idle figure: a live run whose agent says nothing (the sim's hang mode), so only the clocks move.
waiting() {
  local repo="$work/waiting"
  fresh_repo "$repo"
  printf '{"fail": [{"role": "implementer", "mode": "hang"}]}' >"$work/hang.json"
  IAS_SIM_SCENARIO="$work/hang.json" setsid "${ias[@]}" run sprint-1 --headless --repo "$repo" >/dev/null 2>&1 &
  sleep 3
  dashboard "$repo" "${IDLE_SECONDS:-60}"
  "${ias[@]}" run-halt --force --repo "$repo" >/dev/null 2>&1 || true
  wait || true
}
read -r waiting_diff waiting_cpu < <(waiting)
read -r stream_full _ < <(stream full IAS_BENCH_FULL_REDRAW=1)

# Ingest: every role is a stand-in for `claude` that prints the same 1,000,000 lines of stream-json (its final message
# passes the review), timed by the stand-in around its own `cat`: the pipe holds 64 KiB, so the cat ends only when ias
# has taken in all but the last few lines. Reference: `tee`, as shell-based runners log, writing the same stream.
lines=${BENCH_LINES:-1000000}
dotnet "$out/bench/Ias.Bench.dll" stream "$lines" >"$work/stream.jsonl"
bytes=$(stat -c %s "$work/stream.jsonl")
t0=$(now); cat "$work/stream.jsonl" | tee "$work/tee.jsonl" >/dev/null; t1=$(now)
tee_lps=$(awk -v n="$lines" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
tee_mbs=$(awk -v n="$bytes" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / 1e6 / (b - a) }')

big="$work/ingest"
fresh_repo "$big"
mkdir -p "$work/bin"
cat >"$work/bin/fake-claude" <<SH
#!/bin/sh
cat >/dev/null
a=\$(date +%s.%N); cat "$work/stream.jsonl"; b=\$(date +%s.%N)
echo "\$a \$b" >>"$work/ingest-times"
SH
chmod +x "$work/bin/fake-claude"
printf 'run_mode:\n  enabled: true\n  defaults: { max_cycles: 3, timeout_hours: 1 }\n  rate_limiting: { calls_per_hour: 10000 }\nagents:\n  default: { agent: claude, command: %s }\n' "$work/bin/fake-claude" >"$big/.loa.config.yaml"
git -C "$big" commit -qam "bench: every role is the stand-in"
/usr/bin/time -v -o "$work/engine.time" "${ias[@]}" run sprint-1 --headless --local --repo "$big" >"$work/ingest.out" 2>&1 &
engine=$!
sleep 1
# A dashboard stays attached while the lines stream, as it would overnight.
tm new-session -d -s d -x 120 -y 40 "/usr/bin/time -v -o $work/attached.time ${ias[*]} dashboard --repo $big"
wait "$engine" || { echo "bench: the ingest run failed:" >&2; tail -5 "$work/ingest.out" >&2; exit 1; }
tm send-keys -t d q 2>/dev/null || true
for _ in $(seq 50); do [ -s "$work/attached.time" ] && break; sleep 0.2; done
tm kill-session -t d 2>/dev/null || true
read -r ias_lps ias_mbs < <(awk -v n="$lines" -v s="$bytes" '{ d = $2 - $1; if (best == "" || d < best) best = d } END { printf "%.0f %.0f\n", n / best, s / 1e6 / best }' "$work/ingest-times")
engine_mb=$(maxrss_mb "$work/engine.time")
attached_mb=$(maxrss_mb "$work/attached.time")
# A dashboard opened afterwards on the job with 1,000,000 lines (the auditor's, selected as the latest), to its first frame.
tm new-session -d -s m -x 120 -y 40 "IAS_BENCH_FIRST_FRAME=1 /usr/bin/time -v -o $work/history.time ${ias[*]} dashboard --repo $big"
for _ in $(seq 300); do [ -s "$work/history.time" ] && break; sleep 0.2; done
tm kill-session -t m 2>/dev/null || true
history_mb=$(maxrss_mb "$work/history.time")

# Start-up: run-status --json with hyperfine; the dashboard's first frame on a finished run needs a terminal on its
# stdin, which hyperfine does not give its commands, so a loop in a tmux pane times it the same way (2 warm-ups, 15 runs).
hyperfine -N --warmup 3 --runs 30 --export-csv "$work/status.csv" "${ias[*]} run-status --json --repo $work/idle" >/dev/null 2>&1
status_ms=$(awk -F, 'NR == 2 { printf "%.0f ± %.0f", $2 * 1000, $3 * 1000 }' "$work/status.csv")
cat >"$work/frame.sh" <<SH
for i in \$(seq 17); do
  a=\$(date +%s%N); IAS_BENCH_FIRST_FRAME=1 ${ias[*]} dashboard --repo $work/idle; b=\$(date +%s%N)
  [ "\$i" -gt 2 ] && echo \$(( (b - a) / 1000000 )) >>$work/frame.ms
done
touch $work/frame.done
SH
tm new-session -d -s h -x 120 -y 40 "sh $work/frame.sh"
for _ in $(seq 600); do [ -e "$work/frame.done" ] && break; sleep 0.2; done
tm kill-session -t h 2>/dev/null || true
frame_ms=$(awk '{ s += $1; q += $1 * $1; n++ } END { m = s / n; printf "%.0f ± %.0f", m, sqrt(q / n - m * m) }' "$work/frame.ms")

# Engine overhead per cycle: the run's wall time less its agents' own time (the sim agent's processes), over its cycles,
# on the demo repository with 10,000 more files committed, and on the demo repository as it is.
overhead() {
  local repo=$1
  "${ias[@]}" run sprint-1 --headless --local --repo "$repo" >/dev/null
  sqlite3 "$repo/.run/ias.db" "
    SELECT printf('%.0f', 1000 * ((julianday(r.last_activity) - julianday(r.started)) * 86400
                 - (SELECT SUM(julianday(ended) - julianday(started)) * 86400 FROM agent_calls c WHERE c.run_id = r.run_id))
                 / r.cycle_current)
    FROM runs r ORDER BY started DESC LIMIT 1;"
}
fresh_repo "$work/small"
small_ms=$(overhead "$work/small")
fresh_repo "$work/files"
for d in $(seq 100); do
  mkdir -p "$work/files/src/m$d"
  for f in $(seq 100); do echo "file $d/$f" >"$work/files/src/m$d/f$f.txt"; done
done
git -C "$work/files" add -A && git -C "$work/files" commit -qm "10,000 files"
files_ms=$(overhead "$work/files")

# The box's start-up per agent turn: the bubblewrap command line a real turn of the demo run used (its job's `command`
# file, the agent after `--` replaced by `true`) against `true` alone. Where bubblewrap cannot run, the row says so.
box_ms="not measured: the demo run's agent ran without the box (bubblewrap cannot run here)"
box_cmd=$(ls "$work"/small/.run/jobs/*/command 2>/dev/null | head -n1)
if [ -n "$box_cmd" ] && read -ra words <"$box_cmd" && [ "$(basename "${words[0]}")" = bwrap ]; then
  box=()
  for w in "${words[@]}"; do [ "$w" = -- ] && break; box+=("$w"); done
  hyperfine -N --warmup 3 --runs 50 --export-csv "$work/box.csv" "${box[*]} -- /bin/true" "/bin/true" >/dev/null 2>&1
  box_ms=$(awk -F, 'NR == 2 { b = $2 } NR == 3 { t = $2 } END { printf "%.1f ms", (b - t) * 1000 }' "$work/box.csv")
fi

# In-process: BenchmarkDotNet, per line of agent output.
(cd "$work" && dotnet "$OLDPWD/$out/bench/Ias.Bench.dll" --filter '*IngestBenchmarks*' --exporters json >"$work/bdn.out" 2>&1) \
  || { echo "bench: BenchmarkDotNet failed:" >&2; tail -20 "$work/bdn.out" >&2; exit 1; }
bdn_json=$(ls "$work"/BenchmarkDotNet.Artifacts/results/*-report-full-compressed.json 2>/dev/null || ls "$work"/BenchmarkDotNet.Artifacts/results/*.json | head -n1)
# Each benchmark's statistics hold its mean twice (Statistics and its confidence interval): take the first of each.
read -r bdn_ingest bdn_redact <<<"$(grep -o '"Mean":[0-9.eE+-]*' "$bdn_json" | cut -d: -f2 | sed -n '1p;3p' | tr '\n' ' ')"
per_second() { awk -v ns="$1" 'BEGIN { printf "%.0f", 1e9 / ns }'; }
queue_bench

cat <<TABLE
Measured $(date -u +%Y-%m-%d) on $(machine), ReadyToRun build, tmux $(tmux -V | cut -d' ' -f2), hyperfine $(hyperfine --version | cut -d' ' -f2), dashboard at 120×40, 256 colours.

| figure | ias | reference, same run | target |
| --- | --- | --- | --- |
| terminal bytes/s, idle (finished run, clock ticking) | $idle_diff | $idle_full (full redraw of the same frames) | ≤ 50 |
| terminal bytes/s, agent log streaming 1,000 lines/s | $stream_diff | $stream_full (full redraw) | ≤ 1/10 of full redraw |
| dashboard CPU, idle (finished run) | ${idle_cpu}% of one core | | ≤ 0.2% |
| dashboard CPU, idle (live run waiting on a silent agent) | ${waiting_cpu}% of one core, ${waiting_diff} bytes/s | | ≤ 0.2% |
| dashboard CPU, log streaming 1,000 lines/s | ${stream_cpu}% of one core | | |
| ingest of Claude stream-json, parse → store → log file, dashboard attached | $ias_lps lines/s, $ias_mbs MB/s | \`tee\` to a file: $tee_lps lines/s, $tee_mbs MB/s | ≥ half of \`tee\` |
| ingest in process (BenchmarkDotNet), parse → store → log file | $(per_second "$bdn_ingest") lines/s | secret redaction alone: $(per_second "$bdn_redact") lines/s | |
| peak memory, engine ingesting 3 × 1,000,000 lines | $engine_mb MB | | |
| peak memory, dashboard attached through those lines | $attached_mb MB | | ≤ 80 MB |
| peak memory, dashboard opened on a job of 1,000,000 lines | $history_mb MB | | ≤ 80 MB |
| start to first frame, \`ias dashboard\` on a finished run | $frame_ms ms | | |
| \`ias run-status --json\` | $status_ms ms | | |
| engine overhead per cycle, 10,000-file repository | $files_ms ms | demo repository (3 files): $small_ms ms | ≤ 50 ms |
| the agent's box (bubblewrap) started around one agent turn | $box_ms | | |
$(queue_rows)
TABLE
