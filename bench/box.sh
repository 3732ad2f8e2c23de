#!/usr/bin/env bash
# The agent's box (bubblewrap) started around one agent turn: the command line a real turn of the demo used (its job's
# `command` file from bwrap on, the agent after `--` replaced by `true`), against `true` alone, interleaved by hyperfine.
# Usage: bench/box.sh IAS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap bench_cleanup EXIT
ias=${1:-}
need_ias "$ias"
need_pkgs hyperfine
ready

table "The agent's box"
quiet "$ias" demo --headless --dir "$bench_tmp/demo"
box_cmd=$(ls "$bench_tmp"/demo/.run/jobs/*/command | head -n1)
read -ra words <"$box_cmd"
# The box is bwrap's words up to `--`; what comes before bwrap (the shell that puts the turn in its own cgroup, whose
# folder is gone once the turn ended) is left out.
box=()
for w in "${words[@]}"; do
  [ "$w" = -- ] && break
  [ ${#box[@]} -gt 0 ] || [ "$(basename -- "$w")" = bwrap ] && box+=("$w")
done
if [ ${#box[@]} -eq 0 ]; then
  echo "| the agent's box started around one agent turn | not measured: the demo's agent ran without the box (bubblewrap cannot run here) | | | |"
else
  # The run ended and freed its workspace: the folders the box binds are made again, empty, and removed after.
  made=()
  for ((i = 0; i < ${#box[@]} - 1; i++)); do
    case ${box[i]} in --bind | --ro-bind) [ -e "${box[i + 1]}" ] || { mkdir -p "${box[i + 1]}" && made+=("${box[i + 1]}"); } ;; esac
  done
  hyperfine -N --warmup 3 --runs $((rounds * 10)) --export-csv "$bench_tmp/box.csv" "${box[*]} -- /bin/true" "/bin/true" >/dev/null 2>&1 \
    || cannot "hyperfine failed: run the box by hand to see why (${box[*]} -- /bin/true)"
  [ ${#made[@]} -eq 0 ] || rm -rf "${made[@]}"
  # hyperfine's CSV: command, mean, stddev, median, user, system, min, max (seconds).
  awk -F, 'NR == 2 { m = $4; lo = $7; hi = $8 } NR == 3 { t = $4 }
    END { printf "| the agent'"'"'s box started around one agent turn | %.1f ms (%.1f–%.1f) | `true` alone: %.1f ms | | |\n", (m - t) * 1000, (lo - t) * 1000, (hi - t) * 1000, t * 1000 }' "$bench_tmp/box.csv"
fi
table_end
