"""Evaluation over Python records: the page holds the very dicts given, in order, with the
total; SailPoint's semantics (case, nulls, collections, date-times); errors for records that
are not JSON data."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest

from records import accounts, identities
from sailpoint_filters import FilterError, catalog

ACCOUNTS = catalog.operation("listAccountsV1")
IDENTITIES = catalog.operation("listIdentitiesV1")
SESSIONS = catalog.operation("getRoleMiningSessionsV1")


def names(records: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in records]


def test_the_page_holds_the_records_given_in_order_and_the_total() -> None:
    records = accounts(24)
    page = ACCOUNTS.run(records, filters='name sw "al"', sorters="-created", limit=3, offset=1)
    matches = [r for r in records if r["name"].lower().startswith("al")]
    expected = sorted(matches, key=lambda r: r["created"], reverse=True)[1:4]
    assert page.total == len(matches) == 8
    assert page.items == expected
    assert all(any(item is r for r in records) for item in page.items)
    assert len(page) == 3 and list(page) == page.items
    assert repr(page) == "Page(items=<3 records>, total=8)"


def test_without_parameters_every_record_in_stored_order() -> None:
    records = identities(5)
    page = IDENTITIES.run(records)
    assert page.items == records and page.total == 5
    assert IDENTITIES.run(iter(records), limit=2).items == records[:2]


def test_strings_compare_ignoring_case_unicode_included() -> None:
    records = [{"name": n} for n in ["Ünal", "ünal", "UNAL", "straße", "STRASSE"]]
    assert names(IDENTITIES.run(records, filters='name eq "üNAL"').items) == ["Ünal", "ünal"]
    assert names(IDENTITIES.run(records, filters='name sw "STRA"').items) == ["straße", "STRASSE"]
    assert names(IDENTITIES.run(records, filters='name eq "strasse"').items) == ["STRASSE"]


def test_nulls_and_missing_fields() -> None:
    records: list[dict[str, Any]] = [{"name": "a", "alias": None}, {"name": "b"}, {"name": "c", "alias": "x"}]
    assert names(IDENTITIES.run(records, filters='alias eq "x"').items) == ["c"]
    assert names(IDENTITIES.run(records, filters='not alias eq "x"').items) == ["a", "b"]
    # Nulls sort after every value ascending, first descending.
    assert names(IDENTITIES.run(records, sorters="alias").items) == ["c", "a", "b"]
    assert names(IDENTITIES.run(records, sorters="-alias").items) == ["a", "b", "c"]


def test_date_times_compare_by_instant_and_datetime_objects_are_read() -> None:
    records: list[dict[str, Any]] = [
        {"name": "later", "created": "2024-03-02T00:00:00Z"},
        {"name": "object", "created": datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)},
        {"name": "text", "created": "2024-03-01T10:00:00+02:00"},
    ]
    page = ACCOUNTS.run(records, filters="created lt 2024-03-01T08:30:00Z")
    assert names(page.items) == ["text"]
    assert names(ACCOUNTS.run(records, sorters="created").items) == ["text", "object", "later"]


def test_nested_fields_and_objects() -> None:
    records = accounts(8)
    page = ACCOUNTS.run(records, filters='identity.name sw "al"')
    assert names(page.items) == [r["name"] for r in records if r["identity"] and r["identity"]["name"].startswith("al")]
    # A field holding an object is present but equal to nothing.
    assert ACCOUNTS.run([{"name": {"first": "a"}}], filters='name eq "a"').total == 0


def test_collections() -> None:
    records = [{"key": "a", "objectTypes": ["role", "entitlement"]}, {"key": "b", "objectTypes": ["role"]}]
    op = catalog.operation("listAccessModelMetadataAttributeV1")
    assert [r["key"] for r in op.run(records, filters='objectTypes eq "ENTITLEMENT"').items] == ["a"]


def test_the_query_is_checked_first() -> None:
    with pytest.raises(FilterError) as caught:
        ACCOUNTS.run(accounts(3), filters='uncorrelated sw "x"', limit=-1)
    assert [p.kind for p in caught.value.problems] == ["limit", "operator_not_allowed"]


def test_records_that_are_not_json_data_are_refused_naming_them() -> None:
    with pytest.raises(TypeError, match=r"^records\[1\]: a record is a dict, not a `list`$"):
        ACCOUNTS.run([{"name": "a"}, ["name", "b"]])  # type: ignore[type-var]
    with pytest.raises(TypeError, match=r"^records\[0\], field `name`: a `set` is not a JSON value$"):
        ACCOUNTS.run([{"name": {"a"}}], filters='name eq "a"')
    with pytest.raises(ValueError, match=r"^records\[0\], field `identity.name`: nan is not a JSON number$"):
        ACCOUNTS.run([{"identity": {"name": math.nan}}], sorters="identity.name")
    naive = datetime.datetime(2024, 1, 1)
    with pytest.raises(ValueError, match=r"^records\[0\], field `created`: a naive `datetime`"):
        ACCOUNTS.run([{"created": naive}], filters="created gt 2020-01-01T00:00:00Z")
    # Fields the query does not read may hold anything.
    assert ACCOUNTS.run([{"name": "a", "other": {1, 2}, "x": math.nan}], filters='name eq "a"').total == 1


def test_large_integers_read_as_json_reads_them() -> None:
    op = catalog.operation("listAccessModelMetadataAttributeV1")
    records: list[dict[str, Any]] = [{"key": 2**70}, {"key": "x"}]
    assert op.run(records, filters='key eq "x"').total == 1


def test_sorting_orders_kinds_and_date_time_text_as_instants() -> None:
    records: list[dict[str, Any]] = [
        {"id": "offset", "created": "2024-01-01T02:00:00+02:00"},
        {"id": "null", "created": None},
        {"id": "later", "created": "2024-01-01T01:00:00Z"},
        {"id": "text", "created": "not a date"},
        {"id": "earlier", "created": "2023-12-31T23:30:00Z"},
        {"id": "number", "created": 5},
    ]
    expected = ["number", "earlier", "offset", "later", "text", "null"]
    assert [r["id"] for r in ACCOUNTS.run(records, sorters="created").items] == expected
    assert [r["id"] for r in ACCOUNTS.run(records, sorters="-created").items] == expected[::-1]
    # The same when the filter reads the field too.
    page = ACCOUNTS.run(records, filters="not created eq 1999-01-01T00:00:00Z", sorters="created")
    assert [r["id"] for r in page.items] == expected


def test_text_fields_compare_as_text_even_when_it_reads_as_a_date_time() -> None:
    records = [{"name": "2024-01-01T00:00:00.000Z"}, {"name": "2024-01-01T00:00:00Z"}, {"name": "2024-01-01T01:00:00+01:00"}]
    page = ACCOUNTS.run(records, filters='name eq "2024-01-01T00:00:00Z"', sorters="name")
    assert names(page.items) == ["2024-01-01T00:00:00Z"]


def test_page_is_generic_at_run_time_too() -> None:
    from sailpoint_filters import Page

    alias: Any = Page[dict[str, Any]]
    assert alias.__origin__ is Page and alias.__args__ == (dict[str, Any],)
