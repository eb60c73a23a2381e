"""Properties over generated input: the parse/print round trip, and no input — any text, any
parameters, any dicts — gets anything but a Python exception of the documented kinds (a Rust
panic would surface as ``pyo3_runtime.PanicException``, which none of these catch)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sailpoint_filters import Filter, FilterError, catalog, parse
from strategies import accounts, filter_text

ACCOUNTS = catalog.operation("listAccountsV1")


@given(filter_text())
@settings(max_examples=300)
def test_printing_round_trips(text: str) -> None:
    try:
        filter = parse(text)
    except FilterError as err:
        # Generated numbers may be out of range, dates invalid: then the error has a position.
        assert err.kind in {"number_out_of_range", "invalid_date_time"}, str(err)
        assert err.span is not None and 0 <= err.span[0] <= err.span[1] <= len(text)
        return
    printed = str(filter)
    again = parse(printed)
    assert again == filter
    assert str(again) == printed
    assert parse(printed, strict=True) == filter
    assert Filter.from_dict(filter.to_dict()) == filter


@given(st.text(max_size=200), st.booleans())
@settings(max_examples=500)
def test_any_text_parses_or_is_a_filter_error(text: str, strict: bool) -> None:
    try:
        parse(text, strict=strict)
    except FilterError as err:
        assert err.problems and str(err)
        assert err.span is None or 0 <= err.span[0] <= err.span[1] <= len(text)
        assert err.error_body["detailCode"] == "400.1 Bad Request Content"


@given(
    st.one_of(st.none(), st.text(max_size=80)),
    st.one_of(st.none(), st.text(max_size=40)),
    st.one_of(st.none(), st.integers(), st.text(max_size=6)),
    st.one_of(st.none(), st.integers(), st.text(max_size=6)),
    st.one_of(st.none(), st.booleans(), st.text(max_size=6)),
)
@settings(max_examples=300)
def test_any_parameters_check_or_are_a_filter_error(filters: Any, sorters: Any, limit: Any, offset: Any, count: Any) -> None:
    try:
        checked = ACCOUNTS.check(filters=filters, sorters=sorters, limit=limit, offset=offset, count=count)
    except FilterError as err:
        for problem in err.problems:
            text = {"filters": filters, "sorters": sorters}.get(problem.parameter or "")
            if problem.span is not None:
                assert isinstance(text, str) and 0 <= problem.span[0] <= problem.span[1] <= len(text)
        return
    # What check gives is accepted as it is.
    assert ACCOUNTS.check(**checked) == checked


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
ODD = st.one_of(JSON, st.sampled_from([{1, 2}, object(), b"bytes", math.nan, (1, "x")]))
FIELDS = st.sampled_from(["name", "created", "identity", "identity.name", "entitlements", "uncorrelated", "x"])
RECORDS = st.lists(st.one_of(st.dictionaries(st.one_of(FIELDS, st.text(max_size=4)), ODD, max_size=5), ODD), max_size=6)


@given(RECORDS, st.sampled_from(['name sw "a"', "created gt 2024-01-01T00:00:00Z", "identity.name eq 1", "entitlements eq true", "uncorrelated eq false", None]), st.sampled_from(["name", "-created", "identity.name,-entitlements", None]))
@settings(max_examples=400)
def test_any_records_run_or_are_refused(records: list[Any], filters: Any, sorters: Any) -> None:
    try:
        page = ACCOUNTS.run(records, filters=filters, sorters=sorters)
    except (TypeError, ValueError) as err:
        assert str(err).startswith("records[")
        return
    assert page.total <= len(records)
    assert all(any(item is record for record in records) for item in page.items)


@given(accounts())
@settings(max_examples=25, deadline=None)
def test_generated_records_are_json(records: list[dict[str, Any]]) -> None:
    assert ACCOUNTS.run(records).items == records
