#!/usr/bin/env bash
# Whether the benchmark tables still describe the code: each part's table in the benchmarks document starts with a line
# naming the commit it was measured on (scripts/bench.sh writes it), and a table is stale when a later commit changed what
# that part measures. Prints one line naming the stale tables and how to measure them again, or nothing when all are
# current; never fails, since CI prints it as a warning and goes on.
#   scripts/bench-stale.sh [FILE]     FILE: the benchmarks document (default docs/benchmarks.md)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 0
doc=${1:-docs/benchmarks.md}
[ -f "$doc" ] && git rev-parse --git-dir >/dev/null 2>&1 || exit 0

# measures PART: the paths whose changes a part's figures depend on: the source of ias, the part's scripts, and the
# in-process benchmarks for the parts that run them.
measures() {
  case $1 in
    startup) echo src bench/lib.sh bench/startup.sh bench/aot-startup.sh ;;
    ingest | queue | box-net) echo src bench/lib.sh "bench/$1.sh" bench/Ias.Bench ;;
    *) echo src bench/lib.sh "bench/$1.sh" ;;
  esac
}

# "PART COMMIT" for each table, the commit taken from the first line after its begin marker ("-" when it names none);
# the summary of the tables, between markers of its own, is no table.
tables=$(awk '
  match($0, /^<!-- bench:[a-z0-9-]+ begin -->$/) { part = substr($0, 12, RLENGTH - 21); first = part != "summary"; next }
  first && part != "" {
    sha = "-"
    if (match($0, /commit [0-9a-f]+/)) sha = substr($0, RSTART + 7, RLENGTH - 7)
    print part, sha; first = 0; part = ""
  }' "$doc")

# Each stale table twice: as a sentence (when it is the only one) and as a short entry in a list.
long=() short=() parts=()
stale() { long+=("$2"); short+=("$3"); parts+=("$1"); }
while read -r part sha; do
  [ -n "$part" ] || continue
  read -ra paths <<<"$(measures "$part")"
  if [ "$sha" = - ]; then
    stale "$part" "the $part table names no commit" "$part (no commit named)"
    continue
  fi
  if ! git cat-file -e "$sha^{commit}" 2>/dev/null; then
    stale "$part" "the $part table was measured on $sha, which is not in this clone" "$part ($sha, not in this clone)"
    continue
  fi
  last=$(git log -1 --no-merges --format=%H -- "${paths[@]}")
  [ -n "$last" ] || continue
  git merge-base --is-ancestor "$last" "$sha" && continue
  last=$(git rev-parse --short "$last")
  # Which of the measured paths changed since, as a reader would look for them.
  changed=$(for p in "${paths[@]}"; do
    [ -z "$(git log -1 --format=%H "$sha..HEAD" -- "$p")" ] || { [ -d "$p" ] && echo "$p/" || echo "$p"; }
  done | paste -sd, - | sed 's/,/, /g')
  changed=${changed:-what it measures}
  stale "$part" "the $part table was measured on $sha, older than $last which changed $changed since" \
    "$part on $sha ($changed changed since, last in $last)"
done <<<"$tables"

case ${#parts[@]} in
  0) exit 0 ;;
  1) what=${long[0]} ;;
  *) what="${#parts[@]} tables are older than the code they measure: $(printf '%s; ' "${short[@]}")" what=${what%; } ;;
esac
echo "bench: $what; run scripts/bench.sh ${parts[*]} on a quiet machine"
