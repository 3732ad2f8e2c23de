#!/usr/bin/env bash
# Puts one part's table into the benchmarks document: the text on stdin replaces the lines between the part's markers,
#   <!-- bench:PART begin -->
#   <!-- bench:PART end -->
# which stay, and every other byte of the file, the prose around the tables and the other parts' tables, stays as it was.
# The new file is written beside the old one and renamed over it, so a reader (or a crash) sees the old tables or the new,
# never half of them. Without exactly one pair of markers for PART, begin before end, it says so in one line, exit 1, and
# leaves the file alone: a table with nowhere to go is never dropped silently.
#   scripts/bench-write.sh FILE PART <TEXT
set -euo pipefail
[ $# -eq 2 ] || { echo "bench-write: usage: scripts/bench-write.sh FILE PART <TEXT" >&2; exit 2; }
file=$1 part=$2
[ -f "$file" ] || { echo "bench-write: $file is not a file; give the benchmarks document (docs/benchmarks.md)" >&2; exit 1; }

dir=$(dirname "$file")
text=$(mktemp "$dir/.bench-text.XXXXXX")
new=$(mktemp "$dir/.bench-new.XXXXXX")
trap 'rm -f "$text" "$new"' EXIT
cat >"$text"

# The markers are missing, repeated or out of order: awk says which on stderr and exits 3.
why=$(awk -v begin="<!-- bench:$part begin -->" -v end="<!-- bench:$part end -->" -v text="$text" '
  $0 == begin { begins++; if (ends) early = 1; print; while ((getline line < text) > 0) print line; inside = 1; next }
  $0 == end { ends++; inside = 0; print; next }
  !inside { print }
  END {
    if (begins == 0 && ends == 0) bad = "has no markers"
    else if (begins == 1 && ends == 0) bad = "has no end marker after its begin marker"
    else if (begins != 1 || ends != 1) bad = "needs one begin and one end marker (found " begins + 0 " and " ends + 0 ")"
    else if (early) bad = "has its end marker before its begin marker"
    if (bad != "") { print bad > "/dev/stderr"; exit 3 }
  }' "$file" 2>&1 >"$new") || {
  echo "bench-write: the $part table in $file ${why:-could not be replaced}; it goes between a line \"<!-- bench:$part begin -->\" and a line \"<!-- bench:$part end -->\"" >&2
  exit 1
}
chmod --reference="$file" "$new"
mv -f "$new" "$file"
