#!/usr/bin/env bash
# A boxed turn's added cost for its private workspace, on a small repository (the demo's size) and on one of 10,000
# files: the sync before the turn (fetch the checkout's branches, checkout -f -B, clean -fd, list refs) and the patch
# after it (add -A, diff --binary), each inside bubblewrap as the engine runs them, then `git apply` in the checkout,
# beside git's own time for the same commands without the box. One file changed per turn. Median of ROUNDS (default 9)
# with the lowest and highest. The target: the box adds nothing to git's own cost of the same steps; a verdict per step and
# for a writing turn's sum (sync, patch, apply). A benchmark, not a test: it reads the wall clock on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
trap bench_cleanup EXIT
rounds=${ROUNDS:-9}
need_tools git bwrap
bwrap --die-with-parent --unshare-pid --ro-bind / / --dev /dev --proc /proc -- true 2>/dev/null \
  || cannot "bubblewrap cannot build a box here (unprivileged user namespaces are off); allow them (sysctl kernel.unprivileged_userns_clone=1) or measure elsewhere"
ready
# Outside /tmp: the box has a /tmp of its own (the work folder is bound into it by name all the same).
work=$bench_tmp
hard=(-c core.hooksPath=/dev/null -c core.fsmonitor=false)

make_repo() { # dir files
  git init -q -b main "$1"
  for i in $(seq "$2"); do mkdir -p "$1/src/m$((i % 100))"; echo "file $i" >"$1/src/m$((i % 100))/f$i.txt"; done
  git -C "$1" add -A && git -C "$1" -c user.name=b -c user.email=b@b commit -qm files
  git -C "$1" switch -q -c feature/x
}

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>"$work/err" || cannot "$1 failed: $(tail -n 1 "$work/err")"; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "%d ms (%d–%d)", a[int((NR+1)/2)], a[1], a[NR]}'; }

sync_script='g() { git -c core.hooksPath=/dev/null -c core.fsmonitor=false "$@"; }
g fetch --quiet --no-tags --prune --update-head-ok "$1" "+refs/heads/*:refs/heads/*"
g checkout --quiet --force -B feature/x "$2"; g clean --quiet -fd
g for-each-ref "--format=%(refname) %(objectname)" refs/heads refs/tags > "$3/refs"'
patch_script='g() { git -c core.hooksPath=/dev/null -c core.fsmonitor=false "$@"; }
echo "turn $RANDOM" >> src/m1/f1.txt
g add -A; g diff --cached --binary --full-index --no-renames --no-ext-diff --no-textconv --output="$3/turn.patch" "$2" --'

boxed() { # ws scratch script args...
  local ws=$1 scratch=$2 script=$3; shift 3
  bwrap --die-with-parent --unshare-pid --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --bind "$ws" "$ws" --bind "$scratch" "$scratch" --chdir "$ws" -- /bin/sh -c "$script" sh "$@"
}
plain() { local ws=$1 scratch=$2 script=$3; shift 3; (cd "$ws" && /bin/sh -c "$script" sh "$@"); }

# med FILE: the median of one series, as stats prints it.
med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

table "A turn's private workspace (median of $rounds rounds, lowest–highest; the box against git alone, interleaved)"
for size in 60 10000; do
  repo=$work/repo-$size ws=$work/ws-$size scratch=$work/scratch-$size
  make_repo "$repo" "$size"; mkdir -p "$scratch"
  git clone -q --shared --no-checkout "$repo" "$ws"
  base=$(git -C "$repo" rev-parse HEAD)
  # The workspace's first checkout of every file is made once, untimed, as a long-lived workspace has it; then each round
  # measures the box and git alone one after the other.
  plain "$ws" "$scratch" "$sync_script" "$repo" "$base" "$scratch" >/dev/null
  for mode in boxed plain; do : >"$work/$mode-sync"; : >"$work/$mode-patch"; : >"$work/$mode-apply"; done
  for _ in $(seq "$rounds"); do
    for mode in boxed plain; do
      ms $mode "$ws" "$scratch" "$sync_script" "$repo" "$base" "$scratch" >>"$work/$mode-sync"
      ms $mode "$ws" "$scratch" "$patch_script" "$repo" "$base" "$scratch" >>"$work/$mode-patch"
      ms git -C "$repo" "${hard[@]}" apply --check --binary "$scratch/turn.patch" >>"$work/$mode-apply"
    done
  done
  boxed=$(($(med "$work/boxed-sync") + $(med "$work/boxed-patch") + $(med "$work/boxed-apply")))
  plain=$(($(med "$work/plain-sync") + $(med "$work/plain-patch") + $(med "$work/plain-apply")))
  echo "| $size files: sync before the turn | $(stats <"$work/boxed-sync") | git alone: $(stats <"$work/plain-sync") | ≤ git alone | $(verdict "$(med "$work/boxed-sync")" '<=' "$(med "$work/plain-sync")") |"
  echo "| $size files: patch after a writing turn | $(stats <"$work/boxed-patch") | git alone: $(stats <"$work/plain-patch") | ≤ git alone | $(verdict "$(med "$work/boxed-patch")" '<=' "$(med "$work/plain-patch")") |"
  echo "| $size files: apply (checked) in the checkout | $(stats <"$work/boxed-apply") | (the same git, after the plain turn): $(stats <"$work/plain-apply") | | |"
  echo "| $size files: a writing turn (sync + patch + apply, the sum of their medians) | $boxed ms | git alone: $plain ms | ≤ git alone | $(verdict "$boxed" '<=' "$plain") |"
done
table_end
