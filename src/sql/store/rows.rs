//! Records → the rows of the library's own table: each field's columns computed in Rust (the
//! folding, the number's place, the date-time's text, the sort keys), or the reason a record
//! cannot be stored exactly.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::schema::Schema;
use crate::value::{DateTime, FieldRef, Record};

use super::super::SqlError;
use super::super::encode::{self, NumberProblem, StoredNumber};
use super::super::mapping::{Columns, SortColumn, Table, UntypedColumns};

/// The SQL type of a column of the library's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Bool,
    Int,
    Float,
    Text,
    Bytes,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell {
    Null(Kind),
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Cell {
    fn text(value: Option<String>) -> Cell {
        value.map_or(Cell::Null(Kind::Text), Cell::Text)
    }
}

/// A table beside the main one, with rows that refer to it by `seq`.
#[derive(Clone, Debug)]
pub(super) struct Child {
    pub(super) name: String,
    /// Its columns, `seq` first: name, type, whether it may be null.
    pub(super) columns: Vec<(String, Kind, bool)>,
    /// Its indexes, each on one or more columns.
    pub(super) indexes: Vec<Vec<String>>,
}

impl Child {
    /// The names of its columns.
    pub(super) fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|(c, _, _)| c.clone()).collect()
    }
}

/// The columns of the library's table for a schema, and how each is computed.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    /// The main table's columns, `seq` first: name, type, whether indexed.
    pub(super) main: Vec<(String, Kind, bool)>,
    /// The table of the records' JSON, and its columns (`seq`, `record`).
    pub(super) records: (String, [String; 2]),
    /// The child tables: each string collection's, then the table of untyped values.
    pub(super) children: Vec<Child>,
    fields: Vec<FieldLayout>,
    sorts: Vec<SortLayout>,
    /// The record paths stored in the table of untyped values, and its index in `children`.
    untyped: Option<(usize, Vec<Root>)>,
}

/// A record path whose values go to the table of untyped values.
#[derive(Clone, Debug)]
struct Root {
    path: String,
    /// Whether every path under it is stored too (a wildcard parent).
    subtree: bool,
    /// Whether its text is folded (a case-insensitive field).
    folded: bool,
    /// The case rule of the sort keys of the paths under it, if they are sorted.
    keys: Option<bool>,
}

#[derive(Clone, Debug)]
struct FieldLayout {
    path: String,
    shape: Shape,
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    Text {
        folded: bool,
    },
    Bool,
    Number,
    DateTime,
    /// The child table's index in `children`.
    Collection {
        child: usize,
        folded: bool,
    },
}

#[derive(Clone, Debug)]
struct SortLayout {
    path: String,
    case_sensitive: bool,
}

