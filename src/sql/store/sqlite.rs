//! The store on SQLite (rusqlite, bundled).

use rusqlite::types::Value as SqliteValue;
use rusqlite::{Connection, params_from_iter};
use serde::Serialize;

use crate::value::Record;

use super::super::{Param, SqlError, Statement};
use super::rows::{Cell, Layout, Reader};
use super::{Dialect, insert_sql, last_seq_sql};

/// Prepares a connection: `case_sensitive_like` on, so that `LIKE 'prefix%'` can use the
/// (binary) indexes of the folded columns. Exactness does not depend on it: folded text has
/// no ASCII capitals, and case-sensitive tests add `instr`.
pub(super) fn setup(connection: Connection) -> Result<Connection, SqlError> {
    connection.pragma_update(None, "case_sensitive_like", true)?;
    Ok(connection)
}

pub(super) fn batch(db: &mut Connection, statements: &[String]) -> Result<(), SqlError> {
    let transaction = db.transaction()?;
    for statement in statements {
        transaction.execute_batch(statement)?;
    }
    transaction.commit()?;
    Ok(())
}

pub(super) fn count(db: &mut Connection, sql: &str) -> Result<u64, SqlError> {
    let n: i64 = db.query_row(sql, [], |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn cell(cell: Cell) -> SqliteValue {
    match cell {
        Cell::Null(_) => SqliteValue::Null,
        Cell::Bool(b) => SqliteValue::Integer(i64::from(b)),
        Cell::Int(i) => SqliteValue::Integer(i),
        Cell::Float(f) => SqliteValue::Real(f),
        Cell::Text(s) => SqliteValue::Text(s),
        Cell::Bytes(b) => SqliteValue::Blob(b),
    }
}

fn param(param: &Param) -> SqliteValue {
    match param {
        Param::Bool(b) => SqliteValue::Integer(i64::from(*b)),
        Param::Int(i) => SqliteValue::Integer(*i),
        Param::Float(f) => SqliteValue::Real(*f),
        Param::Text(s) => SqliteValue::Text(s.clone()),
        Param::Bytes(b) => SqliteValue::Blob(b.clone()),
    }
}

pub(super) fn load<R: Record + Serialize>(
    db: &mut Connection,
    table: &str,
    seq: &str,
    layout: &Layout,
    reader: &Reader<'_, R>,
    records: &[R],
) -> Result<usize, SqlError> {
    let transaction = db.transaction()?;
    {
        let last: Option<i64> =
            transaction.query_row(&last_seq_sql(table, seq, Dialect::Sqlite), [], |row| {
                row.get(0)
            })?;
        let first = last.map_or(0, |n| n.saturating_add(1));
        let main_columns: Vec<String> = layout.main.iter().map(|(c, _, _)| c.clone()).collect();
        let mut main =
            transaction.prepare(&insert_sql(table, &main_columns, 1, Dialect::Sqlite))?;
        let (records_table, records_columns) = &layout.records;
        let mut json = transaction.prepare(&insert_sql(
            records_table,
            records_columns,
            1,
            Dialect::Sqlite,
        ))?;
        let mut children = layout
            .children
            .iter()
            .map(|(name, columns)| {
                transaction.prepare(&insert_sql(name, columns, 1, Dialect::Sqlite))
            })
            .collect::<Result<Vec<_>, _>>()?;
        for (index, record) in records.iter().enumerate() {
            let seq = first.saturating_add(index as i64);
            let rows = reader.rows(record, index, seq)?;
            main.execute(params_from_iter(rows.main.into_iter().map(cell)))?;
            json.execute(params_from_iter(rows.record.into_iter().map(cell)))?;
            for (child, row) in rows.children {
                if let Some(statement) = children.get_mut(child) {
                    statement.execute(params_from_iter(row.into_iter().map(cell)))?;
                }
            }
        }
    }
    transaction.commit()?;
    Ok(records.len())
}

/// Runs a translated statement: the total, and the page's records' JSON.
pub(super) fn run(
    db: &mut Connection,
    statement: &Statement,
) -> Result<(i64, Vec<String>), SqlError> {
    let mut prepared = db.prepare_cached(&statement.sql)?;
    let mut rows = prepared.query(params_from_iter(statement.params.iter().map(param)))?;
    let (mut total, mut records) = (0, Vec::new());
    while let Some(row) = rows.next()? {
        total = row.get(0)?;
        if let Some(record) = row.get::<_, Option<String>>(1)? {
            records.push(record);
        }
    }
    Ok((total, records))
}
