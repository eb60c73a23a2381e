//! A checked query → one SQL statement with bound parameters (SPEC §10).

mod numbers;
mod untyped;

use std::borrow::Cow;

use sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, PostgresQueryBuilder, Query,
    SelectStatement, SqliteQueryBuilder, Value as SqlValue,
};

use crate::check::{CheckedFilter, CheckedQuery, Comparison, Node, Slot, Test};
use crate::filter::Value;
use crate::schema::FieldType;

use super::encode::{self, Needle};
use super::mapping::{Columns, SortColumn, Table};
use super::{Dialect, Param, SqlError, Statement};
use numbers::{number_in, number_test};

/// The main table's alias in every statement.
const MAIN: &str = "t";
/// The main table's alias where the page's records are read.
const RECORD: &str = "r";
/// A child table's alias in an `EXISTS`.
const CHILD: &str = "e";
/// The untyped values' alias in a sort key's subquery.
const VALUES: &str = "v";
/// The escape character of `LIKE` patterns.
const ESCAPE: char = '\\';

/// Translates a checked query for the records in `table` into one statement for `dialect`;
/// with `also`, a record matches both the query's filter and it.
pub(super) fn translate(
    query: &CheckedQuery,
    also: Option<&CheckedFilter>,
    table: &Table,
    dialect: Dialect,
) -> Result<Statement, SqlError> {
    let filters = query
        .filters()
        .into_iter()
        .chain(also)
        .map(|filter| Translator::new(filter, table, dialect)?.filter())
        .collect::<Result<Vec<_>, _>>()?;
    let filter = (!filters.is_empty()).then(|| junction(filters, true, dialect));
    let order = order_by(query, table, dialect)?;
    let from = || (Alias::new(table.name()), Alias::new(MAIN));

    let mut count = Query::select();
    count
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("total"))
        .from_as(from().0, from().1);
    // The page's sequence numbers and sort keys only: sorting the matches moves small rows,
    // and the records of the page alone are read, by their sequence number.
    let mut page = Query::select();
    page.expr_as(main(table.seq()), Alias::new("s"))
        .from_as(from().0, from().1);
    if let Some(filter) = filter {
        count.and_where(filter.clone());
        page.and_where(filter);
    }
    for (i, (expr, descending)) in order.iter().enumerate() {
        page.expr_as(expr.clone(), Alias::new(format!("o{i}")));
        page.order_by_expr(expr.clone(), direction(*descending));
    }
    page.order_by_expr(main(table.seq()), Order::Asc)
        .limit(u64::from(query.limit()))
        .offset(u64::from(query.offset()));

    let record = Expr::col((Alias::new(RECORD), Alias::new(table.record())));
    let record = match dialect {
        // `json` and `jsonb` columns are read as their text.
        Dialect::Postgres => record.cast_as(Alias::new("TEXT")),
        Dialect::Sqlite => record,
    };
    let mut statement = Query::select();
    statement
        .column((Alias::new("c"), Alias::new("total")))
        .expr_as(record, Alias::new("record"))
        .from_subquery(count, Alias::new("c"))
        .join_subquery(
            JoinType::LeftJoin,
            page,
            Alias::new("p"),
            Expr::cust("1 = 1"),
        )
        .join_as(
            JoinType::LeftJoin,
            Alias::new(table.records_table()),
            Alias::new(RECORD),
            Expr::col((Alias::new(RECORD), Alias::new(table.seq())))
                .equals((Alias::new("p"), Alias::new("s"))),
        );
    for (i, (_, descending)) in order.iter().enumerate() {
        statement.order_by(
            (Alias::new("p"), Alias::new(format!("o{i}"))),
            direction(*descending),
        );
    }
    statement.order_by((Alias::new("p"), Alias::new("s")), Order::Asc);
    let (sql, values) = match dialect {
        Dialect::Sqlite => statement.build(SqliteQueryBuilder),
        Dialect::Postgres => statement.build(PostgresQueryBuilder),
    };
    let params = values
        .into_iter()
        .map(param)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Statement { sql, params })
}

fn direction(descending: bool) -> Order {
    if descending { Order::Desc } else { Order::Asc }
}

/// A column of the main table.
fn main(column: &str) -> Expr {
    Expr::col((Alias::new(MAIN), Alias::new(column)))
}

/// A column of a child table.
fn child(column: &str) -> Expr {
    Expr::col((Alias::new(CHILD), Alias::new(column)))
}

