"""Hypothesis strategies: filter text in the language's many spellings, SailPoint-shaped
account records with values drawn from small pools (so that filters match some), and queries
for ``listAccountsV1`` built from the catalog's own fields, operators and types."""

from __future__ import annotations

from typing import Any, Optional

from hypothesis import strategies as st

from sailpoint_filters import catalog

ACCOUNTS = catalog.operation("listAccountsV1")

FIELD_NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}(\.[A-Za-z_][A-Za-z0-9_]{0,6}){0,2}", fullmatch=True).filter(
    lambda name: not any(part in {"and", "or", "not", "pr", "true", "false", "null", "eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca", "isnull", "ew"} for part in name.split("."))
)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def date_time_text(year: int, month: int, day: int, hour: int, minute: int, second: int, fraction: str, zone: str) -> str:
    return f"{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}"


DATE_TIMES = st.builds(
    date_time_text,
    st.integers(1, 9998),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from(["", ".5", ".214", ".000000001", ".123456789"]),
    st.sampled_from(["Z", "+02:00", "-05:30", "+00:00"]),
)

VALUES = st.one_of(
    st.text(max_size=12).map(quoted),
    st.integers(-(2**63), 2**63 - 1).map(str),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15).map(lambda f: f"{f:.6f}"),
    st.sampled_from(["true", "false"]),
    DATE_TIMES,
    st.sampled_from(["'single'", "BARE_word", "550e8400-e29b-41d4-a716-446655440000"]),
)


@st.composite
def condition_text(draw: st.DrawFn) -> str:
    field = draw(FIELD_NAMES)
    kind = draw(st.sampled_from(["cmp", "list", "pr", "isnull"]))
    if kind == "cmp":
        op = draw(st.sampled_from(["eq", "ne", "gt", "ge", "lt", "le", "co", "sw"]))
        return f"{field} {op} {draw(VALUES)}"
    if kind == "list":
        op = draw(st.sampled_from(["in", "ca"]))
        values = draw(st.lists(VALUES, min_size=1, max_size=3))
        return f"{field} {op} ({', '.join(values)})"
    return f"pr {field}" if kind == "pr" else f"{field} isnull"


def filter_text(depth: int = 3) -> st.SearchStrategy[str]:
    return st.recursive(
        condition_text(),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" and ", " or ", ")and (", " and\n"]), inner).map(
                lambda t: f"({t[0]}{t[1]}{t[2]})" if t[1].startswith(")") else f"({t[0]}){t[1]}({t[2]})"
            ),
            inner.map(lambda f: f"not ({f})"),
        ),
        max_leaves=6,
    )


# Records -------------------------------------------------------------------------------------

NAMES = ["Alice", "alan", "ALBERT", "Ünal", "ünal", "straße", "STRASSE", "bob", "", "al\"x"]
SOURCE_IDS = ["s1", "S1", "s2", "2c9180835d2e5168015d32f890ca1581"]
TIMES = [
    "2024-01-01T00:00:00Z",
    "2024-01-01T02:00:00+02:00",
    "2024-06-01T12:30:00.5Z",
    "2023-12-31T23:59:59.999999999Z",
    "9999-12-31T23:59:59Z",
    "not a date",
]


def maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value, `None`, or a marker for "leave the field out"."""
    return st.one_of(values, st.none(), st.just(MISSING))


MISSING = object()

SCALARS = st.one_of(st.sampled_from(NAMES), st.integers(-3, 3), st.booleans(), st.sampled_from(TIMES))


@st.composite
def account(draw: st.DrawFn, index: int, typed: bool = False) -> dict[str, Any]:
    # `typed`: every typed field holds its type (`spfilter query --data` refuses records that
    # do not);
    # otherwise `hasEntitlements` may hold text where a boolean belongs, and the date-times may
    # hold text that is none.
    has_entitlements = st.booleans() if typed else st.one_of(st.booleans(), st.sampled_from(["true"]))
    times = [t for t in TIMES if t != "not a date"] if typed else TIMES
    fields: dict[str, Any] = {
        "name": maybe(st.sampled_from(NAMES)),
        "nativeIdentity": maybe(st.sampled_from(NAMES)),
        "sourceId": maybe(st.sampled_from(SOURCE_IDS)),
        "identityId": maybe(st.sampled_from(["i1", "I1", "i2"])),
        "uncorrelated": maybe(st.booleans()),
        "hasEntitlements": maybe(has_entitlements),
        "manuallyCorrelated": maybe(st.booleans()),
        "origin": maybe(st.sampled_from(["AGGREGATED", "PROVISIONED", "aggregated"])),
        "entitlements": maybe(st.one_of(SCALARS, st.lists(SCALARS, max_size=3))),
        "created": maybe(st.sampled_from(times)),
        "modified": maybe(st.sampled_from(times)),
        "uuid": maybe(st.sampled_from(["u1", "u2", "U1"])),
        "identity": maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": maybe(st.sampled_from(NAMES)),
                    "correlated": maybe(SCALARS),
                    "identityState": maybe(SCALARS),
                },
            )
        ),
        "source": maybe(
            st.fixed_dictionaries(
                {},
                optional={"displayableName": SCALARS, "authoritative": SCALARS, "connectionType": SCALARS},
            )
        ),
        "recommendation": maybe(st.fixed_dictionaries({}, optional={"method": maybe(st.sampled_from(["DISCOVERY", "SOURCE"]))})),
    }
    record: dict[str, Any] = {"id": f"a{index}"}
    for name, strategy in fields.items():
        value = draw(strategy)
        if value is not MISSING:
            record[name] = strip_missing(value)
    return record


def strip_missing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_missing(v) for k, v in value.items() if v is not MISSING}
    return value


@st.composite
def accounts(draw: st.DrawFn, max_size: int = 12, typed: bool = False) -> list[dict[str, Any]]:
    n = draw(st.integers(0, max_size))
    return [draw(account(i, typed)) for i in range(n)]


# Queries for listAccountsV1, from the catalog --------------------------------------------------

ALL_OPERATORS = ["eq", "ne", "gt", "ge", "lt", "le", "co", "sw", "in", "ca", "pr", "isnull"]


def value_for(field_type: str) -> st.SearchStrategy[str]:
    if field_type == "boolean":
        return st.sampled_from(["true", "false", '"true"'])
    if field_type == "dateTime":
        return st.sampled_from([t for t in TIMES if t[0].isdigit()])
    if field_type == "string":
        return st.sampled_from(NAMES + SOURCE_IDS + ["AGGREGATED", "i1", "al", "Ü", "DISCOVERY"]).map(quoted)
    return st.one_of(st.sampled_from(NAMES).map(quoted), st.integers(-3, 3).map(str), st.sampled_from(["true", "false"]))


@st.composite
def account_condition(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from([f for f in ACCOUNTS.fields if f.filterable]))
    # Mostly operators the field allows; sometimes any, for the errors.
    op = draw(st.sampled_from(field.operators) if draw(st.integers(0, 9)) else st.sampled_from(ALL_OPERATORS))
    value = value_for(field.type)
    if op == "pr":
        return f"pr {field.name}"
    if op == "isnull":
        return f"{field.name} isnull"
    if op in ("in", "ca"):
        return f"{field.name} {op} ({', '.join(draw(st.lists(value, min_size=1, max_size=3)))})"
    return f"{field.name} {op} {draw(value)}"


def account_filter() -> st.SearchStrategy[str]:
    return st.recursive(
        account_condition(),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
            inner.map(lambda f: f"not ({f})"),
        ),
        max_leaves=4,
    )


@st.composite
def account_sorters(draw: st.DrawFn) -> Optional[str]:
    keys = draw(st.lists(st.sampled_from(ACCOUNTS.sortable + ("hasEntitlements",)), max_size=3, unique=True))
    if not keys:
        return None
    return ",".join(("-" if draw(st.booleans()) else "") + key for key in keys)


@st.composite
def account_query(draw: st.DrawFn) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if draw(st.booleans()):
        query["filters"] = draw(account_filter())
    sorters = draw(account_sorters())
    if sorters:
        query["sorters"] = sorters
    if draw(st.booleans()):
        query["offset"] = draw(st.integers(0, 12))
    if draw(st.booleans()):
        query["limit"] = draw(st.integers(0, 12) | st.just(300))
    if draw(st.booleans()):
        query["count"] = True
    return query
