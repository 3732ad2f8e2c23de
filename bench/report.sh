#!/usr/bin/env bash
# `ias report` on a checkout of a long life: 1,000 Run Mode runs (the demo's finished run and 999 copies of its rows, its
# agent calls with them) and a queue run of 100,000 jobs, all but the night's 200 ended long ago; interleaved with
# `ias --version`, the process's own start (the target is 3× that).
# Usage: bench/report.sh [PATH/TO/ias]; BENCH_ROUNDS (default 5) → 4× as many timed pairs.
set -euo pipefail
cd "$(dirname "$0")"
source ./lib.sh
trap bench_cleanup EXIT
ias=${1:-$(command -v ias || true)}
need_ias "$ias"
need_pkgs sqlite3
ready

repo="$bench_tmp/repo"
quiet "$ias" demo --headless --dir "$repo"
db="$repo/.run/ias.db"
# 999 more runs as the demo's, a week old and older, each with the demo run's calls.
sqlite3 "$db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
INSERT INTO runs (run_id, target, branch, state, phase, started, last_activity, cycle_current, cycle_limit, cycle_history,
  files_changed, commits, findings_fixed, options, halt_reason, resume_phase, tokens_in, tokens_out, cost_usd, pushed, pr_created,
  pr_url, red_team_code)
SELECT 'run-old-' || i, target, branch, state, phase, started, '2026-01-01T00:00:00.0000000Z', cycle_current,
  cycle_limit, cycle_history, files_changed, commits, findings_fixed, options, halt_reason, resume_phase, tokens_in, tokens_out,
  cost_usd, pushed, pr_created, pr_url, red_team_code FROM runs, n WHERE run_id NOT LIKE 'run-old-%';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
INSERT INTO agent_calls (run_id, cycle, phase, role, agent, session_id, started, ended, exit_code, outcome, calls, tokens_in,
  tokens_out, cost_usd, job_dir)
SELECT 'run-old-' || i, cycle, phase, role, agent, session_id, '2026-01-01T00:00:00.0000000Z',
  '2026-01-01T00:05:00.0000000Z', exit_code, outcome, calls, tokens_in, tokens_out, cost_usd, job_dir FROM agent_calls, n;
SQL
"$ias" new-run --repo "$repo" night >/dev/null
"$ias" init --repo "$repo" --run night >/dev/null
awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "{\"role\": \"reviewer\", \"prompt\": \"Job %d: review the greeting.\"}\n", i }' >"$bench_tmp/jobs.jsonl"
"$ias" enqueue --repo "$repo" --run night --from-file "$bench_tmp/jobs.jsonl" >/dev/null
# Ended as a runner ends them: most long ago, the last 200 in the night, one in ten of those failed.
sqlite3 "$db" <<'SQL'
UPDATE queue_jobs SET state = 'done', attempts = 1, started = '2026-01-01T00:00:00.0000000Z', ended = '2026-01-01T00:01:00.0000000Z'
  WHERE run = 'night' AND seq <= 99800;
UPDATE queue_jobs SET state = CASE WHEN seq % 10 = 0 THEN 'failed' ELSE 'done' END, failure = CASE WHEN seq % 10 = 0 THEN 'network' END,
  reason = 'did it', attempts = 1, started = strftime('%Y-%m-%dT%H:%M:%S.0000000Z', 'now', '-2 hours'),
  ended = strftime('%Y-%m-%dT%H:%M:%S.0000000Z', 'now', '-1 hours') WHERE run = 'night' AND seq > 99800;
SQL
runs=$(sqlite3 "$db" "SELECT COUNT(*) FROM runs;") jobs=$(sqlite3 "$db" "SELECT COUNT(*) FROM queue_jobs;")

ms_of() { local a b; a=$(now); "$@" >/dev/null; b=$(now); echo "$a $b" | awk '{ printf "%.1f\n", ($2 - $1) * 1000 }'; }
: >"$bench_tmp/report" ; : >"$bench_tmp/version"
for _ in $(seq $((rounds * 4))); do
  ms_of "$ias" report --repo "$repo" --since 12h >>"$bench_tmp/report"
  ms_of "$ias" --version >>"$bench_tmp/version"
done
report_ms=$(median <"$bench_tmp/report") version_ms=$(median <"$bench_tmp/version")
table "The morning report"
echo "| \`ias report --since 12h\`, $runs runs and $jobs jobs (200 ended in the window), ms | $(spread 1 <"$bench_tmp/report") | \`ias --version\`: $(spread 1 <"$bench_tmp/version") | ≤ 3× \`ias --version\` | $(verdict "$report_ms" '<=' "$(awk -v v="$version_ms" 'BEGIN { print 3 * v }')") |"
table_end
