"""The ``spfilter`` command ``pip install`` puts beside the interpreter: the README's main
command through it prints what the cargo-built binary prints, and its exit statuses and
messages are the binary's."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def installed() -> str:
    """The console script pip installed into this interpreter's environment."""
    path = os.path.join(os.path.dirname(sys.executable), "spfilter")
    assert os.access(path, os.X_OK), f"pip install ./python did not install {path}"
    return path


def cargo_built() -> str:
    found = os.environ.get("SPFILTER")
    if not found:
        pytest.fail("set SPFILTER to the cargo-built spfilter (python/run_tests.sh does)")
    assert os.path.realpath(found) != os.path.realpath(installed())
    return found


def main_command() -> list[str]:
    """The README's main command's arguments, after ``cargo run … --``."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    found = re.search(r"<!-- main-command -->\n```sh\n(.*?)\n```", text)
    assert found, "the README's main command, after <!-- main-command -->"
    words = shlex.split(found.group(1))
    assert words[:2] == ["cargo", "run"] and "--" in words, words
    return words[words.index("--") + 1 :]


def run(program: str, args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [program, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_the_readme_main_command_prints_what_the_cargo_built_one_prints() -> None:
    args = main_command()
    assert args[0] == "query"
    ours, theirs = run(installed(), args), run(cargo_built(), args)
    assert ours.returncode == 0, ours.stderr
    assert (ours.stdout, ours.stderr, ours.returncode) == (
        theirs.stdout,
        theirs.stderr,
        theirs.returncode,
    )
    assert ours.stderr.splitlines()[-1] == "X-Total-Count: 12"
    assert ours.stdout.startswith("[") and ours.stdout.count('"saved": true') == 5


@pytest.mark.parametrize(
    "args, stdin, status",
    [
        (["parse", "(name co 'int')and (type eq COMMON)"], "", 0),
        (["check", "--endpoint", "listAccountsV1", 'sourceId co "x"'], "", 1),
        (["parse", "-"], 'name eq "é" and', 1),
        (["endpoints", "account"], "", 0),
        (["no-such-subcommand"], "", 2),
        (["--help"], "", 0),
        (["--version"], "", 0),
        (["query", "--limit", "many"], "", 1),
        (["query", "--no-such-option"], "", 2),
    ],
)
def test_statuses_and_messages_are_the_binarys(args: list[str], stdin: str, status: int) -> None:
    ours, theirs = run(installed(), args, stdin), run(cargo_built(), args, stdin)
    assert ours.returncode == status, ours.stderr
    assert (ours.stdout, ours.stderr, ours.returncode) == (
        theirs.stdout,
        theirs.stderr,
        theirs.returncode,
    )
    assert ours.stdout or ours.stderr
