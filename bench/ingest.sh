#!/usr/bin/env bash
# Ingest of Claude stream-json by the whole `ias` process, beside `tee` measured in the same window, round after round:
# every role of a Run Mode run is a stand-in `claude` that `cat`s the same stream of BENCH_LINES lines (its last one a
# result that passes the review), timed by the stand-in around its own `cat` (the pipe holds 64 KiB, so the cat ends only
# when ias has drained the pipe of all but the last few lines), and to the turn's end (its events parsed and stored: the
# end the run records for the call in its database); `tee` writes the same stream to a file just before each run. Then
# the lag: a stand-in prints timestamped lines at 10,000 a second and a reader records when each one shows in the job's
# display log (the file the dashboard reads) and in its raw log. Prints a Markdown table with a verdict per target.
#   bench/ingest.sh                          build ias (ReadyToRun, as scripts/install.sh) and the stream, then measure
#   IAS=/path/to/ias bench/ingest.sh         measure that build instead
#   BENCH_LINES=1000000 BENCH_ROUNDS=5       the stream's size and the rounds (each round: one tee, one run of 3 turns)
# The runs use --no-sandbox: the stand-ins live in the work folder, and the box is measured on its own by scripts/bench.sh.
# A benchmark, not a test: it waits on the wall clock on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap bench_cleanup EXIT
lines=${BENCH_LINES:-1000000}
rounds=${BENCH_ROUNDS:-5}
# The demo that makes each run's repository runs its agent in the box, which hides /tmp: ias and the work must lie outside.
if [ -n "${IAS:-}" ]; then need_ias "$IAS"; else need_box_sees "$bench_out"; fi
need_box_sees "$bench_tmp"
need_tools python3 git awk dotnet time
ready

out=bench/out
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
quiet dotnet build bench/Ias.Bench -c Release -o "$out/bench" --nologo -v quiet
if [ -z "${IAS:-}" ]; then
  quiet dotnet publish src/Ias.Tui -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/ias" --nologo -v quiet
  IAS="$PWD/$out/ias/ias"
fi
# Under bench/out, not /tmp: the demo's sim agent runs in the box, which hides /tmp.
work=$bench_tmp

dotnet "$out/bench/Ias.Bench.dll" stream "$lines" >"$work/stream.jsonl"
bytes=$(stat -c %s "$work/stream.jsonl")
tail -n 1 "$work/stream.jsonl" >"$work/result.jsonl"

fresh_repo() {
  quiet "$IAS" demo --headless --dir "$1"
  git -C "$1" switch -q main
  rm -rf "$1/.run"
}

# configure REPO STANDIN: every role runs the stand-in as its claude, allowed to print the stream (315 MB at the default
# size, past the 256 MiB a turn may print by default).
configure() {
  printf 'run_mode:\n  enabled: true\n  defaults: { max_cycles: 3, timeout_hours: 1 }\n  rate_limiting: { calls_per_hour: 10000 }\nagents:\n  default: { agent: claude, command: %s }\nias:\n  sandbox: { max_output_mb: %d }\n' "$2" $((bytes / 1048576 * 2 + 256)) >"$1/.loa.config.yaml"
  git -C "$1" commit -qam "bench: every role is the stand-in"
}

cat >"$work/cat-claude" <<SH
#!/bin/sh
cat >/dev/null
a=\$(date +%s.%N); cat "$work/stream.jsonl"; b=\$(date +%s.%N)
echo "\$a \$b" >>"$work/ias.times"
SH
chmod +x "$work/cat-claude"

cpu_of() { awk '/User time/ { u = $NF } /System time/ { s = $NF } END { print u + s }' "$1"; }

: >"$work/ias.times"
: >"$work/turn.times"
: >"$work/tee.times"
: >"$work/cpu.us"
: >"$work/rss.mb"
table "Ingest of Claude stream-json: each round one \`tee\` of $lines lines, then one run of 3 turns of them; median (min–max)"
for round in $(seq "$rounds"); do
  sync
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$work/tee.time" sh -c "cat '$work/stream.jsonl' | tee '$work/tee.jsonl' >/dev/null"
  t1=$(date +%s.%N)
  echo "$t0 $t1" >>"$work/tee.times"
  tee_cpu=$(cpu_of "$work/tee.time")
  rm -f "$work/tee.jsonl"

  repo="$work/run-$round"
  fresh_repo "$repo"
  configure "$repo" "$work/cat-claude"
  before=$(wc -l <"$work/ias.times")
  /usr/bin/time -v -o "$work/engine.time" "$IAS" run sprint-1 --headless --local --no-sandbox --repo "$repo" >"$work/run.out" 2>&1 \
    || cannot "the ingest run failed ($(grep -v '^[[:space:]]*$' "$work/run.out" | tail -n 1))"
  turns=$(( $(wc -l <"$work/ias.times") - before ))
  # The turn's end: when the run recorded the call, after the turn's events were parsed and stored, from the stand-in's cat.
  python3 - "$repo/.run/ias.db" >"$work/ended.times" <<'PY'