/// The ORDER BY expressions of the sorters, each with its direction (the sequence comes after).
fn order_by(
    query: &CheckedQuery,
    table: &Table,
    dialect: Dialect,
) -> Result<Vec<(Expr, bool)>, SqlError> {
    let mut order = Vec::new();
    for key in query.sorters().keys() {
        let name = key.key().field.as_str();
        let descending = key.is_descending();
        let Some(columns) = table.sort_columns(name) else {
            // A sub-field of a sortable wildcard parent: its key in the untyped values.
            match table.wildcard_of(name) {
                Some((wildcard, path)) if wildcard.sorted && key.by().len() == 1 => {
                    order.push((
                        untyped::sort_key(&wildcard.values, table.seq(), path),
                        descending,
                    ));
                    continue;
                }
                _ => {
                    return Err(SqlError::UnmappedSortKey {
                        key: name.to_owned(),
                    });
                }
            }
        };
        if columns.len() != key.by().len() {
            return Err(SqlError::SortColumnsDoNotFit {
                key: name.to_owned(),
                fields: key.by().len(),
                columns: columns.len(),
            });
        }
        for column in columns {
            let (column, text) = match column {
                SortColumn::Key(column) => {
                    order.push((main(column), descending));
                    continue;
                }
                SortColumn::Text(column) => (column, true),
                SortColumn::Value(column) => (column, false),
            };
            // Nulls last ascending, first descending: `true` sorts after `false`.
            order.push((main(column).is_null(), descending));
            let value = if text {
                collated(main(column), dialect)
            } else {
                main(column)
            };
            order.push((value, descending));
        }
    }
    Ok(order)
}

/// Text compared by code point: PostgreSQL's `COLLATE "C"` (SQLite's binary collation is the
/// default).
fn collated(expr: Expr, dialect: Dialect) -> Expr {
    match dialect {
        Dialect::Postgres => Expr::cust_with_expr("$1 COLLATE \"C\"", expr),
        Dialect::Sqlite => expr,
    }
}

/// `FALSE`, in both engines.
fn never() -> Expr {
    Expr::cust("1 = 0")
}

/// A parameter of the statement.
fn param(value: SqlValue) -> Result<Param, SqlError> {
    Ok(match value {
        SqlValue::Bool(Some(b)) => Param::Bool(b),
        SqlValue::BigInt(Some(i)) => Param::Int(i),
        SqlValue::Int(Some(i)) => Param::Int(i64::from(i)),
        SqlValue::BigUnsigned(Some(u)) => Param::Int(i64::try_from(u).unwrap_or(i64::MAX)),
        SqlValue::Unsigned(Some(u)) => Param::Int(i64::from(u)),
        SqlValue::Double(Some(f)) => Param::Float(f),
        SqlValue::String(Some(s)) => Param::Text(s),
        SqlValue::Bytes(Some(b)) => Param::Bytes(b),
        other => {
            return Err(SqlError::Unexpected {
                reason: format!("the statement has a parameter of an unexpected kind: {other:?}"),
            });
        }
    })
}

/// Translates a checked filter's lowered nodes for the columns of a table.
struct Translator<'a> {
    dialect: Dialect,
    filter: &'a CheckedFilter,
    /// Each slot's columns in the table, found once.
    fields: Vec<Field<'a>>,
}

