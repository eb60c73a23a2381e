"""Records generated from SailPoint's specs: ``fake.sample`` gives what the cargo-built
``spfilter sample`` prints, and ``fake.serve`` serves that many of them for an ``int`` — in each
operation's response shape, through SailPoint's SDK too; bad arguments are refused with the
library's messages."""

from __future__ import annotations

import contextlib
import doctest
import io
import json
import os
import re
import urllib.request
from typing import Any, Callable, Optional

import pytest

from sailpoint_filters import OperationNotFound, fake
from sailpoint_filters.fake import Server
from test_cli import cargo_built, run

NO_JSON = "downloadRoleInsightsEntitlementsChangesV1"


def spfilter_sample(*args: str) -> Any:
    done = run(cargo_built(), ["sample", *args])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def get(server: Server, target: str) -> tuple[dict[str, str], Any]:
    request = urllib.request.Request(server.url + target, headers={"Authorization": "Bearer t"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(response.headers), json.loads(response.read())


@pytest.mark.parametrize(
    "cli_args, kwargs",
    [
        (["listAccountsV1"], {}),
        (["listIdentitiesV1", "--count", "7", "--seed", "42"], {"count": 7, "seed": 42}),
        (["listIdentities", "--api", "v2025", "--count", "3", "--seed", "5"], {"count": 3, "seed": 5, "api": "v2025"}),
        (["getLaunchersV1", "--count", "4", "--seed", str(2**64 - 1)], {"count": 4, "seed": 2**64 - 1}),
        (["searchFormDefinitionsByTenantV1", "--count", "0"], {"count": 0}),
    ],
)
def test_sample_is_what_spfilter_sample_prints(cli_args: list[str], kwargs: dict[str, Any]) -> None:
    records = fake.sample(cli_args[0], **kwargs)
    assert len(records) == kwargs.get("count", 10)
    assert records == spfilter_sample(*cli_args)


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    first = fake.sample("listAccountsV1", count=6, seed=3)
    assert fake.sample("listAccountsV1", count=6, seed=3) == first
    other = fake.sample("listAccountsV1", count=6, seed=4)
    assert len(other) == 6
    assert all(a != b for a, b in zip(first, other))
    assert fake.sample("listAccountsV1") == fake.sample("listAccountsV1", 10, 1, None)
    assert all(isinstance(r, dict) and r["id"] for r in first)


def test_an_int_serves_that_many_generated_records() -> None:
    with fake.serve({"listAccountsV1": 30, "searchFormDefinitionsByTenantV1": 7}, token="t") as server:
        headers, body = get(server, "/accounts/v1?count=true&limit=250")
        assert headers["X-Total-Count"] == "30"
        assert body == spfilter_sample("listAccountsV1", "--count", "30", "--seed", "1")
        headers, body = get(server, "/form-definitions/v1?count=true&limit=5")
        assert set(body) == {"count", "results"}
        assert body["count"] == 7
        assert body["results"] == spfilter_sample("searchFormDefinitionsByTenantV1", "--count", "7")[:5]
    with fake.serve({"listAccounts": 4}, api="v3") as server:
        assert len(get(server, "/v3/accounts")[1]) == 4


def test_one_server_fakes_operations_of_several_apis() -> None:
    with fake.serve({"v2025:listIdentities": 3, "listAccountsV1": 2}, token="t") as server:
        assert get(server, "/v2025/identities?defaultFilter=NONE")[1] == spfilter_sample(
            "listIdentities", "--api", "v2025", "--count", "3"
        )
        assert len(get(server, "/accounts/v1")[1]) == 2
    # A prefix overrides `api=`; the same operation twice is refused, naming it.
    with fake.serve({"listAccounts": 2, "v3:listAccounts": 1}, api="v2025") as server:
        assert len(get(server, "/v3/accounts")[1]) == 1
        assert len(get(server, "/v2025/accounts")[1]) == 2
    with pytest.raises(ValueError, match="the v2025 operation `listIdentities` is faked twice"):
        fake.serve({"listIdentities": 1, "v2025:listIdentities": 2}, api="v2025")
    with pytest.raises(OperationNotFound, match="v3"):
        fake.serve({"v3:listIdentities": 1})


def test_generated_and_given_records_side_by_side(sailpoint_fake: Callable[..., Server]) -> None:
    given = [{"id": "i1", "name": "Ada"}]
    server = sailpoint_fake({"listAccountsV1": 3, "listIdentitiesV1": given}, token="t")
    assert len(get(server, "/accounts/v1")[1]) == 3
    assert get(server, "/identities/v1?defaultFilter=NONE")[1] == given


def test_the_sdk_pages_generated_launchers_by_next_to_the_end() -> None:
    # Imported here, not at collection: the SDK deserialises a model by its class name from the
    # first loaded `sailpoint.*.models` module that has one, so loading the launchers' models
    # before test_sdk.py's accounts models would change which `ErrorResponseDto` it builds.
    from sailpoint import LaunchersApi
    from sailpoint.launchers.models.launcher import Launcher

    with fake.serve({"getLaunchersV1": 23}, token="sdk-token") as server:
        api = LaunchersApi(server.sdk_client())
        seen: list[str] = []
        marker: Optional[str] = None
        pages = 0
        while True:
            page = api.get_launchers_v1(limit=5, next=marker)
            pages += 1
            assert all(isinstance(item, Launcher) for item in page.items)
            seen.extend(item.id for item in page.items)
            marker = page.next
            if marker is None:
                break
            assert pages < 10, "the markers never end"
    assert pages == 5
    assert len(seen) == 23 and len(set(seen)) == 23
    assert seen == [r["id"] for r in spfilter_sample("getLaunchersV1", "--count", "23")]


def test_unknown_operations_name_the_nearest_and_the_apis_that_have_them() -> None:
    with pytest.raises(OperationNotFound, match=r"^no operation `listAccountV1` in the services API; did you mean `listAccountsV1`\? \(`spfilter endpoints` lists them\)$"):
        fake.sample("listAccountV1")
    with pytest.raises(OperationNotFound) as raised:
        fake.sample("listIdentities")
    message = str(raised.value)
    assert message.startswith("no operation `listIdentities` in the services API")
    assert message.endswith('\n`listIdentities` is an operation of api="beta", api="v2024", api="v2025" and api="v2026"'), message
    with pytest.raises(OperationNotFound, match=r"is an operation of api=\"beta\", .* and api=\"v2026\"$"):
        fake.serve({"listIdentities": 5})
    with pytest.raises(ValueError, match=r"v9"):
        fake.sample("listAccountsV1", api="v9")


def test_an_operation_without_a_json_response_is_refused_with_the_librarys_message() -> None:
    done = run(cargo_built(), ["sample", NO_JSON])
    assert done.returncode == 1
    cli_message = done.stderr.strip()
    assert cli_message == f"services operation `{NO_JSON}` has no JSON response schema to generate records from"
    with pytest.raises(ValueError) as raised:
        fake.sample(NO_JSON)
    assert str(raised.value) == cli_message
    with pytest.raises(ValueError) as raised:
        fake.serve({NO_JSON: 3})
    assert str(raised.value) == f"fakes['{NO_JSON}']: {cli_message}"


@pytest.mark.parametrize(
    "count, error, message",
    [
        (-1, ValueError, "count: the count -1 is negative; give how many records to generate (0 or more)"),
        (-(2**70), ValueError, f"count: the count {-(2**70)} is negative; give how many records to generate (0 or more)"),
        (100_001, ValueError, "count: the count 100001 is too large; at most 100000 records are generated at once"),
        (2**70, ValueError, f"count: the count {2**70} is too large; at most 100000 records are generated at once"),
        (True, TypeError, "count: a count of records is an `int`, not a `bool`"),
        (2.0, TypeError, "count: a count of records is an `int`, not a `float`"),
        ("5", TypeError, "count: a count of records is an `int`, not a `str`"),
    ],
)
def test_bad_counts_are_refused(count: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        fake.sample("listAccountsV1", count=count)
    assert str(raised.value) == message
    with pytest.raises(error) as raised:
        fake.serve({"listAccountsV1": count})
    if isinstance(count, int):
        assert str(raised.value) == message.replace("count:", "fakes['listAccountsV1']:", 1)
    elif isinstance(count, float):
        assert str(raised.value) == (
            "fakes['listAccountsV1']: an operation's fake is a list of records (dicts) or a count of "
            "records to generate (an `int`), not a `float`"
        )
    else:
        assert str(raised.value) == "fakes['listAccountsV1'][0]: a record is a dict, not a `str`"


@pytest.mark.parametrize(
    "seed, error, message",
    [
        (-1, ValueError, "seed: -1 is not a seed; a seed is an int from 0 to 2**64 - 1"),
        (2**64, ValueError, f"seed: {2**64} is not a seed; a seed is an int from 0 to 2**64 - 1"),
        (1.0, TypeError, "seed: a seed is an `int`, not a `float`"),
    ],
)
def test_bad_seeds_are_refused(seed: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        fake.sample("listAccountsV1", seed=seed)
    assert str(raised.value) == message


def test_the_modules_examples_run() -> None:
    failed, attempted = doctest.testmod(fake, raise_on_error=False, verbose=False)
    assert (failed, attempted >= 6) == (0, True)


def test_the_package_readmes_fake_example_runs() -> None:
    with open(os.path.join(os.path.dirname(__file__), "..", "README.md"), encoding="utf-8") as f:
        text = f.read()
    found = re.search(r"<!-- python-fake-example -->\n```python\n(.*?)```", text, re.S)
    assert found, "the package README's fake example, after <!-- python-fake-example -->"
    assert "[" not in found.group(1).split("serve(", 1)[1].split(")", 1)[0], "no records given"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(found.group(1), "README.md", "exec"), {})
    assert out.getvalue().splitlines() == ["50", "5 5"]
