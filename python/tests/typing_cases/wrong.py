"""Wrong usages of the builders: mypy (strict) reports exactly one error on each line marked
`# E: <error code>`, with that code, and nothing else (test_typing.py)."""

import datetime

from sailpoint_filters import fake
from sailpoint_filters.catalog.accounts import list_accounts_v1 as op
from sailpoint_filters.catalog.o_auth_clients import list_oauth_clients_v1 as oauth

unknown = op.no_such_field  # E: attr-defined
misspelt = op.sourceId.eq("x")  # E: attr-defined
refused = op.source_id.co("x")  # E: attr-defined
not_in = op.uncorrelated.in_([True])  # E: attr-defined
sort_only = op.uuid.eq("u1")  # E: attr-defined
text_for_a_date = op.created.gt("yesterday")  # E: arg-type
text_for_a_boolean = op.uncorrelated.eq("yes")  # E: arg-type
number_for_text = op.name.eq(5)  # E: arg-type
numbers_for_text = op.name.in_(["a", 2])  # E: list-item
date_for_text = op.name.sw(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))  # E: arg-type
not_sortable = op.has_entitlements.desc()  # E: attr-defined
not_sortable_either = op.recommendation_method.asc()  # E: attr-defined
no_sorters = oauth.query(sorters="lastUsed")  # E: call-arg
limit_as_text = op.query(limit="10")  # E: arg-type
count_as_text = fake.serve({"listAccountsV1": "50"})  # E: dict-item
