#!/bin/sh
# Measures TerminalScreen.present() on a real terminal: a 200x60 grid in a private tmux server, a
# selection bar moved one line at a time. Prints cells written and time per present (release build).
#   scripts/bench/terminal-present.sh [scratch-path]
set -eu
scratch=${1:-.build}
swift build -c release --scratch-path "$scratch" --product terminal-demo >/dev/null
demo="$scratch/release/terminal-demo"
socket="vpcx-terminal-bench-$$"
out=$(mktemp)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -f "$out"' EXIT
tmux -L "$socket" -f /dev/null new-session -d -x 200 -y 60 \
    "env TERM=tmux-256color LANG=C.UTF-8 $demo --bench --bench-output $out"
for _ in $(seq 1 300); do [ -s "$out" ] && break; sleep 0.1; done
cat "$out"
