#!/usr/bin/env bash
# Every benchmark figure, each beside its references measured in the same rounds, interleaved, with median and range and
# the load average at each table's start and end; then one verdict per target. Whole processes are measured with public
# tools (tmux pipe-pane, /proc, /usr/bin/time -v, hyperfine, strace), in-process figures with BenchmarkDotNet
# (bench/Ias.Bench). The parts live in bench/*.sh and can be run alone; this builds what they measure and runs them.
#   scripts/bench.sh [PART…]    PART: startup terminal ingest overhead box workspace queue report parallel (default: all, about an hour)
# BENCH_ROUNDS (default 5) rounds per figure; BENCH_LINES (default 1,000,000) lines of agent output for ingest;
# BENCH_BASELINE (a git revision; default the last commit before the native build) is built as "the previous build" and
# measured beside ias where a part compares builds; BENCH_BASELINE=none leaves it out.
# BENCH_CHECK=1 checks what the bench needs before it builds anything; each part checks its own when it starts.
# Each part's tables are printed and also written into docs/benchmarks.md (BENCH_DOC names another file) between its
# markers, <!-- bench:PART begin --> and <!-- bench:PART end -->, under one line with the date, the commit (+dirty when
# the tree had changes), the machine and the load average at the part's start and end; the prose around them is kept.
# A part that fails writes nothing. Then the document's one-line summary of the targets met (scripts/bench-summary.sh)
# between its markers, <!-- bench:summary begin --> and end, near its top; a document named by BENCH_DOC gets one only
# when it has those markers. BENCH_WRITE=0 only prints.
# scripts/bench-stale.sh (run by CI) says when a table's commit is older than the last change to what it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
bench_name=""
source bench/lib.sh
trap bench_cleanup EXIT
all=(startup terminal ingest overhead box box-net workspace queue report parallel)
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=("${all[@]}")
for p in "${parts[@]}"; do
  [[ " ${all[*]} " == *" $p "* ]] || cannot "\"$p\" is not a part of the bench; the parts are: ${all[*]}"
done
need_tools dotnet git
doc=${BENCH_DOC:-docs/benchmarks.md} summary=1
[ -z "${BENCH_DOC:-}" ] || { grep -qxF "<!-- bench:summary begin -->" "$doc" 2>/dev/null || summary=0; }
# has_markers FILE PART WHAT: the pair of markers bench-write needs, or the one line that says where to add them.
has_markers() {
  grep -qxF "<!-- bench:$2 begin -->" "$1" && grep -qxF "<!-- bench:$2 end -->" "$1" \
    || cannot "$1 has no markers for the $3; add a line \"<!-- bench:$2 begin -->\" and one \"<!-- bench:$2 end -->\" where it goes, or set BENCH_WRITE=0"
}
if [ "${BENCH_WRITE:-1}" != 0 ]; then
  [ -f "$doc" ] || cannot "$doc, where the tables are written, does not exist; set BENCH_DOC to the benchmarks document, or BENCH_WRITE=0 to only print"
  for p in "${parts[@]}"; do has_markers "$doc" "$p" "$p table"; done
  [ "$summary" = 0 ] || has_markers "$doc" summary "benchmarks' summary"
fi
# The builds land in bench/out, which the demo's agent must see from inside its box (it hides /tmp).
need_box_sees "$bench_out"
ready

out=bench/out
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
publish() { quiet dotnet publish "$1/src/Ias.Tui" -c Release -r "$rid" "${@:3}" -o "$2" --nologo -v quiet; }

# ias as scripts/install.sh installs it (one native executable), and the same source as a ReadyToRun build on the .NET
# runtime (the JIT build the native one replaces).
publish . "$out/ias" -p:PublishAot=true
publish . "$out/jit" --self-contained false -p:PublishReadyToRun=true
ias="$PWD/$out/ias/ias" jit="$PWD/$out/jit/ias"

rounds=${BENCH_ROUNDS:-5}
baseline=${BENCH_BASELINE:-3b865e4}
base=""
if [ "$baseline" != none ]; then
  if git cat-file -e "$baseline^{commit}" 2>/dev/null; then
    rm -rf "$out/baseline-src"
    git worktree add -f --detach "$out/baseline-src" "$baseline" >/dev/null 2>&1
    publish "$out/baseline-src" "$out/baseline" --self-contained false -p:PublishReadyToRun=true
    git worktree remove --force "$out/baseline-src"
    base="$PWD/$out/baseline/ias"
  else
    echo "bench: the previous build ($baseline) is not in this clone (fetch it, or set BENCH_BASELINE); measured without it" >&2
  fi
fi

# The commit as the bench starts (dirty with any change, untracked files too: a new source file is built): the tables it
# writes make the tree dirty for the parts after the first.
commit=$(git rev-parse --short HEAD)$([ -z "$(git status --porcelain)" ] || echo +dirty)
echo "ias: $(du -m "$ias" | cut -f1) MB native executable ($rid), commit $(git rev-parse --short HEAD); previous build: $([ -n "$base" ] && echo "$baseline" || echo none)."
# measure PART: the part's tables, as one part of scripts/bench.sh prints them.
measure() {
  case $1 in
    startup)
      bench/startup.sh "$ias" "$rounds"
      [ -z "$base" ] || { echo; echo "The previous build:"; bench/startup.sh "$base" "$rounds"; }
      IAS_AOT="$ias" IAS_JIT="$PWD/$out/jit/ias.dll" ROUNDS="$rounds" bench/aot-startup.sh ;;
    terminal) bench/terminal.sh "$ias" ${base:+"$base"} ;;
    ingest) IAS="$ias" BENCH_ROUNDS="$rounds" bench/ingest.sh ;;
    overhead)
      IAS="$ias" ROUNDS="$rounds" bench/overhead.sh
      [ -z "$base" ] || { echo; echo "The previous build:"; IAS="$base" ROUNDS="$rounds" bench/overhead.sh; } ;;
    box) bench/box.sh "$ias" ;;
    box-net) ROUNDS="$rounds" bench/box-net.sh "$ias" ;;
    workspace) ROUNDS="$rounds" bench/workspace.sh ;;
    queue) bench/queue.sh "$ias" ;;
    report) BENCH_ROUNDS="$rounds" bench/report.sh "$ias" ;;
    parallel) BENCH_ROUNDS="$rounds" bench/parallel.sh "$ias" ;;
  esac
}

for p in "${parts[@]}"; do
  start=$(date -u +%Y-%m-%dT%H:%MZ) load_start=$(loadavg)
  measure "$p" | tee "$bench_tmp/$p.md"
  [ "${BENCH_WRITE:-1}" != 0 ] || continue
  {
    echo "Measured $start on commit $commit; $(machine); load average $load_start at the start, $(loadavg) at the end."
    echo
    sed '/./,$!d' "$bench_tmp/$p.md"
    echo
  } | scripts/bench-write.sh "$doc" "$p"
  echo "bench: the $p table is written into $doc"
done
if [ "${BENCH_WRITE:-1}" != 0 ] && [ "$summary" = 1 ]; then
  scripts/bench-summary.sh "$doc" | scripts/bench-write.sh "$doc" summary
  echo "bench: the summary of the tables is written into $doc"
fi
