"""parse, Filter and FilterError: canonical printing, the tree as data, combining filters, and
errors checked by exact message, kind and span (Python string indices)."""

from __future__ import annotations

import copy
import pickle

import pytest

import sailpoint_filters as sf
from sailpoint_filters import Filter, FilterError, Problem, parse


def error_of(text: str, strict: bool = False) -> FilterError:
    with pytest.raises(FilterError) as caught:
        parse(text, strict=strict)
    return caught.value


def test_parse_prints_the_canonical_text() -> None:
    assert str(parse("(createdByName co 'int')and (type eq COMMON)")) == (
        'createdByName co "int" and type eq "COMMON"'
    )
    assert str(parse("created ge 2023-02-05T10:59:27.214+02:00")) == (
        "created ge 2023-02-05T08:59:27.214Z"
    )
    assert str(parse("a eq 1 and (b eq 2 and c eq 3)")) == "a eq 1 and b eq 2 and c eq 3"
    assert str(parse("not (a eq 1 or b eq 2.50)")) == "not (a eq 1 or b eq 2.5)"
    assert str(parse('id in ("a", \'b\')')) == 'id in ("a", "b")'
    assert str(parse("pr manager and email isnull")) == "pr manager and email isnull"


def test_filter_text_parses_like_parse() -> None:
    assert Filter("name eq 'x'") == parse('name eq "x"')
    with pytest.raises(FilterError):
        Filter("name eq 'x'", strict=True)


def test_repr_shows_the_canonical_text() -> None:
    assert repr(parse("name eq 'x'")) == "Filter('name eq \"x\"')"


def test_equal_filters_are_equal_and_hash_alike() -> None:
    a = parse("(a eq 1) and b eq 'x'")
    b = parse('a eq 1 and b eq "x"')
    assert a == b
    assert hash(a) == hash(b)
    assert a != parse("a eq 2 and b eq 'x'")
    assert len({a, b}) == 1
    assert (a == "a eq 1") is False


def test_filters_combine_with_and_or_not() -> None:
    name = parse('name sw "RM"')
    saved = parse("saved eq true")
    assert str(name & saved) == 'name sw "RM" and saved eq true'
    assert str(name | saved) == 'name sw "RM" or saved eq true'
    assert str(~name) == 'not name sw "RM"'
    assert str(~(name | saved) & saved) == 'not (name sw "RM" or saved eq true) and saved eq true'
    with pytest.raises(TypeError):
        name & "saved eq true"  # type: ignore[operator]


def test_the_tree_as_plain_data() -> None:
    tree = parse('saved eq true and not (name sw "RM" or id in ("a", "b")) and pr x').to_dict()
    assert tree == {
        "and": [
            {"field": "saved", "op": "eq", "value": {"boolean": True}},
            {
                "not": {
                    "or": [
                        {"field": "name", "op": "sw", "value": {"string": "RM"}},
                        {"field": "id", "op": "in", "values": [{"string": "a"}, {"string": "b"}]},
                    ]
                }
            },
            {"field": "x", "op": "pr"},
        ]
    }
    assert Filter.from_dict(tree) == parse('saved eq true and not (name sw "RM" or id in ("a", "b")) and pr x')


def test_a_tree_that_is_no_filter_is_a_filter_error() -> None:
    with pytest.raises(FilterError) as caught:
        Filter.from_dict({"field": "name", "op": "ew", "value": {"string": "x"}})
    err = caught.value
    assert (err.stage, err.kind, err.parameter, err.span) == ("data", "invalid_tree", "filters", None)
    assert err.message.startswith("not a filter tree: unknown variant `ew`")
    assert str(err) == "invalid filter: " + err.message
    with pytest.raises(TypeError, match=r"^data\['value'\]: a `set` is not a JSON value$"):
        Filter.from_dict({"field": "name", "op": "eq", "value": {1, 2}})


def test_filters_pickle_and_copy() -> None:
    f = parse("name sw 'RM' and created gt 2024-01-01T00:00:00Z")
    assert pickle.loads(pickle.dumps(f)) == f
    assert copy.deepcopy(f) == f