impl Layout {
    /// The layout of `table`, which must be [`Table::for_schema`]'s for `schema` (or under
    /// another name); `NotOwnTable` otherwise.
    pub(super) fn of(table: &Table, schema: &Schema) -> Result<Layout, SqlError> {
        let own = Table::for_schema_as(schema, table.name())?;
        if own != *table {
            return Err(SqlError::NotOwnTable {
                table: table.name().to_owned(),
            });
        }
        let mut layout = Layout {
            main: vec![(table.seq().to_owned(), Kind::Int, false)],
            records: (
                table.records_table().to_owned(),
                [table.seq().to_owned(), table.record().to_owned()],
            ),
            children: Vec::new(),
            fields: Vec::new(),
            sorts: Vec::new(),
            untyped: None,
        };
        let mut roots: Vec<Root> = Vec::new();
        let mut values: Option<&UntypedColumns> = None;
        for (path, columns) in table.fields() {
            let spec = schema.field(path.as_str());
            let reads = spec.map_or(path.as_str(), |s| s.reads().as_str());
            let shape = match columns {
                Columns::Text { column, folded } => {
                    layout
                        .main
                        .push((column.clone(), Kind::Text, folded.is_none()));
                    if let Some(folded) = folded {
                        layout.main.push((folded.clone(), Kind::Text, true));
                    }
                    Shape::Text {
                        folded: folded.is_some(),
                    }
                }
                Columns::Boolean { column } => {
                    layout.main.push((column.clone(), Kind::Bool, false));
                    Shape::Bool
                }
                Columns::Number { integer, float } => {
                    for (column, kind) in [(integer, Kind::Int), (float, Kind::Float)] {
                        if let Some(column) = column {
                            layout.main.push((column.clone(), kind, true));
                        }
                    }
                    Shape::Number
                }
                Columns::DateTime { column } => {
                    layout.main.push((column.clone(), Kind::Text, true));
                    Shape::DateTime
                }
                Columns::Collection {
                    column,
                    table,
                    seq,
                    value,
                    folded,
                } => {
                    layout.main.push((column.clone(), Kind::Int, false));
                    let mut columns = vec![seq.clone(), value.clone()];
                    columns.extend(folded.clone());
                    layout.children.push(Child {
                        name: table.clone(),
                        indexes: vec![
                            vec![seq.clone()],
                            vec![columns.last().cloned().unwrap_or_default()],
                        ],
                        columns: columns
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| (c, if i == 0 { Kind::Int } else { Kind::Text }, false))
                            .collect(),
                    });
                    Shape::Collection {
                        child: layout.children.len() - 1,
                        folded: folded.is_some(),
                    }
                }
                Columns::Untyped {
                    values: columns,
                    path,
                } => {
                    values = Some(columns);
                    roots.push(Root {
                        path: path.clone(),
                        subtree: false,
                        folded: spec.is_none_or(|s| !s.is_case_sensitive()),
                        keys: None,
                    });
                    continue;
                }
            };
            layout.fields.push(FieldLayout {
                path: reads.to_owned(),
                shape,
            });
        }
        for wildcard in table.wildcards() {
            values = Some(&wildcard.values);
            let case_sensitive = schema
                .field(wildcard.field.as_str())
                .is_some_and(|s| s.is_case_sensitive());
            roots.push(Root {
                path: wildcard.path.clone(),
                subtree: true,
                folded: !case_sensitive,
                keys: wildcard.sorted.then_some(case_sensitive),
            });
        }
        if let Some(values) = values {
            layout.children.push(values_table(values));
            layout.untyped = Some((layout.children.len() - 1, roots));
        }
        for (key, columns) in table.sorts() {
            let case_sensitive = schema
                .field(key.as_str())
                .is_some_and(|f| f.is_case_sensitive());
            for (path, column) in schema.sort_paths(key.as_str()).iter().zip(columns) {
                if let SortColumn::Key(column) = column {
                    layout.main.push((column.clone(), Kind::Bytes, true));
                }
                layout.sorts.push(SortLayout {
                    path: path.to_string(),
                    case_sensitive,
                });
            }
        }
        Ok(layout)
    }

    /// Resolves every field the layout reads, for records of type `R`.
    pub(super) fn reader<R: Record>(&self) -> Result<Reader<'_, R>, SqlError> {
        let resolve = |path: &str| {
            R::resolve(path).ok_or_else(|| SqlError::UnreadableField {
                field: path.to_owned(),
            })
        };
        let roots = match &self.untyped {
            Some((_, roots)) => roots
                .iter()
                .map(|root| {
                    Ok(match root.subtree {
                        true => None,
                        false => Some(resolve(&root.path)?),
                    })
                })
                .collect::<Result<_, SqlError>>()?,
            None => Vec::new(),
        };
        Ok(Reader {
            layout: self,
            fields: self
                .fields
                .iter()
                .map(|f| resolve(&f.path))
                .collect::<Result<_, _>>()?,
            sorts: self
                .sorts
                .iter()
                .map(|s| resolve(&s.path))
                .collect::<Result<_, _>>()?,
            roots,
        })
    }
}

/// The child table of untyped values, its columns in the order [`untyped_rows`] fills them.
fn values_table(values: &UntypedColumns) -> Child {
    let column = |name: &String, kind: Kind, nullable: bool| (name.clone(), kind, nullable);
    Child {
        name: values.table.clone(),
        columns: vec![
            column(&values.seq, Kind::Int, false),
            column(&values.path, Kind::Text, false),
            column(&values.element, Kind::Bool, false),
            column(&values.kind, Kind::Text, false),
            column(&values.text, Kind::Text, true),
            column(&values.folded, Kind::Text, true),
            column(&values.time, Kind::Text, true),
            column(&values.integer, Kind::Int, true),
            column(&values.float, Kind::Float, true),
            column(&values.boolean, Kind::Bool, true),
            column(&values.key, Kind::Bytes, true),
        ],
        indexes: vec![vec![values.seq.clone(), values.path.clone()]],
    }
}

/// A layout with its fields resolved for records of type `R`.
pub(super) struct Reader<'l, R: Record> {
    layout: &'l Layout,
    fields: Vec<R::Field>,
    sorts: Vec<R::Field>,
    /// Each root of the untyped values, resolved unless it is a subtree (read from the
    /// record's JSON).
    roots: Vec<Option<R::Field>>,
}

