//! Conditions on untyped values (SPEC §10, fields of unknown type): a filter value is read in
//! every way the matcher reads it for the field's type, and each stored value is tested in
//! the reading of its kind — exactly the in-memory `Needle` of `eval`, written as SQL over the
//! table of untyped values ([`UntypedColumns`]).
//!
//! For a value compared with a stored value, as in memory:
//!
//! * a string that reads as a date-time, against a value with a date-time reading: by instant
//!   (and never by `co` or `sw`); any other string, against a value with a text reading: as
//!   text (folded unless the field is case-sensitive);
//! * a number against a value with a number reading, exactly across integers and floats;
//! * a boolean, by `eq` only, against a value with a boolean reading;
//! * an instant (a record's typed date-time) against a date-time reading;
//! * null, objects and arrays never; an array's elements each as a stored value.

use sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};

use crate::check::Comparison;
use crate::filter::Value;
use crate::schema::FieldType;
use crate::value::{DateTime, FieldRef};

use super::super::encode::{self, Needle};
use super::super::mapping::UntypedColumns;
use super::{
    CHILD, Field, MAIN, TextTarget, VALUES, child, collated, junction, number_test, ordered,
};

/// A filter value in each reading the field's type allows, as the matcher reads it: its text
/// (unfolded), boolean, number and instant (as stored; `Some(None)` for an instant no column
/// holds, which checked filters never have).
#[derive(Debug)]
struct Readings {
    text: Option<String>,
    boolean: Option<bool>,
    number: Option<Needle>,
    time: Option<Option<String>>,
}

/// The readings of `value` for a field of `field_type` (`eval`'s `Needle::new`).
fn readings(value: &Value, field_type: FieldType) -> Readings {
    let mut readings = Readings {
        text: None,
        boolean: None,
        number: None,
        time: None,
    };
    match value {
        Value::String(s) => {
            readings.text = Some(s.clone());
            readings.boolean = match s.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            };
            readings.time = DateTime::read(s).ok().map(encode::date_time_text);
        }
        Value::Integer(i) => {
            readings.text = Some(i.to_string());
            readings.number = Some(Needle::Int(*i));
        }
        Value::Float(x) => {
            readings.text = Some(x.to_string());
            readings.number = Some(Needle::Float(x.get()));
        }
        Value::Boolean(b) => {
            readings.text = Some(b.to_string());
            readings.boolean = Some(*b);
        }
        Value::DateTime(t) => {
            readings.text = Some(t.to_string());
            readings.time = Some(encode::date_time_text(*t));
        }
    }
    // Only the readings the field's type allows (all of them for an untyped field).
    let keep = |wanted: bool| wanted || field_type == FieldType::Any;
    if !keep(field_type.is_textual()) {
        readings.text = None;
    }
    if !keep(field_type == FieldType::Boolean) {
        readings.boolean = None;
    }
    if !keep(matches!(field_type, FieldType::Integer | FieldType::Number)) {
        readings.number = None;
    }
    if !keep(field_type == FieldType::DateTime) {
        readings.time = None;
    }
    readings
}

impl Field<'_> {
    /// `EXISTS` a row of the field's values (`path`) for which `test` holds: two-valued.
    fn rows(&self, values: &UntypedColumns, path: &str, test: Expr) -> Expr {
        let mut select = SelectStatement::new();
        select
            .expr(Expr::cust("1"))
            .from_as(Alias::new(&values.table), Alias::new(CHILD))
            .and_where(child(&values.seq).equals((Alias::new(MAIN), Alias::new(self.seq))))
            .and_where(child(&values.path).eq(path))
            .and_where(test);
        Expr::exists(select)
    }

    /// `isnull`: no row holds the value itself (null and missing values have none).
    pub(super) fn untyped_is_null(&self, values: &UntypedColumns, path: &str) -> Expr {
        self.rows(values, path, child(&values.element).eq(false))
            .not()
    }

    /// `field op value`: some row (the value, or an element of an array) holds it.
    pub(super) fn untyped_compare(
        &self,
        values: &UntypedColumns,
        path: &str,
        op: Comparison,
        value: &Value,
    ) -> Expr {
        let readings = readings(value, self.field_type);
        self.rows(values, path, self.scalar_test(values, op, &readings))
    }

    /// `field in (values)`: some row equals one of them.
    pub(super) fn untyped_in(
        &self,
        columns: &UntypedColumns,
        path: &str,
        values: &[Value],
    ) -> Expr {
        let parts = values
            .iter()
            .map(|v| self.scalar_test(columns, Comparison::Eq, &readings(v, self.field_type)))
            .collect();
        self.rows(columns, path, junction(parts, false, self.dialect))
    }

    /// `field ca (values)`: the field is not null, and each value equals some row.
    pub(super) fn untyped_contains_all(
        &self,
        columns: &UntypedColumns,
        path: &str,
        values: &[Value],
    ) -> Expr {
        let mut parts = vec![self.rows(columns, path, child(&columns.element).eq(false))];
        parts.extend(
            values
                .iter()
                .map(|v| self.untyped_compare(columns, path, Comparison::Eq, v)),
        );
        junction(parts, true, self.dialect)
    }

    /// Whether a row's scalar `op` the readings holds: each reading against the column of
    /// its kind, every test guarded so that it is false, never null, on other kinds.
    fn scalar_test(&self, values: &UntypedColumns, op: Comparison, readings: &Readings) -> Expr {
        let mut parts = Vec::new();
        if let Some(Some(time)) = &readings.time
            && !matches!(op, Comparison::Co | Comparison::Sw)
        {
            let target = collated(child(&values.time), self.dialect);
            parts.push(
                child(&values.time)
                    .is_not_null()
                    .and(ordered(target, op, time.clone())),
            );
        }
        if let Some(text) = &readings.text {
            let (column, stored) = if self.case_sensitive {
                (&values.text, text.clone())
            } else {
                (&values.folded, encode::folded(text))
            };
            let target = TextTarget {
                expr: child(column),
                case_sensitive: self.case_sensitive,
                dialect: self.dialect,
            };
            let mut present = child(&values.text).is_not_null();
            if readings.time.is_some() {
                // A string that reads as a date-time compares by instant only.
                present = present.and(child(&values.time).is_null());
            }
            parts.push(present.and(target.compare(op, &stored)));
        }
        if let Some(needle) = readings.number {
            parts.push(number_test(
                Some(child(&values.integer)),
                Some(child(&values.float)),
                op,
                needle,
                self.dialect,
            ));
        }
        if let (Comparison::Eq, Some(b)) = (op, readings.boolean) {
            parts.push(
                child(&values.boolean)
                    .is_not_null()
                    .and(child(&values.boolean).eq(b)),
            );
        }
        junction(parts, false, self.dialect)
    }
}

/// The sort key of the value at `path` (a sub-field of a sortable wildcard parent): its row's
/// key, or null's key when it has none.
pub(super) fn sort_key(values: &UntypedColumns, seq: &str, path: String) -> Expr {
    let column = |name: &str| Expr::col((Alias::new(VALUES), Alias::new(name)));
    let mut select = Query::select();
    select
        .expr(column(&values.key))
        .from_as(Alias::new(&values.table), Alias::new(VALUES))
        .and_where(column(&values.seq).equals((Alias::new(MAIN), Alias::new(seq))))
        .and_where(column(&values.path).eq(path))
        .and_where(column(&values.element).eq(false));
    let null = encode::sort_key(FieldRef::Null, false);
    Func::coalesce([
        Expr::SubQuery(None, Box::new(select.into())),
        Expr::val(null),
    ])
    .into()
}
