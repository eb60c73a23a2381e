"""The exceptions of sailpoint_filters: `FilterError` for every problem with a filter or a
collection parameter, `OperationNotFound` for an operation the catalog does not hold."""

from __future__ import annotations

# Importing `typing` (or `dataclasses`) at run time would double the package's import time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple

__all__ = ["FilterError", "OperationNotFound", "Problem"]

_FIELDS = ("stage", "kind", "parameter", "message", "cause", "span", "line", "column")


class Problem:
    """One problem with a filter or a parameter (immutable; equal when all fields are).

    `stage` is what found it: ``parse`` (the filter's syntax), ``check`` (the filter against
    the operation: fields, operators, value types, rules), ``sorters_parse``,
    ``sorters_check``, ``paging`` (``offset``, ``limit``, ``count``), ``request`` (a
    parameter given twice, …), or ``data`` (a tree given as data that is no filter).
    `kind` names the problem within its stage in snake_case (``unknown_field``,
    ``uppercase_keyword``, ``limit``, …).

    `parameter` is the parameter it is in (``filters``, ``sorters``, ``offset``, ``limit``,
    ``count``). `message` is its position and reason on one line (``column 6: …``); `cause` the
    same after the parameter's name, as SailPoint's 400 body lists it. `span` is where it is,
    a ``(start, end)`` pair of indices into the text given for its parameter
    (``text[start:end]`` is the offending part; empty at the end of the text), or ``None`` for a
    problem without a position. `line` and `column` are 1-based (the column counts
    characters).
    """

    __slots__ = _FIELDS

    stage: str
    kind: str
    parameter: Optional[str]
    message: str
    cause: str
    span: Optional[Tuple[int, int]]
    line: Optional[int]
    column: Optional[int]

    def __init__(
        self,
        stage: str,
        kind: str,
        parameter: Optional[str],
        message: str,
        cause: str,
        span: Optional[Tuple[int, int]],
        line: Optional[int],
        column: Optional[int],
    ) -> None:
        for name, value in zip(_FIELDS, (stage, kind, parameter, message, cause, span, line, column)):
            object.__setattr__(self, name, value)

    def _values(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Problem cannot be changed (setting `{name}`)")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Problem({fields})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Problem, self._values())


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

    def __reduce__(self) -> Tuple[Any, ...]:
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
