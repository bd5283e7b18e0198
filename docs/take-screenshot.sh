#!/usr/bin/env bash
# Takes docs/screenshot.png (light) and docs/screenshot-dark.png (dark) as a person would see Parley:
# two real windows under Xvfb, alice hosting the chat and bob joining it, typing through the X server
# (xdotool), captured with ImageMagick.
#
#   docs/take-screenshot.sh [light.png [dark.png]]
#
# Needs: xvfb xdotool imagemagick qt6-gtk-platformtheme (Debian package names); Parley built
# (./parley.sh build, or PARLEY_BIN=path/to/parley).
#
# What the pictures show, and how each thing is brought about honestly:
# - grouping: alice's first two messages follow each other, so her name shows once;
# - a day separator ("Today") above the first message of the day;
# - links: http(s) addresses are underlined and clickable; file:///etc/passwd and markup stay text;
# - delivery marks on one's own messages (✓✓ once the server acknowledged them);
# - a Failed message with "Retry": bob's own settings (his config dir, read by
#   ConnectorSettings::fromSettings) shorten the acknowledgement timeout to 1.5 s with no retries,
#   and alice's process, which hosts the server, is stopped (SIGSTOP) while bob sends: the server
#   really never answers. The picture is taken while it is stopped (alice's window shows what it
#   last painted), then it is resumed.
# - dark: Qt's GTK platform theme with GTK's built-in dark Adwaita (QT_QPA_PLATFORMTHEME=gtk3,
#   GTK_THEME=Adwaita:dark), i.e. the palette a GNOME desktop in dark mode gives; the app has no
#   dark switch of its own and needs none.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
light="${1:-docs/screenshot.png}"
dark="${2:-docs/screenshot-dark.png}"
bin="${PARLEY_BIN:-./build/debug/app/parley}"
[ -x "$bin" ] || { echo "build Parley first: ./parley.sh build (or set PARLEY_BIN)" >&2; exit 1; }
for tool in Xvfb xdotool import convert; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install xvfb xdotool imagemagick)" >&2; exit 1; }
done

ack_timeout_ms=1500   # bob's acknowledgement timeout (the default is 10 s, then 3 retries)
pids=()
work=$(mktemp -d)
cleanup() {
    for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# wait_for <seconds> <command…>: polls until the command succeeds.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { echo "timed out waiting for: $*" >&2; return 1; }
        sleep 0.2
    done
}
say() { xdotool windowfocus --sync "$1"; xdotool type --delay 5 "$2"; xdotool key Return; sleep 0.6; }

# shoot <out.png> [env assignments for both apps…]
shoot() {
    local out=$1; shift
    local display=:$((90 + RANDOM % 9)) port=$((20000 + RANDOM % 20000))
    local run="$work/run$RANDOM"
    Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 & pids+=($!)
    export DISPLAY=$display
    wait_for 10 xdpyinfo -display "$display"
    # Each person has a home of their own: fresh history, and bob's settings.
    mkdir -p "$run/alice" "$run/bob/.config/Parley"
    printf '[connection]\nackTimeoutMs=%s\nackRetries=0\n' "$ack_timeout_ms" >"$run/bob/.config/Parley/Parley.conf"
    for who in alice bob; do
        mkdir -p "$run/$who/.config" "$run/$who/.local/share"
    done
    local alice bob
    env HOME="$run/alice" XDG_CONFIG_HOME="$run/alice/.config" XDG_DATA_HOME="$run/alice/.local/share" "$@" \
        "$bin" --name alice --listen "127.0.0.1:$port" -style Fusion >"$run/alice.log" 2>&1 &
    alice=$!; pids+=($alice)
    wait_for 10 xdotool search --name 'Parley — '
    env HOME="$run/bob" XDG_CONFIG_HOME="$run/bob/.config" XDG_DATA_HOME="$run/bob/.local/share" "$@" \
        "$bin" --name bob --server "ws://127.0.0.1:$port" -style Fusion >"$run/bob.log" 2>&1 &
    bob=$!; pids+=($bob)
    wait_for 10 bash -c '[ "$(xdotool search --name "Parley — " | wc -l)" -eq 2 ]'
    local wa wb
    wa=$(xdotool search --all --pid "$alice" --name 'Parley — ' | head -1)
    wb=$(xdotool search --all --pid "$bob" --name 'Parley — ' | head -1)
    xdotool windowmove "$wa" 0 0 windowsize "$wa" 620 560
    xdotool windowmove "$wb" 640 0 windowsize "$wb" 620 560
    sleep 1.5   # both connected and joined (the status bars say "Connected")

    say "$wa" "Hi Bob! Welcome to Parley."
    say "$wa" "The notes are at https://example.com/parley/notes"
    say "$wb" "Hello Alice — <b>this stays plain text</b>"
    say "$wb" "Thanks! file:///etc/passwd is no link, https://example.org is."
    xdotool windowfocus --sync "$wa"
    xdotool type --delay 5 "Shift+Enter makes"; xdotool key shift+Return
    say "$wa" "a second line."
    sleep 1
    # The server stops answering: bob's next message fails after his acknowledgement timeout.
    kill -STOP "$alice"
    say "$wb" "Are you still there?"
    sleep $(( ack_timeout_ms / 1000 + 2 ))
    import -window root "$run/full.png"
    kill -CONT "$alice"
    convert "$run/full.png" -crop 1262x566+0+0 +repage "$out"
    echo "wrote $out"
    for pid in "$bob" "$alice"; do kill "$pid" 2>/dev/null || true; done
    wait "$bob" "$alice" 2>/dev/null || true
    kill "${pids[0]}" 2>/dev/null || true   # this run's Xvfb
    pids=()
}

shoot "$light"
shoot "$dark" QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=Adwaita:dark
