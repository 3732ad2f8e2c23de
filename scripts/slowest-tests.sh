#!/usr/bin/env bash
# The test classes that took longest, read from the trx files in the folder given (dotnet test --logger trx): each class's
# tests' times added up, slowest first, at most N (10) lines of "SECONDS  CLASS". The tiers run classes side by side, so
# the sum is more than the wall clock; it says where the minutes go. .ci/run prints it after every run.
set -euo pipefail
results=${1:?usage: scripts/slowest-tests.sh RESULTS_DIR [N]}
count=${2:-10}
shopt -s nullglob
files=("$results"/*.trx)
[ ${#files[@]} -gt 0 ] || { echo "slowest-tests: no trx file in $results" >&2; exit 1; }
cat "${files[@]}" | awk '
  /<UnitTestResult / {
    name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name); sub(/\(.*/, "", name); sub(/\.[^.]*$/, "", name)
    d = $0; if (!sub(/.* duration="/, "", d)) next; sub(/".*/, "", d); split(d, t, ":")
    seconds[name] += t[1] * 3600 + t[2] * 60 + t[3]
  }
  END { for (c in seconds) printf "%8.1f s  %s\n", seconds[c], c }
' | sort -rn | head -n "$count"
