#!/usr/bin/env bash
# Installs `ias` for the current user: the native build (Native AOT: a self-contained, trimmed executable that needs no
# .NET runtime, with SQLite's library beside it) in ~/.local/share/ias, linked from ~/.local/bin/ias. Building it needs the
# .NET 10 SDK and a C toolchain (clang or gcc, with zlib) to link it; the publish settings live in src/Ias.Tui/Ias.Tui.csproj.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
need dotnet || { echo "install: building ias needs the .NET 10 SDK (https://dot.net/download); install it and run this again" >&2; exit 1; }
need clang || need gcc || { echo "install: linking the native ias needs a C toolchain: install clang (or gcc) and zlib, e.g. apt-get install clang zlib1g-dev" >&2; exit 1; }

prefix="${IAS_PREFIX:-$HOME/.local}"
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
dest="$prefix/share/ias"
stage="$dest.new"
out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$stage" "$out" "$log"' EXIT

# The publish says nothing until it ends: say what it is doing and how long it takes (docs/install.md, how long a build takes).
echo "install: building the native ias (Native AOT): about 3 minutes on 2 cores, up to 6 on a busy machine"
if ! dotnet publish src/Ias.Tui -c Release -r "$rid" -p:PublishAot=true -p:FirstBuildLine= -o "$out" --nologo >"$log" 2>&1; then
  grep -E "error|warning" "$log" | sort -u | tail -n 20 >&2
  echo "install: the native build of ias failed (above); it needs the .NET 10 SDK and clang or gcc with zlib" >&2
  exit 1
fi

# What ias runs with: the executable, SQLite's native library (SQLitePCLRaw ships no static one to link in) and the themes
# to read and copy (ias has its own copies inside); symbols and docs stay behind.
rm -rf "$stage"
mkdir -p "$stage"
cp -r "$out/ias" "$out"/*.so "$out/themes" "$stage/"

# Swapped in whole, so an older install (a framework-dependent one included) leaves no stale file beside the new ias.
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$stage" "$dest"
rm -rf "$dest.old"
mkdir -p "$prefix/bin"
ln -sf "$dest/ias" "$prefix/bin/ias"
echo "installed: $prefix/bin/ias -> $dest/ias ($(du -m "$dest/ias" | cut -f1) MB, native $rid)"
scripts/path-hint.sh "$prefix/bin"
