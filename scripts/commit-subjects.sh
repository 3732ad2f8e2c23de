#!/usr/bin/env bash
# Commit subjects say what changed in at most 72 characters, the why going in the body: every commit after BASE (by
# default the last one before the rule was checked) whose subject is longer is one line "HASH LENGTH SUBJECT", and the
# exit is 1. .ci/run runs it on every clone.
set -euo pipefail
base=${1:-6086a5e}
if ! git rev-parse --quiet --verify "$base^{commit}" >/dev/null; then
  echo "commit-subjects: $base is not in this clone's history (a shallow clone?); nothing checked"
  exit 0
fi
long=$(git log --format='%h %s' "$base..HEAD" | awk '{ s = $0; sub(/^[^ ]+ /, "", s); if (length(s) > 72) print $1, length(s), s }')
[ -z "$long" ] && exit 0
echo "$long" | sed 's/^/commit-subjects: over 72 characters: /'
exit 1
