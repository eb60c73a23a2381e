"""Evaluation in Python equals ``spfilter query`` on the same data and parameters: the same
page, the same total, or the same error text.

``spfilter`` is the command installed beside the package, or the one the ``SPFILTER``
environment variable names (run_tests.sh builds it with cargo)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings

from sailpoint_filters import FilterError, catalog
from strategies import account_query, accounts

ACCOUNTS = catalog.operation("listAccountsV1")


def spfilter() -> str:
    found = os.environ.get("SPFILTER") or shutil.which("spfilter")
    if not found:
        pytest.fail("no spfilter command: set SPFILTER to its path (python/run_tests.sh does)")
    return found


def query_with_spfilter(records: list[dict[str, Any]], query: dict[str, Any]) -> tuple[int, str, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as data:
        json.dump(records, data)
    try:
        args = [spfilter(), "query", "--endpoint", "listAccountsV1", "--data", data.name]
        for name in ("filters", "sorters", "offset", "limit"):
            if name in query:
                args += [f"--{name}", str(query[name])]
        if query.get("count"):
            args.append("--count")
        done = subprocess.run(args, capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout, done.stderr
    finally:
        os.unlink(data.name)


# Records whose typed fields hold their types: `spfilter query --data` refuses others when it
# loads them, while evaluation over Python dicts reads what it is given.
@given(accounts(typed=True), account_query())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_evaluation_equals_spfilter_query(records: list[dict[str, Any]], query: dict[str, Any]) -> None:
    status, stdout, stderr = query_with_spfilter(records, query)
    try:
        page = ACCOUNTS.run(records, **query)
    except FilterError as err:
        event(f"refused: {err.stage}")
        assert status == 1, stdout
        assert stderr.rstrip("\n") == str(err)
        return
    assert status == 0, stderr
    event("empty page" if not page.items else "records on the page")
    assert json.loads(stdout) == page.items
    if query.get("count"):
        assert stderr == f"X-Total-Count: {page.total}\n"


def test_a_hand_picked_query_matches() -> None:
    records = [
        {"id": "a", "name": "Alice", "created": "2024-01-01T02:00:00+02:00"},
        {"id": "b", "name": "alan", "created": "2024-01-01T00:00:00Z"},
        {"id": "c", "name": "bob"},
    ]
    query: dict[str, Any] = {"filters": 'name sw "AL"', "sorters": "-created,name", "count": True}
    status, stdout, stderr = query_with_spfilter(records, query)
    page = ACCOUNTS.run(records, **query)
    assert (status, stderr) == (0, "X-Total-Count: 2\n")
    assert [r["id"] for r in json.loads(stdout)] == [r["id"] for r in page.items] == ["b", "a"]
