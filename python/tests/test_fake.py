"""The in-process fake over real HTTP on loopback (urllib, no SDK): paths, the bearer token,
SailPoint's answers, stopping; the pytest fixture from the plugin's entry point."""

from __future__ import annotations

import datetime
import json
import threading
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

import pytest

from records import accounts
from sailpoint_filters import OperationNotFound, fake
from sailpoint_filters.fake import Server


def get(server: Server, target: str, token: Optional[str] = "t") -> tuple[int, dict[str, str], Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(server.url + target, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def test_serves_an_operation_at_its_path() -> None:
    records = accounts(12)
    with fake.serve({"listAccountsV1": records}, token="t") as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.running
        status, headers, body = get(server, "/accounts/v1?filters=name+sw+%22al%22&sorters=-name&count=true&limit=2")
        matches = sorted((r for r in records if r["name"].lower().startswith("al")), key=lambda r: r["name"].lower(), reverse=True)
        assert status == 200
        assert headers["X-Total-Count"] == str(len(matches))
        assert [r["id"] for r in body] == [r["id"] for r in matches[:2]]
        assert body[0] == matches[0]
    assert not server.running


def test_answers_like_sailpoint() -> None:
    with fake.serve({"listAccountsV1": accounts(3)}, token="t") as server:
        status, _, body = get(server, "/accounts/v1?filters=uncorrelated+sw+%22x%22")
        assert status == 400
        assert body["detailCode"] == "400.1 Bad Request Content"
        assert body["causes"][0]["text"] == (
            "filters: column 14: `sw` is not supported on field `uncorrelated` of listAccountsV1; `uncorrelated` supports: eq"
        )
        assert get(server, "/accounts/v1", token="wrong")[:1] == (401,)
        assert get(server, "/accounts/v1", token=None)[2] == {"error": "JWT validation failed: no bearer token in the Authorization header"}
        assert get(server, "/identities/v1")[0] == 404


def test_any_token_when_none_is_set() -> None:
    with fake.serve({"listAccountsV1": []}) as server:
        assert get(server, "/accounts/v1", token="anything")[:1] == (200,)
        assert get(server, "/accounts/v1", token=None)[0] == 401


def test_a_versioned_api() -> None:
    with fake.serve({"listAccounts": accounts(2)}, api="v3") as server:
        assert len(get(server, "/v3/accounts")[2]) == 2


def test_strict_syntax() -> None:
    with fake.serve({"listAccountsV1": accounts(2)}, strict=True) as server:
        assert get(server, "/accounts/v1?filters=name+eq+alice")[0] == 400
    with fake.serve({"listAccountsV1": accounts(2)}) as server:
        assert get(server, "/accounts/v1?filters=name+eq+alice")[0] == 200


def test_records_are_sent_as_json() -> None:
    record = {"id": "a", "name": "x", "created": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "n": 2**70, "t": (1, 2)}
    with fake.serve({"listAccountsV1": [record]}) as server:
        assert get(server, "/accounts/v1")[2] == [
            {"id": "a", "name": "x", "created": "2024-01-02T03:04:05+00:00", "n": float(2**70), "t": [1, 2]}
        ]


def test_bad_arguments_are_refused_before_serving() -> None:
    with pytest.raises(OperationNotFound, match=r"^no operation `listAccountV1` in the services API; did you mean `listAccountsV1`\?"):
        fake.serve({"listAccountV1": []})
    with pytest.raises(TypeError, match=r"^fakes\['listAccountsV1'\]\[1\]: a record is a dict, not a `str`$"):
        fake.serve({"listAccountsV1": [{}, "x"]})  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^fakes\['listAccountsV1'\]\[0\]\['a'\]\[1\]: an `object` is not a JSON value$"):
        fake.serve({"listAccountsV1": [{"a": [1, object()]}]})
    with pytest.raises(TypeError, match=r"^fakes\['listAccountsV1'\]\[0\]: an `int` key: the keys of JSON objects are strings$"):
        fake.serve({"listAccountsV1": [{1: "x"}]})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match=r"^the token contains ' '; a client sends"):
        fake.serve({}, token="a b")
    with pytest.raises(ValueError, match=r"^the token is empty"):
        fake.serve({}, token="")


def test_stop_is_idempotent_and_frees_the_port() -> None:
    server = fake.serve({"listAccountsV1": []})
    url = server.url
    server.stop()
    server.stop()
    assert not server.running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/accounts/v1", timeout=5)
    assert repr(server) == f"<fake.Server {url} (stopped)>"


def test_requests_from_many_threads() -> None:
    records = accounts(50)
    with fake.serve({"listAccountsV1": records}) as server:
        results: list[int] = []

        def worker() -> None:
            for offset in range(0, 50, 10):
                results.append(len(get(server, f"/accounts/v1?offset={offset}&limit=10")[2]))

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [10] * 20


def test_the_pytest_fixture(sailpoint_fake: Callable[..., Server]) -> None:
    server = sailpoint_fake({"listAccountsV1": accounts(3)}, token="s3cret")
    assert get(server, "/accounts/v1", token="s3cret")[0] == 200
    assert server.running
