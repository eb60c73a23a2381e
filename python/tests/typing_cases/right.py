"""Right usages of the builders: mypy (strict) finds nothing here (test_typing.py)."""

import datetime
from typing import Any

import sailpoint_filters.catalog.identities.list_identities_v1 as identities
from sailpoint_filters import Filter, fake
from sailpoint_filters.catalog import Query, SortKey
from sailpoint_filters.catalog.accounts import list_accounts_v1 as op
from sailpoint_filters.catalog.o_auth_clients import list_oauth_clients_v1 as oauth

built: Filter = op.name.sw("RM") & op.source_id.in_(["a", "b"])
either: Filter = op.name.eq("x") | ~op.uncorrelated.eq(True)
since: Filter = op.created.ge(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
unset: Filter = op.recommendation_method.is_null()
key: SortKey = op.created.desc()
query: Query = op.query(filters=built & since, sorters=[key, op.uuid.asc()], limit=10, offset=0, count=True)
kwargs: dict[str, Any] = query.sdk_kwargs()
people: Query = identities.query(filters=identities.name.sw("a"), sorters="name")
text: Query = op.query(filters='name sw "a"', sorters="-created")
used: Query = oauth.query(filters=oauth.last_used.le(datetime.datetime.now(datetime.timezone.utc)))
print(op.operation.operation_id, kwargs, people, text, unset, either, used)


def generated_fakes() -> None:
    records: list[dict[str, Any]] = fake.sample("listAccountsV1", 5, seed=2, api=None)
    with fake.serve({"listAccountsV1": 50, "listIdentitiesV1": [{"id": "i1", "name": "Ada"}]}) as server:
        print(server.url, records)
