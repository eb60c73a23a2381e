"""Builders per operation: the field objects of ``sailpoint_filters.catalog.<service>.<method>``
modules, the sort keys they give, and the query they make.

A condition is checked against its operation when it is built (strictly: a value of the wrong
type is refused, not read leniently), so an operator the field does not allow, or a value of
the wrong type, raises ``FilterError`` at once with the message the Rust checker gives for the
same condition. A whole query is checked again when it is made (rules that join conditions,
such as one condition per field, hold only for the whole).
"""

from __future__ import annotations

import keyword
import sys
from collections.abc import Iterable

from sailpoint_filters._native import Filter

# `typing` only for type checkers: importing it at run time would cost more than the rest.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Optional, Sequence, Union

    from sailpoint_filters._native import Field as _FieldInfo
    from sailpoint_filters._native import Operation, Page

    _Scalar = Union[str, bool, int, float, datetime.datetime]
    _Sorters = Union[str, "SortKey", Sequence[Union[str, "SortKey"]]]

__all__ = ["Field", "FieldBase", "Query", "SortKey", "field_names", "snake_case"]

# Names every operation module defines beside its fields; a field that would take one gets a
# trailing underscore instead (as Python keywords do).
MODULE_NAMES = frozenset({"operation", "query"})


def snake_case(name: str) -> str:
    """``sourceId`` → ``source_id``, ``IAIOutliers`` → ``iai_outliers`` (the catalog
    generator's rule, so that Python and Rust name fields alike)."""
    out = []
    for i, c in enumerate(name):
        if c.isascii() and c.isupper() and i > 0:
            before = name[i - 1]
            after = name[i + 1] if i + 1 < len(name) else ""
            if (
                (before.isascii() and before.islower())
                or before.isdigit()
                or (before.isascii() and before.isupper() and after.isascii() and after.islower())
            ):
                out.append("_")
        out.append(c.lower())
    return "".join(out)


def field_names(operation: Operation) -> list[tuple[str, _FieldInfo]]:
    """The Python name of each field of ``operation``, in the catalog's order: the path in snake
    case with its segments joined by ``_`` (``owner.id`` → ``owner_id``), by ``__`` where two
    fields would share a name, and a trailing ``_`` on a keyword or a module name."""
    fields = operation.fields
    plain = ["_".join(snake_case(s) for s in f.name.split(".")) for f in fields]
    named = []
    for field, name in zip(fields, plain):
        if plain.count(name) > 1 and "." in field.name:
            name = "__".join(snake_case(s) for s in field.name.split("."))
        if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in MODULE_NAMES:
            name += "_"
        named.append((name, field))
    return named


def _value(value: object) -> dict[str, Any]:
    """A Python value as a filter literal (the tree form ``Filter.from_dict`` reads)."""
    if isinstance(value, bool):
        return {"boolean": value}
    if isinstance(value, int):
        return {"integer": value}
    if isinstance(value, float):
        return {"float": value}
    if isinstance(value, str):
        return {"string": value}
    # A datetime's module is loaded if there is one (not imported here: it costs milliseconds).
    dt = sys.modules.get("datetime")
    if dt is not None and isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError(
                f"a filter's date-time needs a time zone (RFC 3339), not the naive {value!r}"
            )
        return {"dateTime": value.isoformat()}
    raise TypeError(
        "a filter's value is a str, bool, int, float or timezone-aware datetime, "
        f"not {type(value).__name__}"
    )


class SortKey:
    """One key of ``sorters``: a field, ascending or descending. ``str(key)`` is its text
    (``-created``)."""

    __slots__ = ("field", "descending")

    field: str
    descending: bool

    def __init__(self, field: str, descending: bool = False) -> None:
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "descending", descending)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a SortKey cannot be changed (setting `{name}`)")

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.field

    def __repr__(self) -> str:
        return f"SortKey({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SortKey):
            return NotImplemented
        return (self.field, self.descending) == (other.field, other.descending)

    def __hash__(self) -> int:
        return hash((self.field, self.descending))


