"""The README's Python example runs as written (with SailPoint-shaped records for
``accounts``)."""

from __future__ import annotations

import contextlib
import io
import os
import re

from records import accounts

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def example() -> str:
    with open(README, encoding="utf-8") as f:
        text = f.read()
    found = re.search(r"<!-- python-example -->\n```python\n(.*?)```", text, re.S)
    assert found, "the README's Python example, after <!-- python-example -->"
    return found.group(1)


def test_the_readme_example_runs() -> None:
    code = example()
    assert len(code.strip().splitlines()) <= 12
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"accounts": accounts(30)})
    printed = out.getvalue().splitlines()
    assert printed[0] == (
        "invalid filter for listAccountsV1 at column 14: `sw` is not supported on field `uncorrelated` of "
        "listAccountsV1; `uncorrelated` supports: eq"
    )
    assert printed[1:3] == ['    uncorrelated sw "x"', "                 ^^"]
    assert printed[3].startswith("[Account(") and "name='ALBERT Camus'" in printed[3]
