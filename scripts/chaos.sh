#!/usr/bin/env bash
# Crash chaos: with the simulated agent, a four-cycle sprint and a plan of two such sprints (`ias run-resume`
# after each kill), and a queue of seven jobs (`ias recover` + `ias run-loop`), the engine or runner, or the agent's process
# group, killed with SIGKILL at random moments, KILLS times for each (default 100). The CI tier runs the same tests with 10.
# The team mode: three runners in three clones sharing a queue of nine jobs in PostgreSQL, one killed with SIGKILL (and
# started again in its clone) or frozen with SIGSTOP past its lease (and woken) at random moments; it is skipped, with the
# reason, where no PostgreSQL server can be started.
#   scripts/chaos.sh [KILLS] [sprint|queue|team|both]      (or IAS_CHAOS_KILLS, IAS_CHAOS_MODE; default both, which runs
#   all three, as `all` does; sprint includes the plan)
# The seed is printed; IAS_CHAOS_SEED=N scripts/chaos.sh replays a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

export IAS_CHAOS_KILLS="${1:-${IAS_CHAOS_KILLS:-100}}"
mode="${2:-${IAS_CHAOS_MODE:-both}}"
case "$mode" in
  sprint) filter="FullyQualifiedName~Ias.EndToEnd.Tests.Commands.ChaosTests.Killing_the_engine" ;;
  queue) filter="FullyQualifiedName~Ias.EndToEnd.Tests.Commands.ChaosTests.Killing_the_queue" ;;
  team) filter="FullyQualifiedName~Ias.EndToEnd.Tests.Commands.TeamQueueTests.Killing_team" ;;
  both|all) filter="FullyQualifiedName~Ias.EndToEnd.Tests.Commands.ChaosTests|FullyQualifiedName~Ias.EndToEnd.Tests.Commands.TeamQueueTests.Killing_team" ;;
  *) echo "chaos: mode \"$mode\" is not sprint, queue, team, both or all; run scripts/chaos.sh [KILLS] [sprint|queue|team|both]" >&2; exit 2 ;;
esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build tests/Ias.EndToEnd.Tests -c Debug --nologo -v quiet >"$log" 2>&1 || { cat "$log" >&2; echo "chaos: the build failed" >&2; exit 1; }
status=0
dotnet test tests/Ias.EndToEnd.Tests --no-build --nologo --filter "$filter" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
# The tests' own lines (seed, each kill, the verdict), once each, and any failure with its message.
{ grep -E "^ +(chaos:|seed [0-9]+, (queue |team )?run)" "$log" || true; } | sed 's/^ *//' | awk '!seen[$0]++'
# A test that could not run here (no PostgreSQL for the team) says so with its reason, rather than passing unseen.
{ grep -E -A2 "^ +Skipped " "$log" || true; } | awk '/^ +Skipped /{name=$2} /Error Message/{getline; sub(/^ +/, ""); print "chaos: skipped " name ": " $0}'
if [ "$status" -ne 0 ]; then
  grep -E -A12 "^ +Failed |Error Message" "$log" | head -40
  echo "chaos: FAILED; rerun with the seed above to replay it"
  exit 1
fi
echo "chaos ($mode): passed"
