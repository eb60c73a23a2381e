#!/usr/bin/env python3
"""Extracts the example filters of SailPoint's OpenAPI specs into benches/spec_filters.txt.

Run once, from the repository: `python3 benches/extract_spec_filters.py ../shared/specs/*.yaml`
(needs PyYAML). For every query parameter named `filters` in the specs it takes

* its `example`, and the `value` of each of its `examples`;
* from its description, every `Example: …` line and every backquoted span that holds a whole
  filter (`?filters=…` spans are percent- and plus-decoded as a query string would be).

Each distinct text is written once, in the order first met, with the number of parameters that
show it. The bench (benches/parse.rs) keeps those that both parsers read whole; the list itself is
not filtered, so what the bench leaves out is visible here.
"""

import re
import sys
import urllib.parse

import yaml

OPERATOR = re.compile(r"\b(eq|ne|gt|ge|lt|le|co|sw|in|ca|pr|isnull)\b")


def filters_parameters(node):
    if isinstance(node, dict):
        if node.get("name") == "filters" and node.get("in") == "query":
            yield node
        for value in node.values():
            yield from filters_parameters(value)
    elif isinstance(node, list):
        for value in node:
            yield from filters_parameters(value)


def examples_of(parameter):
    if "example" in parameter:
        yield str(parameter["example"])
    for example in (parameter.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            yield str(example["value"])
    description = parameter.get("description") or ""
    for line in description.splitlines():
        found = re.match(r"\s*Example:\s*(.+?)\s*$", line)
        if found:
            yield found.group(1)
    for span in re.findall(r"`([^`]+)`", description):
        if span.startswith("?filters="):
            yield urllib.parse.unquote_plus(span[len("?filters="):])
        elif OPERATOR.search(span) and " " in span:
            yield span


def main(paths):
    counts = {}
    for path in paths:
        with open(path) as f:
            spec = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for parameter in filters_parameters(spec):
            for text in examples_of(parameter):
                text = text.strip()
                if text:
                    counts[text] = counts.get(text, 0) + 1
    with open("benches/spec_filters.txt", "w") as out:
        out.write(HEADER)
        for text, count in counts.items():
            if "\n" in text or "\t" in text:
                raise SystemExit(f"an example spans lines: {text!r}")
            out.write(f"{count}\t{text}\n")
    print(f"{len(counts)} distinct example filters", file=sys.stderr)


HEADER = """\
# Example filters from SailPoint's OpenAPI specifications (sailpoint-api.beta, v3, v2024,
# v2025, v2026 and the unversioned sailpoint-api.yaml, from github.com/sailpoint-oss/api-specs,
# MIT-licensed by SailPoint Technologies), extracted by benches/extract_spec_filters.py.
# One filter a line: how many `filters` parameters show it, a tab, the filter as written.
"""

if __name__ == "__main__":
    main(sys.argv[1:])
