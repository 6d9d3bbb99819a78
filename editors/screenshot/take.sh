#!/usr/bin/env bash
# Retake docs/editor.png: Neovim (with editors/nvim/nudge.lua and editors/vim/syntax) on
# examples/mistakes.nudge in a detached tmux pane, captured with its colours and rendered
# with Pillow (apt-get install neovim tmux python3-pil).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q
cfg=$(mktemp -d)
mkdir -p "$cfg/nvim/syntax"
cp editors/vim/syntax/nudge.vim "$cfg/nvim/syntax/"
{
  echo 'vim.o.termguicolors = true; vim.cmd("syntax on"); vim.o.number = true'
  echo 'vim.o.signcolumn = "yes"; vim.o.laststatus = 0; vim.o.ruler = false; vim.o.wrap = false'
  echo 'vim.diagnostic.config({ virtual_text = { prefix = "●" } })'
  sed -e "s|cmd = { \"nudge\", \"lsp\" }|cmd = { \"$PWD/target/debug/nudge\", \"lsp\" }|" \
      -e 's|-- init_options = { today = "2026-11-28" },|init_options = { today = "2026-11-28" },|' \
      editors/nvim/nudge.lua
} > "$cfg/nvim/init.lua"
tmux new-session -d -s nudge-shot -x 120 -y 30 "env XDG_CONFIG_HOME=$cfg nvim -i NONE -n +11 examples/mistakes.nudge"
sleep 4
tmux send-keys -t nudge-shot zt
sleep 1
tmux capture-pane -t nudge-shot -e -p > "$cfg/capture.ansi"
tmux kill-session -t nudge-shot
/usr/bin/python3 editors/screenshot/render.py "$cfg/capture.ansi" docs/editor.png
rm -rf "$cfg"
