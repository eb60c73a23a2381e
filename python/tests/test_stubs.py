"""The generated stubs (``catalog/<service>/<sdk_method>.pyi``, written by the catalog generator)
describe the modules made at run time from the native catalog: the same operations, the same
field names, and on each field exactly the methods its operators and sortability allow."""

from __future__ import annotations

import ast
import importlib
import os

from sailpoint_filters import catalog

STUBS = os.path.dirname(catalog.__file__)
METHOD = {"in": "in_", "isnull": "is_null"}


def stub_of(service: str, method: str) -> dict[str, set[str]]:
    """The stub's module attributes, each with the methods of its class."""
    with open(os.path.join(STUBS, service, f"{method}.pyi"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    classes = {
        node.name: {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    attributes: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            annotation = node.annotation
            kind = annotation.id if isinstance(annotation, ast.Name) else ""
            attributes[node.target.id] = classes.get(kind, set())
        elif isinstance(node, ast.FunctionDef):
            attributes[node.name] = set()
    return attributes


def test_every_operation_has_a_stub_matching_its_module() -> None:
    services = {name for name in os.listdir(STUBS) if os.path.isdir(os.path.join(STUBS, name)) and name != "__pycache__"}
    seen = set()
    for op in catalog.operations():
        service = catalog.snake_case(op.sdk_class.removesuffix("Api"))
        seen.add(service)
        stub = stub_of(service, op.sdk_method)
        module = importlib.import_module(f"sailpoint_filters.catalog.{service}.{op.sdk_method}")
        names = dict(catalog.field_names(op))
        assert set(stub) == set(names) | {"operation", "query"}, op.operation_id
        for name, field in names.items():
            assert getattr(module, name).name == field.name
            wanted = {METHOD.get(o, o) for o in field.operators}
            if field.sortable:
                wanted |= {"asc", "desc"}
            if field.wildcard:
                wanted.add("sub")
            assert stub[name] == wanted, (op.operation_id, name)
    assert seen == services
    assert len(seen) == 69
