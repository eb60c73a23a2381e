"""Records of `spfilter sample` against the operation's response item schema, checked by an
independent JSON Schema validator (Python's `jsonschema`, draft 2020-12, formats checked:
`date-time` through rfc3339-validator, `email`, `uuid`, …).

For every operation of every API in catalog/responses/<api>.json that has a JSON response,
runs `spfilter sample OPERATION_ID --api API --count 30 --seed S` for two seeds and validates
each record. Prints the counts; exits non-zero naming every record that fails.

Run by tests/sdk/run_samples.sh: `python validate_samples.py SPFILTER_BINARY CATALOG_DIR`.
"""

import json
import os
import subprocess
import sys

from jsonschema import Draft202012Validator, FormatChecker

COUNT = 30
SEEDS = (1, 977)

# Operations whose item schema no record can pass: a `oneOf` whose variants no object can tell
# apart (the same required properties, or none, and additional properties allowed), so every
# object that fits one fits two or more and `oneOf` never holds. Their records may fail only so.
UNSATISFIABLE_ONE_OF = {
    "getDiscoveredApplications": "oneOf SlimDiscoveredApplications | FullDiscoveredApplications: no required properties",
    "listTriggers": "exampleInput: oneOf AccessRequestPreApproval | AccessRequestDynamicApprover: the same required properties",
    "listTransforms": "attributes: oneOf of transform attribute types without required properties",
}
ONE_OF_MESSAGE = "is valid under each of"


def main():
    binary, catalog = sys.argv[1], sys.argv[2]
    responses = os.path.join(catalog, "responses")
    checked = records = 0
    without_json = []
    failures = {}
    excluded = {}
    for name in sorted(os.listdir(responses)):
        api = name.removesuffix(".json")
        with open(os.path.join(responses, name)) as f:
            document = json.load(f)
        defs = document["$defs"]
        for operation_id, entry in document["operations"].items():
            item = entry["item"]
            if item is None:
                without_json.append(f"{api} {operation_id}")
                continue
            schema = dict(item, **{"$defs": defs})
            validator = Draft202012Validator(schema, format_checker=FormatChecker())
            for seed in SEEDS:
                out = subprocess.run(
                    [binary, "sample", operation_id, "--api", api, "--count", str(COUNT), "--seed", str(seed)],
                    capture_output=True,
                    text=True,
                )
                if out.returncode != 0:
                    failures.setdefault(f"{api} {operation_id}", []).append(f"spfilter sample failed: {out.stderr.strip()}")
                    continue
                generated = json.loads(out.stdout)
                assert len(generated) == COUNT, (api, operation_id, len(generated))
                for index, record in enumerate(generated):
                    records += 1
                    error = next(validator.iter_errors(record), None)
                    if error is not None:
                        # The deepest cause of an anyOf/oneOf failure says what is wrong.
                        while error.context:
                            error = min(error.context, key=lambda e: len(list(e.schema_path)))
                        where = "/".join(str(p) for p in error.absolute_path)
                        message = error.message if len(error.message) < 300 else error.message[:150] + " … " + error.message[-150:]
                        excused = operation_id.removesuffix("V1") in UNSATISFIABLE_ONE_OF and ONE_OF_MESSAGE in error.message
                        bucket = excluded if excused else failures
                        bucket.setdefault(f"{api} {operation_id}", []).append(f"seed {seed} record {index} at /{where}: {message}")
            checked += 1
    print(f"{checked} operations, {records} records validated; no JSON response (not generated): {', '.join(without_json)}")
    print(f"excluded (their records fail only `oneOf`, which no record can pass): {len(excluded)} operations:")
    for operation in sorted(excluded):
        print(f"  {operation}: {len(excluded[operation])} records; {UNSATISFIABLE_ONE_OF[operation.split()[1].removesuffix('V1')]}")
    if failures:
        total = sum(len(f) for f in failures.values())
        print(f"{total} records of {len(failures)} operations fail their schema:", file=sys.stderr)
        for operation, messages in failures.items():
            print(f"  {operation}: {len(messages)} records; first: {messages[0]}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
