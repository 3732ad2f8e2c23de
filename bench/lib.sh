# Shared pieces of the benchmark scripts (sourced, not run): rounds, medians, the load, the machine, tmux, one table's frame;
# the checks that say in one line why a benchmark cannot run; the processes a benchmark started, stopped by their PIDs.
# A benchmark waits on the wall clock on purpose, to measure over fixed windows; nothing here is a test.
# BENCH_CHECK=1 makes a script check what it needs, say "ready" or why it cannot run, and stop there (a test runs that).

bench_name=${bench_name-$(basename "$0" .sh)}
bench_out=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/out
rounds=${BENCH_ROUNDS:-5}
# Not under /tmp: the agent's box mounts its own empty /tmp, and the stand-in agents and scenarios live here.
mkdir -p "$bench_out"
bench_tmp=${bench_tmp:-$(mktemp -d "$bench_out/tmp.XXXXXX")}
bench_sock="ias-bench-$$"
bench_pids=()

need() { command -v "$1" >/dev/null 2>&1; }

# cannot WHY: one line on stderr saying why this benchmark cannot run and what to do about it, then exit 1.
cannot() {
  echo "bench${bench_name:+ $bench_name}: cannot run: $*" >&2
  exit 1
}

# ready: with BENCH_CHECK=1, says the checks passed and stops before anything is built or measured.
ready() {
  [ "${BENCH_CHECK:-}" = 1 ] || return 0
  echo "bench${bench_name:+ $bench_name}: ready"
  exit 0
}

# need_tools CMD…: each command on PATH (`time` is GNU time, /usr/bin/time), or the one line that says which is missing.
need_tools() {
  local c
  for c in "$@"; do
    case $c in
      time) [ -x /usr/bin/time ] || cannot "needs GNU time (/usr/bin/time), which is not installed; install it with apt-get install time" ;;
      *) need "$c" || cannot "needs $c, which is not on PATH; install it (apt-get install $c)" ;;
    esac
  done
}

# need_pkgs CMD… installs the Debian packages that hold the missing commands (package name = command name, but `time`);
# with BENCH_CHECK=1 it installs nothing and says what is missing.
need_pkgs() {
  local missing=() c
  for c in "$@"; do
    case $c in
      time) [ -x /usr/bin/time ] || missing+=(time) ;;
      *) need "$c" || missing+=("$c") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${BENCH_CHECK:-}" != 1 ] && (apt-get update -qq && apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 && return 0
  cannot "needs ${missing[*]}, not installed; install with apt-get install ${missing[*]}"
}

