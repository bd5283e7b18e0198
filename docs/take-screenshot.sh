#!/usr/bin/env bash
# Takes docs/screenshot.png as a person would see Parley: two real windows under Xvfb, alice hosting
# the chat and bob joining it, typing through the X server (xdotool), captured with ImageMagick.
# Needs: xvfb xdotool imagemagick (Debian package names); Parley built (./parley.sh build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-docs/screenshot.png}"
bin=./build/debug/app/parley
[ -x "$bin" ] || { echo "build Parley first: ./parley.sh build" >&2; exit 1; }
for tool in Xvfb xdotool import convert; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb xdotool imagemagick)" >&2; exit 1; }
done

display=:$((90 + RANDOM % 9))
port=$((20000 + RANDOM % 20000))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
export DISPLAY=$display
sleep 1

"$bin" --name alice --listen "127.0.0.1:$port" >/dev/null 2>&1 & pids+=($!)
sleep 2
"$bin" --name bob --server "ws://127.0.0.1:$port" >/dev/null 2>&1 & pids+=($!)
sleep 2

mapfile -t wins < <(xdotool search --name 'Parley — ')
[ ${#wins[@]} -eq 2 ] || { echo "expected two Parley windows, found ${#wins[@]}" >&2; exit 1; }
say() { xdotool windowfocus --sync "$1"; xdotool type --delay 5 "$2"; xdotool key Return; sleep 0.5; }
xdotool windowmove "${wins[0]}" 0 0 windowsize "${wins[0]}" 620 560
xdotool windowmove "${wins[1]}" 640 0 windowsize "${wins[1]}" 620 560
sleep 0.5
say "${wins[0]}" "Hi Bob! Welcome to Parley."
say "${wins[1]}" "Hello Alice — <b>this stays plain text</b>"
xdotool windowfocus --sync "${wins[0]}"
xdotool type --delay 5 "Shift+Enter makes"; xdotool key shift+Return
say "${wins[0]}" "a second line."
sleep 1
import -window root /tmp/parley-screenshot-full.png
convert /tmp/parley-screenshot-full.png -crop 1262x566+0+0 +repage "$out"
echo "wrote $out"
