#!/usr/bin/env bash
# The box's own network at a turn's start: bubblewrap with the network unshared and the bridge to ias's proxy started and
# listening before the agent (`true` here), against the same box on the host's network (today's box), interleaved by
# hyperfine. The bridge is `ias box-net-bridge`, so IAS decides JIT (a ReadyToRun build) or native (IAS_AOT_BINARY).
# Then an API call on loopback straight and through the bridge and ias's proxy (BenchmarkDotNet, ProxyBenchmarks).
# Usage: bench/box-net.sh IAS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap bench_cleanup EXIT
ias=${1:-}
need_ias "$ias"
need_pkgs hyperfine jq
need bwrap || cannot "bubblewrap is not installed; install it (apt-get install bubblewrap)"
ready

table "The box's own network"
scratch="$bench_tmp/scratch"
mkdir -p "$scratch" "$bench_tmp/net"
box="bwrap --die-with-parent --unshare-pid --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --bind $scratch $scratch"
ready_fifo="$scratch/net-ready"
bridge="rm -f $ready_fifo; mkfifo -m 600 $ready_fifo || exit 125
$ias box-net-bridge 3128=/tmp/.ias-net/proxy.sock > $ready_fifo < /dev/null &
read -r _ < $ready_fifo || exit 125
exec \"\$@\""
hyperfine -N --warmup 3 --runs $((rounds * 4)) --export-csv "$bench_tmp/net.csv" -n bridge -n netns -n host \
  "$box --unshare-net --ro-bind $bench_tmp/net /tmp/.ias-net -- /bin/sh -c '$bridge' sh /bin/true" \
  "$box --unshare-net -- /bin/true" \
  "$box -- /bin/true" >/dev/null 2>&1 || cannot "hyperfine failed: run the box by hand to see why"
# hyperfine's CSV: command, mean, stddev, median, user, system, min, max (seconds).
awk -F, 'NR == 2 { b = $4; lo = $7; hi = $8 } NR == 3 { n = $4 } NR == 4 { h = $4 }
  END {
    printf "| a turn'"'"'s start with the box'"'"'s own network and its bridge listening | +%.1f ms (%.1f–%.1f) | the box on the host'"'"'s network: %.1f ms | ≤ 5 ms | %s |\n", (b - h) * 1000, (lo - h) * 1000, (hi - h) * 1000, h * 1000, (b - h) * 1000 <= 5 ? "met" : "missed"
    printf "| of which the network namespace alone | +%.1f ms | | | |\n", (n - h) * 1000
  }' "$bench_tmp/net.csv"

# The proxy's share of an API call: the same pieces as a turn's (bridge, Unix socket, BoxProxy) in one process.
dotnet build "$here/Ias.Bench" -c Release -o "$here/out/bench" --nologo -v quiet >/dev/null
(cd "$bench_tmp" && dotnet "$here/out/bench/Ias.Bench.dll" --filter '*ProxyBenchmarks*' --exporters fulljson >"$bench_tmp/bdn.out" 2>&1) \
  || { echo "bench: the proxy's BenchmarkDotNet run failed:" >&2; tail -20 "$bench_tmp/bdn.out" >&2; exit 1; }
cases=$(jq -r '.Benchmarks[] | [.Method, (.Statistics.Median // ""), (.Statistics.Q1 // ""), (.Statistics.Q3 // "")] | @tsv' \
  "$bench_tmp"/BenchmarkDotNet.Artifacts/results/*ProxyBenchmarks-report-full.json)
us() { awk -F'\t' -v m="$1" '$1 == m && $2 != "" { printf "%.0f µs (IQR %.0f–%.0f)", $2 / 1e3, $3 / 1e3, $4 / 1e3 }' <<<"$cases"; }
share() { awk -F'\t' -v m="$1" -v r="$2" '$1 == r { b = $2 } $1 == m { a = $2 } END { if (a != "" && b > 0) printf "%.0f", 100 * (a - b) / b }' <<<"$cases"; }
row() {
  local s; s=$(share "$2" "$3")
  echo "| $1 | $(us "$2"); +$s % | $4: $(us "$3") | ≤ 2 % | $(verdict "$s" '<=' 2) |"
}
row "an API call on loopback through ias's proxy (CONNECT), a connection each call" Connected Direct "straight to the API, a connection each call"
row "an API call to a loopback base URL through its forward, a connection each call" Forwarded Direct "straight"
row "an API call through ias's proxy on one kept tunnel" ConnectedKept DirectKept "straight, one kept connection"
table_end
