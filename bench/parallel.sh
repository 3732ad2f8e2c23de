#!/usr/bin/env bash
# Several Run Mode runs at once in one repository, each in its worktree and lane, the simulated agent at a fixed pace (its
# output dripped BENCH_PACE_MS apart, default 200): three sprints started together beside one sprint alone, in the same
# rounds, interleaved. The wall time of the three (the target: at most 1.3× one alone; their agents mostly wait, so 2 cores
# carry three engines), and the engine's overhead per cycle, a run's time outside its agent calls ÷ its cycles, read from
# ias.db (the target: with three at once, at most 1.3× one alone's). ias.parallel.max is 3 here, so no turn waits for a
# slot: the default, the machine's cores, would hold the third agent back on 2 cores, which this does not measure.
# Usage: bench/parallel.sh [PATH/TO/ias]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap bench_cleanup EXIT
ias=$(realpath -m "${1:-$(command -v ias || echo ias)}")
need_ias "$ias"
need_pkgs sqlite3
need_tools git
ready

pace=${BENCH_PACE_MS:-200}
work=$bench_tmp
cat >"$work/scenario.json" <<JSON
{"slow_ms": $pace, "fail": [{"role": "implementer", "mode": "slow"}, {"role": "reviewer", "mode": "slow"}, {"role": "auditor", "mode": "slow"}]}
JSON
export IAS_SIM_SCENARIO="$work/scenario.json"

# A configured repository on main with three sprints and no run, its edit to the config committed.
quiet "$ias" demo --headless --dir "$work/demo"
git -C "$work/demo" switch -q main
git -C "$work/demo" branch -q -D feature/sprint-1
rm -rf "$work/demo/.run"
printf '\n## Sprint 3: another\n\n- Task 3.1: a third feature\n' >>"$work/demo/grimoires/loa/sprint.md"
printf 'ias:\n  parallel:\n    max: 3\n' >>"$work/demo/.loa.config.yaml"
git -C "$work/demo" commit -qam "a third sprint, three agents at once"

# runs N → "wall_seconds overhead_ms_per_cycle": sprints 1..N started together on a fresh copy, each to its end.
runs() {
  local n=$1 s t0 t1 pids=()
  rm -rf "$work/run" && cp -a "$work/demo" "$work/run"
  t0=$(now)
  for s in $(seq "$n"); do
    "$ias" run "sprint-$s" --headless --local --repo "$work/run" >"$work/run-$s.out" 2>&1 &
    pids+=($!)
  done
  for s in $(seq "$n"); do
    wait "${pids[$((s - 1))]}" || cannot "sprint-$s of $n at once failed ($(grep -v '^[[:space:]]*$' "$work/run-$s.out" | tail -n 1))"
  done
  t1=$(now)
  sqlite3 "$work/run/.run/ias.db" "
    SELECT AVG(1000 * ((julianday(r.last_activity) - julianday(r.started)) * 86400
                       - (SELECT SUM(julianday(ended) - julianday(started)) * 86400 FROM agent_calls c WHERE c.run_id = r.run_id))
               / r.cycle_current)
    FROM runs r;" | awk -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" '{ printf "%.2f %.0f\n", w, $1 }'
}

table "Several runs at once ($rounds rounds interleaved, the agent's output dripped $pace ms apart; median (lowest–highest))"
for round in $(seq "$rounds"); do
  runs 1 >>"$work/one"
  runs 3 >>"$work/three"
done
col() { awk -v k="$2" '{ print $k }' "$work/$1"; }
wall=$(awk -v a="$(col three 1 | median)" -v b="$(col one 1 | median)" 'BEGIN { printf "%.2f", a / b }')
over=$(awk -v a="$(col three 2 | median)" -v b="$(col one 2 | median)" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
echo "| three sprints started at once, wall time until the last ends | $(col three 1 | spread 1) s, ${wall}× one alone | one sprint alone: $(col one 1 | spread 1) s | ≤ 1.3× one alone | $(verdict "$wall" '<=' 1.3) |"
echo "| engine overhead per cycle with three runs at once (the mean of the three) | $(col three 2 | spread) ms, ${over}× one alone | one run alone: $(col one 2 | spread) ms | ≤ 1.3× one alone | $(verdict "$over" '<=' 1.3) |"
echo "| six queue jobs, three at a time | not measured: \`ias run-loop --parallel\` is not built yet | one job alone | ≤ 2.3× one job | |"
table_end
