"""The pytest plugin of sailpoint_filters (registered as the ``pytest11`` entry point
``sailpoint_filters``): the ``sailpoint_fake`` fixture.

    def test_lists_accounts(sailpoint_fake):
        server = sailpoint_fake({"listAccountsV1": [{"id": "a1", "name": "alice"}]})
        accounts = AccountsApi(server.sdk_client()).list_accounts_v1_without_preload_content()
        ...

Every fake a test starts is stopped when the test ends.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional

import pytest

from sailpoint_filters.fake import Fakes, Server


@pytest.fixture
def sailpoint_fake() -> Iterator[Callable[..., Server]]:
    """Starts fakes of SailPoint's collection operations (``sailpoint_fake(fakes, token=None,
    api=None, strict=False)``, as ``sailpoint_filters.fake.serve``: records, or a count of
    records to generate, per operationId) and stops them after the test."""
    started: list[Server] = []

    def start(
        fakes: Fakes,
        token: Optional[str] = None,
        api: Optional[str] = None,
        *,
        strict: bool = False,
    ) -> Server:
        server = Server(fakes, token=token, api=api, strict=strict)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
