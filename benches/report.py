#!/usr/bin/env python3
"""Prints the benches' results as the tables of benches/README.md, with each target's ratio.

Run after `cargo bench` (or one bench): `python3 benches/report.py [TARGET_DIR]`. It reads
criterion's estimates from TARGET_DIR/criterion (default: $CARGO_TARGET_DIR or ./target) and
uses the median of each benchmark's samples, which a busy machine disturbs less than the mean.
Ratios compare benchmarks of the same run.
"""

import json
import math
import os
import sys

TARGET = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target")
ROOT = os.path.join(TARGET, "criterion")


def median_ns(*path):
    """The median sample time in nanoseconds, or None when the benchmark has not run."""
    file = os.path.join(ROOT, *path, "new", "estimates.json")
    try:
        with open(file) as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def show(ns):
    if ns is None:
        return "–"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:,.3g} {unit}"
    return f"{ns:,.0f} ns"


def times(r):
    return "–" if r is None else f"{r:.2f}×"


def ratio(a, b):
    return None if a is None or b is None else a / b


def verdict(value, limit, at_most=True):
    if value is None:
        return "not run"
    ok = value <= limit if at_most else value >= limit
    return "met" if ok else "not met"


def corpus_ratios():
    """(index, ours, scim-filter, ratio) for each corpus filter that has run, in order."""
    rows = []
    for i in range(1000):
        ours = median_ns("corpus", "ours", f"{i:02}")
        scim = median_ns("corpus", "scim-filter", f"{i:02}")
        if ours is None or scim is None:
            break
        rows.append((i, ours, scim, ours / scim))
    return rows


def corpus_texts():
    """The corpus filters by index, as the corpus bench wrote them beside its results."""
    try:
        with open(os.path.join(ROOT, "corpus", "filters.txt")) as f:
            return [line.rstrip("\n") for line in f]
    except FileNotFoundError:
        return []


def geomean(values):
    values = list(values)
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


DIAGNOSTICS = (
    "unterminated-string",
    "uppercase-operator",
    "symbol-operator",
    "missing-condition",
    "unclosed-parenthesis",
)