impl<'a> Translator<'a> {
    /// Binds the filter's fields to the table's columns.
    fn new(
        filter: &'a CheckedFilter,
        table: &'a Table,
        dialect: Dialect,
    ) -> Result<Translator<'a>, SqlError> {
        let fields = filter
            .fields()
            .iter()
            .map(|spec| {
                let name = spec.path().as_str();
                let columns = match table.columns(name) {
                    Some(columns) => Cow::Borrowed(columns),
                    // A sub-field of a wildcard parent: its rows of untyped values.
                    None => match table.wildcard_of(name) {
                        Some((wildcard, path)) => Cow::Owned(Columns::Untyped {
                            values: wildcard.values.clone(),
                            path,
                        }),
                        None => {
                            return Err(SqlError::UnmappedField {
                                field: name.to_owned(),
                            });
                        }
                    },
                };
                if spec.field_type() == FieldType::Any
                    && !matches!(*columns, Columns::Untyped { .. })
                {
                    return Err(SqlError::UntypedField {
                        field: name.to_owned(),
                    });
                }
                Ok(Field {
                    name,
                    seq: table.seq(),
                    columns,
                    field_type: spec.field_type(),
                    case_sensitive: spec.is_case_sensitive(),
                    dialect,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Translator {
            dialect,
            filter,
            fields,
        })
    }

    fn filter(&self) -> Result<Expr, SqlError> {
        self.node(self.filter.root())
    }

    /// The expression of a lowered node. The lowered tree nests at most
    /// [`MAX_DEPTH`](crate::check::MAX_DEPTH) deep, so recursion is bounded.
    fn node(&self, node: &Node) -> Result<Expr, SqlError> {
        let (expr, negated) = match node {
            Node::All {
                operands, negated, ..
            }
            | Node::Any {
                operands, negated, ..
            } => {
                let parts = operands
                    .iter()
                    .map(|n| self.node(n))
                    .collect::<Result<Vec<_>, _>>()?;
                let and = matches!(node, Node::All { .. });
                (junction(parts, and, self.dialect), *negated)
            }
            Node::Test {
                field,
                test,
                negated,
                ..
            } => (self.test(*field, test)?, *negated),
        };
        Ok(if negated { expr.not() } else { expr })
    }

    /// A condition, two-valued: null or missing fields make a comparison false, never null.
    fn test(&self, slot: Slot, test: &Test) -> Result<Expr, SqlError> {
        let field = &self.fields[slot.index()];
        match test {
            Test::IsNull => Ok(field.is_null()),
            Test::Compare { op, value, .. } => field.compare(*op, value),
            Test::In { values, .. } => field.is_in(values),
            Test::ContainsAll { values, .. } => field.contains_all(values),
        }
    }
}

/// `and`/`or` of the parts. A chain is as deep as it is long — in sea-query's writing, which
/// recurses, and in SQLite, which refuses expressions more than 1,000 deep and splits every
/// `AND` of a `WHERE` into one list of terms, parentheses or not, before joining them again
/// in a chain. So a junction of more than [`CHUNK`] parts is written as chunks of chunks,
/// which nests only logarithmically, each chunk in SQLite as `(…) IS TRUE` (the same value:
/// every part is two-valued) so that SQLite keeps it whole.
fn junction(mut parts: Vec<Expr>, and: bool, dialect: Dialect) -> Expr {
    while parts.len() > CHUNK {
        let mut grouped = Vec::with_capacity(parts.len().div_ceil(CHUNK));
        let mut items = parts.into_iter().peekable();
        while items.peek().is_some() {
            let chunk: Vec<Expr> = items.by_ref().take(CHUNK).collect();
            let template = match dialect {
                Dialect::Sqlite => "(?) IS TRUE",
                Dialect::Postgres => "($1)",
            };
            grouped.push(Expr::cust_with_expr(template, chain(chunk, and)));
        }
        parts = grouped;
    }
    chain(parts, and)
}

/// The most parts a junction chains without parentheses.
const CHUNK: usize = 16;

/// `a AND b AND …` (or `OR`); `TRUE` (`FALSE`) for none.
fn chain(parts: Vec<Expr>, and: bool) -> Expr {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return if and { Expr::cust("1 = 1") } else { never() };
    };
    parts.fold(
        first,
        |all, part| if and { all.and(part) } else { all.or(part) },
    )
}

/// One field's columns, for the conditions on it.
struct Field<'a> {
    name: &'a str,
    /// The main table's sequence column, which a child table's rows refer to.
    seq: &'a str,
    columns: Cow<'a, Columns>,
    field_type: FieldType,
    case_sensitive: bool,
    dialect: Dialect,
}

