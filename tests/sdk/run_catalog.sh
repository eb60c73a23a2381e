#!/usr/bin/env bash
# End-to-end test with SailPoint's official Python SDK (pinned in requirements.txt) on fakes of
# two catalog endpoints: starts `spfilter serve --fake listAccountsV1=… --fake
# listIdentitiesV1=…` on a free loopback port and runs test_catalog_fakes.py against it.
#
# Needs python3 (with venv) and access to PyPI; the virtualenv is made once under the cargo
# target directory and reused. Run from anywhere: `bash tests/sdk/run_catalog.sh`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target="${CARGO_TARGET_DIR:-target}"
venv="$target/sdk-venv"
here="tests/sdk"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating $venv"
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

# All features: the build the test command (`cargo test --all-features`) has already made.
cargo build --quiet --all-features --bin spfilter
binary="$target/debug/spfilter"

work="$(mktemp -d)"
server=""
stop() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop EXIT

token="sdk-test-$RANDOM$RANDOM"
data="tests/data/catalog"
"$binary" serve --addr 127.0.0.1:0 --token "$token" \
    --fake "listAccountsV1=$data/accounts.json" --fake "listIdentitiesV1=$data/identities.json" \
    >"$work/stdout" 2>"$work/log" &
server=$!

# Wait (at most 30 s) for `listening on http://127.0.0.1:PORT`.
url=""
for _ in $(seq 300); do
    if read -r line <"$work/stdout" 2>/dev/null && [[ "$line" == "listening on "* ]]; then
        url="${line#listening on }"
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [[ -z "$url" ]]; then
    echo "spfilter serve did not start:" >&2
    cat "$work/log" >&2
    exit 1
fi
echo "spfilter serve at $url"

status=0
SPFILTER_URL="$url" SPFILTER_TOKEN="$token" SPFILTER_DATA="$data" "$venv/bin/python" "$here/test_catalog_fakes.py" -v || status=$?

# The server stops cleanly on SIGTERM.
kill -TERM "$server"
server_status=0
wait "$server" || server_status=$?
server=""
if [[ $status -ne 0 || $server_status -ne 0 ]]; then
    echo "server log:" >&2
    tail -n 50 "$work/log" >&2
    [[ $server_status -ne 0 ]] && echo "spfilter serve exited with status $server_status" >&2
    exit 1
fi
echo "$(grep -c '^GET ' "$work/log") requests served, server stopped cleanly"
