//! Filter text in the many spellings the lenient syntax reads.

use proptest::prelude::*;

use crate::filter::{Condition, Filter, FilterKind, Value};
use crate::schema::{FieldType, Schema};

use super::filters;

// =============================================================================================
// Filter text in varied spellings
// =============================================================================================

/// The text of filters valid for `schema` ([`filters`]), spelled the many ways the lenient
/// syntax (the default) reads, so that a parser is exercised beyond the canonical form:
///
/// * spaces, tabs, newlines and `\r\n` between tokens, and `(a)and (b)` with none;
/// * redundant parentheses around any operand, with or without inner spaces;
/// * strings in double quotes, single quotes, or as bare words where they read back as the
///   same string (`status eq PENDING`), digits bare for string fields (`id eq 12345`);
/// * booleans and date-times quoted for fields of those types (`saved eq "true"`), date-times
///   with offsets (`2024-07-01T02:00:00+02:00`), floats with trailing zeros (`1.50`);
/// * lists as `("a","b")`, `( "a" , 'b' )` or across lines.
///
/// Each text parses, and validates to the same filter as the canonical text of its tree.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// TestRunner::default().run(&sailpoint_filters::testing::strategy::filter_text(schema), |text| {
///     assert!(schema.parse_filter(&text, &Default::default()).is_ok(), "{text:?}");
///     Ok(())
/// }).unwrap();
/// ```
pub fn filter_text(schema: &Schema) -> BoxedStrategy<String> {
    spelled_filter(schema).prop_map(|(_, text)| text).boxed()
}

/// A filter valid for `schema` ([`filters`]) with one of its spellings ([`filter_text`]).
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
///
/// let schema = RoleMiningSessions::schema();
/// let options = Default::default();
/// TestRunner::default().run(&sailpoint_filters::testing::strategy::spelled_filter(schema), |(filter, text)| {
///     let (spelled, canonical) = (schema.parse_filter(&text, &options).unwrap(), schema.parse_filter(&filter.to_string(), &options).unwrap());
///     assert_eq!(spelled.filter(), canonical.filter());
///     Ok(())
/// }).unwrap();
/// ```
pub fn spelled_filter(schema: &Schema) -> BoxedStrategy<(Filter, String)> {
    let schema = schema.clone();
    (filters(&schema), prop::collection::vec(any::<u8>(), 1..64))
        .prop_map(move |(filter, choices)| {
            let mut choices = Choices {
                bytes: choices,
                at: 0,
            };
            let text = spell(&filter, &schema, &mut choices, 0);
            (filter, text)
        })
        .boxed()
}

/// The fuzzer-like source of spelling choices: bytes used in turn, cyclically. Shrinking the
/// bytes towards zero shrinks the spelling towards the plainest.
struct Choices {
    bytes: Vec<u8>,
    at: usize,
}

impl Choices {
    /// A number below `n`.
    fn pick(&mut self, n: usize) -> usize {
        let byte = self.bytes.get(self.at % self.bytes.len().max(1)).copied();
        self.at = self.at.wrapping_add(1);
        usize::from(byte.unwrap_or(0)) % n.max(1)
    }

    fn one_of<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.pick(options.len())]
    }

    /// Whitespace where some is needed.
    fn gap(&mut self) -> &'static str {
        self.one_of(&[" ", " ", " ", "  ", "\t", "\n", "\r\n", " \t "])
    }

    /// Whitespace where none is needed.
    fn opt_gap(&mut self) -> &'static str {
        self.one_of(&["", "", " ", "\n"])
    }
}