/// One record's rows: the main table's, the record's JSON, and each child table's.
pub(super) struct Rows {
    pub(super) main: Vec<Cell>,
    /// The row of the records' table: `seq`, the JSON.
    pub(super) record: Vec<Cell>,
    /// `(child table index, row)`.
    pub(super) children: Vec<(usize, Vec<Cell>)>,
}

impl<R: Record + Serialize> Reader<'_, R> {
    /// The rows of record number `index`, stored as sequence number `seq`.
    pub(super) fn rows(&self, record: &R, index: usize, seq: i64) -> Result<Rows, SqlError> {
        let mut rows = Rows {
            main: Vec::with_capacity(self.layout.main.len()),
            record: vec![Cell::Int(seq), Cell::Text(serde_json::to_string(record)?)],
            children: Vec::new(),
        };
        rows.main.push(Cell::Int(seq));
        for (field, layout) in self.fields.iter().zip(&self.layout.fields) {
            let value = record.read(field);
            let refuse = |reason: String| SqlError::Record {
                index,
                field: layout.path.clone(),
                reason,
            };
            match layout.shape {
                Shape::Text { folded } => {
                    let text = match value {
                        FieldRef::Null => None,
                        FieldRef::Str(s) => Some(no_nul(s).map_err(refuse)?),
                        other => return Err(refuse(other_type(other, "a string"))),
                    };
                    if folded {
                        rows.main.push(Cell::text(text.map(str::to_owned)));
                        rows.main.push(Cell::text(text.map(encode::folded)));
                    } else {
                        rows.main.push(Cell::text(text.map(str::to_owned)));
                    }
                }
                Shape::Bool => rows.main.push(match value {
                    FieldRef::Null => Cell::Null(Kind::Bool),
                    FieldRef::Bool(b) => Cell::Bool(b),
                    other => return Err(refuse(other_type(other, "a boolean"))),
                }),
                Shape::Number => {
                    let (int, float) = match value {
                        FieldRef::Null => (Cell::Null(Kind::Int), Cell::Null(Kind::Float)),
                        other => match encode::stored_number(other) {
                            Some(Ok(StoredNumber::Int(i))) => {
                                (Cell::Int(i), Cell::Null(Kind::Float))
                            }
                            Some(Ok(StoredNumber::Float(f))) => {
                                (Cell::Null(Kind::Int), Cell::Float(f))
                            }
                            Some(Err(NumberProblem::NaN)) => {
                                return Err(refuse("is NaN, which is no number".into()));
                            }
                            Some(Err(NumberProblem::Inexact)) => {
                                return Err(refuse(
                                    "holds an integer above 2^63 that no float holds exactly"
                                        .into(),
                                ));
                            }
                            None => return Err(refuse(other_type(other, "a number"))),
                        },
                    };
                    rows.main.push(int);
                    rows.main.push(float);
                }
                Shape::DateTime => {
                    let time = match value {
                        FieldRef::Null => None,
                        FieldRef::DateTime(t) => Some(t),
                        FieldRef::Str(s) => Some(DateTime::read(s).map_err(|e| {
                            refuse(format!("holds text that is not a date-time ({e})"))
                        })?),
                        other => return Err(refuse(other_type(other, "a date-time"))),
                    };
                    let text = match time {
                        None => None,
                        Some(t) => Some(encode::date_time_text(t).ok_or_else(|| {
                            refuse("holds a date-time outside years 0000 to 9999".into())
                        })?),
                    };
                    rows.main.push(Cell::text(text));
                }
                Shape::Collection { child, folded } => {
                    let elements = elements(value).map_err(refuse)?;
                    rows.main.push(match elements {
                        None => Cell::Null(Kind::Int),
                        Some(ref items) => Cell::Int(items.len() as i64),
                    });
                    for item in elements.into_iter().flatten() {
                        let mut row = vec![Cell::Int(seq), Cell::Text(item.to_owned())];
                        if folded {
                            row.push(Cell::Text(encode::folded(item)));
                        }
                        rows.children.push((child, row));
                    }
                }
            }
        }
        for (field, layout) in self.sorts.iter().zip(&self.layout.sorts) {
            let key = encode::sort_key(record.read(field), layout.case_sensitive);
            rows.main.push(Cell::Bytes(key));
        }
        if let Some((child, roots)) = &self.layout.untyped {
            self.untyped_rows(record, index, seq, (*child, roots), &mut rows.children)?;
        }
        Ok(rows)
    }

    /// The rows of the table of untyped values: a row per path each root stores (once, if
    /// roots overlap), and one per element of an array.
    fn untyped_rows(
        &self,
        record: &R,
        index: usize,
        seq: i64,
        (child, roots): (usize, &[Root]),
        out: &mut Vec<(usize, Vec<Cell>)>,
    ) -> Result<(), SqlError> {
        // Each stored path: its value, whether folded, the case rule of its sort key.
        let mut paths: BTreeMap<String, (FieldRef<'_>, bool, Option<bool>)> = BTreeMap::new();
        for (root, field) in roots.iter().zip(&self.roots) {
            if let Some(field) = field {
                let entry =
                    paths
                        .entry(root.path.clone())
                        .or_insert((record.read(field), false, None));
                entry.1 |= root.folded;
            }
        }
        let json = match roots.iter().any(|r| r.subtree) {
            true => Some(serde_json::to_value(record)?),
            false => None,
        };
        if let Some(json) = &json {
            let mut budget = MAX_SUBTREE_PATHS;
            for root in roots.iter().filter(|r| r.subtree) {
                let found = subtree(json, &root.path, &mut budget).map_err(|()| SqlError::Record {
                    index,
                    field: root.path.clone(),
                    reason: format!(
                        "holds sub-fields whose paths take more than {MAX_SUBTREE_PATHS} bytes, \
                         more than the table of untyped values keeps for one record"
                    ),
                })?;
                for (path, value) in found {
                    let entry =
                        paths
                            .entry(path)
                            .or_insert((FieldRef::from_json(value), false, None));
                    entry.1 |= root.folded;
                    entry.2 = entry.2.or(root.keys);
                }
            }
        }
        for (path, (value, folded, keys)) in paths {
            let refuse = |reason: String| SqlError::Record {
                index,
                field: path.clone(),
                reason,
            };
            let key = keys.map(|case_sensitive| encode::sort_key(value, case_sensitive));
            untyped_rows(seq, &path, value, folded, key, &mut |row| {
                out.push((child, row))
            })
            .map_err(refuse)?;
        }
        Ok(())
    }
}

