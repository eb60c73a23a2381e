"""SailPoint's Python SDK against the in-process fake with queries made by the builders:
``AccountsApi(client).list_accounts_v1(**query.sdk_kwargs())``, and the same for identities."""

from __future__ import annotations

import datetime
import inspect
from typing import Any, Iterator

import pytest
from sailpoint import AccountsApi, IdentitiesApi
from sailpoint.accounts.models.account import Account

from records import accounts, identities
from sailpoint_filters import catalog, fake
from sailpoint_filters.catalog.accounts import list_accounts_v1 as acc
from sailpoint_filters.catalog.identities import list_identities_v1 as ids_op
from sailpoint_filters.fake import Server

ALL_ACCOUNTS = accounts(40)
ALL_IDENTITIES = identities(30)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with fake.serve({"listAccountsV1": ALL_ACCOUNTS, "listIdentitiesV1": ALL_IDENTITIES}) as running:
        yield running


def ids(items: list[Any]) -> list[str]:
    return [item["id"] if isinstance(item, dict) else item.id for item in items]


def test_accounts_by_builders_through_the_sdk(server: Server) -> None:
    source = ALL_ACCOUNTS[0]["sourceId"]
    since = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    query = acc.query(
        filters=acc.source_id.in_([source, "nothing"]) & acc.created.ge(since) & ~acc.uncorrelated.eq(True),
        sorters=[acc.created.desc(), acc.id.asc()],
        limit=3,
        offset=1,
        count=True,
    )
    assert query.sdk_kwargs() == {
        "filters": f'sourceId in ("{source}", "nothing") and created ge 2024-05-01T00:00:00Z and not uncorrelated eq true',
        "sorters": "-created,id",
        "offset": 1,
        "limit": 3,
        "count": True,
    }
    response = AccountsApi(server.sdk_client()).list_accounts_v1_with_http_info(**query.sdk_kwargs())
    matches = [
        a for a in ALL_ACCOUNTS if a["sourceId"] == source and a["created"] >= "2024-05-01T00:00:00Z" and not a["uncorrelated"]
    ]
    matches.sort(key=lambda a: a["id"])
    matches.sort(key=lambda a: a["created"], reverse=True)
    assert matches, "the records have accounts of that source since May"
    assert response.headers is not None and response.headers["X-Total-Count"] == str(len(matches))
    assert ids(response.data) == ids(matches[1:4])
    assert all(isinstance(a, Account) for a in response.data)
    assert ids(query.run(ALL_ACCOUNTS).items) == ids(response.data)


def test_identities_by_builders_through_the_sdk(server: Server) -> None:
    query = ids_op.query(filters=ids_op.name.sw("a") | ids_op.alias.eq("grace.hopper"), sorters=ids_op.name.asc(), count=True)
    response = IdentitiesApi(server.sdk_client()).list_identities_v1_with_http_info(**query.sdk_kwargs())
    matches = sorted(
        (i for i in ALL_IDENTITIES if i["name"].lower().startswith("a") or i["alias"] == "grace.hopper"),
        key=lambda i: i["name"].lower(),
    )
    assert response.headers is not None and response.headers["X-Total-Count"] == str(len(matches))
    assert ids(response.data) == ids(matches) and matches


# The one parameter the catalog gives an operation that the SDK's method lacks (the spec
# declares `offset`; SDK 2.1.72's `search_form_instances_by_tenant_v1` takes no `offset`).
SDK_LACKS = {("searchFormInstancesByTenantV1", "offset")}


def test_sdk_kwargs_keys_are_the_sdk_methods_parameters() -> None:
    import sailpoint

    checked = 0
    for op in catalog.operations():
        method = getattr(getattr(sailpoint, op.sdk_class), op.sdk_method)
        parameters = inspect.signature(method).parameters
        for name in op.parameters:
            # The five collection parameters by their own names (what `sdk_kwargs()` gives); an
            # operation's others (`searchAfter`, `count-only`) in the SDK's snake case.
            sdk_name = catalog.snake_case(name).replace("-", "_")
            assert (sdk_name in parameters) != ((op.operation_id, name) in SDK_LACKS), (op.sdk_name, name)
        checked += 1
    assert checked == 146
