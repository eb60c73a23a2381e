#!/usr/bin/env bash
# The Python package's tests, as a user gets the package: builds the wheel from this checkout
# with `pip install ./python` (maturin from PyPI, dev profile) into a virtualenv, then runs
# pytest against the installed package — unit tests, hypothesis properties, SailPoint's Python
# SDK (pinned) against the in-process fake, evaluation against `spfilter query` — and mypy
# (pinned, strict) over the package and the tests.
#
# Needs python3 (with venv), cargo and access to PyPI. The virtualenv is made once under the
# cargo target directory and reused; the package is rebuilt and reinstalled every run (cargo
# rebuilds only what changed). Run from anywhere: `bash python/run_tests.sh [PYTEST ARGS…]`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/python-venv"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating $venv"
    python3 -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install -r python/requirements-test.txt

# The dev profile, not pip's default release build: the test build shares target/debug with
# `cargo test` (the core crate's dependencies are compiled once for both) and builds in a
# fraction of the time. Users' `pip install ./python` builds in release.
started=$SECONDS
"${pip[@]}" install --force-reinstall --no-deps --config-settings=build-args="--profile dev" ./python
echo "pip install ./python (dev profile): $((SECONDS - started)) s"

# The cargo-built `spfilter` (for the differential test and the comparison with the installed
# command): the binary `cargo test --all-features` builds for its CLI tests — a no-op after the
# README's test command has run them (`cargo build` would resolve features without the
# dev-dependencies' and build it again).
cargo test --quiet --all-features --no-run --test cli
export SPFILTER="$target/debug/spfilter"

# From outside the checkout, so that `import sailpoint_filters` is the installed package.
cd "$target"
"$venv/bin/python" -m pytest -p no:cacheprovider "$root/python/tests" "$@"
mypy=("$venv/bin/python" -m mypy --config-file "$root/python/pyproject.toml")
"${mypy[@]}" -p sailpoint_filters
"${mypy[@]}" "$root/python/tests"