/// The most bytes of path text one record's sub-fields of wildcard parents may take: each
/// stored value repeats its whole path, so a deep chain of long keys with many members at its
/// end would otherwise multiply a record's size many times over.
const MAX_SUBTREE_PATHS: usize = 1 << 20;

/// Every record path at or under `root` that a filter can name, with its value: the object
/// members whose keys are field names, followed down through objects (not arrays, which a
/// path cannot step into). Null and missing values are left out. `Err` when the paths would
/// take more than `budget` bytes (what is left of [`MAX_SUBTREE_PATHS`]).
fn subtree<'j>(
    record: &'j serde_json::Value,
    root: &str,
    budget: &mut usize,
) -> Result<Vec<(String, &'j serde_json::Value)>, ()> {
    let mut start = record;
    for segment in root.split('.') {
        match start.get(segment) {
            Some(inner) => start = inner,
            None => return Ok(Vec::new()),
        }
    }
    let mut found = Vec::new();
    let mut pending = vec![(root.to_owned(), start)];
    while let Some((path, value)) = pending.pop() {
        if let serde_json::Value::Object(members) = value {
            for (key, member) in members {
                if is_identifier(key) {
                    let bytes = path.len() + 1 + key.len();
                    *budget = budget.checked_sub(bytes).ok_or(())?;
                    pending.push((format!("{path}.{key}"), member));
                }
            }
        }
        if !value.is_null() {
            found.push((path, value));
        }
    }
    Ok(found)
}

/// Whether a key is a segment of a field path (SPEC §1.1: `[A-Za-z_][A-Za-z0-9_]*`).
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The rows of one value at `path`, given to `push`: nothing for null; a row for the value
/// (its kind, its scalar's columns, its sort key); and for an array a row per element that a
/// comparison can match (strings, numbers, booleans: not nulls, objects or arrays).
fn untyped_rows(
    seq: i64,
    path: &str,
    value: FieldRef<'_>,
    folded: bool,
    key: Option<Vec<u8>>,
    push: &mut dyn FnMut(Vec<Cell>),
) -> Result<(), String> {
    let row = |element: bool, kind: &str, scalar: [Cell; 6], key: Option<Vec<u8>>| {
        let mut row = Vec::with_capacity(11);
        row.extend([
            Cell::Int(seq),
            Cell::Text(path.to_owned()),
            Cell::Bool(element),
            Cell::Text(kind.to_owned()),
        ]);
        row.extend(scalar);
        row.push(key.map_or(Cell::Null(Kind::Bytes), Cell::Bytes));
        row
    };
    let elements: Vec<FieldRef<'_>> = match value {
        FieldRef::Null => return Ok(()),
        FieldRef::Strs(items) => items.iter().map(|s| FieldRef::Str(s)).collect(),
        FieldRef::Json(items) => items.iter().map(FieldRef::from_json).collect(),
        FieldRef::Opaque => {
            push(row(false, "object", no_scalar(), key));
            return Ok(());
        }
        scalar => {
            let (kind, cells) = untyped_scalar(scalar, folded)?.unwrap_or(("object", no_scalar()));
            push(row(false, kind, cells, key));
            return Ok(());
        }
    };
    push(row(false, "array", no_scalar(), key));
    for element in elements {
        if let Some((kind, cells)) = untyped_scalar(element, folded)? {
            push(row(true, kind, cells, None));
        }
    }
    Ok(())
}