class FieldBase:
    """A field of one operation, without its builder methods: the base of ``Field`` and, in the
    generated stubs, of each field's class (which declares only the methods the field allows)."""

    __slots__ = ("_operation", "_name", "_info")

    def __init__(self, operation: Operation, name: str, info: Optional[_FieldInfo] = None) -> None:
        self._operation = operation
        self._name = name
        self._info = info

    @property
    def name(self) -> str:
        """The field as filters and sorters name it: ``sourceId``."""
        return self._name

    @property
    def operation(self) -> Operation:
        return self._operation

    @property
    def info(self) -> Optional[_FieldInfo]:
        """The catalog's description of the field (type, operators, sortable); ``None`` for a
        sub-field of a wildcard field."""
        return self._info

    def __repr__(self) -> str:
        return f"<field {self._name} of {self._operation.operation_id}>"

    def _checked(self, tree: dict[str, Any]) -> Filter:
        condition = Filter.from_dict({"field": self._name, **tree})
        self._operation.check(filters=condition, strict=True)
        return condition

    def _one(self, op: str, value: object) -> Filter:
        return self._checked({"op": op, "value": _value(value)})

    def _many(self, op: str, values: Iterable[object]) -> Filter:
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise TypeError(f"`{op}` takes a list of values, not {type(values).__name__}")
        return self._checked({"op": op, "values": [_value(v) for v in values]})

    def _sort(self, descending: bool) -> SortKey:
        key = SortKey(self._name, descending)
        self._operation.check(sorters=str(key), strict=True)
        return key


class Field(FieldBase):
    """A field of one operation. Each method builds one condition (a ``Filter``, joined with
    ``&``, ``|`` and ``~``) or one sort key, and checks it against the operation: an operator
    the field does not allow, a value of the wrong type or a sort by a field that is not
    sortable raises ``FilterError``. (The stubs give each field only its allowed methods.)"""

    __slots__ = ()

    def sub(self, name: str) -> Field:
        """The sub-field ``name`` of a wildcard field: ``op.attributes.sub("displayName")``."""
        return Field(self._operation, f"{self._name}.{name}")

    def eq(self, value: _Scalar) -> Filter:
        return self._one("eq", value)

    def ne(self, value: _Scalar) -> Filter:
        return self._one("ne", value)

    def gt(self, value: _Scalar) -> Filter:
        return self._one("gt", value)

    def ge(self, value: _Scalar) -> Filter:
        return self._one("ge", value)

    def lt(self, value: _Scalar) -> Filter:
        return self._one("lt", value)

    def le(self, value: _Scalar) -> Filter:
        return self._one("le", value)

    def co(self, value: str) -> Filter:
        return self._one("co", value)

    def sw(self, value: str) -> Filter:
        return self._one("sw", value)

    def in_(self, values: Iterable[_Scalar]) -> Filter:
        return self._many("in", values)

    def ca(self, values: Iterable[_Scalar]) -> Filter:
        return self._many("ca", values)

    def pr(self) -> Filter:
        return self._checked({"op": "pr"})

    def is_null(self) -> Filter:
        return self._checked({"op": "isnull"})

    def asc(self) -> SortKey:
        return self._sort(False)

    def desc(self) -> SortKey:
        return self._sort(True)


class Query:
    """A checked request of one operation: ``sdk_kwargs()`` are the keyword arguments of the
    SDK's method (``AccountsApi(client).list_accounts_v1(**query.sdk_kwargs())``)."""

    __slots__ = ("_operation", "_params", "_sdk_names")

    def __init__(
        self,
        operation: Operation,
        filters: Union[Filter, str, None] = None,
        sorters: Optional[_Sorters] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        count: Optional[bool] = None,
    ) -> None:
        if isinstance(sorters, SortKey):
            sorters = [sorters]
        self._operation = operation
        self._params = operation.check(
            filters=filters, sorters=sorters, limit=limit, offset=offset, count=count
        )
        # A few operations spell them `filter` and `sort` (and so do their SDK methods).
        taken = operation.parameters
        self._sdk_names = {
            name: singular
            for name, singular in (("filters", "filter"), ("sorters", "sort"))
            if name not in taken and singular in taken
        }

    @property
    def operation(self) -> Operation:
        return self._operation

    def sdk_kwargs(self) -> dict[str, Any]:
        """The canonical parameters given, under the SDK method's parameter names (``filters``,
        ``sorters``, ``limit``, ``offset``, ``count``; ``filter`` and ``sort`` for the operations
        that spell them so)."""
        return {self._sdk_names.get(name, name): value for name, value in self._params.items()}

    def run(self, records: Iterable[Any]) -> Page[Any]:
        """The page the operation answers over ``records``, as ``Operation.run``."""
        return self._operation.run(records, **self._params)

    def __repr__(self) -> str:
        return f"Query({self._operation.operation_id}, {self._params!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return (self._operation, self._params) == (other._operation, other._params)

    def __hash__(self) -> int:
        return hash((self._operation, tuple(sorted(self._params.items()))))
