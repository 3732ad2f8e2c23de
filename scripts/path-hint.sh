#!/usr/bin/env bash
# Says how to put FOLDER on PATH when it is not there yet: the exact line to add, and the start-up file of the user's
# shell ($SHELL) to add it to. Prints nothing when FOLDER is on PATH already. scripts/install.sh ends with it.
#   scripts/path-hint.sh ~/.local/bin
set -euo pipefail
dir=${1:?usage: path-hint.sh FOLDER}
case ":${PATH:-}:" in *":$dir:"*) exit 0 ;; esac

# Inside the home the line says $HOME, as people write it; the folder's name is escaped for the double quotes around it.
shown=$(printf '%s' "$dir" | sed -e 's/[\\"$`]/\\&/g')
[ -n "${HOME:-}" ] && case "$dir" in "$HOME"/*) shown="\$HOME/$(printf '%s' "${dir#"$HOME"/}" | sed -e 's/[\\"$`]/\\&/g')" ;; esac

shell=$(basename "${SHELL:-sh}")
case "$shell" in
  bash) file='~/.bashrc' line="export PATH=\"$shown:\$PATH\"" ;;
  zsh) file="${ZDOTDIR:-~}/.zshrc" line="export PATH=\"$shown:\$PATH\"" ;;
  fish) file='~/.config/fish/config.fish' line="fish_add_path \"$shown\"" ;;
  *) file='~/.profile' line="export PATH=\"$shown:\$PATH\"" ;;
esac
echo "$dir is not on your PATH: add this line to $file (your shell is $shell), then open a new terminal:"
echo "  $line"
