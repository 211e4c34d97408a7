#!/bin/sh
# Benchmark: TerminalScreen.present() on a real terminal, release build. A 200x60 grid in a private
# tmux server, a selection bar moved one line at a time: cells written and time per present.
# Usage: scripts/bench-terminal-present.sh [SCRATCH]   (SCRATCH defaults to .build; a non-directory
# argument, as scripts/bench passes, is ignored)
set -eu
cd "$(dirname "$0")/.."
scratch=.build
if [ $# -ge 1 ] && [ -d "$1" ]; then scratch=$1; fi
command -v tmux >/dev/null || { echo "tmux not installed: skipped"; exit 0; }
swift build -c release --scratch-path "$scratch" --product terminal-demo >/dev/null
demo="$scratch/release/terminal-demo"
socket="vpcx-terminal-bench-$$"
out=$(mktemp)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -f "$out"' EXIT
tmux -L "$socket" -f /dev/null new-session -d -x 200 -y 60 \
    "env TERM=tmux-256color LANG=C.UTF-8 $demo --bench --bench-output $out"
for _ in $(seq 1 300); do [ -s "$out" ] && break; sleep 0.1; done
cat "$out"