def test_a_parse_error_has_every_detail() -> None:
    text = 'name eq "Ünal" AND x eq 1'
    err = error_of(text)
    assert isinstance(err, ValueError)
    assert str(err) == (
        "invalid filter at column 16: `AND` must be lowercase: write `and`\n"
        '    name eq "Ünal" AND x eq 1\n'
        "                   ^^^"
    )
    assert err.message == "column 16: `AND` must be lowercase: write `and`"
    assert (err.stage, err.kind, err.parameter) == ("parse", "uppercase_keyword", "filters")
    # Python string indices, not UTF-8 byte offsets (the Ü takes two bytes before the error).
    assert err.span == (15, 18)
    assert text[err.span[0] : err.span[1]] == "AND"
    assert (err.line, err.column) == (1, 16)
    assert err.problems == [
        Problem(
            stage="parse",
            kind="uppercase_keyword",
            parameter="filters",
            message="column 16: `AND` must be lowercase: write `and`",
            cause="filters: column 16: `AND` must be lowercase: write `and`",
            span=(15, 18),
            line=1,
            column=16,
        )
    ]
    body = err.error_body
    assert list(body) == ["detailCode", "trackingId", "messages", "causes"]
    assert body["detailCode"] == "400.1 Bad Request Content"
    assert len(body["trackingId"]) == 32
    assert body["messages"] == [
        {
            "locale": "en-US",
            "localeOrigin": "DEFAULT",
            "text": "Invalid query parameter: filters: column 16: `AND` must be lowercase: write `and`",
        }
    ]
    assert body["causes"] == [
        {
            "locale": "en-US",
            "localeOrigin": "DEFAULT",
            "text": "filters: column 16: `AND` must be lowercase: write `and`",
        }
    ]


@pytest.mark.parametrize(
    ("text", "kind", "message", "span", "line", "column"),
    [
        ('name eq "日本語" and\nb EQ 2', "uppercase_keyword", "line 2, column 3: `EQ` must be lowercase: write `eq`", (20, 22), 2, 3),
        ('name eq "Ü', "unterminated_string", "column 9: unterminated string: this quote is never closed", (8, 9), 1, 9),
        ('name eq "😀" and (a eq 1', "unclosed_paren", "column 17: `(` is never closed", (16, 17), 1, 17),
        (
            'a eq 1 and b ew "é"',
            "ends_with",
            "column 14: `ew` (ends with) is not a SailPoint filter operator; the operators are eq, ne, gt, ge, lt, le, co, sw, in, ca, isnull (after the field) and pr (before it)",
            (13, 15),
            1,
            14,
        ),
        (
            "name sw “RM Session”",
            "typographic_quote",
            'column 9: expected a value after `sw`, found the typographic quote `“` (strings take straight double quotes): write `"RM Session"`',
            (8, 9),
            1,
            9,
        ),
        (
            "näme eq 'x'",
            "invalid_field_path",
            "column 1: `näme` is not a field path: names of ASCII letters, digits and `_` (not starting with a digit, not a keyword), joined by `.`",
            (0, 4),
            1,
            1,
        ),
        ("", "empty", 'column 1: the filter is empty; write a condition such as `name eq "x"`', (0, 0), 1, 1),
        (
            "name eq null",
            "null_value",
            "column 9: `null` is not a value: test for null with `field isnull`, or for a value with `pr field`",
            (8, 12),
            1,
            9,
        ),
    ],
)
def test_parse_errors(text: str, kind: str, message: str, span: tuple[int, int], line: int, column: int) -> None:
    err = error_of(text)
    assert (err.kind, err.message, err.span, err.line, err.column) == (kind, message, span, line, column)


def test_the_caret_display_of_wide_characters() -> None:
    assert str(error_of('name eq "😀" and (a eq 1')) == (
        "invalid filter at column 17: `(` is never closed\n"
        '    name eq "😀" and (a eq 1\n'
        "                     ^"
    )


def test_strict_syntax_refuses_the_lenient_forms() -> None:
    assert str(parse("status eq PENDING")) == 'status eq "PENDING"'
    err = error_of("status eq PENDING", strict=True)
    assert str(err) == (
        'invalid filter at column 11: unquoted text `PENDING` (the strict syntax needs double quotes): write "PENDING"\n'
        "    status eq PENDING\n"
        "              ^^^^^^^"
    )
    assert (err.kind, err.span) == ("strict_bare_word", (10, 17))


def test_limits_are_errors_naming_the_bound() -> None:
    err = error_of("(" * 100 + "a eq 1" + ")" * 100)
    assert err.kind == "too_deep"
    assert err.message == "column 65: parentheses and `not`s are nested more than 64 deep, over the nesting limit"
    err = error_of("a eq " + '"x"' * 6000)
    assert err.kind == "too_long"


def test_a_deep_tree_built_in_python_prints_and_refuses_to_show_as_data() -> None:
    f = parse("a eq 1")
    for _ in range(2_000):
        f = ~f
    assert str(f).startswith("not not not")
    with pytest.raises(ValueError, match="the filter cannot be shown as data"):
        f.to_dict()


def test_version() -> None:
    assert sf.__version__ == "0.1.0"


def test_problems_are_immutable_values_and_errors_pickle() -> None:
    err = error_of("a eq 1 AND b eq 2")
    problem = err.problems[0]
    with pytest.raises(AttributeError, match=r"^a Problem cannot be changed \(setting `kind`\)$"):
        setattr(problem, "kind", "x")
    assert hash(problem) == hash(copy.copy(problem))
    assert repr(problem).startswith("Problem(stage='parse', kind='uppercase_keyword', parameter='filters', ")
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), str(again), again.problems, again.error_body) == (FilterError, str(err), err.problems, err.error_body)
