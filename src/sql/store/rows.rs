//! Records → the rows of the library's own table: each field's columns computed in Rust (the
//! folding, the number's place, the date-time's text, the sort keys), or the reason a record
//! cannot be stored exactly.

use serde::Serialize;

use crate::schema::Schema;
use crate::value::{DateTime, FieldRef, Record};

use super::super::SqlError;
use super::super::encode::{self, NumberProblem, StoredNumber};
use super::super::mapping::{Columns, SortColumn, Table};

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

/// The columns of the library's table for a schema, and how each is computed.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    /// The main table's columns, `seq` first: name, type, whether indexed.
    pub(super) main: Vec<(String, Kind, bool)>,
    /// The table of the records' JSON, and its columns (`seq`, `record`).
    pub(super) records: (String, [String; 2]),
    /// The child tables: name, its columns (`seq`, value, folded if any).
    pub(super) children: Vec<(String, Vec<String>)>,
    fields: Vec<FieldLayout>,
    sorts: Vec<SortLayout>,
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
        };
        for (path, columns) in table.fields() {
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
                    layout.children.push((table.clone(), columns));
                    Shape::Collection {
                        child: layout.children.len() - 1,
                        folded: folded.is_some(),
                    }
                }
            };
            layout.fields.push(FieldLayout {
                path: path.to_string(),
                shape,
            });
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
        })
    }
}

/// A layout with its fields resolved for records of type `R`.
pub(super) struct Reader<'l, R: Record> {
    layout: &'l Layout,
    fields: Vec<R::Field>,
    sorts: Vec<R::Field>,
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
        Ok(rows)
    }
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
