"""SailPoint's official Python SDK (PyPI `sailpoint`, pinned in requirements.txt) against
`spfilter serve --fake listAccountsV1=… --fake listIdentitiesV1=…`: two catalog endpoints,
each at its real path with its own rules.

`AccountsApi.list_accounts_v1` calls `GET {base_url}/accounts/v1`, `IdentitiesApi.list_identities_v1`
`GET {base_url}/identities/v1`, with `Authorization: Bearer {access_token}`. The `_without_preload_content`
variants return the HTTP response as sent (status, headers, JSON body), which the tests read:
the SDK's models would validate the fake's small records against fields they do not need.
Run by tests/sdk/run_catalog.sh, which starts the server and sets:

    SPFILTER_URL    the server's base URL, http://127.0.0.1:PORT
    SPFILTER_TOKEN  the one token it accepts
    SPFILTER_DATA   the directory of the records it serves (accounts.json, identities.json)

Plain unittest: `python test_catalog_fakes.py -v`.
"""

import json
import os
import unittest

from sailpoint import AccountsApi, ApiClient, Configuration, IdentitiesApi
from sailpoint.configuration import ConfigurationParams

BASE_URL = os.environ["SPFILTER_URL"]
TOKEN = os.environ["SPFILTER_TOKEN"]
DATA = os.environ["SPFILTER_DATA"]


def client(token=TOKEN):
    params = ConfigurationParams()
    params.base_url = BASE_URL
    params.access_token = TOKEN
    configuration = Configuration(params)
    configuration.access_token = token
    return ApiClient(configuration)


def body(response):
    return json.loads(response.data)


def records(name):
    with open(os.path.join(DATA, name)) as f:
        return json.load(f)


class Accounts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = AccountsApi(client())
        cls.all = records("accounts.json")

    def call(self, **kwargs):
        return self.api.list_accounts_v1_without_preload_content(**kwargs)

    def test_all_in_stored_order(self):
        response = self.call()
        self.assertEqual(response.status, 200)
        self.assertEqual([a["id"] for a in body(response)], [a["id"] for a in self.all])

    def test_filters_ignore_case(self):
        response = self.call(filters='name sw "AL" and uncorrelated eq false')
        expected = [
            a["id"] for a in self.all
            if a["name"].lower().startswith("al") and not a["uncorrelated"]
        ]
        self.assertEqual([a["id"] for a in body(response)], expected)
        self.assertTrue(expected)

    def test_in_and_dates(self):
        source = self.all[0]["sourceId"]
        response = self.call(filters=f'sourceId in ("{source}") and created ge 2024-05-01T00:00:00Z')
        expected = [
            a["id"] for a in self.all
            if a["sourceId"] == source and a["created"] >= "2024-05-01T00:00:00Z"
        ]
        self.assertEqual([a["id"] for a in body(response)], expected)

    def test_sorters_paging_and_count(self):
        response = self.call(sorters="-name", offset=2, limit=3, count=True)
        self.assertEqual(response.status, 200)
        self.assertEqual(response.headers["X-Total-Count"], str(len(self.all)))
        by_name = sorted(self.all, key=lambda a: a["name"].lower(), reverse=True)
        self.assertEqual([a["id"] for a in body(response)], [a["id"] for a in by_name[2:5]])

    def test_a_field_the_endpoint_does_not_filter_is_a_400(self):
        response = self.call(filters='nativeIdentty eq "x"')
        self.assertEqual(response.status, 400)
        error = body(response)
        self.assertEqual(error["detailCode"], "400.1 Bad Request Content")
        self.assertIn("did you mean `nativeIdentity`?", error["causes"][0]["text"])

    def test_an_operator_the_field_does_not_list_is_a_400(self):
        response = self.call(filters='uncorrelated ne true')
        self.assertEqual(response.status, 400)
        self.assertIn("`ne` is not supported on field `uncorrelated`", body(response)["causes"][0]["text"])

    def test_unsortable_is_a_400(self):
        response = self.call(sorters="hasEntitlements")
        self.assertEqual(response.status, 400)
        self.assertIn("cannot sort listAccountsV1 by `hasEntitlements`", body(response)["causes"][0]["text"])

    def test_a_wrong_token_is_a_401(self):
        response = AccountsApi(client("not-the-token")).list_accounts_v1_without_preload_content()
        self.assertEqual(response.status, 401)


class Identities(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = IdentitiesApi(client())
        cls.all = records("identities.json")

    def call(self, **kwargs):
        return self.api.list_identities_v1_without_preload_content(**kwargs)

    def test_filters_sorters_and_count(self):
        response = self.call(filters='name sw "a" or alias eq "ben.stone"', sorters="name", count=True, limit=2)
        self.assertEqual(response.status, 200)
        matches = [
            i for i in self.all
            if i["name"].lower().startswith("a") or i["alias"] == "ben.stone"
        ]
        matches.sort(key=lambda i: i["name"].lower())
        self.assertEqual(response.headers["X-Total-Count"], str(len(matches)))
        self.assertEqual([i["id"] for i in body(response)], [i["id"] for i in matches[:2]])

    def test_offset_past_the_end_is_empty(self):
        response = self.call(offset=100)
        self.assertEqual(response.status, 200)
        self.assertEqual(body(response), [])

    def test_sort_by_a_field_it_does_not_sort_is_a_400(self):
        response = self.call(sorters="-id")
        self.assertEqual(response.status, 400)
        self.assertIn("sortable fields: name, alias, cloudStatus", body(response)["causes"][0]["text"])

    def test_sw_on_id_is_a_400(self):
        response = self.call(filters='id sw "i0"')
        self.assertEqual(response.status, 400)
        self.assertIn("`id` supports: eq, in", body(response)["causes"][0]["text"])


if __name__ == "__main__":
    unittest.main()
