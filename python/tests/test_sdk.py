"""SailPoint's Python SDK (``sailpoint==2.1.72``, pinned in requirements-test.txt) against the
in-process fake, through its typed methods: its pydantic models validate every record.

``AccountsApi.list_accounts_v1`` calls ``GET {base_url}/accounts/v1``,
``IdentitiesApi.list_identities_v1`` ``GET {base_url}/identities/v1``; the ``_with_http_info``
variants also give the response headers (``X-Total-Count``)."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import pytest
from sailpoint import AccountsApi, IdentitiesApi
from sailpoint.accounts.models.account import Account
from sailpoint.accounts.models.error_response_dto import ErrorResponseDto
from sailpoint.exceptions import BadRequestException, UnauthorizedException
from sailpoint.identities.models.identity import Identity

from records import accounts, identities
from sailpoint_filters import FilterError, catalog, fake, parse
from sailpoint_filters.fake import Server

ACCOUNTS = catalog.operation("listAccountsV1")
IDENTITIES = catalog.operation("listIdentitiesV1")
ALL_ACCOUNTS = accounts(40)
ALL_IDENTITIES = identities(30)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with fake.serve({"listAccountsV1": ALL_ACCOUNTS, "listIdentitiesV1": ALL_IDENTITIES}, token="sdk-token") as running:
        yield running


@pytest.fixture(scope="module")
def accounts_api(server: Server) -> AccountsApi:
    return AccountsApi(server.sdk_client())


@pytest.fixture(scope="module")
def identities_api(server: Server) -> IdentitiesApi:
    return IdentitiesApi(server.sdk_client())


def ids(items: list[Any]) -> list[str]:
    return [item["id"] if isinstance(item, dict) else item.id for item in items]


def test_every_record_reads_as_the_sdks_model(accounts_api: AccountsApi, identities_api: IdentitiesApi) -> None:
    listed = accounts_api.list_accounts_v1()
    assert all(isinstance(a, Account) for a in listed)
    assert ids(listed) == ids(ALL_ACCOUNTS)
    assert listed[1].source_name == ALL_ACCOUNTS[1]["sourceName"]
    people = identities_api.list_identities_v1()
    assert all(isinstance(i, Identity) for i in people)
    assert ids(people) == ids(ALL_IDENTITIES)


def test_filters_built_from_filters_sorters_paging_and_count(accounts_api: AccountsApi) -> None:
    wanted = parse('name sw "AL"') & ~parse("uncorrelated eq true")
    kwargs = ACCOUNTS.check(filters=wanted, sorters="-name", offset=1, limit=3, count=True)
    assert kwargs == {"filters": 'name sw "AL" and not uncorrelated eq true', "sorters": "-name", "offset": 1, "limit": 3, "count": True}
    response = accounts_api.list_accounts_v1_with_http_info(**kwargs)
    matches = [a for a in ALL_ACCOUNTS if a["name"].lower().startswith("al") and not a["uncorrelated"]]
    matches.sort(key=lambda a: a["name"].lower(), reverse=True)
    assert response.status_code == 200
    assert response.headers is not None and response.headers["X-Total-Count"] == str(len(matches))
    assert ids(response.data) == ids(matches[1:4])
    assert all(isinstance(a, Account) for a in response.data)
    # The same query run in process gives the same page.
    page = ACCOUNTS.run(ALL_ACCOUNTS, **kwargs)
    assert ids(page.items) == ids(response.data) and page.total == len(matches)


def test_text_filters_on_nested_fields_and_dates(accounts_api: AccountsApi) -> None:
    source = ALL_ACCOUNTS[0]["sourceId"]
    listed = accounts_api.list_accounts_v1(filters=f'sourceId in ("{source}") and created ge 2024-05-01T00:00:00Z', sorters="created,id")
    expected = sorted((a for a in ALL_ACCOUNTS if a["sourceId"] == source and a["created"] >= "2024-05-01T00:00:00Z"), key=lambda a: (a["created"], a["id"]))
    assert ids(listed) == ids(expected) and expected
    nested = accounts_api.list_accounts_v1(filters='identity.name eq "ALICE"')
    assert ids(nested) == [a["id"] for a in ALL_ACCOUNTS if a["identity"] and a["identity"]["name"] == "alice"]


def test_identities_filters_sorters_and_count(identities_api: IdentitiesApi) -> None:
    kwargs = IDENTITIES.check(filters='name sw "a" or alias eq "grace.hopper"', sorters="name", count=True, limit=4)
    response = identities_api.list_identities_v1_with_http_info(**kwargs)
    matches = [i for i in ALL_IDENTITIES if i["name"].lower().startswith("a") or i["alias"] == "grace.hopper"]
    matches.sort(key=lambda i: i["name"].lower())
    assert response.headers is not None and response.headers["X-Total-Count"] == str(len(matches))
    assert ids(response.data) == ids(matches[:4])
    assert identities_api.list_identities_v1(offset=100) == []


def test_a_400_carries_the_body_check_gives(accounts_api: AccountsApi) -> None:
    query: dict[str, Any] = {"filters": 'nativeIdentty eq "x" and uncorrelated sw "y"', "sorters": "hasEntitlements"}
    with pytest.raises(BadRequestException) as caught:
        accounts_api.list_accounts_v1(**query)
    error = caught.value
    assert error.status == 400
    assert isinstance(error.data, ErrorResponseDto)
    with pytest.raises(FilterError) as local:
        ACCOUNTS.check(**query)
    expected = local.value.error_body
    body = json.loads(error.body)
    assert re.fullmatch(r"[0-9a-f]{32}", body["trackingId"])
    assert {k: v for k, v in body.items() if k != "trackingId"} == {k: v for k, v in expected.items() if k != "trackingId"}
    assert [c.text for c in error.data.causes] == [c["text"] for c in expected["causes"]]
    assert len(expected["causes"]) == 3
    assert expected["causes"][0]["text"].startswith(
        "filters: column 1: unknown field `nativeIdentty` for listAccountsV1; did you mean `nativeIdentity`?"
    )


def test_identities_refuse_an_unsortable_field(identities_api: IdentitiesApi) -> None:
    with pytest.raises(BadRequestException) as caught:
        identities_api.list_identities_v1(sorters="-id")
    assert caught.value.data.causes[0].text == (
        "sorters: column 2: cannot sort listIdentitiesV1 by `id`; sortable fields: name, alias, cloudStatus"
    )


def test_a_wrong_token_is_a_401(server: Server) -> None:
    configuration = server.sdk_configuration()
    configuration.access_token = "not-the-token"
    from sailpoint import ApiClient

    with pytest.raises(UnauthorizedException):
        AccountsApi(ApiClient(configuration)).list_accounts_v1()


def test_role_mining_sessions_through_the_sdk() -> None:
    from sailpoint import IAIRoleMiningApi
    from sailpoint.iai_role_mining.models.role_mining_session_dto import RoleMiningSessionDto

    sessions = fake.sample_role_mining_sessions()
    assert len(sessions) == 72
    with fake.serve({"getRoleMiningSessionsV1": sessions}) as server:
        api = IAIRoleMiningApi(server.sdk_client())
        response = api.get_role_mining_sessions_v1_with_http_info(
            filters='saved eq "true" and name sw "RM Session"', sorters="-createdDate", limit=5, count=True
        )
    expected = catalog.operation("getRoleMiningSessionsV1").run(
        sessions, filters='saved eq "true" and name sw "RM Session"', sorters="-createdDate", limit=5
    )
    assert response.headers is not None and response.headers["X-Total-Count"] == str(expected.total) == "12"
    assert all(isinstance(m, RoleMiningSessionDto) for m in response.data)
    assert [m.name for m in response.data] == [s["name"] for s in expected.items]
