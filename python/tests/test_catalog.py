"""The catalog at run time: finding operations, reading their fields, limits and rules, and
checking the five parameters (errors by exact message and span)."""

from __future__ import annotations

import pytest

from sailpoint_filters import FilterError, OperationNotFound, catalog, parse

ACCOUNTS = catalog.operation("listAccountsV1")


def test_operation_by_operation_id() -> None:
    op = catalog.operation("listAccountsV1")
    assert (op.operation_id, op.api, op.method, op.path) == ("listAccountsV1", "services", "GET", "/accounts/v1")
    assert (op.tag, op.summary) == ("Accounts", "Accounts list")
    assert (op.sdk_class, op.sdk_method, op.sdk_name) == ("AccountsApi", "list_accounts_v1", "AccountsApi.list_accounts_v1")
    assert op.parameters == ("filters", "sorters", "offset", "limit", "count")
    assert op.deprecated is False
    assert repr(op) == "<Operation listAccountsV1 GET /accounts/v1>"
    assert op == catalog.operation("listAccountsV1", api="services")
    assert hash(op) == hash(catalog.operation("listAccountsV1"))
    assert op != catalog.operation("listIdentitiesV1")


def test_operations_of_the_versioned_apis() -> None:
    v3 = catalog.operation("listAccounts", api="v3")
    assert (v3.api, v3.path, repr(v3)) == ("v3", "/v3/accounts", "<Operation listAccounts (v3) GET /v3/accounts>")
    assert catalog.apis() == ["services", "v3", "beta", "v2024", "v2025", "v2026"]
    counts = {api: len(catalog.operations(api)) for api in catalog.apis()}
    assert counts == {"services": 146, "v3": 49, "beta": 95, "v2024": 113, "v2025": 127, "v2026": 134}
    ids = [op.operation_id for op in catalog.operations()]
    assert ids == sorted(ids)


def test_an_unknown_operation_suggests_the_closest() -> None:
    with pytest.raises(OperationNotFound) as caught:
        catalog.operation("listAccountV1")
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == (
        "no operation `listAccountV1` in the services API; did you mean `listAccountsV1`? "
        "(`spfilter endpoints` lists them)"
    )
    with pytest.raises(ValueError, match=r"^unknown API `v4`: expected services, v3, beta, v2024, v2025 or v2026$"):
        catalog.operation("listAccounts", api="v4")


def test_search_by_word() -> None:
    found = [op.operation_id for op in catalog.search("role-mining-sessions")]
    assert "getRoleMiningSessionsV1" in found
    assert all("role" in op.path or "role" in op.operation_id.lower() or "Role" in op.tag for op in catalog.search("role-mining-sessions"))
    assert [op.api for op in catalog.search("accounts", api="beta")] == ["beta"] * len(catalog.search("accounts", api="beta"))
    assert catalog.search("no such word anywhere") == []


def test_by_sdk_class_and_method() -> None:
    assert catalog.sdk_operation("AccountsApi", "list_accounts_v1") == ACCOUNTS
    assert catalog.sdk_operation("IdentitiesApi", "list_identities_v1").path == "/identities/v1"
    with pytest.raises(OperationNotFound, match=r"^no operation `AccountsApi.list_accounts` in the services API's SDK methods$"):
        catalog.sdk_operation("AccountsApi", "list_accounts")


def test_by_path() -> None:
    op = catalog.by_path("GET", "/access-profiles/v1/2c9180835d2e5168015d32f890ca1581/entitlements?limit=5")
    assert op is not None and op.operation_id == "getAccessProfileEntitlementsV1"
    v3 = catalog.by_path("GET", "/v3/accounts")
    assert v3 is not None and (v3.operation_id, v3.api) == ("listAccounts", "v3")
    assert catalog.by_path("POST", "/accounts/v1") is None


def test_fields_operators_and_types() -> None:
    created = ACCOUNTS.field("created")
    assert created is not None
    assert (created.name, created.type, created.operators) == ("created", "dateTime", ("eq", "gt", "ge", "lt", "le"))
    assert (created.filterable, created.sortable, created.case_sensitive, created.wildcard) == (True, True, False, False)
    origin = ACCOUNTS.field("origin")
    assert origin is not None and origin.values == ("AGGREGATED", "PROVISIONED")
    uuid = ACCOUNTS.field("uuid")
    assert uuid is not None and (uuid.filterable, uuid.sortable, uuid.operators) == (False, True, ())
    assert ACCOUNTS.field("nope") is None
    assert repr(ACCOUNTS.field("name")) == "<Field name (string): eq, sw, in; sortable>"
    assert [f.name for f in ACCOUNTS.fields][:3] == ["id", "identityId", "name"]
    assert ACCOUNTS.sortable[:4] == ("id", "identityId", "name", "nativeIdentity")
    assert ACCOUNTS.composites == ("and", "or", "not")


