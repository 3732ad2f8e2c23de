#!/usr/bin/env bash
# Installs `ias` for the current user: the native build (Native AOT: one self-contained, trimmed executable that needs no
# .NET runtime) in ~/.local/share/ias, linked from ~/.local/bin/ias. Building it needs the .NET 10 SDK and a C toolchain
# (clang or gcc, with zlib), which link the executable; the publish settings live in src/Ias.Tui/Ias.Tui.csproj.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
need dotnet || { echo "install: building ias needs the .NET 10 SDK (https://dot.net/download); install it and run this again" >&2; exit 1; }
need clang || need gcc || { echo "install: linking the native ias needs a C toolchain: install clang (or gcc) and zlib, e.g. apt-get install clang zlib1g-dev" >&2; exit 1; }

prefix="${IAS_PREFIX:-$HOME/.local}"
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
dest="$prefix/share/ias"
stage="$dest.new"
log=$(mktemp)
trap 'rm -rf "$stage" "$log"' EXIT

rm -rf "$stage"
if ! dotnet publish src/Ias.Tui -c Release -r "$rid" -p:PublishAot=true -o "$stage" --nologo >"$log" 2>&1; then
  grep -E "error|warning" "$log" | sort -u | tail -n 20 >&2
  echo "install: the native build of ias failed (above); it needs the .NET 10 SDK and clang or gcc with zlib" >&2
  exit 1
fi

# Swapped in whole, so an older install (a framework-dependent one included) leaves no stale file beside the new ias.
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$stage" "$dest"
rm -rf "$dest.old"
mkdir -p "$prefix/bin"
ln -sf "$dest/ias" "$prefix/bin/ias"
echo "installed: $prefix/bin/ias -> $dest/ias ($(du -m "$dest/ias" | cut -f1) MB, native $rid)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add $prefix/bin to PATH to run ias from anywhere" ;;
esac
