"""The builders per operation: ``sailpoint_filters.catalog.<service>.<sdk_method>`` modules
whose field objects build conditions and sort keys checked when built, and the query they make.
A refused operator or a value of the wrong type raises with the message the Rust checker gives
(compared with ``spfilter check --strict``, the Rust binary). The stubs refuse the same calls
before the code runs (the `type: ignore` comments here; test_typing.py)."""

from __future__ import annotations

import datetime
import importlib
import os
import subprocess
from typing import Any, Callable

import pytest

import sailpoint_filters.catalog.identities.list_identities_v1 as identities_op
from sailpoint_filters import Filter, FilterError, catalog
from sailpoint_filters.catalog import SortKey
from sailpoint_filters.catalog.accounts import list_accounts_v1 as op

UTC = datetime.timezone.utc


def test_modules_are_laid_out_as_the_sdks_classes_and_methods() -> None:
    assert op.operation == catalog.operation("listAccountsV1")
    assert identities_op.operation.sdk_name == "IdentitiesApi.list_identities_v1"
    accounts = importlib.import_module("sailpoint_filters.catalog.accounts")
    assert accounts.list_accounts_v1 is op
    made = 0
    for operation in catalog.operations():
        service = catalog.snake_case(operation.sdk_class.removesuffix("Api"))
        module = importlib.import_module(f"sailpoint_filters.catalog.{service}.{operation.sdk_method}")
        assert module.operation == operation
        made += 1
    assert made == 146
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("sailpoint_filters.catalog.accounts.list_accounts_v9")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("sailpoint_filters.catalog.no_such_service")


def test_fields_take_snake_case_names() -> None:
    assert op.source_id.name == "sourceId"
    assert op.identity_name.name == "identity.name"
    assert op.has_entitlements.info is not None and op.has_entitlements.info.type == "boolean"
    assert not hasattr(op, "sourceId")


def test_conditions_join_with_and_or_not() -> None:
    built = op.name.sw("RM") & op.source_id.in_(["a", "b"])
    assert isinstance(built, Filter)
    assert str(built) == 'name sw "RM" and sourceId in ("a", "b")'
    assert str(op.name.eq("x") | ~op.uncorrelated.eq(True)) == 'name eq "x" or not uncorrelated eq true'
    when = datetime.datetime(2024, 1, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert str(op.created.ge(when)) == "created ge 2024-01-01T00:00:00Z"
    assert str(op.recommendation_method.is_null()) == "recommendation.method isnull"
    assert str(op.manually_correlated.eq(False)) == "manuallyCorrelated eq false"


def test_a_query_gives_the_sdk_methods_keyword_arguments() -> None:
    query = op.query(
        filters=op.name.sw("al") & ~op.uncorrelated.eq(True),
        sorters=[op.created.desc(), op.name.asc()],
        limit=10,
        count=True,
    )
    assert query.sdk_kwargs() == {
        "filters": 'name sw "al" and not uncorrelated eq true',
        "sorters": "-created,name",
        "limit": 10,
        "count": True,
    }
    assert op.query(sorters=op.created.desc()).sdk_kwargs() == {"sorters": "-created"}
    assert op.query().sdk_kwargs() == {}
    assert op.created.desc() == SortKey("created", descending=True) and str(op.created.asc()) == "created"


def test_operations_that_spell_them_filter_and_sort_get_those_keyword_arguments() -> None:
    import sailpoint_filters.catalog.application_discovery.get_discovered_applications_v1 as discovered
    import sailpoint_filters.catalog.sod_controls.list_controls_v1 as controls

    assert discovered.query(filters=discovered.name.sw("a"), sorters=discovered.name.asc()).sdk_kwargs() == {
        "filter": 'name sw "a"',
        "sorters": "name",
    }
    assert controls.query(sorters="name", limit=5).sdk_kwargs() == {"sort": "name", "limit": 5}


def rust_check(filter_text: str) -> str:
    """What the Rust binary says of `filter_text` for listAccountsV1, strictly."""
    spfilter = os.environ.get("SPFILTER")
    if not spfilter:
        pytest.fail("set SPFILTER to the cargo-built spfilter (python/run_tests.sh does)")
    done = subprocess.run(
        [spfilter, "check", "--strict", "--endpoint", "listAccountsV1", filter_text],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done
    return done.stderr.rstrip("\n")


REFUSED: list[tuple[Callable[[], Any], str, str]] = [
    (
        lambda: op.source_id.co("x"),  # type: ignore[attr-defined]
        'sourceId co "x"',
        "column 10: `co` is not supported on field `sourceId` of listAccountsV1; `sourceId` supports: eq, sw, in",
    ),
    (
        lambda: op.created.gt("yesterday"),  # type: ignore[arg-type]
        'created gt "yesterday"',
        "column 12: `created` is a date-time field and takes an RFC 3339 date-time such as "
        '2018-12-18T23:05:55Z (quoted or not), not "yesterday"',
    ),
    (
        lambda: op.name.eq(5),  # type: ignore[arg-type]
        "name eq 5",
        'column 9: `name` is a string field and takes a string, not 5 (the strict syntax needs quotes: "5")',
    ),
    (
        lambda: op.uncorrelated.eq("yes"),  # type: ignore[arg-type]
        'uncorrelated eq "yes"',
        '`uncorrelated` is a boolean field and takes true or false (quoted or not), not "yes"',
    ),
    (
        lambda: op.uncorrelated.in_([True]),  # type: ignore[attr-defined]
        "uncorrelated in (true)",
        "`in` is not supported on field `uncorrelated` of listAccountsV1; `uncorrelated` supports: eq",
    ),
]


@pytest.mark.parametrize("build, text, message", REFUSED)
def test_a_refused_operator_or_value_raises_when_built_with_the_rust_message(
    build: Callable[[], Any], text: str, message: str
) -> None:
    with pytest.raises(FilterError) as caught:
        build()
    assert message in caught.value.message
    assert str(caught.value) == rust_check(text)


def test_a_field_that_is_not_sortable_refuses_a_sort_key() -> None:
    with pytest.raises(FilterError) as caught:
        op.has_entitlements.desc()  # type: ignore[attr-defined]
    assert caught.value.parameter == "sorters"
    assert caught.value.message.startswith(
        "column 2: cannot sort listAccountsV1 by `hasEntitlements`; did you mean `entitlements`?"
    )


def test_values_python_cannot_write_as_a_filter_raise_type_error() -> None:
    with pytest.raises(TypeError, match="needs a time zone"):
        op.created.eq(datetime.datetime(2024, 1, 1))
    with pytest.raises(TypeError, match="not object"):
        op.name.eq(object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes a list of values, not str"):
        op.name.in_("ab")


def test_the_whole_query_is_checked_when_made() -> None:
    with pytest.raises(FilterError, match="limit must be an integer from 0 to 250, got `300`"):
        op.query(limit=300)
    with pytest.raises(FilterError) as caught:
        op.query(filters="name eq")
    assert caught.value.stage == "parse"


def test_wildcard_fields_name_their_sub_fields() -> None:
    wildcards = [
        (operation, field)
        for operation in catalog.operations()
        for field in operation.fields
        if field.wildcard and "eq" in field.operators
    ]
    assert wildcards
    operation, field = wildcards[0]
    sub = catalog.FieldBuilder(operation, field.name, field).sub("displayName")
    assert sub.name == f"{field.name}.displayName"
    assert str(sub.eq("x")) == f'{field.name}.displayName eq "x"'
    with pytest.raises(FilterError):
        catalog.FieldBuilder(operation, "noSuchField", None).eq("x")