def test_limits_and_rules() -> None:
    assert ACCOUNTS.limit == (0, 250, 250)
    rules = ACCOUNTS.rules
    assert (rules.distinct_fields, rules.not_only_before_in, rules.max_nots, rules.filters_required) == (False, False, None, False)
    assert repr(rules) == "Rules(distinct_fields=False, not_only_before_in=False, max_nots=None, filters_required=False)"
    launchers = [op for op in catalog.operations() if op.limit[0] == 1]
    assert launchers, "an operation whose limit starts at 1"
    required = [op for op in catalog.operations() if op.rules.filters_required]
    assert required, "an operation that requires filters"
    with pytest.raises(FilterError) as caught:
        required[0].check()
    assert caught.value.kind == "filters_required"


def test_check_gives_the_canonical_parameters_to_send() -> None:
    assert ACCOUNTS.check() == {}
    assert ACCOUNTS.check(
        filters="(name sw 'al')and uncorrelated eq \"false\"",
        sorters=" name , -created",
        limit=10,
        offset=20,
        count=True,
    ) == {
        "filters": 'name sw "al" and uncorrelated eq false',
        "sorters": "name,-created",
        "offset": 20,
        "limit": 10,
        "count": True,
    }
    assert ACCOUNTS.check(limit="5", count="false") == {"limit": 5, "count": False}
    assert ACCOUNTS.check(sorters=["name", "-created"]) == {"sorters": "name,-created"}
    assert ACCOUNTS.check(sorters="") == {}
    built = parse('name sw "al"') & ~parse("uncorrelated eq true")
    assert ACCOUNTS.check(filters=built) == {"filters": 'name sw "al" and not uncorrelated eq true'}


def test_check_reports_every_problem_with_spans_into_the_texts_given() -> None:
    filters = 'nativeIdentity eq "Jürgen" and uncorrelated sw "x"'
    sorters = "näme"
    with pytest.raises(FilterError) as caught:
        ACCOUNTS.check(filters=filters, sorters=sorters, limit=300)
    err = caught.value
    assert err.endpoint == "listAccountsV1"
    # Reading's problems first (in parameter order), then checking's.
    assert [(p.stage, p.kind, p.parameter) for p in err.problems] == [
        ("sorters_parse", "invalid_field_path", "sorters"),
        ("paging", "limit", "limit"),
        ("check", "operator_not_allowed", "filters"),
    ]
    sort, limit, operator = err.problems
    assert (limit.message, limit.span, limit.line, limit.column) == ("limit must be an integer from 0 to 250, got `300`", None, None, None)
    assert operator.message == "column 45: `sw` is not supported on field `uncorrelated` of listAccountsV1; `uncorrelated` supports: eq"
    assert operator.span == (44, 46)
    assert filters[44:46] == "sw"
    assert sort.message == (
        "column 1: `näme` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, "
        "not a filter keyword), joined by `.`"
    )
    assert sort.span == (0, 4)
    assert str(err) == (
        f"invalid sorters for listAccountsV1 at {sort.message}\n"
        "    näme\n"
        "    ^^^^\n"
        "limit must be an integer from 0 to 250, got `300`\n"
        "invalid filter for listAccountsV1 at column 45: `sw` is not supported on field `uncorrelated` of listAccountsV1; `uncorrelated` supports: eq\n"
        '    nativeIdentity eq "Jürgen" and uncorrelated sw "x"\n'
        "                                                ^^"
    )
    assert err.error_body["messages"][0]["text"] == "Invalid query parameters sorters, limit, filters: 3 problems"
    assert [c["text"] for c in err.error_body["causes"]] == [p.cause for p in err.problems]


def test_check_suggests_the_closest_field() -> None:
    with pytest.raises(FilterError) as caught:
        ACCOUNTS.check(filters='nativeIdentty sw "jd"')
    assert caught.value.message.startswith(
        "column 1: unknown field `nativeIdentty` for listAccountsV1; did you mean `nativeIdentity`? Filterable fields: id, identityId, name,"
    )


def test_check_in_the_strict_syntax() -> None:
    assert ACCOUNTS.check(filters="name eq alice") == {"filters": 'name eq "alice"'}
    with pytest.raises(FilterError) as caught:
        ACCOUNTS.check(filters="name eq alice", strict=True)
    assert caught.value.message == 'column 9: unquoted text `alice` (the strict syntax needs double quotes): write "alice"'


def test_check_refuses_values_of_the_wrong_python_type() -> None:
    with pytest.raises(TypeError, match=r"^limit must be an int, not bool$"):
        ACCOUNTS.check(limit=True)
    with pytest.raises(TypeError, match=r"^count must be a bool, not int$"):
        ACCOUNTS.check(count=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^filters must be a str or a Filter, not int$"):
        ACCOUNTS.check(filters=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^sorters must be a str or a list of sort keys, not int$"):
        ACCOUNTS.check(sorters=3)  # type: ignore[arg-type]
    with pytest.raises(FilterError, match=r"^offset must be an integer from 0 to 2147483647, got `-1`$"):
        ACCOUNTS.check(offset=-1)