/// `filter` spelled with choices; `parens` redundant parentheses so far (they count towards
/// the parser's nesting limit, so at most a few are added).
fn spell(filter: &Filter, schema: &Schema, c: &mut Choices, parens: usize) -> String {
    let child = |node: &Filter, parent: u8, c: &mut Choices| -> String {
        let needed = node.kind().precedence() < parent;
        let redundant = !needed && parens < 8 && c.pick(4) == 0;
        if needed || redundant {
            let (open, close) = (c.opt_gap(), c.opt_gap());
            let inner = spell(node, schema, c, parens + 1);
            format!("({open}{inner}{close})")
        } else {
            spell(node, schema, c, parens)
        }
    };
    match filter.kind() {
        FilterKind::Condition(condition) => spell_condition(condition, schema, c),
        FilterKind::Not(inner) => {
            let operand = child(inner, 3, c);
            let gap = if operand.starts_with('(') {
                c.opt_gap()
            } else {
                c.gap()
            };
            format!("not{gap}{operand}")
        }
        FilterKind::And(operands) | FilterKind::Or(operands) => {
            let (keyword, parent) = match filter.kind() {
                FilterKind::And(_) => ("and", 2),
                _ => ("or", 1),
            };
            let mut text = String::new();
            for (i, operand) in operands.iter().enumerate() {
                let spelled = child(operand, parent, c);
                if i > 0 {
                    // `(a)and (b)`: no space is needed after a parenthesis.
                    let before = if text.ends_with(')') {
                        c.opt_gap()
                    } else {
                        c.gap()
                    };
                    text.push_str(before);
                    text.push_str(keyword);
                    text.push_str(c.gap());
                }
                text.push_str(&spelled);
            }
            text
        }
    }
}

fn spell_condition(condition: &Condition, schema: &Schema, c: &mut Choices) -> String {
    let field = condition.field();
    let field_type = schema
        .field(field.as_str())
        .map_or(FieldType::Any, |spec| spec.field_type());
    match condition {
        Condition::Present { .. } => format!("pr{}{field}", c.gap()),
        Condition::IsNull { .. } => format!("{field}{}isnull", c.gap()),
        Condition::Compare { op, value, .. } => {
            let (g1, g2) = (c.gap(), c.gap());
            let value = spell_value(value, field_type, c);
            format!("{field}{g1}{op}{g2}{value}")
        }
        Condition::List { op, values, .. } => {
            let mut text = format!("{field}{}{op}{}(", c.gap(), c.opt_gap());
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(c.opt_gap());
                text.push_str(&spell_value(value, field_type, c));
                text.push_str(c.opt_gap());
            }
            text.push(')');
            text
        }
    }
}

/// One spelling of `value` that a field of `field_type` reads as the value itself.
fn spell_value(value: &Value, field_type: FieldType, c: &mut Choices) -> String {
    match value {
        Value::String(s) => {
            let mut options = vec![double_quoted(s), single_quoted(s)];
            if reads_as_bare_word(s) {
                options.push(s.clone());
            }
            // The lenient syntax reads an integer as text on text fields.
            let textual = matches!(field_type, FieldType::String | FieldType::StringCollection);
            if textual && s.parse::<i64>().is_ok_and(|i| i.to_string() == *s) {
                options.push(s.clone());
            }
            options.swap_remove(c.pick(options.len()))
        }
        Value::Boolean(b) if field_type == FieldType::Boolean => {
            let word = b.to_string();
            match c.pick(4) {
                0 => double_quoted(&word),
                1 => single_quoted(&word),
                _ => word,
            }
        }
        Value::DateTime(t) => {
            let offset = [0, 60, 120, -300, 330, -720][c.pick(6)];
            let spelled = if offset == 0 {
                t.to_string()
            } else {
                // The local time at the offset: in range only if its year is 0000 to 9999.
                match t.local_text(offset * 60) {
                    Some(local) => local,
                    None => return value.to_string(),
                }
            };
            match (field_type == FieldType::DateTime, c.pick(4)) {
                (true, 0) => double_quoted(&spelled),
                (true, 1) => single_quoted(&spelled),
                _ => spelled,
            }
        }
        Value::Float(f) => {
            let canonical = value.to_string();
            if f.get() != 0.0 && c.pick(3) == 0 && !canonical.contains('e') {
                canonical + "0"
            } else {
                canonical
            }
        }
        other => other.to_string(),
    }
}

fn double_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Whether `s` written bare reads back as the string `s` (not a keyword, number, boolean,
/// date-time or `null`): asked of the parser itself.
fn reads_as_bare_word(s: &str) -> bool {
    !s.is_empty()
        && s.len() < 64
        && !s.contains(|c: char| c.is_whitespace() || "()\"',\\".contains(c))
        && Filter::parse(&format!("x eq {s}")).is_ok_and(|f| {
            matches!(f.kind(), FilterKind::Condition(Condition::Compare { value: Value::String(v), .. }) if v == s)
        })
}
