#!/usr/bin/env bash
# Fuzz smoke runs: every target in fuzz/Cargo.toml for SECONDS (default 60) each, two at a time,
# each on a scratch copy of its seed corpus (fuzz/seeds/<target>/), so that nothing in the tree
# changes. Fails if any target finds a crash (its input and log are printed). Run from anywhere:
#
#     bash fuzz/smoke.sh [SECONDS]
#
# Needs cargo-fuzz (installed with `cargo install cargo-fuzz --locked` when missing) and the
# nightly toolchain; without nightly it falls back to the stable toolchain with
# RUSTC_BOOTSTRAP=1, which accepts the unstable sanitizer flags cargo-fuzz passes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-60}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

toolchain=(+nightly)
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "no nightly toolchain: using stable with RUSTC_BOOTSTRAP=1"
    toolchain=()
    export RUSTC_BOOTSTRAP=1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
echo "building ${targets[*]}"
cargo "${toolchain[@]}" fuzz build

run() {
    local target="$1"
    mkdir -p "$scratch/corpus/$target" "$scratch/artifacts/$target"
    cp seeds/"$target"/* "$scratch/corpus/$target/"
    cargo "${toolchain[@]}" fuzz run "$target" "$scratch/corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$scratch/artifacts/$target/" >"$scratch/$target.log" 2>&1
}

report() {
    local target="$1" status="$2"
    local runs
    runs="$(grep -Eo '^stat::number_of_executed_units: *[0-9]+' "$scratch/$target.log" | grep -Eo '[0-9]+$' || echo '?')"
    local rate
    rate="$(grep -Eo '^stat::average_exec_per_sec: *[0-9]+' "$scratch/$target.log" | grep -Eo '[0-9]+$' || echo '?')"
    if [[ "$status" == 0 ]]; then
        printf '%-20s ok: %s runs, %s/s\n' "$target" "$runs" "$rate"
        return 0
    fi
    printf '%-20s FAILED (exit %s)\n' "$target" "$status"
    tail -n 40 "$scratch/$target.log"
    for crash in "$scratch/artifacts/$target"/*; do
        [[ -e "$crash" ]] || continue
        echo "crash input $(basename "$crash") (base64): $(base64 -w0 "$crash")"
    done
    return 1
}

failed=0
# Two at a time: one per core.
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    pids=()
    batch=("${targets[@]:i:2}")
    for target in "${batch[@]}"; do
        run "$target" &
        pids+=($!)
    done
    for j in "${!batch[@]}"; do
        status=0
        wait "${pids[$j]}" || status=$?
        report "${batch[$j]}" "$status" || failed=1
    done
done
exit "$failed"
