"""Every collection operation of SailPoint's published APIs, as the Rust crate's catalog holds
it: found by operationId, by the Python SDK's class and method, by path or by a word; with its
fields (operators, types, sortable or not), ``limit`` bounds and rules; checking and running a
query for it.

``api`` names one of SailPoint's APIs: ``None`` or ``"services"`` for the per-service API
(``/accounts/v1``, what the ``sailpoint`` SDK's classes call), else ``"v3"``, ``"beta"``,
``"v2024"``, ``"v2025"`` or ``"v2026"``.

    >>> from sailpoint_filters import catalog
    >>> op = catalog.operation("listAccountsV1")
    >>> op.path, op.sdk_name
    ('/accounts/v1', 'AccountsApi.list_accounts_v1')
    >>> op.check(filters="name sw 'al'", sorters="-created", count=True)
    {'filters': 'name sw "al"', 'sorters': '-created', 'count': True}

Builders per operation live in modules laid out as the SDK's classes and methods, one package
per SDK class (``AccountsApi`` → ``accounts``) and one module per method, holding the fields
under their snake_case names, ``operation`` and ``query``:

    >>> from sailpoint_filters.catalog.accounts import list_accounts_v1 as op
    >>> query = op.query(filters=op.name.sw("al") & ~op.uncorrelated.eq(True),
    ...                  sorters=[op.created.desc()], limit=10)
    >>> query.sdk_kwargs()
    {'filters': 'name sw "al" and not uncorrelated eq true', 'sorters': '-created', 'limit': 10}
"""

from __future__ import annotations

import importlib.machinery
import sys
import types

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` at run time would double the import's cost
    from typing import Optional, Sequence, Union

from sailpoint_filters._errors import OperationNotFound
from sailpoint_filters._native import (
    Field,
    Operation,
    Rules,
    apis,
    by_path,
    operation,
    operations,
    sdk_operation,
    search,
)
from sailpoint_filters._native import Filter
from sailpoint_filters.catalog._builders import Field as FieldBuilder
from sailpoint_filters.catalog._builders import FieldBase, Query, SortKey, field_names, snake_case

__all__ = [
    "Field",
    "FieldBase",
    "FieldBuilder",
    "Query",
    "SortKey",
    "Operation",
    "OperationNotFound",
    "Rules",
    "apis",
    "by_path",
    "field_names",
    "operation",
    "operations",
    "sdk_operation",
    "search",
    "snake_case",
]


# The builder modules: `sailpoint_filters.catalog.<service>` (a package per SDK class of the
# per-service API) and `.<service>.<sdk_method>` (a module per operation), made from the
# catalog when first imported. Their `.pyi` stubs beside this file describe them to type
# checkers.


def _services() -> dict[str, dict[str, Operation]]:
    services: dict[str, dict[str, Operation]] = {}
    for op in operations():
        service = snake_case(op.sdk_class[: -len("Api")] if op.sdk_class.endswith("Api") else op.sdk_class)
        services.setdefault(service, {})[op.sdk_method] = op
    return services


_SERVICES = _services()


def _operation_module(name: str, op: Operation) -> types.ModuleType:
    module = types.ModuleType(name, f"Builders of `{op.sdk_name}` ({op.operation_id}, GET {op.path}).")
    module.operation = op  # type: ignore[attr-defined]

    def query(
        filters: Union[Filter, str, None] = None,
        sorters: Union[str, SortKey, Sequence[Union[str, SortKey]], None] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        count: Optional[bool] = None,
    ) -> Query:
        return Query(op, filters=filters, sorters=sorters, limit=limit, offset=offset, count=count)

    query.__doc__ = f"A checked request of {op.operation_id}; ``FilterError`` if it is not one."
    module.query = query  # type: ignore[attr-defined]
    for python_name, field in field_names(op):
        setattr(module, python_name, FieldBuilder(op, field.name, field))
    return module


class _Builders:
    """Finds and makes the builder modules: a meta path finder and its loader (the protocols,
    not `importlib.abc`'s classes, whose import costs more than the rest of the package's)."""

    def _parts(self, fullname: str) -> Optional[list[str]]:
        if not fullname.startswith(__name__ + "."):
            return None
        parts = fullname[len(__name__) + 1 :].split(".")
        if parts[0] not in _SERVICES or len(parts) > 2:
            return None
        if len(parts) == 2 and parts[1] not in _SERVICES[parts[0]]:
            return None
        return parts

    def find_spec(
        self,
        fullname: str,
        path: Optional[Sequence[str]] = None,
        target: Optional[types.ModuleType] = None,
    ) -> Optional[importlib.machinery.ModuleSpec]:
        parts = self._parts(fullname)
        if parts is None:
            return None
        # The stubs type the loader as `importlib.abc.Loader`; this one has its methods.
        return importlib.machinery.ModuleSpec(fullname, self, is_package=len(parts) == 1)  # type: ignore[arg-type]

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        parts = self._parts(spec.name)
        assert parts is not None
        if len(parts) == 2:
            return _operation_module(spec.name, _SERVICES[parts[0]][parts[1]])
        module = types.ModuleType(spec.name, f"Builders of the operations of the SDK's `{parts[0]}`.")
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        parts = self._parts(module.__name__)
        if parts is not None and len(parts) == 1:
            # `from sailpoint_filters.catalog.accounts import list_accounts_v1`: the package's
            # attributes are its operations' modules.
            for method in _SERVICES[parts[0]]:
                module.__dict__[method] = __import__(f"{module.__name__}.{method}", fromlist=["_"])


if not any(isinstance(finder, _Builders) for finder in sys.meta_path):
    sys.meta_path.insert(0, _Builders())