/// The scalar columns of a row of untyped values, all null.
fn no_scalar() -> [Cell; 6] {
    [
        Cell::Null(Kind::Text),
        Cell::Null(Kind::Text),
        Cell::Null(Kind::Text),
        Cell::Null(Kind::Int),
        Cell::Null(Kind::Float),
        Cell::Null(Kind::Bool),
    ]
}

/// A scalar's kind and columns (`text`, `folded`, `time`, `integer`, `float`, `boolean`):
/// a string's text, its folding, and its instant when it reads as a date-time (as the matcher
/// reads it); a number in its one place; a boolean; an instant. `None` for a value no
/// comparison matches (null, an object, an array).
fn untyped_scalar(
    value: FieldRef<'_>,
    folded: bool,
) -> Result<Option<(&'static str, [Cell; 6])>, String> {
    let mut cells = no_scalar();
    let time_text = |t: DateTime| {
        encode::date_time_text(t)
            .ok_or_else(|| "holds a date-time outside years 0000 to 9999".to_owned())
    };
    let kind = match value {
        FieldRef::Str(s) => {
            let s = no_nul(s)?;
            cells[0] = Cell::Text(s.to_owned());
            if folded {
                cells[1] = Cell::Text(encode::folded(s));
            }
            if let Ok(t) = DateTime::read(s) {
                cells[2] = Cell::Text(time_text(t)?);
            }
            "string"
        }
        FieldRef::DateTime(t) => {
            cells[2] = Cell::Text(time_text(t)?);
            "date-time"
        }
        FieldRef::Bool(b) => {
            cells[5] = Cell::Bool(b);
            "boolean"
        }
        FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => {
            match encode::stored_number(value) {
                Some(Ok(StoredNumber::Int(i))) => cells[3] = Cell::Int(i),
                Some(Ok(StoredNumber::Float(f))) => cells[4] = Cell::Float(f),
                Some(Err(NumberProblem::NaN)) => return Err("is NaN, which is no number".into()),
                _ => {
                    return Err("holds an integer above 2^63 that no float holds exactly".into());
                }
            }
            "number"
        }
        _ => return Ok(None),
    };
    Ok(Some((kind, cells)))
}

/// Text without U+0000, which PostgreSQL's text cannot hold.
fn no_nul(text: &str) -> Result<&str, String> {
    if text.contains('\0') {
        Err("holds text with U+0000, which a database text column cannot keep".into())
    } else {
        Ok(text)
    }
}

/// The string elements of a collection field's value, as the matcher tests them (a string is
/// one element; other elements and values never match); `None` for null.
fn elements(value: FieldRef<'_>) -> Result<Option<Vec<&str>>, String> {
    Ok(Some(match value {
        FieldRef::Null => return Ok(None),
        FieldRef::Str(s) => vec![no_nul(s)?],
        FieldRef::Strs(items) => items.iter().map(|s| no_nul(s)).collect::<Result<_, _>>()?,
        FieldRef::Json(items) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(no_nul)
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    }))
}

/// Why a value of another type than the field's is refused.
fn other_type(value: FieldRef<'_>, wanted: &str) -> String {
    let found = match value {
        FieldRef::Null => "null",
        FieldRef::Str(_) => "text",
        FieldRef::Int(_) | FieldRef::UInt(_) | FieldRef::Float(_) => "a number",
        FieldRef::Bool(_) => "a boolean",
        FieldRef::DateTime(_) => "a date-time",
        FieldRef::Strs(_) | FieldRef::Json(_) => "a list",
        _ => "an object",
    };
    format!("holds {found} where the schema has {wanted}")
}
