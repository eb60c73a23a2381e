"""SailPoint's collection-endpoint query language from Python.

Parse and print the ``filters`` parameter, check all five collection parameters
(``filters``, ``sorters``, ``offset``, ``limit``, ``count``) against any of SailPoint's
collection operations, run queries over records, and serve fakes of the operations in
process::

    >>> from sailpoint_filters import parse, catalog
    >>> str(parse("(name co 'int')and (type eq COMMON)"))
    'name co "int" and type eq "COMMON"'
    >>> catalog.operation("listAccountsV1").check(filters='sourceId eq "2c91"', limit=10)
    {'filters': 'sourceId eq "2c91"', 'limit': 10}

The work is done by the Rust crate ``sailpoint-filters``; see its README for the language.
"""

from sailpoint_filters._errors import FilterError, OperationNotFound, Problem
from sailpoint_filters._native import Filter, Page, __version__, parse

__all__ = [
    "Filter",
    "FilterError",
    "OperationNotFound",
    "Page",
    "Problem",
    "__version__",
    "parse",
]
