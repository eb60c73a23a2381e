"""The exceptions of sailpoint_filters: `FilterError` for every problem with a filter or a
collection parameter, `OperationNotFound` for an operation the catalog does not hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Tuple

__all__ = ["FilterError", "OperationNotFound", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One problem with a filter or a parameter.

    `stage` is what found it: ``parse`` (the filter's syntax), ``check`` (the filter against
    the operation: fields, operators, value types, rules), ``sorters_parse``,
    ``sorters_check``, ``paging`` (``offset``, ``limit``, ``count``), ``request`` (a
    parameter given twice, …), or ``data`` (a tree given as data that is no filter).
    `kind` names the problem within its stage in snake_case (``unknown_field``,
    ``uppercase_keyword``, ``limit``, …).

    `span` is where the problem is, as a ``(start, end)`` pair of indices into the text given
    for its parameter (``text[start:end]`` is the offending part; empty at the end of the
    text), or ``None`` for a problem without a position. `line` and `column` are 1-based.
    """

    stage: str
    kind: str
    parameter: Optional[str]
    message: str
    cause: str
    span: Optional[Tuple[int, int]]
    line: Optional[int]
    column: Optional[int]


class FilterError(ValueError):
    """A filter or a collection parameter that SailPoint would refuse with ``400 Bad Request``.

    ``str(error)`` shows the text with carets under each problem. ``problems`` holds every
    problem found (never none); ``kind``, ``message``, ``line``, ``column`` and ``span`` are the
    first's. ``error_body`` is SailPoint's 400 body for all of them, as a dict.
    """

    problems: list[Problem]
    error_body: dict[str, Any]
    endpoint: Optional[str]

    def __init__(
        self,
        display: str,
        problems: list[Problem],
        error_body: dict[str, Any],
        endpoint: Optional[str] = None,
    ) -> None:
        super().__init__(display)
        self.problems = problems
        self.error_body = error_body
        self.endpoint = endpoint

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.problems, self.error_body, self.endpoint))

    @property
    def stage(self) -> str:
        """The first problem's stage."""
        return self.problems[0].stage

    @property
    def kind(self) -> str:
        """The first problem's kind."""
        return self.problems[0].kind

    @property
    def parameter(self) -> Optional[str]:
        """The parameter of the first problem: ``filters``, ``sorters``, ``offset``, ``limit``
        or ``count``."""
        return self.problems[0].parameter

    @property
    def message(self) -> str:
        """The first problem's position and reason on one line: ``column 6: …``."""
        return self.problems[0].message

    @property
    def span(self) -> Optional[Tuple[int, int]]:
        """Where the first problem is: string indices into the text given."""
        return self.problems[0].span

    @property
    def line(self) -> Optional[int]:
        """The first problem's 1-based line."""
        return self.problems[0].line

    @property
    def column(self) -> Optional[int]:
        """The first problem's 1-based column, in characters."""
        return self.problems[0].column


class OperationNotFound(LookupError):
    """No operation of the catalog has this operationId (or SDK name) in this API."""