# shared PATH: whether IAS_SANDBOX_SHARE shares PATH (or a folder above it) with the agent's box.
shared() {
  local dirs d
  IFS=: read -ra dirs <<<"${IAS_SANDBOX_SHARE:-}"
  for d in "${dirs[@]}"; do
    [ -n "$d" ] || continue
    d=$(realpath -m "$d")
    case $1 in "$d" | "$d"/*) return 0 ;; esac
  done
  return 1
}

# need_box_sees PATH…: the demo's agent runs ias inside the agent's box, which mounts an empty /tmp of its own, so the ias
# measured and the folders the agents use must lie outside /tmp, or be shared into the box.
need_box_sees() {
  local p
  for p in "$@"; do
    p=$(realpath -m "$p")
    case $p in
      /tmp | /tmp/*) shared "$p" || cannot "$p is under /tmp, which the agent's box hides (it mounts an empty /tmp); run from a checkout outside /tmp, or set IAS_SANDBOX_SHARE=$(dirname "$p")" ;;
    esac
  done
}

# need_ias PATH: an ias to measure, executable, where the agent's box can see it.
need_ias() {
  [ -n "$1" ] && [ -x "$1" ] || cannot "no ias to measure at \"$1\"; pass the path of a build (scripts/bench.sh builds one)"
  need_box_sees "$1"
}

# quiet CMD…: runs CMD with its output kept aside; when it fails, one line with its last words, and exit 1.
quiet() {
  local log="$bench_tmp/quiet-$RANDOM.log"
  "$@" >"$log" 2>&1 || cannot "\`$(basename "$1") ${*:2}\` failed: $(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
}

# bench_bg CMD…: starts CMD in the background as the leader of a process group of its own (setsid), recorded, so the
# cleanup stops that group and nothing else on the machine.
bench_bg() {
  setsid "$@" &
  bench_pids+=("$!")
}

# bench_stop: SIGTERM to each recorded group, up to 5 s for them to go, then SIGKILL to what is left of them. The PID
# itself is signalled too: just started, it may not lead its group yet. Reaped quietly, with no "Terminated" line.
bench_stop() {
  local pid i
  [ ${#bench_pids[@]} -gt 0 ] || return 0
  for pid in "${bench_pids[@]}"; do kill -TERM -- "-$pid" "$pid" 2>/dev/null || true; done
  for i in $(seq 25); do
    for pid in "${bench_pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && break; pid=""; done
    [ -z "$pid" ] && break
    sleep 0.2
  done
  for pid in "${bench_pids[@]}"; do kill -KILL -- "-$pid" "$pid" 2>/dev/null || true; done
  wait "${bench_pids[@]}" 2>/dev/null || true
  bench_pids=()
}

tm() { tmux -L "$bench_sock" "$@"; }
# The tmux server on this script's own socket (its panes go with it), the groups it started, its folder; nothing else.
bench_cleanup() {
  tm kill-server 2>/dev/null || true
  bench_stop
  rm -rf "$bench_tmp"
}

now() { date +%s.%N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
machine() {
  echo "$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version)"
}

# Numbers on stdin, one a line → "median (min–max, N rounds)"; `median` alone for a verdict.
spread() { sort -g | awk -v d="${1:-0}" '{ v[NR] = $1 } END { if (NR == 0) { print "not measured"; exit } m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; f = "%." d "f"; printf f " (" f "–" f ", %d rounds)\n", m, v[1], v[NR], NR }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# verdict VALUE '<=' TARGET → "met", "missed by N %", or "missed by N×" once the figure is twice as far from the target
# or more (a percentage of 300 reads worse than 4×); '>=' for a floor.
verdict() {
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (v == "") { print "not measured"; exit }
    ok = op == "<=" ? v <= t : v >= t
    x = op == "<=" ? (t > 0 ? v / t : 0) : (v > 0 ? t / v : 0)
    if (ok) print "met"
    else if (x == 0) print (op == "<=" ? "missed: the target is 0" : "missed: nothing reached")
    else if (x >= 2) printf (x < 100 ? "missed by %.2g×\n" : "missed by %.0f×\n"), x
    else printf "missed by %.0f %%\n", op == "<=" ? 100 * (v - t) / t : 100 * (t - v) / t }'
}

# table TITLE: the heading of one part's table, with the load as it starts; table_end prints the load as it ends.
table() {
  echo
  echo "$1 — measured $(date -u +%Y-%m-%dT%H:%MZ) on $(machine); load average at the start $(loadavg)."
  echo
  echo "| figure | ias | reference, same run | target | verdict |"
  echo "| --- | --- | --- | --- | --- |"
}
table_end() { echo; echo "Load average at the end: $(loadavg)."; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
maxrss_mb() { awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$1"; }

# wait_file FILE SECONDS: until FILE exists and is not empty (a polling loop in a benchmark, not a test's synchronisation).
wait_file() { local i; for i in $(seq $(($2 * 5))); do [ -s "$1" ] && return 0; sleep 0.2; done; return 1; }
# wait_glob PATTERN SECONDS: until a file matches PATTERN.
wait_glob() { local i f; for i in $(seq $(($2 * 5))); do for f in $1; do [ -e "$f" ] && return 0; done; sleep 0.2; done; return 1; }

# drawn: until the pane "w" shows something (or the text in $pane_ready, for a screen whose data comes after its first
# frame), then a second more (two with $pane_ready), so a window measures the steady state, not the start.
# A pane's command writes its errors to $bench_tmp/pane.err (pane_cmd); one that ended before its first frame stops the
# bench with its last line.
drawn() {
  local i
  for i in $(seq 100); do tm capture-pane -p -t w 2>/dev/null | grep -q '[^[:space:]]' && break; sleep 0.2; done
  tm has-session -t w 2>/dev/null \
    || cannot "the pane's program ended before its first frame ($(tail -n 1 "$bench_tmp/pane.err" 2>/dev/null || echo "it said nothing"))"
  if [ -n "${pane_ready:-}" ]; then
    for i in $(seq 300); do tm capture-pane -p -t w 2>/dev/null | grep -qF "$pane_ready" && break; sleep 0.2; done
    sleep 1
  fi
  sleep 1
}

# pane_cmd COMMAND [ENV=VALUE…]: the shell line a pane runs: COMMAND with that environment, its errors kept for drawn.
pane_cmd() { local cmd=$1; shift; echo "exec env $* $cmd 2>>$bench_tmp/pane.err"; }

# pane_window SECONDS COMMAND [ENV=VALUE…]: runs COMMAND in a fresh 120×40 tmux pane, waits for its first frame, then
# counts for SECONDS the bytes the terminal receives and the CPU of the pane's process → "bytes_per_second cpu_percent".
pane_window() {
  local secs=$1 cmd=$2; shift 2
  local log="$bench_tmp/pane-$RANDOM.bytes"
  tm new-session -d -s w -x 120 -y 40 "$(pane_cmd "$cmd" "$@")"
  drawn
  tm pipe-pane -o -t w "cat > $log"
  local pid t0 t1
  pid=$(tm list-panes -t w -F '#{pane_pid}')
  t0=$(cpu_ticks "$pid")
  sleep "$secs"
  t1=$(cpu_ticks "$pid")
  tm pipe-pane -t w
  tm kill-session -t w
  awk -v b="$(stat -c %s "$log")" -v s="$secs" -v c=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f %.3f\n", b / s, 100 * c / hz / s }'
}
