#!/usr/bin/env bash
# Takes offscreen pictures of the chat window and of the connection banners, in the light and dark
# palettes and in Chinese (zh_CN), for a person to look at after changing the UI: builds the
# parley_ui_screenshots tool (tests/ui/uiscreenshots.cpp) and runs it with QT_QPA_PLATFORM=offscreen.
# No X server needed; no network but 127.0.0.1. For the app itself as a person sees it under Xvfb
# (docs/screenshot.png): docs/take-screenshot.sh.
#
#   docs/take-ui-screenshots.sh [OUT_DIR]      (default: build/debug/ui-screenshots)
#
# Writes chatwindow.png, chatwindow-dark.png, chatwindow-zh_CN.png and the same three of
# connectionbanner*.png. Chinese text needs a CJK font (Debian: fonts-noto-cjk), or it shows boxes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-build/debug/ui-screenshots}"
build=build/debug
bin="$build/tests/ui/parley_ui_screenshots"

[ -f "$build/CMakeCache.txt" ] || cmake --preset debug >/dev/null
cmake --build --preset debug --target parley_ui_screenshots >/dev/null

# A private HOME, as ctest gives the tests, so that nothing of the user's is read or written.
home=$(mktemp -d /tmp/parley-ui-shots.XXXX)
trap 'rm -rf "$home"' EXIT
# shoot [--dark] [--lang LANG]: one variant; the tool's log is shown only when it fails.
shoot() {
    env QT_QPA_PLATFORM=offscreen HOME="$home" XDG_CONFIG_HOME="$home/.config" \
        XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" \
        "$bin" --out "$out" "$@" 2>"$home/log" || { cat "$home/log" >&2; exit 1; }
}
shoot
shoot --dark
shoot --lang zh_CN
