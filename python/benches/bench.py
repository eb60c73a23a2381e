"""Timings of the Python package, each beside its baseline measured in the same run.

    python python/benches/bench.py    # with the package installed (python/run_tests.sh's venv)

- import: ``import sailpoint_filters`` (and the catalog, and a first operation lookup) in a
  fresh interpreter, beside ``python -c pass``;
- check: one ``Operation.check`` call (``benches/check.rs`` times the same call in Rust);
- evaluation: ``Operation.run`` over 100,000 SailPoint-shaped account dicts (filter, sort,
  count, first page) beside a hand-written list comprehension plus ``sorted()`` doing the
  same filter and sort.

Each timing is the median of several runs; the machine drifts, so compare the ratios.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Any, Callable

from sailpoint_filters import catalog

RUNS = 15


def median_seconds(action: Callable[[], Any], runs: int = RUNS, per_run: int = 1) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(per_run):
            action()
        times.append((time.perf_counter() - started) / per_run)
    return statistics.median(times)


def interpreter(code: str) -> float:
    return median_seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True), runs=11)


def account(i: int) -> dict[str, Any]:
    first = ["Alice", "alan", "Bob", "ALBERT", "Carol", "dave", "Eve", "frank", "Grace", "Ünal"][i % 10]
    return {
        "id": f"2c9180835d2e5168015d{i:012x}",
        "name": f"{first} {i}",
        "nativeIdentity": f"{first.lower()}.{i}",
        "sourceId": ["2c9180835d2e5168015d32f890ca1581", "2c91808b6ef1d43e016efba0ce470904"][i % 2],
        "sourceName": ["Workday", "Active Directory"][i % 2],
        "identityId": f"2c9180857{i:023x}",
        "created": f"20{20 + i % 6}-{1 + i % 12:02}-{1 + i % 28:02}T{i % 24:02}:{i % 60:02}:00Z",
        "modified": "2025-01-10T09:30:00.5Z",
        "attributes": {"department": "Sales", "title": "Engineer"},
        "authoritative": i % 3 == 0,
        "disabled": False,
        "locked": False,
        "systemAccount": False,
        "uncorrelated": i % 4 == 0,
        "manuallyCorrelated": False,
        "hasEntitlements": i % 2 == 0,
        "origin": "AGGREGATED",
        "identity": {"id": f"i{i}", "type": "IDENTITY", "name": first.lower()},
    }


def main() -> None:
    base = interpreter("pass")
    imported = interpreter("import sailpoint_filters")
    looked_up = interpreter("from sailpoint_filters import catalog; catalog.operation('listAccountsV1').check(filters='name eq \"x\"')")
    print(f"import sailpoint_filters: {(imported - base) * 1e3:.1f} ms (python -c pass: {base * 1e3:.1f} ms)")
    print(f"  … and a first check for listAccountsV1: {(looked_up - base) * 1e3:.1f} ms")

    op = catalog.operation("listAccountsV1")
    params = dict(
        filters='sourceId eq "2c9180835d2e5168015d32f890ca1581" and uncorrelated eq true and created gt 2024-01-01T00:00:00Z',
        sorters="name,-created",
        limit=100,
        count=True,
    )
    check = median_seconds(lambda: op.check(**params), per_run=2000)
    print(f"one check call: {check * 1e6:.1f} µs")

    records = [account(i) for i in range(100_000)]
    query = dict(filters='name sw "al" and uncorrelated eq false', sorters="-created", limit=250, count=True)

    def binding() -> tuple[list[dict[str, Any]], int]:
        page = op.run(records, **query)
        return page.items, page.total

    def comprehension() -> tuple[list[dict[str, Any]], int]:
        matches = [r for r in records if r["name"].lower().startswith("al") and r["uncorrelated"] is False]
        return sorted(matches, key=lambda r: r["created"], reverse=True)[:250], len(matches)

    mine, theirs = binding(), comprehension()
    assert mine[1] == theirs[1] and [r["created"] for r in mine[0]] == [r["created"] for r in theirs[0]]
    run = median_seconds(binding)
    baseline = median_seconds(comprehension)
    print(
        f"evaluation of 100k dicts: {run * 1e3:.1f} ms; comprehension + sorted(): {baseline * 1e3:.1f} ms; "
        f"ratio {run / baseline:.2f} (goal: at most 1.00)"
    )


if __name__ == "__main__":
    main()