import datetime, sqlite3, sys
for (ended,) in sqlite3.connect(sys.argv[1]).execute("SELECT ended FROM agent_calls ORDER BY started"):
    print(datetime.datetime.fromisoformat(ended.replace("Z", "+00:00")).timestamp())
PY
  [ "$(wc -l <"$work/ended.times")" -eq "$turns" ] || cannot "the run recorded $(wc -l <"$work/ended.times") agent calls for $turns turns of the stand-in"
  tail -n "$turns" "$work/ias.times" | cut -d' ' -f1 | paste -d' ' - "$work/ended.times" >>"$work/turn.times"
  # CPU per line: the engine's user + system time over the lines it took in (its git and SQLite work included), and tee's.
  awk -v e="$(cpu_of "$work/engine.time")" -v t="$tee_cpu" -v n="$lines" -v k="$turns" \
    'BEGIN { printf "%.2f %.2f\n", e * 1e6 / (n * k), t * 1e6 / n }' >>"$work/cpu.us"
  rss=$(awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$work/engine.time")
  echo "$rss" >>"$work/rss.mb"
  rm -rf "$repo"
done

# median and spread (min–max) of a column of numbers
stats() { sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s %d\n", m, v[1], v[NR], NR }'; }
rate() { awk -v n="$1" '{ printf "%.0f\n", n / ($2 - $1) }'; }
read -r ias_lps ias_lo ias_hi ias_n < <(rate "$lines" <"$work/ias.times" | stats)
read -r tee_lps tee_lo tee_hi tee_n < <(rate "$lines" <"$work/tee.times" | stats)
read -r end_lps end_lo end_hi _ < <(rate "$lines" <"$work/turn.times" | stats)
read -r ias_cpu ias_cpu_lo ias_cpu_hi _ < <(cut -d' ' -f1 "$work/cpu.us" | stats)
read -r tee_cpu tee_cpu_lo tee_cpu_hi _ < <(cut -d' ' -f2 "$work/cpu.us" | stats)
read -r rss_mb _ rss_hi _ < <(stats <"$work/rss.mb")
mbs() { awk -v l="$1" -v n="$lines" -v b="$bytes" 'BEGIN { printf "%.0f", l * b / n / 1e6 }'; }
of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ratio=$(of "$ias_lps" "$tee_lps")
end_ratio=$(of "$end_lps" "$tee_lps")
cpu_ratio=$(awk -v a="$ias_cpu" -v b="$tee_cpu" 'BEGIN { printf "%.1f", a / b }')

# The lag at 10,000 lines/s: the stand-in stamps each line with the time it wrote it; the reader polls both logs every
# 2 ms and records when each stamped line first shows. The dashboard adds its own poll on top of the display log's lag.
cat >"$work/drip.py" <<'PY'
import json, sys, time
result = open(sys.argv[1]).read()
rate, seconds = 10000, 3
start = time.time_ns()
n = 0
while n < rate * seconds:
    due = start + n * 1_000_000_000 // rate
    now = time.time_ns()
    if now < due:
        time.sleep((due - now) / 1e9)
    out = []
    while n < rate * seconds and start + n * 1_000_000_000 // rate <= time.time_ns():
        text = f"stamp {time.time_ns()} {n}"
        out.append(json.dumps({"type": "assistant", "message": {"id": "m1", "content": [{"type": "text", "text": text}]}}))
        n += 1
    sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()
sys.stdout.write(result)
sys.stdout.flush()
PY
cat >"$work/follow.py" <<'PY'
import glob, os, re, sys, time
repo, out = sys.argv[1], sys.argv[2]
stamp = re.compile(rb"stamp (\d+) (\d+)")
files, seen, lags = {}, {"display": set(), "raw": set()}, {"display": [], "raw": []}
deadline = time.time() + 120
while time.time() < deadline:
    for kind, name in (("display", "log.tsv"), ("raw", "stdout.jsonl")):
        paths = glob.glob(os.path.join(repo, ".run", "jobs", "*", name))
        if not paths:
            continue
        path = min(paths, key=os.path.getmtime)
        if kind not in files:
            files[kind] = [open(path, "rb"), b""]
        f = files[kind]
        chunk = f[0].read()
        now = time.time_ns()
        if chunk:
            data = f[1] + chunk
            *whole, f[1] = data.split(b"\n")
            for line in whole:
                m = stamp.search(line)
                if m and m.group(2) not in seen[kind]:
                    seen[kind].add(m.group(2))
                    lags[kind].append((now - int(m.group(1))) / 1e6)
    if len(lags["display"]) >= 30000 and len(lags["raw"]) >= 30000:
        break
    time.sleep(0.002)
with open(out, "w") as o:
    for kind in ("display", "raw"):
        v = sorted(lags[kind]) or [float("nan")]
        q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
        o.write(f"{kind} {len(v)} {q(0.5):.0f} {q(0.99):.0f} {v[-1]:.0f}\n")
PY
cat >"$work/drip-claude" <<SH
#!/bin/sh
cat >/dev/null
if [ "\$IAS_ROLE" = implementer ]; then exec python3 "$work/drip.py" "$work/result.jsonl"; fi
cat "$work/result.jsonl"
SH
chmod +x "$work/drip-claude"
repo="$work/lag"
fresh_repo "$repo"
configure "$repo" "$work/drip-claude"
bench_bg python3 "$work/follow.py" "$repo" "$work/lag.txt"
follower=${bench_pids[-1]}
"$IAS" run sprint-1 --headless --local --no-sandbox --repo "$repo" >"$work/lag.out" 2>&1 \
  || cannot "the lag run failed ($(grep -v '^[[:space:]]*$' "$work/lag.out" | tail -n 1))"
wait "$follower"
read -r _ d_n d_med d_p99 d_max < <(grep '^display' "$work/lag.txt")
read -r _ r_n r_med r_p99 r_max < <(grep '^raw' "$work/lag.txt")
# The dashboard reads a growing display log on its own poll; take its period from the running code's constant.
poll_ms=$(grep -o 'StreamPoll = TimeSpan.FromMilliseconds([0-9]*)' src/Ias.Tui/Dashboard/DashboardApp.cs | grep -o '[0-9]*)' | tr -d ')' || echo "?")

lag=$(awk -v p="$d_p99" -v q="$poll_ms" 'BEGIN { if (q != "?") print p + q }')
echo "| ingest of Claude stream-json, whole process, the pipe drained (redact → job log), $ias_n turns beside $tee_n \`tee\` runs | $ias_lps lines/s ($ias_lo–$ias_hi), $(mbs "$ias_lps") MB/s; $ratio of tee | \`tee\` to a file: $tee_lps lines/s ($tee_lo–$tee_hi), $(mbs "$tee_lps") MB/s | ≥ half of \`tee\` | $(verdict "$ratio" '>=' 0.5) |"
echo "| ingest of Claude stream-json, whole process, to the turn's end (parsed, stored: → parse → display log → SQLite), the same turns | $end_lps lines/s ($end_lo–$end_hi), $(mbs "$end_lps") MB/s; $end_ratio of tee | \`tee\`, the same runs: $tee_lps lines/s | ≥ a quarter of \`tee\` | $(verdict "$end_ratio" '>=' 0.25) |"
echo "| CPU per line ingested, user + system (redaction, job log, parsing, display log, SQLite, the run's git) | $ias_cpu µs ($ias_cpu_lo–$ias_cpu_hi); ${cpu_ratio}× tee's | \`tee\`: $tee_cpu µs ($tee_cpu_lo–$tee_cpu_hi) | ≤ 5× \`tee\`'s | $(verdict "$cpu_ratio" '<=' 5) |"
echo "| peak memory, engine ingesting 3 turns × $lines lines | $rss_mb MB (max $rss_hi) | | | |"
echo "| lag at 10,000 lines/s, stdout → display log (the dashboard's file), $d_n lines | median $d_med ms, p99 $d_p99 ms, max $d_max ms; + the dashboard's poll of a growing log, every $poll_ms ms | raw job log: median $r_med ms, p99 $r_p99 ms, max $r_max ms | dashboard ≤ 250 ms behind (p99 + its poll) | $(verdict "$lag" '<=' 250) |"
table_end
