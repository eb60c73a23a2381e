"""SailPoint-shaped records for the tests: accounts and identities as SailPoint's
``GET /accounts/v1`` and ``GET /identities/v1`` return them, with every field their SDK models
require, deterministic and varied (shared name prefixes, mixed case, equal dates, nulls)."""

from __future__ import annotations

from typing import Any

SOURCES = [
    ("2c9180835d2e5168015d32f890ca1581", "Workday", "direct"),
    ("2c91808b6ef1d43e016efba0ce470904", "Active Directory", "direct"),
    ("2c9180867624cbd7017642d8c8c81f67", "Ünicode HR", "file"),
]

NAMES = [
    "Alice Smith", "alan turing", "Bob Jones", "ALBERT Camus", "Ünal Yılmaz", "ümit Kaya",
    "Carol White", "dave brown", "Alice Cooper", "Eve Adams", "frank Ocean", "Grace Hopper",
]


def account(i: int) -> dict[str, Any]:
    """The account numbered ``i``."""
    name = NAMES[i % len(NAMES)]
    source_id, source_name, connection = SOURCES[i % len(SOURCES)]
    native = name.lower().replace(" ", ".")
    record: dict[str, Any] = {
        "id": f"a{i:03}",
        "name": name,
        "created": f"2024-{(i % 12) + 1:02}-{(i % 27) + 1:02}T08:00:00Z",
        "modified": f"2025-01-{(i % 28) + 1:02}T09:30:00.5Z",
        "sourceId": source_id,
        "sourceName": source_name,
        "identityId": f"i{i:03}" if i % 4 else None,
        "attributes": {"department": ["Sales", "Engineering", "Legal"][i % 3]},
        "authoritative": i % 3 == 0,
        "disabled": i % 5 == 0,
        "locked": False,
        "nativeIdentity": native,
        "systemAccount": False,
        "uncorrelated": i % 4 == 0,
        "manuallyCorrelated": i % 7 == 0,
        "hasEntitlements": i % 2 == 0,
        "origin": "AGGREGATED" if i % 3 else "PROVISIONED",
        "connectionType": connection,
        "identity": {"id": f"i{i:03}", "type": "IDENTITY", "name": native.split(".")[0]}
        if i % 4
        else None,
    }
    return record


def accounts(n: int = 24) -> list[dict[str, Any]]:
    return [account(i) for i in range(n)]


def identity(i: int) -> dict[str, Any]:
    """The identity numbered ``i`` (correlated, as list identities returns by default)."""
    name = NAMES[i % len(NAMES)]
    alias = name.lower().replace(" ", ".")
    return {
        "id": f"i{i:03}",
        "name": name,
        "alias": alias,
        "emailAddress": f"{alias}@example.com",
        "processingState": "ERROR" if i % 5 == 0 else None,
        "identityStatus": "ACTIVE",
        "cloudStatus": ["ACTIVE", "UNREGISTERED", "DEACTIVATED"][i % 3],
        "created": f"2023-{(i % 12) + 1:02}-01T00:00:00Z",
        "modified": "2024-06-01T00:00:00Z",
        "isManager": i % 6 == 0,
        "correlated": True,
        "protected": i % 9 == 0,
    }


def identities(n: int = 18) -> list[dict[str, Any]]:
    return [identity(i) for i in range(n)]
