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
"""

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

__all__ = [
    "Field",
    "Operation",
    "OperationNotFound",
    "Rules",
    "apis",
    "by_path",
    "operation",
    "operations",
    "sdk_operation",
    "search",
]
