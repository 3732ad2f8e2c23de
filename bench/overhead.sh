#!/usr/bin/env bash
# The engine's cost around its agents, on the demo repository and on the demo with 10,000 more files committed, each
# round interleaved with its reference: git's own time for the calls the same run made (a git wrapper on PATH records
# each call's start and end) and `ias --version` for the process start-up inside pre-flight. Several rounds; each figure
# is the median with the lowest and highest in brackets, and the overhead also as a multiple of git's own time (the
# target: at most 1.2×, so ias's own work around its gits stays a fifth of theirs). Then one run under strace counts
# processes, fsyncs and renames.
# Prints a Markdown table | figure | ias | reference, same run | target | verdict |, with the load average before and after.
#   bench/overhead.sh                 builds ias (ReadyToRun, as scripts/install.sh does) and runs 5 rounds
#   IAS=/path/to/ias ROUNDS=9 bench/overhead.sh
# The agent's box has a /tmp of its own: IAS must live elsewhere (bench/out, as the build here puts it).
# A benchmark, not a test: it reads the wall clock on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap bench_cleanup EXIT

rounds=${ROUNDS:-5}
need_tools sqlite3 git dotnet
# The runs measured are boxed: the ias they start as the demo's agent must lie where the box can see it.
if [ -n "${IAS:-}" ]; then need_ias "$IAS"; else need_box_sees "$bench_out"; fi
ready

if [ -z "${IAS:-}" ]; then
  rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
  quiet dotnet publish src/Ias.Tui -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o bench/out/overhead-ias --nologo -v quiet
  IAS=$PWD/bench/out/overhead-ias/ias
fi

work=$bench_tmp
table "The engine's overhead per cycle ($rounds rounds interleaved; median (lowest–highest))"

# A configured repository on main with its sprint plan and no run: what `ias run sprint-1` meets.
"$IAS" demo --headless --dir "$work/demo" >"$work/demo.out" 2>&1 || cannot "ias demo failed ($(grep -v '^[[:space:]]*$' "$work/demo.out" | tail -n 1))"
git -C "$work/demo" switch -q main
git -C "$work/demo" branch -q -D feature/sprint-1
rm -rf "$work/demo/.run"
cp -a "$work/demo" "$work/files"
for d in $(seq 100); do
  mkdir -p "$work/files/src/m$d"
  for f in $(seq 100); do echo "file $d/$f" >"$work/files/src/m$d/f$f.txt"; done
done
git -C "$work/files" add -A && git -C "$work/files" commit -qm "10,000 files"

# The wrapper: bash's own clock (no fork) around the real git, one line per call: start end argv.
real_git=$(command -v git)
mkdir -p "$work/bin"
cat >"$work/bin/git" <<WRAP
#!/bin/bash
s=\$EPOCHREALTIME
"$real_git" "\$@"
rc=\$?
printf '%s %s %s\n' "\$s" "\$EPOCHREALTIME" "\$1" >>"\$IAS_BENCH_GIT_LOG"
exit \$rc
WRAP
chmod +x "$work/bin/git"

# run REPO [wrapped] → "overhead_ms_per_cycle preflight_ms cycles started_epoch last_epoch"
run() {
  local repo=$1 wrapped=${2:-}
  rm -rf "$work/run" && cp -a "$work/$repo" "$work/run"
  local t0; t0=$(date +%s.%N)
  if [ -n "$wrapped" ]; then
    # The engine runs git only from a folder no agent can write, or one IAS_ENGINE_TOOLS vouches for: the wrapper's.
    IAS_ENGINE_TOOLS="$work/bin" PATH="$work/bin:$PATH" IAS_BENCH_GIT_LOG="$work/git.log" "$IAS" run sprint-1 --headless --local --repo "$work/run" >"$work/run.out"
  else
    "$IAS" run sprint-1 --headless --local --repo "$work/run" >"$work/run.out"
  fi || cannot "the run on the $repo repository failed ($(grep -v '^[[:space:]]*$' "$work/run.out" | tail -n 1))"
  sqlite3 -separator ' ' "$work/run/.run/ias.db" "
    SELECT 1000 * ((julianday(r.last_activity) - julianday(r.started)) * 86400
                   - (SELECT SUM(julianday(ended) - julianday(started)) * 86400 FROM agent_calls c WHERE c.run_id = r.run_id))
                / r.cycle_current,
           1000 * ((julianday(r.started) - 2440587.5) * 86400 - $t0),
           r.cycle_current,
           (julianday(r.started) - 2440587.5) * 86400,
           (julianday(r.last_activity) - 2440587.5) * 86400
    FROM runs r ORDER BY started DESC LIMIT 1;"
}

