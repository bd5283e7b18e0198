#!/usr/bin/env bash
# Takes docs/screenshot.png (light) and docs/screenshot-dark.png (dark) as a person would see
# Parley: two real windows under Xvfb, alice hosting and bob joining with --server, typing through
# the X server (xdotool): a second room, messages in both, unread counts, a muted room, typing
# indicators, member lists, a kept draft. Captured with ImageMagick.
# Needs: xvfb x11-utils xdotool imagemagick (Debian); Parley built (./parley.sh build).
# PARLEY_BIN chooses the binary (default ./build/debug/app/parley).
# Dark: Qt 6.4 follows GTK's theme through the gtk3 platform theme (qt6-gtk-platformtheme).
# For quick offscreen pictures of the chat window and the connection banners alone (light, dark,
# zh_CN; no X server): docs/take-ui-screenshots.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${PARLEY_BIN:-./build/debug/app/parley}"
[ -x "$bin" ] || { echo "build Parley first: ./parley.sh build" >&2; exit 1; }
for tool in Xvfb xdpyinfo xdotool import convert; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb x11-utils xdotool imagemagick)" >&2; exit 1; }
done

wait_for() { local deadline=$((SECONDS + $1)); shift; until "$@" >/dev/null 2>&1; do [ $SECONDS -lt $deadline ] || { echo "timed out: $*" >&2; return 1; }; sleep 0.2; done; }

# shoot OUT [ENV=VALUE…]: one run of the scenario, the apps started with the extra environment.
shoot() {
    local out=$1; shift
    local work pids=() display port alice bob wa wb
    work=$(mktemp -d /tmp/parley-shot.XXXX)
    display=:$((70 + RANDOM % 9)); port=$((20000 + RANDOM % 20000))
    Xvfb "$display" -screen 0 1600x900x24 >/dev/null 2>&1 & pids+=($!)
    trap 'kill "${pids[@]}" 2>/dev/null || true' RETURN
    export DISPLAY=$display
    wait_for 10 xdpyinfo -display "$display"
    for who in alice bob; do mkdir -p "$work/$who/.config" "$work/$who/.local/share"; done
    env HOME="$work/alice" XDG_CONFIG_HOME="$work/alice/.config" XDG_DATA_HOME="$work/alice/.local/share" "$@" \
        "$bin" --name alice --listen "127.0.0.1:$port" -style Fusion >"$work/alice.log" 2>&1 & alice=$!; pids+=($alice)
    wait_for 10 xdotool search --name 'Parley'
    env HOME="$work/bob" XDG_CONFIG_HOME="$work/bob/.config" XDG_DATA_HOME="$work/bob/.local/share" "$@" \
        "$bin" --name bob --server "ws://127.0.0.1:$port" -style Fusion >"$work/bob.log" 2>&1 & bob=$!; pids+=($bob)
    wait_for 10 bash -c '[ "$(xdotool search --name "Parley" | wc -l)" -ge 2 ]'
    sleep 1
    wa=$(xdotool search --all --onlyvisible --pid "$alice" --name 'Parley' | head -1)
    wb=$(xdotool search --all --onlyvisible --pid "$bob" --name 'Parley' | head -1)
    xdotool windowmove "$wa" 0 0 windowsize "$wa" 790 640
    xdotool windowmove "$wb" 805 0 windowsize "$wb" 790 640
    sleep 0.5
    focus() { xdotool windowactivate --sync "$1" 2>/dev/null || xdotool windowfocus --sync "$1"; sleep 0.2; }
    say() { focus "$1"; xdotool type --delay 8 "$2"; xdotool key Return; sleep 0.6; }
    key() { focus "$1"; xdotool key "$2"; sleep 0.5; }
    say "$wa" "Hi Bob! Lobby is for everyone. Notes: https://example.org/notes"
    say "$wb" "Hello Alice <b>this stays plain text</b>"
    key "$wa" ctrl+n; xdotool type --delay 8 "dev"; xdotool key Return; sleep 0.8   # alice creates #dev
    say "$wa" "Build is green on main."
    key "$wb" ctrl+k; xdotool type --delay 8 "dev"; xdotool key Return; sleep 0.8   # bob joins it
    say "$wb" "Nice. Deploying now."
    key "$wb" ctrl+k; xdotool type --delay 8 "lobby"; xdotool key Return; sleep 0.6
    say "$wb" "Lunch at noon?"                                                     # unread for alice
    say "$wb" "I booked the usual place."
    key "$wb" ctrl+n; xdotool type --delay 8 "random"; xdotool key Return; sleep 0.6
    key "$wa" ctrl+k; xdotool type --delay 8 "random"; xdotool key Return; sleep 0.6
    key "$wa" alt+r; xdotool key m; sleep 0.4                                      # alice mutes #random
    key "$wa" ctrl+k; xdotool type --delay 8 "dev"; xdotool key Return; sleep 0.4
    say "$wb" "Anyone seen my stapler?"
    say "$wb" "Red one."
    key "$wb" ctrl+k; xdotool type --delay 8 "dev"; xdotool key Return; sleep 0.4
    focus "$wa"; xdotool type --delay 8 "Thanks, I will check the"; sleep 0.3        # a draft
    focus "$wb"; xdotool type --delay 30 "Done in five"; sleep 0.8                   # typing…
    import -window root "$work/full.png"
    convert "$work/full.png" -crop 1600x680+0+0 +repage "$out"
    echo "wrote $out"
}

shoot docs/screenshot.png
shoot docs/screenshot-dark.png QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=Adwaita:dark
