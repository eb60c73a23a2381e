"""SailPoint's official Python SDK (PyPI `sailpoint`, pinned in requirements.txt) against
`spfilter serve`.

The SDK's IAI Role Mining API, `IAIRoleMiningApi.get_role_mining_sessions_v1` (and its
`_with_http_info` variant), calls `GET {base_url}/role-mining-sessions/v1` with
`Authorization: Bearer {access_token}`. Run by tests/sdk/run.sh, which starts the server and
sets:

    SPFILTER_URL    the server's base URL, http://127.0.0.1:PORT
    SPFILTER_TOKEN  the one token it accepts (it is started with --token)

Plain unittest: `python test_role_mining_sessions.py -v`.
"""

import json
import os
import re
import unittest

from pydantic import ValidationError
from sailpoint import ApiClient, Configuration, IAIRoleMiningApi
from sailpoint.configuration import ConfigurationParams
from sailpoint.exceptions import ApiException, BadRequestException, UnauthorizedException
from sailpoint.iai_role_mining.models.error_response_dto import ErrorResponseDto
from sailpoint.iai_role_mining.models.get_role_mining_sessions_v1401_response import (
    GetRoleMiningSessionsV1401Response,
)
from sailpoint.iai_role_mining.models.role_mining_session_dto import RoleMiningSessionDto

BASE_URL = os.environ["SPFILTER_URL"]
TOKEN = os.environ["SPFILTER_TOKEN"]


def api(token=TOKEN):
    """The SDK's client for the fake, as a user configures it for a tenant."""
    params = ConfigurationParams()
    params.base_url = BASE_URL
    params.access_token = TOKEN
    configuration = Configuration(params)
    # The SDK fetches a token when none is configured; set what is sent after construction.
    configuration.access_token = token
    return IAIRoleMiningApi(ApiClient(configuration))


def raw(response):
    """The JSON array behind an ApiResponse (the SDK's model leaves out id, createdBy and
    the dates)."""
    return json.loads(response.raw_data)


def folded(text):
    return (text or "").lower()


