#!/usr/bin/env bash
# Load check (not part of CI): wrk, 64 connections for 30 s each, against `spfilter serve` with a
# filtered, sorted, paged, counted query, and against a trivial axum handler on the same server
# loop (examples/trivial_server.rs) as the ceiling. Both are release builds on loopback.
#
#   bash scripts/load_check.sh              # DURATION=30s CONNECTIONS=64 THREADS=2 by default
#
# Needs wrk (Debian: `apt-get install wrk`). Prints requests/s, p99 latency and errors of both,
# and their ratio; exits non-zero if either run had a socket error or a non-2xx response.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
target="${CARGO_TARGET_DIR:-target}"

if ! command -v wrk >/dev/null; then
    echo "wrk is not installed (Debian: apt-get install wrk)" >&2
    exit 1
fi

cargo build --quiet --release --features cli --bin spfilter --example trivial_server

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# Starts a server printing `listening on http://ADDR`; sets $url.
start() {
    local name="$1"
    shift
    "$@" >"$work/$name.out" 2>"$work/$name.log" &
    pids+=($!)
    url=""
    for _ in $(seq 300); do
        if read -r line <"$work/$name.out" 2>/dev/null && [[ "$line" == "listening on "* ]]; then
            url="${line#listening on }"
            return
        fi
        sleep 0.1
    done
    echo "$name did not start" >&2
    cat "$work/$name.log" >&2
    exit 1
}

# Runs wrk; prints `requests/s p99 errors` and keeps wrk's report in $work/$name.wrk.
load() {
    local name="$1" url="$2"
    wrk --latency -t "$threads" -c "$connections" -d "$duration" \
        -H 'Authorization: Bearer load-check' "$url" >"$work/$name.wrk"
    local rps p99 non2xx socket
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.wrk")"
    p99="$(awk '$1 == "99%" {print $2}' "$work/$name.wrk")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/$name.wrk")"
    socket="$(awk -F'[ ,]+' '/Socket errors:/ {print $4 + $6 + $8 + $10}' "$work/$name.wrk")"
    echo "$rps $p99 $((${non2xx:-0} + ${socket:-0}))"
}

query='filters=saved+eq+%22true%22+and+name+sw+%22RM+Session%22&sorters=-createdDate,createdBy&offset=2&limit=5&count=true'

start spfilter "$target/release/spfilter" serve --addr 127.0.0.1:0
fake_url="$url/beta/role-mining-sessions?$query"
echo "checking $fake_url"
curl -sf -H 'Authorization: Bearer load-check' "$fake_url" >/dev/null
echo "wrk -t$threads -c$connections -d$duration: spfilter serve"
read -r fake_rps fake_p99 fake_errors < <(load spfilter "$fake_url")

start trivial "$target/release/examples/trivial_server" 127.0.0.1:0
trivial_url="$url/"
echo "wrk -t$threads -c$connections -d$duration: trivial axum handler"
read -r trivial_rps trivial_p99 trivial_errors < <(load trivial "$trivial_url")

echo
cat "$work/spfilter.wrk"
echo
cat "$work/trivial.wrk"
echo
printf '%-24s %14s %10s %8s\n' "" "requests/s" "p99" "errors"
printf '%-24s %14s %10s %8s\n' "spfilter serve" "$fake_rps" "$fake_p99" "$fake_errors"
printf '%-24s %14s %10s %8s\n' "trivial axum handler" "$trivial_rps" "$trivial_p99" "$trivial_errors"
awk -v a="$fake_rps" -v b="$trivial_rps" 'BEGIN { printf "ratio (spfilter / trivial): %.2f\n", a / b }'
echo "spfilter serve logged $(grep -c '^GET ' "$work/spfilter.log") requests"

if [[ "$fake_errors" != 0 || "$trivial_errors" != 0 ]]; then
    echo "errors under load" >&2
    exit 1
fi