impl Field<'_> {
    /// `isnull`: the field is null or missing.
    fn is_null(&self) -> Expr {
        match &*self.columns {
            Columns::Untyped { values, path } => self.untyped_is_null(values, path),
            Columns::Text { column, .. }
            | Columns::Boolean { column }
            | Columns::DateTime { column }
            | Columns::Collection { column, .. } => main(column).is_null(),
            Columns::Number { integer, float } => {
                let parts: Vec<Expr> = [integer, float]
                    .into_iter()
                    .flatten()
                    .map(|c| main(c).is_null())
                    .collect();
                junction(parts, true, self.dialect)
            }
        }
    }

    /// `field op value`.
    fn compare(&self, op: Comparison, value: &Value) -> Result<Expr, SqlError> {
        match &*self.columns {
            Columns::Untyped { values, path } => Ok(self.untyped_compare(values, path, op, value)),
            Columns::Text { column, folded } => {
                let text = self.text(value)?;
                let target = self.text_target(main(column), folded.as_deref().map(main));
                Ok(main(column).is_not_null().and(target.compare(op, &text)))
            }
            Columns::Collection {
                table,
                seq,
                value: element,
                folded,
                ..
            } => {
                let text = self.text(value)?;
                let target = self.text_target(child(element), folded.as_deref().map(child));
                Ok(self.exists(table, seq, target.compare(op, &text)))
            }
            Columns::Boolean { column } => match (op, value) {
                (Comparison::Eq, Value::Boolean(b)) => {
                    Ok(main(column).is_not_null().and(main(column).eq(*b)))
                }
                _ => Err(self.does_not_fit("boolean", value)),
            },
            Columns::Number { integer, float } => {
                let needle = self.number(value)?;
                Ok(number_test(
                    integer.as_deref().map(main),
                    float.as_deref().map(main),
                    op,
                    needle,
                    self.dialect,
                ))
            }
            Columns::DateTime { column } => {
                let Some(text) = self.time(value)? else {
                    return Ok(never());
                };
                let target = collated(main(column), self.dialect);
                Ok(main(column).is_not_null().and(ordered(target, op, text)))
            }
        }
    }

    /// `field in (values)`.
    fn is_in(&self, values: &[Value]) -> Result<Expr, SqlError> {
        match &*self.columns {
            Columns::Untyped {
                values: columns,
                path,
            } => Ok(self.untyped_in(columns, path, values)),
            Columns::Text { column, folded } => {
                let target = self.text_target(main(column), folded.as_deref().map(main));
                let texts = self.texts(values)?;
                Ok(main(column).is_not_null().and(target.is_in(texts)))
            }
            Columns::Collection {
                table,
                seq,
                value: element,
                folded,
                ..
            } => {
                let target = self.text_target(child(element), folded.as_deref().map(child));
                let texts = self.texts(values)?;
                Ok(self.exists(table, seq, target.is_in(texts)))
            }
            Columns::Boolean { column } => {
                let wanted = values
                    .iter()
                    .map(|v| match v {
                        Value::Boolean(b) => Ok(*b),
                        other => Err(self.does_not_fit("boolean", other)),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(main(column).is_not_null().and(main(column).is_in(wanted)))
            }
            Columns::Number { integer, float } => {
                let needles = values
                    .iter()
                    .map(|v| self.number(v))
                    .collect::<Result<Vec<_>, _>>()?;
                let parts = [
                    integer
                        .as_deref()
                        .and_then(|c| number_in(main(c), &needles, encode::int_bound)),
                    float
                        .as_deref()
                        .and_then(|c| number_in(main(c), &needles, encode::float_bound)),
                ];
                let parts: Vec<Expr> = parts.into_iter().flatten().collect();
                Ok(junction(parts, false, self.dialect))
            }
            Columns::DateTime { column } => {
                let mut wanted = Vec::new();
                for value in values {
                    wanted.extend(self.time(value)?);
                }
                if wanted.is_empty() {
                    return Ok(never());
                }
                let target = collated(main(column), self.dialect);
                Ok(main(column).is_not_null().and(target.is_in(wanted)))
            }
        }
    }

    /// `field ca (values)`: every value is an element (of a scalar: is the value).
    fn contains_all(&self, values: &[Value]) -> Result<Expr, SqlError> {
        if let Columns::Untyped {
            values: columns,
            path,
        } = &*self.columns
        {
            return Ok(self.untyped_contains_all(columns, path, values));
        }
        let parts = values
            .iter()
            .map(|v| self.compare(Comparison::Eq, v))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(junction(parts, true, self.dialect))
    }

    /// `EXISTS (SELECT 1 FROM child WHERE child.seq = main.seq AND test)`: two-valued.
    fn exists(&self, table: &str, seq: &str, test: Expr) -> Expr {
        let mut select = SelectStatement::new();
        select
            .expr(Expr::cust("1"))
            .from_as(Alias::new(table), Alias::new(CHILD))
            .and_where(child(seq).equals((Alias::new(MAIN), Alias::new(self.seq))))
            .and_where(test);
        Expr::exists(select)
    }

    /// What a text comparison compares: the raw column for a case-sensitive field, else the
    /// folded column, else SQL's `lower()` of the raw column.
    fn text_target(&self, raw: Expr, folded: Option<Expr>) -> TextTarget {
        let expr = match (self.case_sensitive, folded) {
            (true, _) => raw,
            (false, Some(folded)) => folded,
            (false, None) => Func::lower(raw).into(),
        };
        TextTarget {
            expr,
            case_sensitive: self.case_sensitive,
            dialect: self.dialect,
        }
    }

    /// A text value, folded for a case-insensitive field.
    fn text(&self, value: &Value) -> Result<String, SqlError> {
        match value {
            Value::String(s) if self.case_sensitive => Ok(s.clone()),
            Value::String(s) => Ok(encode::folded(s)),
            other => Err(self.does_not_fit("text", other)),
        }
    }

    /// Text values for `in`; those with U+0000 equal no stored text and are left out.
    fn texts(&self, values: &[Value]) -> Result<Vec<String>, SqlError> {
        let mut texts = Vec::with_capacity(values.len());
        for value in values {
            let text = self.text(value)?;
            if !text.contains('\0') {
                texts.push(text);
            }
        }
        Ok(texts)
    }

    fn number(&self, value: &Value) -> Result<Needle, SqlError> {
        match value {
            Value::Integer(i) => Ok(Needle::Int(*i)),
            Value::Float(f) => Ok(Needle::Float(f.get())),
            other => Err(self.does_not_fit("number", other)),
        }
    }

    /// A date-time value as stored; `None` for one outside years 0000–9999 (which equals no
    /// stored date-time; checked filters have none).
    fn time(&self, value: &Value) -> Result<Option<String>, SqlError> {
        match value {
            Value::DateTime(t) => Ok(encode::date_time_text(*t)),
            other => Err(self.does_not_fit("date-time", other)),
        }
    }

    fn does_not_fit(&self, columns: &'static str, value: &Value) -> SqlError {
        SqlError::ColumnsDoNotFit {
            field: self.name.to_owned(),
            columns,
            value: value.to_string(),
        }
    }
}

/// What a text condition compares.
struct TextTarget {
    expr: Expr,
    case_sensitive: bool,
    dialect: Dialect,
}

impl TextTarget {
    /// The compared text by code point.
    fn collated(&self) -> Expr {
        collated(self.expr.clone(), self.dialect)
    }

    /// `target op text`; `text` is as stored (folded for a case-insensitive field).
    fn compare(&self, op: Comparison, text: &str) -> Expr {
        // Stored text never holds U+0000 (the store refuses it, and PostgreSQL's text cannot),
        // so a value with one equals nothing and orders as the text before it: `s > "a\0b"`
        // is `s > "a"` for every `s` without U+0000.
        if let Some(nul) = text.find('\0') {
            let before = text[..nul].to_owned();
            return match op {
                Comparison::Gt | Comparison::Ge => ordered(self.collated(), Comparison::Gt, before),
                Comparison::Lt | Comparison::Le => ordered(self.collated(), Comparison::Le, before),
                _ => never(),
            };
        }
        match op {
            Comparison::Co | Comparison::Sw => {
                let escaped = escape_like(text);
                let pattern = if op == Comparison::Co {
                    format!("%{escaped}%")
                } else {
                    format!("{escaped}%")
                };
                let like = self.collated().like(LikeExpr::new(pattern).escape(ESCAPE));
                if self.case_sensitive && self.dialect == Dialect::Sqlite {
                    // SQLite's LIKE ignores the case of ASCII letters unless the connection
                    // sets `case_sensitive_like`: `instr` decides exactly.
                    // SQLite's placeholder in a custom expression is `?`.
                    let exact = if op == Comparison::Co {
                        "instr(?, ?) > 0"
                    } else {
                        "instr(?, ?) = 1"
                    };
                    like.and(Expr::cust_with_exprs(
                        exact,
                        [self.expr.clone(), Expr::val(text.to_owned())],
                    ))
                } else {
                    like
                }
            }
            op => ordered(self.collated(), op, text.to_owned()),
        }
    }

    /// `target in (texts)`.
    fn is_in(&self, texts: Vec<String>) -> Expr {
        if texts.is_empty() {
            never()
        } else {
            self.collated().is_in(texts)
        }
    }
}

/// `text` in a `LIKE` pattern: the escape character, `%` and `_` escaped.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | ESCAPE) {
            out.push(ESCAPE);
        }
        out.push(c);
    }
    out
}

/// `target op value` for an ordering operator (`eq`, `gt`, `ge`, `lt`, `le`).
fn ordered(target: Expr, op: Comparison, value: impl Into<SqlValue>) -> Expr {
    match op {
        Comparison::Eq => target.eq(value.into()),
        Comparison::Gt => target.gt(value.into()),
        Comparison::Ge => target.gte(value.into()),
        Comparison::Lt => target.lt(value.into()),
        Comparison::Le => target.lte(value.into()),
        Comparison::Co | Comparison::Sw => never(),
    }
}
