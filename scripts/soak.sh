#!/usr/bin/env bash
# The queue's soak: two runners in two checkouts of one team share a PostgreSQL queue for MINUTES (default 30) while a
# third checkout keeps jobs coming and answers the agents' questions; the simulated agent's mixed scenario (successes,
# transient failures, crashes, usage limits, questions, jobs that must fail) meets a PostgreSQL restart, a SIGHUP to the
# runner in a terminal, a SIGSTOP past its lease of the other, and `kill -9` of each at random moments. Then the runners
# drain the queue, and every job must have ended done or failed exactly once with its reason, spend and calls within their
# caps, nothing left running. Not part of `dotnet test`'s normal run, where the test is skipped saying how to run it.
#   scripts/soak.sh [MINUTES]        (or IAS_SOAK_MINUTES; MINUTES may be a fraction, 3.5)
# The seed is printed; IAS_SOAK_SEED=N scripts/soak.sh replays a failure's plan and schedule. It needs PostgreSQL's
# server binaries (initdb, pg_ctl) and tmux.
set -euo pipefail
cd "$(dirname "$0")/.."

export IAS_SOAK_MINUTES="${1:-${IAS_SOAK_MINUTES:-30}}"
log=$(mktemp)
export IAS_SOAK_LOG="$log.live"
: >"$IAS_SOAK_LOG"
trap 'rm -f "$log" "$IAS_SOAK_LOG"' EXIT
dotnet build tests/Ias.EndToEnd.Tests -c Debug --nologo -v quiet >"$log" 2>&1 || { cat "$log" >&2; echo "soak: the build failed" >&2; exit 1; }
# The test's own lines as it says them (the seed, each blow, each stop at the cap, the result table, the verdict).
dotnet test tests/Ias.EndToEnd.Tests --no-build --nologo --filter "FullyQualifiedName~Ias.EndToEnd.Tests.Commands.SoakTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 &
tester=$!
tail -n +1 -f --pid="$tester" "$IAS_SOAK_LOG"
status=0
wait "$tester" || status=$?
# A soak that could not run here (no PostgreSQL) says so with its reason, rather than passing unseen.
{ grep -E -A2 "^ +Skipped " "$log" || true; } | awk '/^ +Skipped /{name=$2} /Error Message/{getline; sub(/^ +/, ""); print "soak: skipped " name ": " $0}'
if [ "$status" -ne 0 ]; then
  grep -E -A12 "^ +Failed |Error Message" "$log" | head -60
  echo "soak: FAILED; rerun with the seed above to replay it"
  exit 1
fi
if ! grep -q -E "^soak: passed" "$IAS_SOAK_LOG"; then
  echo "soak: did not run"
  exit 1
fi
echo "soak ($IAS_SOAK_MINUTES min): passed"
