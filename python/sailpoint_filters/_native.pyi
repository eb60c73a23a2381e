"""The native module of sailpoint_filters (Rust, built by maturin). Import its names from
``sailpoint_filters``, ``sailpoint_filters.catalog`` and ``sailpoint_filters.fake``."""

from typing import Any, Generic, Iterable, Iterator, Mapping, Optional, Sequence, Tuple, TypeVar, Union, final

__version__: str

_R = TypeVar("_R", bound=Mapping[str, Any])

_FilterText = Union[str, "Filter"]
_SortersText = Union[str, Sequence[Any]]

@final
class Filter:
    """A filter: ``str(filter)`` is its canonical text. ``Filter(text)`` parses, as ``parse``."""

    def __init__(self, text: str, *, strict: bool = False) -> None: ...
    def __and__(self, other: Filter) -> Filter:
        """``a & b``: both hold."""
    def __or__(self, other: Filter) -> Filter:
        """``a | b``: either holds."""
    def __invert__(self) -> Filter:
        """``~a``: ``a`` does not hold."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def to_dict(self) -> dict[str, Any]:
        """The tree as plain data: ``{"and": [...]}``, ``{"or": [...]}``, ``{"not": {...}}``,
        conditions ``{"field": "name", "op": "sw", "value": {"string": "RM"}}`` (``"values"``
        for ``in`` and ``ca``, neither for ``pr`` and ``isnull``)."""
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Filter:
        """The filter of a tree given as ``to_dict`` gives it; ``FilterError`` if it is none."""

def parse(text: str, strict: bool = False) -> Filter:
    """The filter ``text`` spells, in the lenient syntax (single quotes and bare words read as
    strings) unless ``strict``; ``FilterError`` with every detail if it does not parse."""

@final
class Page(Generic[_R]):
    """One page of a query's result: ``items``, the records given (the same objects), in
    order; ``total``, how many matched before ``offset`` and ``limit``."""

    @property
    def items(self) -> list[_R]: ...
    @property
    def total(self) -> int: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_R]: ...

@final
class Rules:
    """What an operation requires of its filters beyond fields and operators."""

    @property
    def distinct_fields(self) -> bool:
        """``and``/``or`` must join conditions on different fields."""
    @property
    def not_only_before_in(self) -> bool:
        """``not`` may stand only before an ``in`` condition."""
    @property
    def max_nots(self) -> Optional[int]:
        """The most ``not``s a filter may use, if limited."""
    @property
    def filters_required(self) -> bool:
        """A request must give ``filters``."""

@final
class Field:
    """A field of an operation."""

    @property
    def name(self) -> str:
        """The field as filters and sorters name it: ``identity.name``."""
    @property
    def type(self) -> str:
        """``string``, ``boolean``, ``integer``, ``number``, ``dateTime``,
        ``stringCollection`` or ``any``."""
    @property
    def operators(self) -> Tuple[str, ...]:
        """The operators filters may use on it (empty: sortable only)."""
    @property
    def filterable(self) -> bool: ...
    @property
    def sortable(self) -> bool: ...
    @property
    def case_sensitive(self) -> bool: ...
    @property
    def wildcard(self) -> bool:
        """Whether filters may name its sub-fields (``attributes.displayName``)."""
    @property
    def read_from(self) -> Optional[str]:
        """Where records hold it, when not at its own path."""
    @property
    def values(self) -> Tuple[str, ...]:
        """The values the spec lists for it."""

@final
class Operation:
    """A collection operation (a ``GET`` taking ``filters`` or ``sorters``) of SailPoint's
    specs."""

    @property
    def operation_id(self) -> str: ...
    @property
    def api(self) -> str:
        """``services`` (the per-service API), ``v3``, ``beta``, ``v2024``, ``v2025`` or
        ``v2026``."""
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str:
        """The request path, with path parameters as the spec writes them."""
    @property
    def tag(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def sdk_class(self) -> str:
        """The class of SailPoint's Python SDK with the operation: ``AccountsApi``."""
    @property
    def sdk_method(self) -> str:
        """The SDK's method: ``list_accounts_v1``."""
    @property
    def sdk_name(self) -> str:
        """``AccountsApi.list_accounts_v1``."""
    @property
    def deprecated(self) -> bool: ...
    @property
    def parameters(self) -> Tuple[str, ...]:
        """Which of ``filters``, ``sorters``, ``offset``, ``limit``, ``count`` it takes."""
    @property
    def fields(self) -> Tuple[Field, ...]:
        """The filter table's fields, then the sortable fields the table does not list."""
    def field(self, name: str) -> Optional[Field]:
        """The field named ``name``, if the operation has it."""
    @property
    def sortable(self) -> Tuple[str, ...]:
        """The fields ``sorters`` may name."""
    @property
    def composites(self) -> Tuple[str, ...]:
        """The composite operators filters may use, of ``and``, ``or``, ``not``."""
    @property
    def limit(self) -> Tuple[int, int, int]:
        """``(minimum, maximum, default)`` of ``limit``."""
    @property
    def rules(self) -> Rules: ...
    @property
    def default_sort(self) -> Optional[str]:
        """The order its description documents for requests without ``sorters``."""
    @property
    def example(self) -> Optional[str]:
        """The first published example filter it accepts, in canonical form."""
    def check(
        self,
        filters: Optional[_FilterText] = None,
        sorters: Optional[_SortersText] = None,
        limit: Union[int, str, None] = None,
        offset: Union[int, str, None] = None,
        count: Union[bool, str, None] = None,
        strict: bool = False,
    ) -> dict[str, Any]:
        """The canonical parameters to send, for those given (``filters`` and ``sorters`` as
        text, ``limit`` and ``offset`` as ``int``, ``count`` as ``bool``): the keyword
        arguments of the SDK's method. ``FilterError`` with every problem otherwise."""
    def run(
        self,
        records: Iterable[_R],
        filters: Optional[_FilterText] = None,
        sorters: Optional[_SortersText] = None,
        limit: Union[int, str, None] = None,
        offset: Union[int, str, None] = None,
        count: Union[bool, str, None] = None,
        strict: bool = False,
    ) -> Page[_R]:
        """Runs the query over ``records`` (dicts of JSON values, as SailPoint sends them) as
        the operation does: filter, sort, count, page."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

def operation(operation_id: str, api: Optional[str] = None) -> Operation:
    """The operation with this operationId; ``OperationNotFound`` (with the closest
    operationId) if the API has none."""

def operations(api: Optional[str] = None) -> list[Operation]:
    """The API's operations, sorted by operationId."""

