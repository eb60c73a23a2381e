#!/usr/bin/env bash
# Generated records against their schemas and SailPoint's Python SDK (pinned in
# requirements.txt):
#  1. validate_samples.py: `spfilter sample` for every operation of every API, each record
#     checked against the operation's response item schema by Python's `jsonschema`;
#  2. test_sdk_samples.py: one `spfilter serve` with generated fakes of every per-service
#     operation the SDK has a method for, each called through its typed method.
#
# Needs python3 (with venv) and access to PyPI; the virtualenv is made once under the cargo
# target directory and reused. Run from anywhere: `bash tests/sdk/run_samples.sh`.
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

"$venv/bin/python" "$here/validate_samples.py" "$binary" catalog
if [[ -f "$here/test_sdk_samples.py" ]]; then
    "$venv/bin/python" "$here/test_sdk_samples.py" "$binary" catalog
fi
