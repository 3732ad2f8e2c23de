#!/usr/bin/env bash
# The dashboard at the terminal: the bytes a 120×40 tmux pane receives (tmux pipe-pane) and the CPU of the process drawing
# it (/proc), over fixed windows, each beside references measured in the same rounds, interleaved:
#   idle, a finished run:      ias | the same dashboard redrawing every frame whole | htop, an idle full-screen TUI
#   a live run, silent agent:  ias (only the clocks move)
#   a log streaming 1,000/s:   ias | full redraw | `tail -f` and `less +F` on the same log | the changed cells' text, the
#                              least any renderer must send for ias's frames
# Usage: bench/terminal.sh IAS [BASELINE_IAS]   (BENCH_ROUNDS, BENCH_WINDOW seconds; a baseline build joins each round)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap bench_cleanup EXIT
ias=${1:-} base=${2:-}
need_ias "$ias"
[ -z "$base" ] || need_ias "$base"
need_tools git setsid
need_pkgs tmux htop less
ready
window=${BENCH_WINDOW:-30}

# A configured repository with a sprint plan, on main, without a run; and one with a finished run.
fresh_repo() { quiet "$ias" demo --headless --dir "$1"; git -C "$1" switch -q main; rm -rf "$1/.run"; }
quiet "$ias" demo --headless --dir "$bench_tmp/idle"
# The previous build watches a finished run of its own: it cannot open a database a newer ias wrote.
[ -z "$base" ] || quiet "$base" demo --headless --dir "$bench_tmp/idle-base"

# live MODE REPO SECONDS: starts a headless run whose implementer streams (drip) or says nothing (hang) for SECONDS.
live() {
  fresh_repo "$2"
  mkdir -p "$2/.run" # inside the repository, where the agent's box can read it
  printf '{"drip_lines": %d, "drip_rate": 1000, "fail": [{"role": "implementer", "mode": "%s"}]}' "$(($3 * 1000))" "$1" >"$2/.run/sim.json"
  IAS_SIM_SCENARIO="$2/.run/sim.json" bench_bg "$ias" run sprint-1 --headless --repo "$2" >/dev/null 2>&1
  wait_glob "$2/.run/jobs/*implement*/log.tsv" 30 || cannot "the $1 run in $2 never started its agent; see $2/.run/"
  sleep 1 # past the turn's first lines
}
halt() { "$ias" run-halt --force --repo "$1" >/dev/null 2>&1 || true; }

# cells_window SECONDS REPO: pane_window on ias with the changed cells' text bytes counted by the dashboard itself →
# "bytes_per_second cpu_percent floor_bytes_per_second".
cells_window() {
  local cells="$bench_tmp/cells-$RANDOM"
  : >"$cells"
  local secs=$1 repo=$2
  tm new-session -d -s w -x 120 -y 40 "$(pane_cmd "$ias dashboard --repo $repo" "IAS_BENCH_CELLS=$cells")"
  drawn
  local log="$bench_tmp/pane-$RANDOM.bytes" pid t0 t1 c0 c1
  tm pipe-pane -o -t w "cat > $log"
  pid=$(tm list-panes -t w -F '#{pane_pid}')
  t0=$(cpu_ticks "$pid"); c0=$(tail -n1 "$cells")
  sleep "$secs"
  t1=$(cpu_ticks "$pid"); c1=$(tail -n1 "$cells")
  tm pipe-pane -t w
  tm kill-session -t w
  awk -v b="$(stat -c %s "$log")" -v s="$secs" -v c=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v f=$((c1 - c0)) \
    'BEGIN { printf "%.0f %.3f %.0f\n", b / s, 100 * c / hz / s, f / s }'
}

# Results: one file per series, one number a line.
put() { echo "$2" >>"$bench_tmp/series.$1"; }
series() { cat "$bench_tmp/series.$1" 2>/dev/null || true; }