def search(word: str, api: Optional[str] = None) -> list[Operation]:
    """The API's operations whose operationId, path, summary, tag, SDK name or a field contains
    ``word``, ignoring case."""

def sdk_operation(sdk_class: str, sdk_method: str, api: Optional[str] = None) -> Operation:
    """The operation SailPoint's SDK calls with ``sdk_class.sdk_method``
    (``"AccountsApi", "list_accounts_v1"``)."""

def by_path(method: str, path: str) -> Optional[Operation]:
    """The operation answering ``method`` on ``path`` (a request path or a path template),
    over every API."""

def apis() -> list[str]:
    """``services``, ``v3``, ``beta``, ``v2024``, ``v2025``, ``v2026``."""

def cli_main(argv: Sequence[str]) -> int:
    """Runs the ``spfilter`` command line ``argv`` (the program's name first) and returns its
    exit status."""

@final
class FakeServer:
    def __init__(
        self,
        fakes: Mapping[str, Union[int, Iterable[Mapping[str, Any]]]],
        token: Optional[str] = None,
        api: Optional[str] = None,
        strict: bool = False,
    ) -> None: ...
    @property
    def url(self) -> str: ...
    @property
    def running(self) -> bool: ...
    def stop(self) -> None: ...

def sample_role_mining_sessions() -> list[dict[str, Any]]:
    """72 sample role mining sessions, as SailPoint's JSON records (what ``spfilter serve``
    serves by default)."""

def sample(
    operation_id: str, count: int = 10, seed: int = 1, api: Optional[str] = None
) -> list[dict[str, Any]]:
    """``count`` records generated from the response schema of the operation ``operation_id``
    of ``api`` with ``seed``: what ``spfilter sample`` prints."""
