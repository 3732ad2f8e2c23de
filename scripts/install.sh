#!/usr/bin/env bash
# Installs `ias` for the current user: a ReadyToRun build (fast start; Native AOT is not available for net10.0 here)
# in ~/.local/share/ias, linked from ~/.local/bin/ias. Needs the .NET 10 runtime on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${IAS_PREFIX:-$HOME/.local}"
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
dest="$prefix/share/ias"

dotnet publish src/Ias.Tui -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$dest" --nologo -v quiet
mkdir -p "$prefix/bin"
ln -sf "$dest/ias" "$prefix/bin/ias"
echo "installed: $prefix/bin/ias -> $dest/ias"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add $prefix/bin to PATH to run ias from anywhere" ;;
esac
