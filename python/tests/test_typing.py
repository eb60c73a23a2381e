"""The stubs make mypy (pinned in requirements-test.txt) refuse what the builders refuse at run
time: typing_cases/right.py passes, and typing_cases/wrong.py has exactly one error, of the
marked code, on each marked line and none elsewhere — the Python counterpart of the Rust
catalog's compile-fail cases."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest

CASES = os.path.join(os.path.dirname(__file__), "typing_cases")
CONFIG = os.path.join(os.path.dirname(__file__), "..", "pyproject.toml")


def mypy(path: str, tmp: str) -> tuple[int, list[tuple[int, str, str]]]:
    """mypy's status and errors (line, message, code) for one file."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", CONFIG, "--cache-dir", tmp, "--show-error-codes", "--no-pretty", path],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = []
    for line in done.stdout.splitlines():
        found = re.match(r"^(.*?):(\d+): error: (.*?)\s+\[([a-z-]+)\]$", line)
        if found:
            assert os.path.samefile(found.group(1), path), line
            errors.append((int(found.group(2)), found.group(3), found.group(4)))
        else:
            assert ": note:" in line or line.startswith(("Found ", "Success")), line
    return done.returncode, errors


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("mypy-cache"))


def test_right_usages_pass_mypy(cache: str) -> None:
    status, errors = mypy(os.path.join(CASES, "right.py"), cache)
    assert (status, errors) == (0, [])


def test_each_wrong_usage_is_one_error_of_its_code(cache: str) -> None:
    path = os.path.join(CASES, "wrong.py")
    with open(path, encoding="utf-8") as f:
        marked = {
            number: found.group(1)
            for number, line in enumerate(f, start=1)
            if (found := re.search(r"# E: ([a-z-]+)$", line))
        }
    assert len(marked) == 15
    status, errors = mypy(path, cache)
    assert status == 1
    assert Counter(line for line, _, _ in errors) == Counter(marked.keys()), errors
    assert {line: code for line, _, code in errors} == marked, errors
    messages = {line: message for line, message, _ in errors}
    first = min(marked)
    assert messages[first] == 'Module has no attribute "no_such_field"'
    assert messages[first + 2] == '"_Field_source_id" has no attribute "co"'
