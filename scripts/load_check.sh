#!/usr/bin/env bash
# Load check (not part of CI): wrk, 64 connections for 30 s each, against `spfilter serve` with a
# filtered, sorted, paged, counted query, three runs on the same server, each followed by a run
# against the fair baseline (examples/baseline_server.rs: the same response body bytes and
# headers, computed once at its start, with the same request log and server loop, so that the
# ratio measures the query path); then one run against a trivial axum handler on the same
# server loop (examples/trivial_server.rs) as the ceiling. All are release builds on loopback.
#
#   bash scripts/load_check.sh     # DURATION=30s CONNECTIONS=64 THREADS=2 RUNS=3 by default
#
# Needs wrk and curl (installed with apt-get when missing and run as root on Debian). Prints
# requests/s, p99 latency and errors of each run, the server's resident memory (RSS) before
# the first run and after each, the ratio spfilter / baseline of each pair of runs and of their
# totals (goal: at least 0.6), and the ratio to the trivial handler; exits non-zero if a run
# had a socket error or a non-2xx response, if the baseline's body differs from spfilter's, or
# if the server's memory grew by more than a quarter from the first run to the last.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-target}"

for tool in wrk curl; do
    if ! command -v "$tool" >/dev/null; then
        if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
            apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null
        else
            echo "$tool is not installed (Debian: apt-get install $tool)" >&2
            exit 1
        fi
    fi
done

cargo build --quiet --release --features cli --bin spfilter --example trivial_server \
    --example baseline_server

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
        if [[ -s "$work/$name.out" ]] && read -r line <"$work/$name.out" &&
            [[ "$line" == "listening on "* ]]; then
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

# Resident memory of a process, in KiB.
rss() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

start spfilter "$target/release/spfilter" serve --addr 127.0.0.1:0
fake_pid="${pids[-1]}"
fake_url="$url/beta/role-mining-sessions?$query"
start baseline "$target/release/examples/baseline_server" 127.0.0.1:0 "$query"
baseline_url="$url/beta/role-mining-sessions?$query"
echo "checking $fake_url"
curl -sf -H 'Authorization: Bearer load-check' -D "$work/spfilter.head" "$fake_url" >"$work/spfilter.body"
curl -sf -H 'Authorization: Bearer load-check' -D "$work/baseline.head" "$baseline_url" >"$work/baseline.body"
if ! cmp -s "$work/spfilter.body" "$work/baseline.body"; then
    echo "the baseline's body differs from spfilter's" >&2
    exit 1
fi
echo "both answer $(wc -c <"$work/spfilter.body") body bytes, X-Total-Count $(
    awk -F': ' 'tolower($1) == "x-total-count" {print $2}' "$work/spfilter.head" | tr -d '\r'
)"
rss_before="$(rss "$fake_pid")"
results=()
baseline_results=()
rss_after=()
for run in $(seq "$runs"); do
    echo "wrk -t$threads -c$connections -d$duration: spfilter serve, run $run of $runs"
    read -r rps p99 errors < <(load "spfilter-$run" "$fake_url")
    results+=("$rps $p99 $errors")
    rss_after+=("$(rss "$fake_pid")")
    echo "wrk -t$threads -c$connections -d$duration: baseline (same bytes, no query), run $run of $runs"
    read -r rps p99 errors < <(load "baseline-$run" "$baseline_url")
    baseline_results+=("$rps $p99 $errors")
done

start trivial "$target/release/examples/trivial_server" 127.0.0.1:0
trivial_url="$url/"
echo "wrk -t$threads -c$connections -d$duration: trivial axum handler"
read -r trivial_rps trivial_p99 trivial_errors < <(load trivial "$trivial_url")

echo
cat "$work/spfilter-$runs.wrk"
echo
cat "$work/baseline-$runs.wrk"
echo
cat "$work/trivial.wrk"
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-26s %14s %10s %8s %14s %8s\n' "" "requests/s" "p99" "errors" "RSS after" "ratio"
printf '%-26s %14s %10s %8s %11s KiB\n' "spfilter serve, start" "" "" "" "$rss_before"
failed=0
sum=0
baseline_sum=0
for run in $(seq "$runs"); do
    read -r rps p99 errors <<<"${results[$((run - 1))]}"
    read -r base_rps base_p99 base_errors <<<"${baseline_results[$((run - 1))]}"
    ratio="$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')"
    printf '%-26s %14s %10s %8s %11s KiB %8s\n' "spfilter serve, run $run" "$rps" "$p99" "$errors" \
        "${rss_after[$((run - 1))]}" "$ratio"
    printf '%-26s %14s %10s %8s\n' "baseline, run $run" "$base_rps" "$base_p99" "$base_errors"
    [[ "$errors" == 0 && "$base_errors" == 0 ]] || failed=1
    sum="$(awk -v a="$sum" -v b="$rps" 'BEGIN { print a + b }')"
    baseline_sum="$(awk -v a="$baseline_sum" -v b="$base_rps" 'BEGIN { print a + b }')"
done
printf '%-26s %14s %10s %8s\n' "trivial axum handler" "$trivial_rps" "$trivial_p99" "$trivial_errors"
[[ "$trivial_errors" == 0 ]] || failed=1
awk -v a="$sum" -v b="$baseline_sum" -v r="$runs" \
    'BEGIN { printf "ratio spfilter / baseline over %d runs: %.2f (goal: at least 0.60)\n", r, a / b }'
read -r last_rps _ _ <<<"${results[$((runs - 1))]}"
awk -v a="$last_rps" -v b="$trivial_rps" 'BEGIN { printf "ratio (spfilter run %d / trivial): %.2f\n", '"$runs"', a / b }'
echo "spfilter serve logged $(grep -c '^GET ' "$work/spfilter.log") requests, the baseline $(grep -c '^GET ' "$work/baseline.log")"

if [[ "$failed" != 0 ]]; then
    echo "errors under load" >&2
    exit 1
fi
first="${rss_after[0]}"
last="${rss_after[$((runs - 1))]}"
if ((last * 4 > first * 5)); then
    echo "the server's memory grew from $first KiB after run 1 to $last KiB after run $runs" >&2
    exit 1
fi
