#!/usr/bin/env bash
# Soak: runs the chaos test again and again with the machine kept busy beside it, the load under
# which a lost tail message was once seen (tst_chaos, seed 333628296, 1 run in 3). CI runs
# tst_chaos once; this is the documented long run.
#
#   tests/chaos/soak.sh [RUNS] [BUILD_DIR]     (defaults: 20 runs, build/debug)
#
# The load is stress-ng when installed (apt-get install stress-ng), else one busy shell loop per
# core. Each run gets a fresh seed; a failure prints it (replay with PARLEY_CHAOS_SEED=n) and stops.
set -euo pipefail
runs=${1:-20}
build=${2:-build/debug}
bin="$build/tests/chaos/tst_chaos"
[ -x "$bin" ] || { echo "soak.sh: $bin not built" >&2; exit 2; }
cores=$(nproc)
load_pids=()
stop_load() { for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_load EXIT
if command -v stress-ng >/dev/null 2>&1; then
    stress-ng --cpu "$cores" --timeout 0 --quiet & load_pids+=($!)
else
    for _ in $(seq "$cores"); do (while :; do :; done) & load_pids+=($!); done
fi
for i in $(seq "$runs"); do
    log=$(mktemp)
    if QT_QPA_PLATFORM=offscreen "$bin" > "$log" 2>&1; then
        printf 'run %d/%d passed: %s\n' "$i" "$runs" "$(grep -o 'chaos seed [0-9]*' "$log")"
        rm -f "$log"
    else
        printf 'run %d/%d FAILED (%s); log: %s\n' "$i" "$runs" "$(grep -o 'chaos seed [0-9]*' "$log")" "$log"
        exit 1
    fi
done
echo "soak: $runs runs passed under load"