def main():
    print(f"cores: {os.cpu_count()}")
    print()
    print("| target | ours | peer / baseline | ratio | goal | verdict |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, goal in (("seed", 1.0), ("long", 0.5)):
        ours = median_ns("parse", name, "ours")
        scim = median_ns("parse", name, "scim-filter")
        r = ratio(ours, scim)
        print(
            f"| 1. parse {name} vs scim-filter | {show(ours)} | {show(scim)} | "
            f"{times(r)} | ≤ {goal}× | {verdict(r, goal)} |"
        )
    rows = corpus_ratios()
    g = geomean(r for *_, r in rows)
    print(
        f"| 1. parse corpus ({len(rows)} spec filters) vs scim-filter, geometric mean | "
        f"{show(geomean(o for _, o, _, _ in rows))} | {show(geomean(s for _, _, s, _ in rows))} | "
        f"{times(g)} | ≤ 0.8× | {verdict(g, 0.8)} |"
    )
    diag = [
        (name, median_ns("diagnostic", name, "malformed"), median_ns("diagnostic", name, "well-formed"))
        for name in DIAGNOSTICS
    ]
    worst = max(diag, key=lambda d: ratio(d[1], d[2]) or 0)
    r = ratio(worst[1], worst[2])
    print(
        f"| 1. parse diagnostic vs well-formed of the same length, worst ({worst[0]}) | "
        f"{show(worst[1])} | {show(worst[2])} | {times(r)} | ≤ 3× | {verdict(r, 3)} |"
    )
    matcher = median_ns("eval", "matcher", "1M")
    closure = median_ns("eval", "closure", "1M")
    scim = median_ns("eval-scim", "scim_filter", "1M")
    r = ratio(matcher, closure)
    print(
        f"| 2. eval 1M vs hand-written closure | {show(matcher)} | {show(closure)} | "
        f"{r and f'{r:.2f}×'} | ≤ 1.3× | {verdict(r, 1.3)} |"
    )
    r = ratio(matcher, scim)
    print(
        f"| 2. eval 1M vs scim_filter | {show(matcher)} | {show(scim)} | "
        f"{r and f'1/{1 / r:,.0f}'} | ≤ 1/30 | {verdict(r, 1 / 30)} |"
    )
    ours = median_ns("eval-scim", "matcher_json", "100k")
    scim = median_ns("eval-scim", "scim_match_json", "100k")
    r = ratio(ours, scim)
    print(
        f"| (2. eval 100k JSON, matching only) | {show(ours)} | {show(scim)} | "
        f"{r and f'1/{1 / r:,.0f}'} | – | – |"
    )
    run = median_ns("query", "run", "1M")
    naive = median_ns("query", "filter_sort_slice", "1M")
    r = ratio(naive, run)
    print(
        f"| 3. query 1M vs filter, full sort, slice | {show(run)} | {show(naive)} | "
        f"{r and f'{r:.2f}× faster'} | ≥ 3× | {verdict(r, 3, at_most=False)} |"
    )
    for name, label in (("page", "4. SQLite store, broad page + count, 1M"), ("selective", "4. SQLite store, selective filter, 1M")):
        store = median_ns("sql", "sqlite", name)
        memory = median_ns("sql", "memory", name)
        r = ratio(memory, store)
        print(
            f"| {label} vs run | {show(store)} | {show(memory)} | "
            f"{r and (f'{r:.2f}× faster' if r >= 1 else f'{1 / r:.2f}× slower')} | – | – |"
        )
    load = median_ns("sql", "sqlite_load", "100k")
    print(
        f"| 4. SQLite load, per 1M sessions (100k × 10) | {show(load and load * 10)} | – | – | – | – |"
    )
    print()
    print("| filter | ours | scim-filter | pest floor | floor / scim-filter | ours / floor | render |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in ("seed", "long"):
        ours = median_ns("parse", name, "ours")
        scim = median_ns("parse", name, "scim-filter")
        floor = median_ns("parse", name, "pest-floor")
        render = median_ns("render", name)
        r1, r2 = ratio(floor, scim), ratio(ours, floor)
        print(
            f"| {name} | {show(ours)} | {show(scim)} | {show(floor)} | "
            f"{times(r1)} | {times(r2)} | {show(render)} |"
        )
    print()
    print("| malformed filter | diagnosis | well-formed, same length | ratio |")
    print("| --- | --- | --- | --- |")
    for name, bad, good in diag:
        print(f"| {name} | {show(bad)} | {show(good)} | {times(ratio(bad, good))} |")
    print()
    if rows:
        ordered = sorted(r for *_, r in rows)
        print(
            f"Corpus: {len(rows)} filters; ours / scim-filter per filter: geometric mean {g:.2f}×, "
            f"least {ordered[0]:.2f}×, median {ordered[len(ordered) // 2]:.2f}×, "
            f"most {ordered[-1]:.2f}×; {sum(r <= 0.8 for r in ordered)} at or under 0.8×, "
            f"{sum(r <= 1.0 for r in ordered)} at or under 1.0×."
        )
        print()
        texts = corpus_texts()
        print("<details><summary>Each corpus filter</summary>")
        print()
        print("| # | filter | ours | scim-filter | ratio |")
        print("| --- | --- | --- | --- | --- |")
        for i, ours, scim, r in rows:
            text = texts[i] if i < len(texts) else "?"
            print(f"| {i:02} | `{text}` | {show(ours)} | {show(scim)} | {r:.2f}× |")
        print()
        print("</details>")
        print()
    print("| records | closure | matcher | matcher / closure | query run | filter, sort, slice | speed-up |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for size in ("10k", "100k", "1M"):
        closure = median_ns("eval", "closure", size)
        matcher = median_ns("eval", "matcher", size)
        run = median_ns("query", "run", size)
        naive = median_ns("query", "filter_sort_slice", size)
        r1, r2 = ratio(matcher, closure), ratio(naive, run)
        print(
            f"| {size} | {show(closure)} | {show(matcher)} | {r1 and f'{r1:.2f}×'} | "
            f"{show(run)} | {show(naive)} | {r2 and f'{r2:.2f}×'} |"
        )
    print()
    print("Per record (time ÷ records), for the growth:")
    print()
    print("| records | closure | matcher | query run | filter, sort, slice |")
    print("| --- | --- | --- | --- | --- |")
    for size, n in (("10k", 1e4), ("100k", 1e5), ("1M", 1e6)):
        cells = [
            median_ns(*path, size)
            for path in (("eval", "closure"), ("eval", "matcher"), ("query", "run"), ("query", "filter_sort_slice"))
        ]
        print(f"| {size} | " + " | ".join("–" if c is None else f"{c / n:.1f} ns" for c in cells) + " |")
    matrix()


# The operator matrix (benches/matrix/mod.rs): each row's matcher against its closure.
MATRIX = (
    ("eq", "eq"),
    ("ne", "ne"),
    ("sw", "sw"),
    ("co", "co"),
    ("in5", "in, 5 values"),
    ("gt-date", "gt, date-time"),
    ("ge-int", "ge, integer"),
    ("isnull", "isnull"),
    ("not-co", "not over co"),
    ("ca", "ca, string collection"),
)


def matrix():
    print()
    print("Operator matrix: matcher / hand-written closure, typed (1M) and JSON (100k) records.")
    print()
    print("| row | typed: matcher | closure | ratio | verdict | JSON: matcher | closure | ratio | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for op, label in MATRIX:
        cells = []
        for kind in ("typed", "json"):
            ours = median_ns("eval-matrix", f"{op}-{kind}", "matcher")
            closure = median_ns("eval-matrix", f"{op}-{kind}", "closure")
            r = ratio(ours, closure)
            cells += [show(ours), show(closure), times(r), verdict(r, 1.2)]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[2:3] == ["matrix"]:
        matrix()
    else:
        main()
