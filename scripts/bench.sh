#!/usr/bin/env bash
# Whole-process figures with public tools only (tmux pipe-pane counts the bytes a terminal receives, /proc the CPU).
# Prints one Markdown table for the README, with the date and the machine. A benchmark, not a test: it waits on
# the wall clock on purpose, to measure over fixed windows.
set -euo pipefail
cd "$(dirname "$0")/.."

out=bench/out
mkdir -p "$out"
dotnet build src/Ias.Tui -c Release -o "$out/ias" --nologo -v quiet >/dev/null
ias=("${DOTNET_HOST_PATH:-dotnet}" "$PWD/$out/ias/ias.dll")
work=$(mktemp -d)
sock="ias-bench-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true; pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

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

# A finished run: nothing changes but the clock.
"${ias[@]}" demo --headless --dir "$work/idle" >/dev/null
read -r idle_diff idle_cpu < <(dashboard "$work/idle" "${IDLE_SECONDS:-60}")
read -r idle_full _ < <(dashboard "$work/idle" 10 IAS_BENCH_FULL_REDRAW=1)

# A live run whose agent streams 1,000 lines a second.
stream() {
  local repo="$work/stream-$1"
  "${ias[@]}" demo --headless --dir "$repo" >/dev/null # a configured repository with a sprint plan
  git -C "$repo" switch -q main
  rm -rf "$repo/.run"
  printf '{"drip_lines": 40000, "drip_rate": 1000, "fail": [{"role": "implementer", "mode": "drip"}]}' >"$work/drip.json"
  IAS_SIM_SCENARIO="$work/drip.json" setsid "${ias[@]}" run sprint-1 --headless --repo "$repo" >/dev/null 2>&1 &
  sleep 3
  dashboard "$repo" 15 "${@:2}"
  "${ias[@]}" run-halt --force --repo "$repo" >/dev/null 2>&1 || true
  wait || true
}
read -r stream_diff stream_cpu < <(stream diff)
read -r stream_full _ < <(stream full IAS_BENCH_FULL_REDRAW=1)

cat <<TABLE
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version), tmux $(tmux -V | cut -d' ' -f2), dashboard at 120×40, 256 colours.

| figure | ias (cell diff) | full redraw of the same frames |
| --- | --- | --- |
| terminal bytes/s, idle (finished run, clock ticking) | $idle_diff | $idle_full |
| terminal bytes/s, agent log streaming 1,000 lines/s | $stream_diff | $stream_full |
| dashboard CPU, idle | ${idle_cpu}% of one core | |
| dashboard CPU, log streaming 1,000 lines/s | ${stream_cpu}% of one core | |
TABLE
