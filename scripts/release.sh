#!/usr/bin/env bash
# Builds the native ias (Native AOT: a self-contained, trimmed executable) for linux-x64 and linux-arm64 into dist/, as
# dist/ias-<rid>.tar.gz (ias, SQLite's native library beside it, the themes), with dist/SHA256SUMS. The architecture this machine is not needs a cross toolchain; where it is
# missing the script says in one line what to install, builds the rest, and exits 1.
#   scripts/release.sh                 both
#   scripts/release.sh linux-arm64     one
set -uo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
need dotnet || { echo "release: building ias needs the .NET 10 SDK (https://dot.net/download)" >&2; exit 1; }

host="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(linux-x64 linux-arm64)

# What linking for <rid> needs on this machine, as one line, or nothing when it is all there.
missing() {
  local rid=$1
  if [ "$rid" = "$host" ]; then
    need clang || need gcc || echo "a C toolchain: apt-get install clang zlib1g-dev"
    return
  fi
  local triple deb
  case "$rid" in
    linux-arm64) triple=aarch64-linux-gnu deb=arm64 ;;
    linux-x64) triple=x86_64-linux-gnu deb=amd64 ;;
    *) echo "a toolchain for $rid, which this script does not build (linux-x64 and linux-arm64 only)"; return ;;
  esac
  # clang links for another architecture (gcc cannot be told to); the target's C runtime, zlib and objcopy come from its packages.
  if ! need clang || ! { need llvm-objcopy || need "$triple-objcopy"; } || ! need "$triple-gcc" \
    || ! ls "/usr/lib/$triple"/libz.* "/usr/$triple/lib"/libz.* >/dev/null 2>&1; then
    echo "a cross toolchain for $triple: dpkg --add-architecture $deb && apt-get update && apt-get install clang llvm binutils-${triple//_/-} gcc-${triple//_/-} zlib1g-dev:$deb"
  fi
}

mkdir -p dist
status=0
built=()
for rid in "${targets[@]}"; do
  if [ "$(uname -s)" != Linux ]; then
    echo "release: $rid not built: Native AOT cannot cross operating systems; build on Linux" >&2; status=1; continue
  fi
  lack=$(missing "$rid")
  if [ -n "$lack" ]; then
    echo "release: $rid not built: it needs $lack" >&2; status=1; continue
  fi
  out=$(mktemp -d) log=$(mktemp)
  if dotnet publish src/Ias.Tui -c Release -r "$rid" -p:PublishAot=true -o "$out" --nologo >"$log" 2>&1; then
    mkdir -p "$out/pack/ias-$rid"
    cp -r "$out/ias" "$out"/*.so "$out/themes" "$out/pack/ias-$rid/"
    tar -C "$out/pack" -czf "dist/ias-$rid.tar.gz" "ias-$rid"
    built+=("ias-$rid.tar.gz")
    echo "release: dist/ias-$rid.tar.gz (ias $(du -m "$out/ias" | cut -f1) MB)"
    rm -f "$log"
  else
    grep -E "error|warning" "$log" | sort -u | tail -n 20 >&2
    echo "release: $rid failed to build (above); its log: $log" >&2
    status=1
  fi
  rm -rf "$out"
done

[ ${#built[@]} -gt 0 ] && (cd dist && sha256sum "${built[@]}" >SHA256SUMS)
exit $status