table "The dashboard at the terminal (120×40, 256 colours, tmux $(tmux -V | cut -d' ' -f2), windows of ${window} s)"
for round in $(seq "$rounds"); do
  read -r b c < <(pane_window "$window" "$ias dashboard --repo $bench_tmp/idle"); put idle_b "$b"; put idle_c "$c"
  read -r b _ < <(pane_window "$((window / 3))" "$ias dashboard --repo $bench_tmp/idle" IAS_BENCH_FULL_REDRAW=1); put idle_full "$b"
  read -r b c < <(pane_window "$window" "htop"); put htop_b "$b"; put htop_c "$c"
  if [ -n "$base" ]; then read -r b c < <(pane_window "$window" "$base dashboard --repo $bench_tmp/idle-base"); put base_b "$b"; put base_c "$c"; fi

  # One stream per round, long enough for every window, each window on the same live log.
  repo="$bench_tmp/stream-$round"
  live drip "$repo" $((4 * (window / 2 + 3) + 20))
  logfile=$(ls -t "$repo"/.run/jobs/*/log.tsv | head -n1)
  read -r b c f < <(cells_window "$((window / 2))" "$repo"); put s_b "$b"; put s_c "$c"; put s_floor "$f"
  read -r b _ < <(pane_window "$((window / 2))" "$ias dashboard --repo $repo" IAS_BENCH_FULL_REDRAW=1); put s_full "$b"
  read -r b c < <(pane_window "$((window / 2))" "tail -f $logfile"); put s_tail "$b"; put s_tail_c "$c"
  read -r b c < <(pane_window "$((window / 2))" "less +F $logfile"); put s_less "$b"; put s_less_c "$c"
  halt "$repo"

  repo="$bench_tmp/silent-$round"
  live hang "$repo" 0
  read -r b c < <(pane_window "$window" "$ias dashboard --repo $repo"); put w_b "$b"; put w_c "$c"
  halt "$repo"
  bench_stop
done

idle_b=$(series idle_b | median); idle_c=$(series idle_c | median); w_c=$(series w_c | median)
s_b=$(series s_b | median); s_floor=$(series s_floor | median); s_c=$(series s_c | median); s_tail_c=$(series s_tail_c | median)
cat <<ROWS
| terminal bytes/s, idle (finished run, clock ticking) | $(series idle_b | spread) | full redraw of the same frames: $(series idle_full | spread); htop: $(series htop_b | spread)$([ -n "$base" ] && echo "; previous build: $(series base_b | spread)") | ≤ 50 | $(verdict "$idle_b" '<=' 50) |
| dashboard CPU %, idle (finished run) | $(series idle_c | spread 3) | htop: $(series htop_c | spread 3)$([ -n "$base" ] && echo "; previous build: $(series base_c | spread 3)") | ≤ 0.2 | $(verdict "$idle_c" '<=' 0.2) |
| dashboard CPU %, idle (live run, silent agent) | $(series w_c | spread 3), $(series w_b | median) bytes/s | | ≤ 0.2 | $(verdict "$w_c" '<=' 0.2) |
| terminal bytes/s, log streaming 1,000 lines/s | $(series s_b | spread) | changed cells' text alone (the floor): $(series s_floor | spread); full redraw: $(series s_full | spread); \`tail -f\`: $(series s_tail | spread); \`less +F\`: $(series s_less | spread) | ≤ 1.5× the changed cells' text (the floor) | $(verdict "$s_b" '<=' "$(awk -v f="$s_floor" 'BEGIN { print 1.5 * f }')") |
| dashboard CPU %, log streaming 1,000 lines/s | $(series s_c | spread 2) | \`tail -f\`: $(series s_tail_c | spread 2); \`less +F\`: $(series s_less_c | spread 2) | ≤ 2× \`tail -f\`'s | $(verdict "$s_c" '<=' "$(awk -v t="$s_tail_c" 'BEGIN { print 2 * t }')") |
ROWS
table_end
