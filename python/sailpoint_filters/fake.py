"""Fakes of SailPoint's collection operations, in process: records served over HTTP on a free
loopback port, each operation at its real path with its own fields, operators, sortable fields,
``limit`` bounds and rules, answering as SailPoint does (the page as a JSON array,
``X-Total-Count`` with ``count=true``, ``400`` with SailPoint's body, ``401`` without a bearer
token). The server runs in Rust on a thread of its own; no subprocess.

    >>> from sailpoint_filters import fake
    >>> accounts = [{"id": "a1", "name": "alice"}, {"id": "a2", "name": "bob"}]
    >>> with fake.serve({"listAccountsV1": accounts}, token="t") as server:
    ...     server.url.startswith("http://127.0.0.1:")
    True

An ``int`` in place of the records serves that many records generated from the operation's
response schema (seed 1, as ``spfilter serve --fake ID=N``); ``sample()`` gives such records::

    >>> with fake.serve({"listAccountsV1": 50, "listIdentitiesV1": 20}) as server:
    ...     server.running
    True
    >>> [record["id"] for record in fake.sample("listAccountsV1", count=3)] == [
    ...     record["id"] for record in fake.sample("listAccountsV1", count=3, seed=1)]
    True
    >>> len(fake.sample("listIdentities", count=2, seed=7, api="v2025"))
    2

Each operation answers in its own response shape: a JSON array for most,
``{"count": …, "results": […]}`` or ``{"next": …, "items": […]}`` where SailPoint's spec says so.

SailPoint's Python SDK talks to it as to a tenant: ``AccountsApi(server.sdk_client())``.
Role mining sessions are the catalog's ``getRoleMiningSessionsV1`` (``/role-mining-sessions/v1``);
``sample_role_mining_sessions()`` gives 72 of them to serve.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Type, Union

from sailpoint_filters._native import FakeServer, sample, sample_role_mining_sessions

if TYPE_CHECKING:  # the SDK is optional
    from sailpoint import ApiClient
    from sailpoint.configuration import Configuration

__all__ = ["Fakes", "Records", "Server", "sample", "sample_role_mining_sessions", "serve"]

Records = Union[int, Iterable[Mapping[str, Any]]]
"""An operation's records: the records themselves (dicts of JSON values), or how many to
generate from its response schema."""

Fakes = Mapping[str, Records]
"""The fakes of one server: operationId → records (or a count of records to generate)."""


class Server:
    """A running fake; a context manager that stops it on exit.

    Records are served as given, in their order unless sorted: dicts of JSON values (an aware
    ``datetime`` is sent as its ISO 8601 text). An ``int`` instead of the records serves that
    many records generated from the operation's response schema with seed 1
    (``sample(operation_id, count)``).
    """

    def __init__(
        self,
        fakes: Fakes,
        token: Optional[str] = None,
        api: Optional[str] = None,
        *,
        strict: bool = False,
    ) -> None:
        self._server = FakeServer(dict(fakes), token=token, api=api, strict=strict)
        self.token = token

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:PORT``."""
        return self._server.url

    @property
    def running(self) -> bool:
        return self._server.running

    def stop(self) -> None:
        """Stops serving (requests in flight get their answers); stopping twice does nothing."""
        self._server.stop()

    def sdk_configuration(self) -> Configuration:
        """A configuration of SailPoint's SDK (``sailpoint``) for this fake: its URL and
        token (any token when the fake takes any)."""
        from sailpoint.configuration import Configuration, ConfigurationParams

        params = ConfigurationParams()
        params.base_url = self.url
        params.access_token = self.token or "any-token"
        return Configuration(params)

    def sdk_client(self) -> ApiClient:
        """An ``ApiClient`` of SailPoint's SDK for this fake: ``AccountsApi(server.sdk_client())``."""
        from sailpoint import ApiClient

        return ApiClient(self.sdk_configuration())

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<fake.Server {self.url} ({'running' if self.running else 'stopped'})>"


def serve(
    fakes: Fakes,
    token: Optional[str] = None,
    api: Optional[str] = None,
    *,
    strict: bool = False,
) -> Server:
    """Serves ``fakes`` — a dict from operationId to a list of records, or to how many records
    to generate (``{"listAccountsV1": 50}``: ``sample("listAccountsV1", 50)``, seed 1) — on a
    free port of 127.0.0.1 until the ``with`` block ends (or ``stop()``).

    ``token``: the only bearer token accepted (any non-empty token when ``None``). ``api``: the
    API the operationIds belong to (``None``: the per-service API; ``"v3"``, ``"beta"``, …); a
    key ``"API:ID"`` names its own (``{"v2025:listIdentities": 20, "listAccountsV1": 50}``
    fakes operations of two APIs). The same operation given twice raises ``ValueError``.
    ``strict``: read ``filters`` in the strict syntax. An unknown operationId raises
    ``OperationNotFound``; a record that is not JSON data raises ``TypeError`` or
    ``ValueError`` naming it, and so does a count that is negative, a ``bool``, above 100,000,
    or given for an operation without a JSON response.
    """
    return Server(fakes, token=token, api=api, strict=strict)
