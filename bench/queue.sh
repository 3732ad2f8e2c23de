#!/usr/bin/env bash
# The job queue in process (BenchmarkDotNet, bench/Ias.Bench): a real SQLite file and runner folder, no agent.
#   enqueue → claim → complete on a queue that grows while it is measured, starting empty and with 10,000 finished jobs,
#   beside the same statements and transactions through the store alone, with no runner folder (the target: at most 2×)
#   one claim with 100,000 pending (a run takes at most 22,000 of them), beside reading 100,000 jobs from SQLite (what a
#   claim did three times)
# Each figure is BenchmarkDotNet's mean with its 99.9 % confidence margin, iterated until that margin is within ±10 %.
# Then the whole `ias` process (the build given, or ias on PATH), each beside its reference in the same rounds:
#   `ias enqueue --from-file` of 100,000 jobs, beside sqlite3 inserting the same rows in one transaction
#   `ias status --json` with 10,000 jobs, beside `ias --version` (the target is 3× that)
# Then the shared queue on a throwaway PostgreSQL (initdb in a temp folder, a Unix socket only, the server's durable
# defaults: every commit flushed), when PostgreSQL is installed: a claim at 100,000 pending beside reading them, and
# claim → complete in jobs/s with 4 runners at once beside 1 runner, each claim and completion its own commit and then 10
# of each to a commit; beside those, PostgreSQL alone: pgbench making the same commits with one prepared statement per
# claim and per completion (what the server allows here when a client costs nothing).
# And the dashboard left idle (tmux, /proc) watching a queue run of 100,000 pending jobs beside one of 10, on SQLite and on
# the shared queue, in interleaved windows of BENCH_WINDOW seconds (default 30): the target is within 2× of the 10 jobs.
# Usage: bench/queue.sh [PATH/TO/ias]; bench/queue.sh --postgres measures the shared queue's rows alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
trap bench_cleanup EXIT
only_postgres=0
if [ "${1:-}" = --postgres ]; then
  only_postgres=1
else
  ias=$(realpath -m "${1:-$(command -v ias || echo ias)}")
  need_ias "$ias"
  need_pkgs sqlite3 jq tmux