class RoleMiningSessions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = api()
        response = cls.api.get_role_mining_sessions_v1_with_http_info()
        cls.all = raw(response)
        cls.all_models = response.data

    def test_the_whole_list_reads_as_the_sdks_models(self):
        self.assertGreaterEqual(len(self.all), 60)
        self.assertEqual(len(self.all_models), len(self.all))
        for model, session in zip(self.all_models, self.all):
            self.assertIsInstance(model, RoleMiningSessionDto)
            self.assertEqual(model.name, session["name"])
            self.assertEqual(model.saved, session["saved"])
            self.assertEqual(model.identity_count, session["identityCount"])
        self.assertTrue(any(m.scope.attribute_filter_criteria for m in self.all_models))

    def test_filters(self):
        saved = self.api.get_role_mining_sessions_v1(filters='saved eq "true"')
        expected = [s for s in self.all if s["saved"]]
        self.assertEqual([m.name for m in saved], [s["name"] for s in expected])
        self.assertTrue(saved and all(m.saved for m in saved))

        # Case-insensitive prefix, composed with `and`, as SailPoint documents the endpoint.
        both = self.api.get_role_mining_sessions_v1(filters='saved eq "true" and name sw "RM Session"')
        expected = [
            s for s in self.all if s["saved"] and folded(s["name"]).startswith("rm session")
        ]
        self.assertTrue(expected)
        self.assertEqual([m.name for m in both], [s["name"] for s in expected])

        # `not`, `or`, `eq` (case-insensitive, beyond ASCII).
        response = self.api.get_role_mining_sessions_v1_with_http_info(
            filters='not saved eq true or name eq "SITZUNG MÜLLER"'
        )
        expected = [
            s for s in self.all if not s["saved"] or folded(s["name"]) == "sitzung müller"
        ]
        self.assertEqual(raw(response), expected)

    def test_sorters(self):
        by_date = raw(self.api.get_role_mining_sessions_v1_with_http_info(sorters="-createdDate"))
        self.assertEqual(len(by_date), len(self.all))
        dates = [s["createdDate"] for s in by_date]
        self.assertEqual(dates, sorted(dates, reverse=True))  # RFC 3339 UTC strings sort as times

        by_creator = raw(
            self.api.get_role_mining_sessions_v1_with_http_info(sorters="createdBy,-createdDate")
        )
        keys = [
            (
                s["createdBy"] is None,
                folded((s["createdBy"] or {}).get("displayName")),
                (s["createdBy"] or {}).get("id", ""),
            )
            for s in by_creator
        ]
        self.assertEqual(keys, sorted(keys))  # nulls last, then by display name, then id
        self.assertIsNone(by_creator[-1]["createdBy"])

    def test_offset_and_limit(self):
        ordered = raw(self.api.get_role_mining_sessions_v1_with_http_info(sorters="createdDate"))
        for offset, limit in [(0, 5), (5, 7), (len(ordered) - 3, 10), (len(ordered) + 10, 5), (3, 0)]:
            page = self.api.get_role_mining_sessions_v1_with_http_info(
                sorters="createdDate", offset=offset, limit=limit
            )
            self.assertEqual(raw(page), ordered[offset : offset + limit], (offset, limit))
            self.assertEqual(len(page.data), len(ordered[offset : offset + limit]))
        # The SDK itself refuses a limit over 250, as the server does.
        with self.assertRaises(ValidationError):
            self.api.get_role_mining_sessions_v1(limit=251)

    def test_count_fills_x_total_count(self):
        response = self.api.get_role_mining_sessions_v1_with_http_info(
            filters='name sw "rm session"', sorters="-createdDate", offset=2, limit=3, count=True
        )
        matching = [s for s in self.all if folded(s["name"]).startswith("rm session")]
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["X-Total-Count"], str(len(matching)))
        self.assertEqual(len(response.data), 3)
        # Without count=true there is no header.
        response = self.api.get_role_mining_sessions_v1_with_http_info(limit=1)
        self.assertNotIn("X-Total-Count", response.headers)
        response = self.api.get_role_mining_sessions_v1_with_http_info(limit=1, count=False)
        self.assertNotIn("X-Total-Count", response.headers)

    def test_a_bad_filter_raises_the_sdks_400_with_an_error_response_dto(self):
        with self.assertRaises(BadRequestException) as caught:
            self.api.get_role_mining_sessions_v1(filters='saved sw "x"')
        error = caught.exception
        self.assertEqual(error.status, 400)
        self.assertIsInstance(error.data, ErrorResponseDto)
        # The body itself parses as the SDK's model, too.
        body = ErrorResponseDto.from_json(error.body)
        self.assertEqual(body, error.data)
        self.assertEqual(body.detail_code, "400.1 Bad Request Content")
        self.assertRegex(body.tracking_id, r"^[0-9a-f]{32}$")
        self.assertEqual(len(body.messages), 1)
        self.assertEqual(body.messages[0].locale, "en-US")
        self.assertEqual(body.messages[0].locale_origin, "DEFAULT")
        self.assertEqual(
            [c.text for c in body.causes],
            [
                "filters: column 7: `sw` is not supported on field `saved` of "
                "role-mining-sessions; `saved` supports: eq"
            ],
        )

    def test_every_problem_is_a_cause(self):
        with self.assertRaises(BadRequestException) as caught:
            self.api.get_role_mining_sessions_v1(filters="name EQ 'x'", sorters="name")
        causes = [c.text for c in caught.exception.data.causes]
        self.assertEqual(len(causes), 2, causes)
        self.assertTrue(causes[0].startswith("filters: column 6: `EQ` must be lowercase"), causes)
        self.assertTrue(causes[1].startswith("sorters: "), causes)
        self.assertIn("createdBy", causes[1])

    def test_a_missing_or_wrong_token_is_401(self):
        for token, reason in [
            ("", "no bearer token in the Authorization header"),
            ("not-" + TOKEN, "the token is not valid"),
        ]:
            with self.assertRaises(UnauthorizedException) as caught:
                api(token).get_role_mining_sessions_v1(filters='saved eq "true"')
            error = caught.exception
            self.assertEqual(error.status, 401)
            self.assertIsInstance(error.data, GetRoleMiningSessionsV1401Response)
            self.assertEqual(error.data.error, "JWT validation failed: " + reason)

    def test_the_sdk_reports_other_errors_as_api_exceptions(self):
        # A path the fake does not serve: the SDK's generic exception with the 404 body.
        client = api()
        client.api_client.configuration.base_url = BASE_URL + "/nowhere"
        with self.assertRaises(ApiException) as caught:
            client.get_role_mining_sessions_v1()
        self.assertEqual(caught.exception.status, 404)
        self.assertTrue(re.search(r'"detailCode":"404 Not found"', caught.exception.body))


if __name__ == "__main__":
    unittest.main()
