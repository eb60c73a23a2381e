//! Reading what SailPoint's parameter and operation descriptions say.
//!
//! The `filters` description holds the field table (`**name**: *eq, sw*`), sometimes the
//! composite operators (`Supported composite operators are *and, or*`) and sentences stating
//! per-endpoint rules; the `sorters` description holds the sortable fields (`Sorting is
//! supported for the following fields: **a, b**`) and sometimes the default order. Every
//! sentence of those two descriptions is either recognised (boilerplate, table, rule, example)
//! or reported as unrecognised, so a new kind of rule in a future spec does not go unnoticed.
//! Operation descriptions are free prose: only the few rule sentences known to occur there are
//! looked for.

use std::sync::LazyLock;

use regex::Regex;
use sailpoint_filters::{Composite, Op};

use crate::model::{Decision, Quirk, Rule};

/// One row of a filter table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableEntry {
    /// The field.
    pub path: String,
    /// Its operators, as listed.
    pub ops: Vec<Op>,
}

/// An example given in a description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocExample {
    /// The filter, without backticks.
    pub text: String,
    /// Given as an example of what is refused.
    pub negative: bool,
}

/// What a `filters` description says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FiltersDoc {
    /// The table, in its order.
    pub entries: Vec<TableEntry>,
    /// The composite operators, when stated.
    pub composites: Option<Vec<Composite>>,
    /// Rules stated.
    pub rules: Vec<Rule>,
    /// Examples given in the text.
    pub examples: Vec<DocExample>,
    /// Malformed entries and unrecognised sentences.
    pub quirks: Vec<Quirk>,
}

/// What a `sorters` description says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortersDoc {
    /// The sortable fields, in their order.
    pub sortable: Vec<String>,
    /// Rules stated (default order, tenant features).
    pub rules: Vec<Rule>,
    /// Unrecognised sentences, missing field list.
    pub quirks: Vec<Quirk>,
}