fi
need_tools dotnet git
# The shared queue's rows need a PostgreSQL server's programs; without them those rows say so, and the rest is measured.
if [ "$only_postgres" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  cannot "--postgres needs PostgreSQL's server programs (/usr/lib/postgresql/N/bin/initdb); install them with apt-get install postgresql"
fi
ready
window=${BENCH_WINDOW:-30}

# idle_dashboards REPO BIG SMALL WHAT [ENV=VALUE…]: one row, the dashboard's CPU while idle watching run BIG (100,000
# pending jobs) beside run SMALL (10), in the same rounds, interleaved.
idle_dashboards() {
  local repo=$1 big=$2 small=$3 what=$4 c; shift 4
  : >"$bench_tmp/idle-big"; : >"$bench_tmp/idle-small"
  # Measured once the jobs are on screen: the first frame comes before 100,000 of them are read.
  for round in $(seq "$rounds"); do
    read -r _ c < <(pane_ready="0001-implementer" pane_window "$window" "$ias dashboard --repo $repo --run $big" "$@"); echo "$c" >>"$bench_tmp/idle-big"
    read -r _ c < <(pane_ready="0001-implementer" pane_window "$window" "$ias dashboard --repo $repo --run $small" "$@"); echo "$c" >>"$bench_tmp/idle-small"
  done
  local twice; twice=$(median <"$bench_tmp/idle-small" | awk '{ print 2 * $1 }')
  echo "| dashboard CPU %, idle, a queue run of 100,000 pending jobs ($what) | $(spread 3 <"$bench_tmp/idle-big") | 10 jobs: $(spread 3 <"$bench_tmp/idle-small") | ≤ 2× the 10 jobs | $(verdict "$(median <"$bench_tmp/idle-big")" '<=' "$twice") |"
}

# The same on the shared queue: a checkout with a bare origin, ias.queue.backend: postgres, a database of its own.
shared_dashboards() {
  local conn="Host=$pg_dir;Username=postgres;Database=dash" repo="$bench_tmp/pg-repo"
  "${as_pg[@]}" "$pg_bin/createdb" -h "$pg_dir" dash
  quiet "$ias" demo --headless --dir "$repo"
  git init -q --bare "$bench_tmp/pg-remote.git"
  git -C "$repo" switch -q main
  git -C "$repo" remote add origin "$bench_tmp/pg-remote.git"
  printf 'ias:\n  queue:\n    backend: postgres\n' >>"$repo/.loa.config.yaml"
  git -C "$repo" commit -qam "bench: a shared queue"
  git -C "$repo" push -q origin main
  for run in big small; do
    IAS_QUEUE_CONNECTION="$conn" "$ias" new-run --repo "$repo" "$run" >/dev/null
    IAS_QUEUE_CONNECTION="$conn" "$ias" init --repo "$repo" --run "$run" >/dev/null
  done
  IAS_QUEUE_CONNECTION="$conn" "$ias" enqueue --repo "$repo" --run big --from-file "$bench_tmp/jobs.jsonl" >/dev/null
  IAS_QUEUE_CONNECTION="$conn" "$ias" enqueue --repo "$repo" --run small --from-file "$bench_tmp/small.jsonl" >/dev/null
  idle_dashboards "$repo" big small "PostgreSQL" "'IAS_QUEUE_CONNECTION=$conn'"
}

dotnet build "$here/Ias.Bench" -c Release -o "$here/out/bench" --nologo -v quiet >/dev/null

# The shared queue on PostgreSQL, when it is installed: initdb and the server run as the postgres user when we are root.
postgres_rows() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
    as_pg=(); [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
    pg_dir=$("${as_pg[@]}" mktemp -d /tmp/ias-bench-pg-XXXXXX)
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --no-sync >/dev/null
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -o "-k $pg_dir -c listen_addresses=''" -w start >/dev/null
    pg_stop() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; bench_cleanup; }
    trap pg_stop EXIT
    "${as_pg[@]}" "$pg_bin/createdb" -h "$pg_dir" bench
    dotnet "$here/out/bench/Ias.Bench.dll" postgres "Host=$pg_dir;Username=postgres;Database=bench" >"$bench_tmp/pg"
    pg() { awk -v k="$1" '$1 == k { print $2 }' "$bench_tmp/pg"; }
    # PostgreSQL alone: 300,000 pending jobs of a run of its own in ias's tables; a claim is one UPDATE of the next due job
    # taken FOR UPDATE SKIP LOCKED, a completion one UPDATE under the generation; 4 clients for 10 s.
    "${as_pg[@]}" "$pg_bin/psql" -q -h "$pg_dir" -U postgres bench -c "INSERT INTO queue_runs (name, created, runner_status, stop_requested, updated) VALUES ('pgbench', now(), 'idle', false, now());
      INSERT INTO queue_jobs (run, id, seq, repo, base, role, prompt, writes, state, attempts, not_before, created, generation, history)
      SELECT 'pgbench', i || '-reviewer', i, 'r', 'main', 'reviewer', 'Review change ' || i, false, 'pending', 0, now(), now(), 0, '[]' FROM generate_series(1, 300000) AS i;
      ANALYZE queue_jobs;"
    claim_complete() {
      echo "UPDATE queue_jobs SET state = 'running', attempts = attempts + 1, generation = generation + 1, lease_owner = 'pgbench', lease_expires = now() + interval '15 minutes', heartbeat = now(), started = now()
        WHERE (run, id) = (SELECT run, id FROM queue_jobs WHERE run = 'pgbench' AND repo = 'r' AND state = 'pending' AND not_before <= now() ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id AS id$1, generation AS g$1 \\gset"
      [ "${2:-}" = commit ] && printf 'COMMIT;\nBEGIN;\n'
      echo "UPDATE queue_jobs SET state = 'done', ended = now(), lease_owner = NULL, lease_expires = NULL WHERE run = 'pgbench' AND id = :id$1 AND generation = :g$1 AND state = 'running';"
    }
    # In the cluster's folder, which the server's user can read.
    { echo "BEGIN;"; claim_complete 1 commit; echo "COMMIT;"; } | "${as_pg[@]}" tee "$pg_dir/single.sql" >/dev/null
    { echo "BEGIN;"; for i in $(seq 10); do claim_complete "$i"; done; echo "COMMIT;"; } | "${as_pg[@]}" tee "$pg_dir/batched.sql" >/dev/null
    pgbench() { "${as_pg[@]}" "$pg_bin/pgbench" -h "$pg_dir" -U postgres -n -M prepared -c 4 -j 2 -T 10 -f "$pg_dir/$1.sql" bench 2>/dev/null | awk -v n="$2" '/^tps/ { printf "%.0f", $3 * n }'; }
    pgbench_single=$(pgbench single 1) pgbench_batched=$(pgbench batched 10)
    [ "$only_postgres" = 1 ] || shared_dashboards
    cat <<ROWS
| queue on PostgreSQL: one claim with 100,000 jobs pending, ms | $(pg claim_at_100k_ms) | reading the 100,000 jobs: $(pg read_100k_ms) ms | ≤ 5 ms | $(verdict "$(pg claim_at_100k_ms)" '<=' 5) |
| queue on PostgreSQL: claim → complete with 4 runners at once, each its own commit, jobs/s | $(pg runners_4_jobs_per_s) | 1 runner: $(pg runners_1_jobs_per_s); pgbench, 4 clients: $pgbench_single | ≥ 5,000 jobs/s | $(verdict "$(pg runners_4_jobs_per_s)" '>=' 5000) |
| queue on PostgreSQL: pgbench's jobs/s as a multiple of ias's, 4 clients, each claim and completion its own commit | $(awk -v a="$pgbench_single" -v b="$(pg runners_4_jobs_per_s)" 'BEGIN { if (b > 0) printf "%.2f", a / b }')× | pgbench making the same commits: $pgbench_single | ≤ 2× | $(verdict "$(awk -v a="$pgbench_single" -v b="$(pg runners_4_jobs_per_s)" 'BEGIN { if (b > 0) printf "%.2f", a / b }')" '<=' 2) |
| queue on PostgreSQL: the same, 10 claims and completions a commit (\`JobQueue.Batch\`), jobs/s | $(pg runners_4_batched_jobs_per_s) | 1 runner: $(pg runners_1_batched_jobs_per_s); pgbench, 4 clients: $pgbench_batched | ≥ 5,000 jobs/s | $(verdict "$(pg runners_4_batched_jobs_per_s)" '>=' 5000) |
ROWS
  else
    echo "| queue on PostgreSQL | not measured: PostgreSQL is not installed (apt-get install postgresql) | | | |"
  fi
}

if [ "$only_postgres" = 1 ]; then
  table "The job queue on PostgreSQL"
  postgres_rows
  table_end
  exit 0
fi

table "The job queue in process (BenchmarkDotNet)"
bdn() {
  (cd "$bench_tmp" && dotnet "$here/out/bench/Ias.Bench.dll" --filter "$@" --exporters fulljson >>"$bench_tmp/bdn.out" 2>&1) \
    || { echo "bench: the queue's BenchmarkDotNet run failed:" >&2; tail -20 "$bench_tmp/bdn.out" >&2; exit 1; }
}
# Throughput first: removing the 100,000-job backlog's files afterwards slows this file system's next new files (see
# docs/benchmarks.md), which would land on it.
bdn '*QueueThroughput*'
bdn '*QueueBenchmarks*' '*QueueLoad*'

# One line per benchmark case, "Method<TAB>Parameters<TAB>Mean<TAB>Margin" (nanoseconds), from each class's full JSON
# report; a case that failed has no statistics, and its figure reads "not measured".
cases=$(jq -r '.Benchmarks[] | [.Method, (if (.Parameters // "") == "" then "-" else .Parameters end),
    (.Statistics.Mean // ""), (.Statistics.ConfidenceInterval.Margin // "")] | @tsv' \
  "$bench_tmp"/BenchmarkDotNet.Artifacts/results/*-report-full.json)
of() { awk -F'\t' -v m="$1" -v p="$2" '$1 == m && $2 == p && $3 != "" { print $3, $4 }' <<<"$cases"; }
jps() { read -r mean margin <<<"$(of "${2:-EnqueueClaimComplete}" "History=$1")"; awk -v n="$mean" -v e="$margin" 'BEGIN { if (n == "") print "not measured"; else printf "%.0f jobs/s (±%.0f %%)", 1e9 / n, 100 * e / n }'; }
ms() { read -r mean margin <<<"$(of "$1" -)"; awk -v n="$mean" -v e="$margin" 'BEGIN { if (n == "") print "not measured"; else printf (n < 1e7 ? "%.3f" : "%.0f") " ms (±%.0f %%)", n / 1e6, 100 * e / n }'; }
claim_ms=$(of ClaimAt100kPending - | awk '{ printf "%.3f", $1 / 1e6 }')
jps0=$(of EnqueueClaimComplete History=0 | awk '{ printf "%.0f", 1e9 / $1 }')
# times H: how many times its statements alone a job's way costs (the target: the runner folder at most doubles it).
times() { awk -v a="$(of EnqueueClaimComplete "History=$1" | cut -d' ' -f1)" -v b="$(of StatementsAlone "History=$1" | cut -d' ' -f1)" 'BEGIN { if (a == "" || b == "") print ""; else printf "%.2f", a / b }'; }

cat <<ROWS
| queue: enqueue → claim → complete, growing from empty | $(jps 0) | | ≥ 5,000 jobs/s | $(verdict "$jps0" '>=' 5000) |
| queue: the same, as a multiple of its statements alone (the runner folder following in batches) | $(times 0)× | the same statements and transactions through the store, no runner folder: $(jps 0 StatementsAlone) | ≤ 2× | $(verdict "$(times 0)" '<=' 2) |
| queue: enqueue → claim → complete, growing from 10,000 finished jobs | $(jps 10000) | | ≥ 5,000 jobs/s | $(verdict "$(of EnqueueClaimComplete History=10000 | awk '{ printf "%.0f", 1e9 / $1 }')" '>=' 5000) |
| queue: the same, as a multiple of its statements alone | $(times 10000)× | statements alone: $(jps 10000 StatementsAlone) | ≤ 2× | $(verdict "$(times 10000)" '<=' 2) |
| queue: the same, 500 jobs a batch (one transaction and one mirror pass), growing from empty | $(jps 0 EnqueueClaimCompleteBatched) | single changes: $(jps 0) | ≥ 5,000 jobs/s | $(verdict "$(of EnqueueClaimCompleteBatched History=0 | awk '{ printf "%.0f", 1e9 / $1 }')" '>=' 5000) |
| queue: one claim with 100,000 jobs pending | $(ms ClaimAt100kPending) | reading the 100,000 jobs from SQLite alone: $(ms LoadAt100kPending) | ≤ 5 ms | $(verdict "$claim_ms" '<=' 5) |
ROWS

ms_of() { local a b; a=$(now); "$@" >/dev/null; b=$(now); echo "$a $b" | awk '{ printf "%.1f\n", ($2 - $1) * 1000 }'; }

# Whole processes. A repository with one queue run, initialised; a batch of 100,000 jobs as JSON Lines.
repo="$bench_tmp/repo"
quiet "$ias" demo --headless --dir "$repo"
"$ias" new-run --repo "$repo" batch >/dev/null
"$ias" init --repo "$repo" --run batch >/dev/null
awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "{\"role\": \"%s\", \"prompt\": \"Job %d: change the greeting.\"}\n", (i % 2 ? "implementer" : "reviewer"), i }' >"$bench_tmp/jobs.jsonl"
awk 'BEGIN { print "BEGIN;"; for (i = 1; i <= 100000; i++) printf "INSERT INTO jobs VALUES (%d, %s, \x27Job %d: change the greeting.\x27, \x27pending\x27);\n", i, (i % 2 ? "\x27implementer\x27" : "\x27reviewer\x27"), i; print "COMMIT;" }' >"$bench_tmp/jobs.sql"
: >"$bench_tmp/from-file" ; : >"$bench_tmp/sqlite"
for round in $(seq "$rounds"); do
  rm -rf "$repo-$round" && cp -a "$repo" "$repo-$round"
  a=$(now); "$ias" enqueue --repo "$repo-$round" --run batch --from-file "$bench_tmp/jobs.jsonl" >/dev/null; b=$(now)
  echo "$a $b" | awk '{ printf "%.1f\n", $2 - $1 }' >>"$bench_tmp/from-file"
  rm -f "$bench_tmp/ref.db"; sqlite3 "$bench_tmp/ref.db" "CREATE TABLE jobs (seq INTEGER PRIMARY KEY, role TEXT, prompt TEXT, state TEXT);"
  a=$(now); sqlite3 "$bench_tmp/ref.db" <"$bench_tmp/jobs.sql"; b=$(now)
  echo "$a $b" | awk '{ printf "%.2f\n", $2 - $1 }' >>"$bench_tmp/sqlite"
  [ "$round" -eq "$rounds" ] || rm -rf "$repo-$round"
done
from_file=$(median <"$bench_tmp/from-file")
# The last round's runner folder as a person finds it: its files, their size on disk and as text, and how long listing the
# pending folder takes (sorted, as `ls` does), beside the database that holds the same jobs.
folder="$repo-$rounds/docs/ias/runs/batch/runner"
folder_files=$(find "$folder/queue" -type f | wc -l)
folder_disk=$(du -sm "$folder/queue" | cut -f1) folder_text=$(du -sm --apparent-size "$folder/queue" | cut -f1)
db_disk=$(du -sm "$repo-$rounds/.run/ias.db" | cut -f1)
ls_ms=$(ms_of ls "$folder/queue/pending")

# `ias status --json` with 10,000 jobs (a run of its own in the same repository), interleaved with `ias --version`.
"$ias" new-run --repo "$repo" ten >/dev/null
"$ias" init --repo "$repo" --run ten >/dev/null
head -n 10000 "$bench_tmp/jobs.jsonl" >"$bench_tmp/ten.jsonl"
"$ias" enqueue --repo "$repo" --run ten --from-file "$bench_tmp/ten.jsonl" >/dev/null
: >"$bench_tmp/status" ; : >"$bench_tmp/version"
for round in $(seq $((rounds * 4))); do
  ms_of "$ias" status --json --repo "$repo" --run ten >>"$bench_tmp/status"
  ms_of "$ias" --version >>"$bench_tmp/version"
done
status_ms=$(median <"$bench_tmp/status") version_ms=$(median <"$bench_tmp/version")
cat <<ROWS
| queue: \`ias enqueue --from-file\` of 100,000 jobs (database and runner folder), seconds | $(spread 1 <"$bench_tmp/from-file") | sqlite3 inserting the same 100,000 rows in one transaction: $(spread 2 <"$bench_tmp/sqlite") | < 60 s | $(verdict "$from_file" '<=' 60) |
| queue: the runner folder of 100,000 pending jobs: files, MB on disk (as text), \`ls queue/pending\` in ms | $folder_files files, $folder_disk MB ($folder_text MB), $ls_ms ms | \`.run/ias.db\` holding the same jobs: $db_disk MB | | |
| queue: \`ias status --json\` with 10,000 jobs, ms | $(spread 1 <"$bench_tmp/status") | \`ias --version\`: $(spread 1 <"$bench_tmp/version") | ≤ 3× \`ias --version\` | $(verdict "$status_ms" '<=' "$(awk -v v="$version_ms" 'BEGIN { print 3 * v }')") |
ROWS

# The dashboard idle on the last round's copy: its 100,000 jobs of run batch beside a run of 10.
head -n 10 "$bench_tmp/jobs.jsonl" >"$bench_tmp/small.jsonl"
"$ias" new-run --repo "$repo-$rounds" small >/dev/null
"$ias" init --repo "$repo-$rounds" --run small >/dev/null
"$ias" enqueue --repo "$repo-$rounds" --run small --from-file "$bench_tmp/small.jsonl" >/dev/null
idle_dashboards "$repo-$rounds" batch small "SQLite"

postgres_rows
table_end
