#!/usr/bin/env bash
# Crash chaos (issue 7): a four-cycle sprint with the simulated agent, its engine or its agent's process group killed
# with SIGKILL at random moments and resumed, KILLS times in all (default 100). The CI tier runs the same test with 10.
# The seed is printed; IAS_CHAOS_SEED=N scripts/chaos.sh replays a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

export IAS_CHAOS_KILLS="${1:-${IAS_CHAOS_KILLS:-100}}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build tests/Ias.Tui.Tests -c Debug --nologo -v quiet >/dev/null
status=0
dotnet test tests/Ias.Tui.Tests --no-build --nologo \
  --filter "FullyQualifiedName~Ias.Tui.Tests.Commands.ChaosTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
# The test's own lines (seed, each kill, the verdict), once each, and any failure with its message.
grep -E "^ +(chaos:|seed [0-9]+, run)" "$log" | sed 's/^ *//' | awk '!seen[$0]++'
if [ "$status" -ne 0 ]; then
  grep -E -A12 "^ +Failed |Error Message" "$log" | head -40
  echo "chaos: FAILED; rerun with the seed above to replay it"
  exit 1
fi
echo "chaos: passed"
