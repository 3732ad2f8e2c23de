#!/usr/bin/env bash
# The job queue in process (BenchmarkDotNet, bench/Ias.Bench): a real SQLite file and runner folder, no agent.
#   enqueue → claim → complete on a queue that grows while it is measured, starting empty and with 10,000 finished jobs
#   one claim with 100,000 pending, beside reading those 100,000 jobs from SQLite (what a claim does three times)
# Each figure is BenchmarkDotNet's mean with its 99.9 % confidence margin, iterated until that margin is within ±10 %.
# Usage: bench/queue.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap bench_cleanup EXIT
dotnet build "$here/Ias.Bench" -c Release -o "$here/out/bench" --nologo -v quiet >/dev/null

table "The job queue in process (BenchmarkDotNet)"
(cd "$bench_tmp" && dotnet "$here/out/bench/Ias.Bench.dll" --filter '*Queue*' --exporters json >"$bench_tmp/bdn.out" 2>&1) \
  || { echo "bench: the queue's BenchmarkDotNet run failed:" >&2; tail -20 "$bench_tmp/bdn.out" >&2; exit 1; }

# One line per benchmark case: "Method Parameters Mean Margin" (nanoseconds), from each class's full JSON report.
cases=$(cat "$bench_tmp"/BenchmarkDotNet.Artifacts/results/*-report-full.json \
  | grep -o '"Method":"[^"]*"\|"Parameters":"[^"]*"\|"Mean":[0-9.eE+-]*\|"Margin":[0-9.eE+-]*' \
  | awk -F'":' '{ k = $1; gsub(/"/, "", k); v = $2; gsub(/"/, "", v) }
      k == "Method" { m = v; p = "-"; mean = ""; next }
      k == "Parameters" { p = v == "" ? "-" : v; next }
      k == "Mean" && mean == "" { mean = v; next }
      k == "Margin" && mean != "" && m != "" { print m, p, mean, v; m = "" }')
of() { awk -v m="$1" -v p="$2" '$1 == m && $2 == p { print $3, $4 }' <<<"$cases"; }
jps() { read -r mean margin <<<"$(of EnqueueClaimComplete "History=$1")"; awk -v n="$mean" -v e="$margin" 'BEGIN { if (n == "") print "not measured"; else printf "%.0f jobs/s (±%.0f %%)", 1e9 / n, 100 * e / n }'; }
ms() { read -r mean margin <<<"$(of "$1" -)"; awk -v n="$mean" -v e="$margin" 'BEGIN { if (n == "") print "not measured"; else printf "%.1f ms (±%.0f %%)", n / 1e6, 100 * e / n }'; }
claim_ms=$(of ClaimAt100kPending - | awk '{ printf "%.3f", $1 / 1e6 }')
jps0=$(of EnqueueClaimComplete History=0 | awk '{ printf "%.0f", 1e9 / $1 }')

cat <<ROWS
| queue: enqueue → claim → complete, growing from empty | $(jps 0) | | ≥ 5,000 jobs/s | $(verdict "$jps0" '>=' 5000) |
| queue: enqueue → claim → complete, growing from 10,000 finished jobs | $(jps 10000) | | ≥ 5,000 jobs/s | $(verdict "$(of EnqueueClaimComplete History=10000 | awk '{ printf "%.0f", 1e9 / $1 }')" '>=' 5000) |
| queue: one claim with 100,000 jobs pending | $(ms ClaimAt100kPending) | reading the 100,000 jobs from SQLite alone: $(ms LoadAt100kPending) | ≤ 5 ms | $(verdict "$claim_ms" '<=' 5) |
ROWS
table_end
