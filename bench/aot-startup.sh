#!/usr/bin/env bash
# Start-up of the native ias (Native AOT) against the JIT build (`dotnet ias.dll`), interleaved: each round times one, then
# the other, with hyperfine, on a finished demo run; prints the median of the rounds' medians and their spread, the
# binary's size and the load average, as a Markdown table with a verdict per target. Measures, never asserts.
#   bench/aot-startup.sh                 publishes both builds first (minutes)
#   IAS_AOT=path/ias IAS_JIT=path/ias.dll ROUNDS=5 bench/aot-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap bench_cleanup EXIT
need_tools hyperfine python3 dotnet
# The builds' folders are shared into the agent's box below, so they may lie under /tmp.
[ -z "${IAS_AOT:-}" ] || [ -x "$IAS_AOT" ] || cannot "IAS_AOT names $IAS_AOT, which is not an executable; point it at a native build of ias or leave it unset"
[ -z "${IAS_JIT:-}" ] || [ -f "$IAS_JIT" ] || cannot "IAS_JIT names $IAS_JIT, which does not exist; point it at a build's ias.dll or leave it unset"
ready

rounds="${ROUNDS:-5}"
work=$bench_tmp
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
if [ -z "${IAS_AOT:-}" ]; then
  quiet dotnet publish src/Ias.Tui -c Release -r "$rid" -p:PublishAot=true -o "$work/aot" --nologo -v quiet
  IAS_AOT="$work/aot/ias"
fi
if [ -z "${IAS_JIT:-}" ]; then
  quiet dotnet build src/Ias.Tui -c Release -o "$work/jit" --nologo -v quiet
  IAS_JIT="$work/jit/ias.dll"
fi

# A finished run to read: the demo, by the native build (it writes what the JIT build writes). The agent's box has a /tmp of
# its own: the builds' folders are shared into it, as they may lie under /tmp.
export IAS_SANDBOX_SHARE="$work:$(dirname "$IAS_AOT")"
"$IAS_AOT" demo --headless --dir "$work/demo" >"$work/demo.log" 2>&1 \
  || cannot "the demo did not finish ($(tail -n 1 "$work/demo.log"))"

# median_ms CMD...: hyperfine's median of 20 runs after 3 warm-ups, in ms.
median_ms() {
  hyperfine -N --warmup 3 --runs 20 --export-json "$work/h.json" "$*" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/h.json"
}

# summary VALUES...: "median (min–max over N rounds)".
summary() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.1f ms (%.1f–%.1f, %d rounds)", m, v[1], v[NR], NR}'; }

table "Start-up, native against the JIT build (hyperfine: median of 20 runs after 3 warm-ups, per round; the median of $rounds rounds and their range)"
for figure in version status; do
  case $figure in
    version) args=(--version) ;;
    status) args=(run-status --json --repo "$work/demo") ;;
  esac
  aot=() jit=()
  for _ in $(seq "$rounds"); do
    aot+=("$(median_ms "$IAS_AOT" "${args[@]}")")
    jit+=("$(median_ms dotnet "$IAS_JIT" "${args[@]}")")
  done
  printf -v "${figure}_aot" '%s' "$(summary "${aot[@]}")"
  printf -v "${figure}_jit" '%s' "$(summary "${jit[@]}")"
  printf -v "${figure}_ms" '%s' "$(printf '%s\n' "${aot[@]}" | median)"
done

echo "| \`ias --version\`, native build | $version_aot | JIT build (\`dotnet ias.dll\`): $version_jit | ≤ 20 ms | $(verdict "$version_ms" '<=' 20) |"
echo "| \`ias run-status --json\`, native build, finished run | $status_aot | JIT build: $status_jit | ≤ 30 ms | $(verdict "$status_ms" '<=' 30) |"
echo "| native \`ias\` executable | $(( $(stat -c %s "$IAS_AOT") / 1048576 )) MB (+ $(( $(stat -c %s "$(dirname "$IAS_AOT")"/libe_sqlite3.so) / 1024 )) KB libe_sqlite3.so) | | | |"
table_end
