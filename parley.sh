#!/usr/bin/env bash
# Parley's one command: installs what is missing, builds, and runs Parley or its tests.
#
#   ./parley.sh run [parley options]          build and open Parley (hosts a local chat by default)
#   ./parley.sh test                          build and run every test (ctest); also installs
#                                             Node.js and the interop peers (npm ci, tests/interop)
#   ./parley.sh server [parley-server options] build and run parley-server alone
#   ./parley.sh deps                          only install the build dependencies
#   ./parley.sh build                         only build (debug preset)
#   ./parley.sh fuzz [seconds]                build the fuzz targets (clang) and run each one for
#                                             [seconds] (default 60); `test` runs them briefly
#                                             too (PARLEY_FUZZ_SECONDS, default 15; 0 skips)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian 12 / Ubuntu 22.04+ package names.
DEBIAN_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-svg-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libgl-dev qtkeychain-qt6-dev libsodium-dev libhiredis-dev
    appstream desktop-file-utils
)

# Only for `test`: Node.js runs the real chat servers of the interop tests (tests/interop).
NODE_PACKAGES=(nodejs npm)

# Only for `test`: the engines of a parley-server cluster (issue 14), which the tests start
# themselves on loopback (tests/engines): PostgreSQL with Qt's driver for it, Redis, HAProxy.
ENGINE_PACKAGES=(postgresql libqt6sql6-psql redis-server haproxy)
INTEROP_DIR=tests/interop

# Only for fuzzing (fuzz/, docs/security.md "Fuzzing"): clang with its libFuzzer and sanitizer
# runtimes (Debian 12: clang 14), and the targets with the dictionary each one mutates with.
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
FUZZ_TARGETS=(fuzz_socketiocodec fuzz_parleyevents fuzz_serverevents fuzz_servernames fuzz_stockservers)

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

# has_apt: true on Debian/Ubuntu, where missing packages are installed automatically.
has_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }

# apt_install_missing PACKAGE…: installs those of the given Debian packages that are not installed.
apt_install_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    if ((${#missing[@]})); then
        apt_install "${missing[@]}"
    fi
}

ensure_deps() {
    if has_apt; then
        apt_install_missing "${DEBIAN_PACKAGES[@]}"
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

# Installs the cluster engines when missing (Debian/Ubuntu). With PARLEY_ENGINES_REQUIRED=1 (CI)
# a failure is an error; otherwise the tests that need them skip with a note. Once they are in
# place the tests are told to require them.
ensure_engines() {
    if command -v apt-get >/dev/null 2>&1; then
        (apt_install_missing "${ENGINE_PACKAGES[@]}") || true
    fi
    if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 \
        && ls /usr/lib/*/qt6/plugins/sqldrivers/libqsqlpsql.so >/dev/null 2>&1; then
        export PARLEY_ENGINES_REQUIRED=1
    elif [ "${PARLEY_ENGINES_REQUIRED:-0}" = 1 ]; then
        log "PARLEY_ENGINES_REQUIRED=1 but PostgreSQL, its Qt driver or Redis is not installed"
        exit 1
    else
        log "PostgreSQL/Redis not found: the cluster engine tests will be skipped"
    fi
}

# Installs clang and its runtimes when missing (Debian/Ubuntu). Elsewhere: clang with libFuzzer
# must be on the PATH already.
ensure_fuzz_deps() {
    if has_apt; then
        apt_install_missing "${FUZZ_PACKAGES[@]}"
    fi
    command -v clang++ >/dev/null 2>&1 || { log "fuzzing needs clang++ (with libFuzzer)"; exit 1; }
}

# run_fuzz SECONDS: builds the fuzz preset (build/fuzz), replays each target's saved crashes
# (fuzz/regressions/<target>/), then fuzzes each target for SECONDS starting from its seed corpus
# (fuzz/corpus/<target>/). What the fuzzer finds stays in build/fuzz/corpus/<target>/, never in the
# repo; a crash stops the run with its input in build/fuzz/artifacts/ and the log's tail printed.
run_fuzz() {
    local seconds="$1" target dict logfile
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz
    mkdir -p build/fuzz/artifacts build/fuzz/logs
    for target in "${FUZZ_TARGETS[@]}"; do
        dict=fuzz/dict/json.dict
        [ "$target" = fuzz_socketiocodec ] && dict=fuzz/dict/socketio.dict
        logfile="build/fuzz/logs/$target.log"
        if compgen -G "fuzz/regressions/$target/*" >/dev/null; then
            "./build/fuzz/fuzz/$target" fuzz/regressions/"$target"/* >"$logfile" 2>&1 \
                || { tail -n 40 "$logfile" >&2; log "$target: a saved crash is back (fuzz/regressions/$target)"; exit 1; }
        fi
        mkdir -p "build/fuzz/corpus/$target"
        if ! "./build/fuzz/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
            -dict="$dict" -artifact_prefix="build/fuzz/artifacts/$target-" \
            "build/fuzz/corpus/$target" "fuzz/corpus/$target" >"$logfile" 2>&1; then
            tail -n 60 "$logfile" >&2
            log "$target found a crash: see build/fuzz/artifacts/ and docs/security.md (Fuzzing)"
            exit 1
        fi
        log "$target: $(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile") inputs in ${seconds} s, no crash"
    done
}

build() {
    cmake --preset debug >/dev/null
    cmake --build --preset debug
}

cmd="${1:-run}"
[ $# -gt 0 ] && shift
case "$cmd" in
    run)    ensure_deps; build; exec ./build/debug/app/parley "$@" ;;
    test)
        ensure_deps; build; ensure_node_peers; ensure_engines
        ctest --preset debug "$@"
        # A short bounded fuzz run (about 3 min of clang build plus 15 s per target).
        if [ "${PARLEY_FUZZ_SECONDS:-15}" -gt 0 ]; then
            ensure_fuzz_deps; run_fuzz "${PARLEY_FUZZ_SECONDS:-15}"
        fi ;;
    server) ensure_deps; build; exec ./build/debug/server/parley-server "$@" ;;
    fuzz)   ensure_deps; ensure_fuzz_deps; run_fuzz "${1:-60}" ;;
    deps)   ensure_deps ;;
    build)  ensure_deps; build ;;
    -h|--help|help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) log "unknown command '$cmd' (run, test, server, deps, build, fuzz)"; exit 2 ;;
esac