# git_time STARTED LAST CYCLES → "outside_ms_per_cycle outside_gits_per_cycle preflight_ms preflight_gits inside_ms_per_cycle
# inside_gits_per_cycle" from the wrapper's log. The overhead leaves out the agent's turns (agent_calls, which hold the
# box's sync and patch), so git's time beside it leaves out the calls made inside a turn too; those are counted apart.
git_time() {
  [ -s "$work/git.log" ] || cannot "the run never called the git wrapper, so git's own time is unknown; check that IAS_ENGINE_TOOLS reaches ias"
  sqlite3 -separator ' ' "$work/run/.run/ias.db" "
    SELECT (julianday(started) - 2440587.5) * 86400, (julianday(ended) - 2440587.5) * 86400 FROM agent_calls WHERE ended IS NOT NULL;" >"$work/turns"
  awk -v s="$1" -v e="$2" -v c="$3" '
    FNR == NR { ts[++t] = $1; te[t] = $2; next }
    $1 >= s && $2 <= e {
      inside = 0
      for (i = 1; i <= t; i++) if ($1 >= ts[i] && $2 <= te[i]) { inside = 1; break }
      if (inside) { turn += ($2 - $1) * 1000; tn++ } else { cyc += ($2 - $1) * 1000; n++ }
    }
    $2 < s { pre += ($2 - $1) * 1000; p++ }
    END { printf "%.1f %.1f %.1f %d %.1f %.1f\n", cyc / c, n / c, pre, p, turn / c, tn / c }' "$work/turns" "$work/git.log"
}

for ((i = 1; i <= rounds; i++)); do
  for repo in demo files; do
    read -r ovh pre _ < <(run "$repo")
    rm -f "$work/git.log"
    read -r _ _ cycles started last < <(run "$repo" wrapped)
    read -r gcyc gn gpre gp gin gin_n < <(git_time "$started" "$last" "$cycles")
    t=$(date +%s%N); "$IAS" --version >/dev/null; version=$((($(date +%s%N) - t) / 1000000))
    echo "$repo $ovh $pre $gcyc $gn $gpre $gp $version $gin $gin_n" >>"$work/rounds"
  done
done

# spread REPO COLUMN → "median (min–max)" over the rounds, rounded to whole numbers.
spread() {
  awk -v r="$1" -v k="$2" '$1 == r { print $k }' "$work/rounds" | sort -g | awk '
    { v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f (%.0f–%.0f)", m, v[1], v[NR] }'
}
median() { awk -v r="$1" -v k="$2" '$1 == r { print $k }' "$work/rounds" | sort -g | awk '{ v[NR] = $1 } END { printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One traced run per repository: every process, fsync and rename of the run, ias's and git's apart (by the program each pid runs).
traced() {
  local repo=$1
  if ! command -v strace >/dev/null || ! strace -f -o /dev/null true 2>/dev/null; then
    echo "| processes, fsyncs and renames per cycle, $2 | not measured: strace is missing or may not trace here | | | |"
    return
  fi
  rm -rf "$work/run" && cp -a "$work/$repo" "$work/run"
  strace -f -e trace=execve,fsync,fdatasync,rename,renameat,renameat2 -o "$work/strace.log" \
    "$IAS" run sprint-1 --headless --local --repo "$work/run" >/dev/null
  local cycles; cycles=$(sqlite3 "$work/run/.run/ias.db" "SELECT cycle_current FROM runs ORDER BY started DESC LIMIT 1;")
  awk -v c="$cycles" -v what="$2" '
    # An execve may be split in two lines (<unfinished ...>, then <... execve resumed>); only one that returned 0 ran.
    / execve\(/ { tried[$1] = $2 }
    (/ execve\(/ || /<\.\.\. execve resumed>/) && / = 0$/ { exe[$1] = tried[$1]; procs++; if (tried[$1] ~ /git"/) gits++ }
    / f(data)?sync\(/ { f++; if (exe[$1] ~ /git"/) gf++ }
    / rename(at2?)?\(/ && !/= -1/ { r++; if (exe[$1] ~ /git"/) gr++ }
    END {
      printf "| processes started per cycle, %s (whole run ÷ %d cycles, pre-flight included) | %.1f | git processes among them: %.1f | fewer than the previous build | see the previous build'\''s rows |\n", what, c, procs / c, gits / c
      printf "| fsyncs per cycle, %s | %.1f | git'\''s own: %.1f | fewer than the previous build | see the previous build'\''s rows |\n", what, f / c, gf / c
      printf "| renames per cycle, %s | %.1f | git'\''s own: %.1f | fewer than the previous build | see the previous build'\''s rows |\n", what, r / c, gr / c
    }' "$work/strace.log"
}

for repo in files demo; do
  name=$([ "$repo" = files ] && echo "10,000-file repository" || echo "demo repository (3 files)")
  echo "| engine overhead per cycle, $name | $(spread "$repo" 2) ms | git's own calls in those cycles, outside the agent's turns: $(spread "$repo" 4) ms, $(median "$repo" 5) gits a cycle (inside the turns, the box's sync and patch, not in the overhead: $(median "$repo" 9) ms, $(median "$repo" 10) gits) | ≤ 50 ms | $(verdict "$(median "$repo" 2)" '<=' 50) |"
  ratio=$(awk -v a="$(median "$repo" 2)" -v b="$(median "$repo" 4)" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
  echo "| engine overhead per cycle as a multiple of git's own time, $name (the calls the design needs, counted beside) | ${ratio}× | git's own calls outside the turns: $(median "$repo" 5) gits a cycle, $(median "$repo" 4) ms | ≤ 1.2× | $(verdict "$ratio" '<=' 1.2) |"
  echo "| pre-flight, $name (process start → run started) | $(spread "$repo" 3) ms | \`ias --version\`: $(spread "$repo" 8) ms; git's own calls: $(spread "$repo" 6) ms, $(median "$repo" 7) gits | | |"
done
traced files "10,000-file repository"
traced demo "demo repository (3 files)"
table_end
