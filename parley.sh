#!/usr/bin/env bash
# Parley's one command: installs what is missing, builds, and runs Parley or its tests.
#
#   ./parley.sh run [parley options]          build and open Parley (hosts a local chat by default)
#   ./parley.sh test                          build and run every test (ctest); also installs
#                                             Node.js and the interop peers (npm ci, tests/interop)
#   ./parley.sh server [parley-server options] build and run parley-server alone
#   ./parley.sh deps                          only install the build dependencies
#   ./parley.sh build                         only build (debug preset)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian 12 / Ubuntu 22.04+ package names.
DEBIAN_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-svg-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libgl-dev qtkeychain-qt6-dev libsodium-dev
)

# Only for `test`: Node.js runs the real chat servers of the interop tests (tests/interop).
NODE_PACKAGES=(nodejs npm)
INTEROP_DIR=tests/interop

log() { printf 'parley.sh: %s\n' "$*" >&2; }

# apt_install PACKAGE…: installs the given Debian packages, as root or through sudo.
apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to install: $*"; exit 1; }
        sudo=(sudo)
    fi
    log "installing: $*"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@"
}

ensure_deps() {
    if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
        local missing=() p
        for p in "${DEBIAN_PACKAGES[@]}"; do
            dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
        done
        if ((${#missing[@]})); then
            apt_install "${missing[@]}"
        fi
        return
    fi
    if ! command -v cmake >/dev/null 2>&1 || ! command -v ninja >/dev/null 2>&1; then
        cat >&2 <<'MSG'
parley.sh: this is not a Debian/Ubuntu system, so dependencies are not installed automatically.
Install CMake >= 3.21, Ninja and Qt >= 6.4 (Core, Network, WebSockets, Widgets, Sql with SQLite,
Svg, Test, LinguistTools), then run this script again:
  macOS (Homebrew):  brew install cmake ninja qt
                     export CMAKE_PREFIX_PATH="$(brew --prefix qt)"
  Windows:           Qt online installer (Qt 6.x MSVC 2019/2022 64-bit + Qt WebSockets) or
                     vcpkg install qtbase qtwebsockets qtsvg qttools; then from a
                     "x64 Native Tools" prompt: cmake --preset debug && cmake --build --preset debug
  Fedora:            sudo dnf install cmake ninja-build gcc-c++ qt6-qtbase-devel qt6-qtwebsockets-devel
                     qt6-qtsvg-devel qt6-qttools-devel qt6-linguist
MSG
        exit 1
    fi
}

# The Node peers of the interop tests (socket.io, ws, nodejs-websocket, socket.io-client), pinned by
# tests/interop/package-lock.json and installed with `npm ci` whenever the lock file is newer than
# the last install. Node.js itself comes from apt when missing. Once the peers are in place,
# PARLEY_INTEROP_REQUIRED=1 makes the interop tests fail instead of skip; CI (.ci/run) sets it up
# front, so there a missing Node is an error rather than a silently skipped suite.
ensure_node_peers() {
    local required="${PARLEY_INTEROP_REQUIRED:-0}"
    if { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; } \
        && command -v apt-get >/dev/null 2>&1; then
        # In a subshell: without root or sudo this is a warning unless the peers are required.
        (apt_install "${NODE_PACKAGES[@]}") || true
    fi
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        if [ "$required" = 1 ]; then
            log "PARLEY_INTEROP_REQUIRED=1 but Node.js/npm are not installed"
            exit 1
        fi
        log "Node.js/npm not found: the interop tests against real Node servers will be skipped"
        return
    fi
    local stamp="$INTEROP_DIR/node_modules/.package-lock.json"
    if [ ! -f "$stamp" ] || [ "$INTEROP_DIR/package-lock.json" -nt "$stamp" ]; then
        log "installing the interop test peers (npm ci in $INTEROP_DIR)"
        if ! (cd "$INTEROP_DIR" && npm ci --no-audit --no-fund --loglevel=error); then
            if [ "$required" = 1 ]; then
                log "npm ci failed in $INTEROP_DIR"
                exit 1
            fi
            log "npm ci failed: the interop tests against real Node servers will be skipped"
            return
        fi
    fi
    export PARLEY_INTEROP_REQUIRED=1
}

build() {
    cmake --preset debug >/dev/null
    cmake --build --preset debug
}

cmd="${1:-run}"
[ $# -gt 0 ] && shift
case "$cmd" in
    run)    ensure_deps; build; exec ./build/debug/app/parley "$@" ;;
    test)   ensure_deps; build; ensure_node_peers; exec ctest --preset debug "$@" ;;
    server) ensure_deps; build; exec ./build/debug/server/parley-server "$@" ;;
    deps)   ensure_deps ;;
    build)  ensure_deps; build ;;
    -h|--help|help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) log "unknown command '$cmd' (run, test, server, deps, build)"; exit 2 ;;
esac