/// `**field**: *op, op*`, also `**field:** *op*` and (malformed) `**field** *op*`.
static TABLE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\*\*([A-Za-z_][A-Za-z0-9_.]*)(:?)\*\*(:?)[ \t]*\*([^*\n]+)\*")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// `Sorting is supported for the following fields: **a, b**`.
static SORTABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Sorting is supported for the following fields:?\s*\*\*([^*]+)\*\*")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A bold or code-quoted name: `**owner.id**`, `` `subtype` ``.
static MARKED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\*\*|`)(-?[A-Za-z_][A-Za-z0-9_.\-]*)(?:\*\*|`)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// `<key> ascending` / `<key> descending` in a default-order sentence.
static KEY_DIRECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z_][A-Za-z0-9_.]*),? (ascending|descending)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A `filters=` value inside a URL quoted in prose.
static FILTERS_IN_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[?&]filters=([^`'\n]+)"#).unwrap_or_else(|e| panic!("{e}")));

/// Fields the sentences about Business Applications (machine identities) speak of: a decision,
/// as the description names them only as "Business Application filters".
const BUSINESS_APPLICATION_FIELDS: [&str; 3] = [
    "businessApplication",
    "businessApplicationRefs.id",
    "effectiveSanctionedStatus",
];

fn quirk(kind: &str, field: Option<&str>, detail: String, decision: Decision) -> Quirk {
    Quirk {
        kind: kind.to_owned(),
        field: field.map(str::to_owned),
        example: None,
        detail,
        decision,
    }
}

/// Lowercase, without markdown emphasis or code quotes, whitespace collapsed, no final period.
fn normalize(sentence: &str) -> String {
    let plain: String = sentence
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .collect::<String>()
        .to_lowercase();
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches('.').to_owned()
}

/// Splits a line into sentences: after a `.` outside code quotes that white space and a
/// capital, a code quote or emphasis follow.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' if !in_code => {
                let rest = &line[i + 1..];
                let trimmed = rest.trim_start();
                if trimmed.len() < rest.len()
                    && trimmed
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_uppercase() || c == '`' || c == '*')
                {
                    out.push(line[start..=i].trim());
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    let last = line[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// The text after the first `:`, without surrounding code quotes.
fn after_colon(sentence: &str) -> &str {
    let text = sentence
        .split_once(':')
        .map_or(sentence, |(_, rest)| rest)
        .trim();
    text.trim_end_matches('.').trim()
}

fn unquote_code(text: &str) -> Option<&str> {
    text.strip_prefix('`')?.strip_suffix('`')
}

/// Reads a `filters` description.
pub fn read_filters(text: &str) -> FiltersDoc {
    let mut doc = FiltersDoc::default();
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    for caps in TABLE_ENTRY.captures_iter(text) {
        let (Some(whole), Some(path), Some(ops)) = (caps.get(0), caps.get(1), caps.get(4)) else {
            continue;
        };
        let path = path.as_str();
        let has_colon = caps.get(2).is_some_and(|m| !m.is_empty())
            || caps.get(3).is_some_and(|m| !m.is_empty());
        let words: Vec<&str> = ops
            .as_str()
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty()
            || !words
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        {
            // Emphasis that is no operator list: leave it to the prose.
            continue;
        }
        let mut ops = Vec::new();
        for word in words {
            match word.parse::<Op>() {
                Ok(op) if !ops.contains(&op) => ops.push(op),
                Ok(_) => {}
                Err(_) => doc.quirks.push(quirk(
                    "unknownOperator",
                    Some(path),
                    format!("`{word}` is not an operator of the language; the field keeps its other operators"),
                    Decision::Reject,
                )),
            }
        }
        rest.push_str(&text[last..whole.start()]);
        rest.push('\n');
        last = whole.end();
        if !has_colon {
            doc.quirks.push(quirk(
                "tableEntryWithoutColon",
                Some(path),
                format!("`{}` has no colon after the field", whole.as_str()),
                Decision::Accept,
            ));
        }
        if ops.is_empty() {
            continue;
        }
        if doc.entries.iter().any(|e| e.path == path) {
            doc.quirks.push(quirk(
                "duplicateTableEntry",
                Some(path),
                format!("`{path}` is listed twice; the operators of both entries are allowed"),
                Decision::Accept,
            ));
            if let Some(entry) = doc.entries.iter_mut().find(|e| e.path == path) {
                for op in ops {
                    if !entry.ops.contains(&op) {
                        entry.ops.push(op);
                    }
                }
            }
            continue;
        }
        doc.entries.push(TableEntry {
            path: path.to_owned(),
            ops,
        });
    }
    rest.push_str(&text[last..]);
    let entries: Vec<String> = doc.entries.iter().map(|e| e.path.clone()).collect();
    for line in rest.lines() {
        let line_lower = normalize(line);
        for sentence in sentences(line) {
            read_filters_sentence(sentence, &line_lower, &entries, &mut doc);
        }
    }
    doc
}

fn read_filters_sentence(sentence: &str, line: &str, entries: &[String], doc: &mut FiltersDoc) {
    let s = normalize(sentence);
    let text = sentence.trim().to_owned();
    if s.is_empty()
        || s.starts_with("filter results using the standard syntax")
        || s == "filtering is supported for the following fields and operators:"
        || s.starts_with("when business applications is not enabled")
        || s == "the not composite operator must be used in front of the field"
    {
        return;
    }
    if let Some(list) = s.strip_prefix("supported composite operators") {
        let mut composites = Vec::new();
        for word in list
            .split(|c: char| c == ',' || c == ':' || c.is_whitespace())
            .filter(|w| !w.is_empty() && *w != "are")
        {
            match word {
                "and" => composites.push(Composite::And),
                "or" => composites.push(Composite::Or),
                "not" => composites.push(Composite::Not),
                other => doc.quirks.push(quirk(
                    "unknownComposite",
                    None,
                    format!("`{other}` in `{text}` is not a composite operator; skipped"),
                    Decision::Reject,
                )),
            }
        }
        doc.composites = Some(composites);
    } else if s.contains("'+' symbol in their names") {
        doc.rules.push(Rule::PlusInValues { text });
    } else if s.starts_with("all filter values are case-sensitive") {
        doc.rules.push(Rule::CaseSensitive {
            fields: vec![],
            text,
        });
    } else if s == "filter values are case-sensitive"
        && line.contains("business application filters")
    {
        doc.rules.push(Rule::CaseSensitive {
            fields: business_application_fields(entries),
            text,
        });
    } else if s.starts_with("all field values (second filter operands) are case-insensitive") {
        doc.rules.push(Rule::CaseInsensitive { text });
    } else if s.starts_with("only a single and or or composite filter operator may be used") {
        doc.rules.push(Rule::MaxComposites { max: 1, text });
    } else if s.starts_with("it must also be used between")
        && s.contains("not between 2 filters for the same field")
    {
        doc.rules.push(Rule::CompositeJoinsDistinctFields { text });
    } else if s.starts_with("only a single not may be used")
        && s.contains("only be used with the in operator")
    {
        doc.rules.push(Rule::NotOnlyBeforeIn { max: 1, text });
    } else if s.starts_with("for example, the following is valid:") || s.starts_with("example:") {
        let example = after_colon(sentence);
        let example = unquote_code(example).unwrap_or(example);
        doc.examples.push(DocExample {
            text: example.to_owned(),
            negative: false,
        });
    } else if s.starts_with("the following is invalid:") {
        let example = after_colon(sentence);
        let quoted = unquote_code(example)
            .or_else(|| example.strip_prefix('1').and_then(|e| e.strip_suffix('1')));
        if unquote_code(example).is_none() {
            doc.quirks.push(quirk(
                "malformedMarkdown",
                None,
                format!("the invalid example `{example}` is wrapped in `1` instead of code quotes; read without them"),
                Decision::Info,
            ));
        }
        doc.examples.push(DocExample {
            text: quoted.unwrap_or(example).to_owned(),
            negative: true,
        });
    } else if s.starts_with("business application filters require") {
        doc.rules.push(Rule::TenantFeature {
            fields: business_application_fields(entries),
            sortable: vec![],
            text,
        });
    } else if s.starts_with("the authenticated identity scope is always applied") {
        doc.rules.push(Rule::CallerScope { text });
    } else if s.contains("are only available when your tenant") {
        let names: Vec<String> = sentence
            .split(" are only available")
            .next()
            .map(|head| {
                MARKED_NAME
                    .captures_iter(head)
                    .filter_map(|c| c.get(1))
                    .map(|m| m.as_str().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        doc.rules.push(Rule::TenantFeature {
            fields: names,
            sortable: vec![],
            text,
        });
    } else if s.contains(" is rewritten to ") && s.ends_with("when filtering") {
        let names: Vec<String> = MARKED_NAME
            .captures_iter(sentence)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str().to_owned())
            .collect();
        if let [field, to] = names.as_slice() {
            doc.rules.push(Rule::Alias {
                field: field.clone(),
                to: to.clone(),
                text,
            });
        } else {
            doc.quirks.push(unrecognised(&text));
        }
    } else if s.starts_with("possible values:") {
        let values: Vec<String> = after_colon(&sentence.replace("**", ""))
            .split(',')
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        // The list follows the table without naming its field. The values are task types, so
        // the `type` field when there is one (in one spec the list follows `launcher`).
        let field = if entries.iter().any(|e| e == "type") {
            "type".to_owned()
        } else {
            entries.last().cloned().unwrap_or_default()
        };
        if entries.last().is_some_and(|last| *last != field) {
            doc.quirks.push(quirk(
                "valuesAfterOtherField",
                Some(&field),
                format!(
                    "the possible values follow the entry of `{}` but are values of `{field}`",
                    entries.last().map_or("", String::as_str)
                ),
                Decision::Info,
            ));
        }
        doc.rules.push(Rule::PossibleValues {
            field,
            values,
            text,
        });
    } else {
        doc.quirks.push(unrecognised(&text));
    }
}

fn business_application_fields(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| BUSINESS_APPLICATION_FIELDS.contains(&e.as_str()))
        .cloned()
        .collect()
}

fn unrecognised(text: &str) -> Quirk {
    quirk(
        "unrecognisedText",
        None,
        format!("not understood, ignored: {text}"),
        Decision::Info,
    )
}

/// Reads a `sorters` description.
pub fn read_sorters(text: &str) -> SortersDoc {
    let mut doc = SortersDoc::default();
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    for caps in SORTABLE.captures_iter(text) {
        let (Some(whole), Some(list)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        rest.push_str(&text[last..whole.start()]);
        rest.push('\n');
        last = whole.end();
        for name in list
            .as_str()
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if doc.sortable.iter().any(|s| s == name) {
                doc.quirks.push(quirk(
                    "duplicateSortableField",
                    Some(name),
                    format!("`{name}` is listed twice"),
                    Decision::Accept,
                ));
            } else {
                doc.sortable.push(name.to_owned());
            }
        }
    }
    rest.push_str(&text[last..]);
    if doc.sortable.is_empty() {
        doc.quirks.push(quirk(
            "noSortableFields",
            None,
            "the sorters description lists no fields; nothing is sortable".to_owned(),
            Decision::Info,
        ));
    }
    for line in rest.lines() {
        for sentence in sentences(line) {
            let s = normalize(sentence);
            let text = sentence.trim().to_owned();
            if s.is_empty()
                || s.starts_with("sort results using the standard syntax")
                || s.starts_with("prefix a field with - for descending order")
            {
                continue;
            }
            if s.contains("default") && (s.contains("sort") || s.contains("order")) {
                doc.rules.push(Rule::DefaultSort {
                    sorters: default_sort_keys(sentence),
                    text,
                });
            } else if s.starts_with("sorting on ")
                && s.contains("is only available when your tenant")
            {
                let names = MARKED_NAME
                    .captures_iter(sentence)
                    .filter_map(|c| c.get(1))
                    .map(|m| m.as_str().to_owned())
                    .take(1)
                    .collect();
                doc.rules.push(Rule::TenantFeature {
                    fields: vec![],
                    sortable: names,
                    text,
                });
            } else {
                doc.quirks.push(unrecognised(&text));
            }
        }
    }
    doc
}

/// The sort keys a default-order sentence names, in sorters syntax: `**-created**` (newest
/// first), `**popularity** in descending order`, `sorted by name, ascending`,
/// `created descending, then id descending`. `None` when it names no key (`by highest
/// confidence first`).
pub fn default_sort_keys(sentence: &str) -> Option<String> {
    let s = normalize(sentence);
    if let Some(caps) = MARKED_NAME.captures(sentence)
        && let Some(key) = caps.get(1)
    {
        let key = key.as_str();
        return Some(if s.contains("descending") && !key.starts_with('-') {
            format!("-{key}")
        } else {
            key.to_owned()
        });
    }
    let plain = sentence.replace(['*', '`'], "");
    let keys: Vec<String> = KEY_DIRECTION
        .captures_iter(&plain)
        .filter_map(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str())))
        .filter(|(key, _)| !matches!(*key, "order" | "first" | "default" | "by" | "sorted"))
        .map(|(key, direction)| {
            if direction == "descending" {
                format!("-{key}")
            } else {
                key.to_owned()
            }
        })
        .collect();
    if !keys.is_empty() {
        return Some(keys.join(","));
    }
    s.split_once("default ascending by ")
        .map(|(_, key)| key.trim_end_matches(')').trim().to_owned())
        .filter(|key| !key.is_empty() && !key.contains(' '))
}

/// Rules and examples stated in an operation's own description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationDoc {
    /// Rules found.
    pub rules: Vec<Rule>,
    /// `filters=` values of URLs quoted in it.
    pub examples: Vec<String>,
}

/// Looks for the rule sentences known to occur in operation descriptions.
pub fn read_operation(text: &str) -> OperationDoc {
    let mut doc = OperationDoc::default();
    for line in text.lines() {
        for sentence in sentences(line) {
            let s = normalize(sentence);
            let text = sentence.trim().to_owned();
            if s.contains("must be used with filters query parameter") {
                doc.rules.push(Rule::FiltersRequired {
                    from: vec!["description".to_owned()],
                });
            } else if s.starts_with("single-clause filters only") {
                doc.rules.push(Rule::SingleCondition { text });
            } else if s.starts_with("sorting is not supported for this endpoint") {
                doc.rules.push(Rule::SortingUnsupported { text });
            } else if s.contains("those two options are exclusive") && s.contains("filters") {
                if let Some(parameter) = MARKED_NAME
                    .captures_iter(sentence)
                    .filter_map(|c| c.get(1))
                    .map(|m| m.as_str())
                    .find(|name| *name != "filters")
                {
                    doc.rules.push(Rule::FiltersExclusiveWith {
                        parameter: parameter.to_owned(),
                        text,
                    });
                }
            } else if s.contains("do not use") && s.contains("in filters") {
                if let Some(field) = sentence
                    .split_once("use `")
                    .and_then(|(_, rest)| rest.split_once('`'))
                    .map(|(field, _)| field)
                {
                    doc.rules.push(Rule::ImplicitFilter {
                        field: field.to_owned(),
                        text,
                    });
                }
            } else if s.contains(": will filter ") {
                if let Some(field) = MARKED_NAME.captures(sentence).and_then(|c| c.get(1)) {
                    doc.rules.push(Rule::VirtualField {
                        field: field.as_str().to_owned(),
                        text,
                    });
                }
            } else if s.contains("default ascending by ") {
                doc.rules.push(Rule::DefaultSort {
                    sorters: default_sort_keys(sentence),
                    text,
                });
            } else if s.contains("'+' symbol in their names") {
                doc.rules.push(Rule::PlusInValues { text });
            }
        }
        for caps in FILTERS_IN_URL.captures_iter(line) {
            if let Some(value) = caps.get(1) {
                doc.examples.push(value.as_str().trim().to_owned());
            }
        }
    }
    doc
}

/// What a `limit` description states, to compare with the parameter's schema.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LimitDoc {
    /// "the maximum value for limit is 50", "The maximum allowed limit is 250".
    pub maximum: Option<i64>,
    /// "the default limit is 50".
    pub default: Option<i64>,
}

/// Reads the numbers a `limit` description states.
pub fn read_limit(text: &str) -> LimitDoc {
    let s = normalize(text);
    let number_after = |phrase: &str| {
        s.split_once(phrase).and_then(|(_, rest)| {
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
    };
    LimitDoc {
        maximum: number_after("maximum value for limit is")
            .or_else(|| number_after("maximum allowed limit is")),
        default: number_after("default limit is"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_outside_code() {
        assert_eq!(
            sentences("One `a. B` two. Three. four. `x`"),
            ["One `a. B` two.", "Three. four.", "`x`"]
        );
    }

    #[test]
    fn default_sort_sentences() {
        assert_eq!(
            default_sort_keys("Default sort is **-created** (newest first)."),
            Some("-created".into())
        );
        assert_eq!(
            default_sort_keys("The default sort is **popularity** in descending order."),
            Some("-popularity".into())
        );
        assert_eq!(
            default_sort_keys("By default the common access items are sorted by name, ascending."),
            Some("name".into())
        );
        assert_eq!(
            default_sort_keys(
                "If no sorters are provided, results default to created descending, then id descending."
            ),
            Some("-created,-id".into())
        );
        assert_eq!(
            default_sort_keys(
                "By default the recommendations are sorted by highest confidence first."
            ),
            None
        );
        assert_eq!(
            default_sort_keys("Variable lists can be sorted (default ascending by key)."),
            Some("key".into())
        );
    }

    #[test]
    fn limit_numbers() {
        assert_eq!(
            read_limit(
                "Max number of results to return. When omitted, the default limit is 50. The maximum allowed limit is 250."
            ),
            LimitDoc {
                maximum: Some(250),
                default: Some(50)
            }
        );
        assert_eq!(
            read_limit("Note that for this API the maximum value for limit is 50.").maximum,
            Some(50)
        );
        assert_eq!(
            read_limit("Max number of results to return."),
            LimitDoc::default()
        );
    }
}
