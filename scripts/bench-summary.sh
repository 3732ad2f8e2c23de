#!/usr/bin/env bash
# The one-line summary of the benchmark tables: for each part's table in the benchmarks document, how many of its
# targets the last measurement met and the commit it was measured on. A row counts as met only when nothing in its
# verdict cell says "missed"; rows without a verdict (no target) are not counted, nor the table of the previous build
# that follows a line "The previous build:" up to its load at the end (a reference, held to the same targets).
# scripts/bench.sh writes the line into the same document, near its top, between <!-- bench:summary begin --> and
# <!-- bench:summary end --> after it writes the tables; this reads past that block, which is no part's table.
#   scripts/bench-summary.sh [FILE]     FILE: the benchmarks document (default docs/benchmarks.md)
set -euo pipefail
doc=${1:-docs/benchmarks.md}
[ -f "$doc" ] || { echo "bench-summary: $doc is not a file; give the benchmarks document (docs/benchmarks.md)" >&2; exit 1; }

awk '
  match($0, /^<!-- bench:[a-z0-9-]+ begin -->$/) {
    part = substr($0, 12, RLENGTH - 21); first = 1; met = 0; all = 0; previous = 0
    if (part == "summary") part = ""
    next
  }
  part == "" { next }
  /^The previous build:/ { previous = 1 }
  /^Load average at the end:/ { previous = 0 }
  first { sha = "?"; if (match($0, /commit [0-9a-f]+/)) sha = substr($0, RSTART + 7, RLENGTH - 7); first = 0; next }
  /^\|/ && !/^\| *(figure|---)/ && !previous {
    n = split($0, cell, "|"); v = cell[n - 1]
    if (v ~ /(^|; *) *(met|missed)/) { all++; if (v !~ /missed/) met++ }
  }
  $0 == "<!-- bench:" part " end -->" {
    line = line (line == "" ? "" : ", ") part (all ? " " met " of " all " met" : " (no verdict in its table)") " on " sha
    part = ""
  }
  END { if (line != "") print "Targets met as last measured (written by `scripts/bench.sh` from the tables below): " line "." }
' "$doc"
