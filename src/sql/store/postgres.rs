//! The store on PostgreSQL (the synchronous `postgres` client).

use postgres::types::ToSql;
use postgres::{Client, NoTls};
use serde::Serialize;

use crate::value::Record;

use super::super::{Param, SqlError, Statement};
use super::rows::{Cell, Kind, Layout, Reader};
use super::{Dialect, insert_sql, last_seq_sql};

/// Most parameters in one `INSERT` (PostgreSQL's limit is 65,535).
const MAX_PARAMS: usize = 30_000;

pub(super) fn connect(url: &str) -> Result<Client, SqlError> {
    Ok(Client::connect(url, NoTls)?)
}

pub(super) fn batch(db: &mut Client, statements: &[String]) -> Result<(), SqlError> {
    let mut transaction = db.transaction()?;
    for statement in statements {
        transaction.batch_execute(statement)?;
    }
    transaction.commit()?;
    Ok(())
}

pub(super) fn count(db: &mut Client, sql: &str) -> Result<u64, SqlError> {
    let n: i64 = db.query_one(sql, &[])?.get(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A value to bind, typed as its column.
type Bound = Box<dyn ToSql + Sync>;

fn cell(cell: Cell) -> Bound {
    match cell {
        Cell::Null(Kind::Bool) => Box::new(None::<bool>),
        Cell::Null(Kind::Int) => Box::new(None::<i64>),
        Cell::Null(Kind::Float) => Box::new(None::<f64>),
        Cell::Null(Kind::Text) => Box::new(None::<String>),
        Cell::Null(Kind::Bytes) => Box::new(None::<Vec<u8>>),
        Cell::Bool(b) => Box::new(b),
        Cell::Int(i) => Box::new(i),
        Cell::Float(f) => Box::new(f),
        Cell::Text(s) => Box::new(s),
        Cell::Bytes(b) => Box::new(b),
    }
}

fn param(param: &Param) -> Bound {
    match param {
        Param::Bool(b) => Box::new(*b),
        Param::Int(i) => Box::new(*i),
        Param::Float(f) => Box::new(*f),
        Param::Text(s) => Box::new(s.clone()),
        Param::Bytes(b) => Box::new(b.clone()),
    }
}

fn refs(bound: &[Bound]) -> Vec<&(dyn ToSql + Sync)> {
    bound
        .iter()
        .map(|b| b.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// Rows waiting to be inserted into one table, in statements of many rows each.
struct Pending {
    table: String,
    columns: Vec<String>,
    cells: Vec<Bound>,
}

impl Pending {
    fn new(table: &str, columns: &[String]) -> Pending {
        Pending {
            table: table.to_owned(),
            columns: columns.to_vec(),
            cells: Vec::new(),
        }
    }

    fn push(&mut self, db: &mut postgres::Transaction<'_>, row: Vec<Cell>) -> Result<(), SqlError> {
        self.cells.extend(row.into_iter().map(cell));
        if self.cells.len() + self.columns.len() > MAX_PARAMS {
            self.flush(db)?;
        }
        Ok(())
    }

    fn flush(&mut self, db: &mut postgres::Transaction<'_>) -> Result<(), SqlError> {
        let rows = self.cells.len() / self.columns.len().max(1);
        if rows > 0 {
            let sql = insert_sql(&self.table, &self.columns, rows, Dialect::Postgres);
            db.execute(&sql, &refs(&self.cells))?;
        }
        self.cells.clear();
        Ok(())
    }
}

pub(super) fn load<R: Record + Serialize>(
    db: &mut Client,
    table: &str,
    seq: &str,
    layout: &Layout,
    reader: &Reader<'_, R>,
    records: &[R],
) -> Result<usize, SqlError> {
    let mut transaction = db.transaction()?;
    let last: Option<i64> = transaction
        .query_one(&last_seq_sql(table, seq, Dialect::Postgres), &[])?
        .get(0);
    let first = last.map_or(0, |n| n.saturating_add(1));
    let main_columns: Vec<String> = layout.main.iter().map(|(c, _, _)| c.clone()).collect();
    let mut main = Pending::new(table, &main_columns);
    let mut json = Pending::new(&layout.records.0, &layout.records.1);
    let mut children: Vec<Pending> = layout
        .children
        .iter()
        .map(|(name, columns)| Pending::new(name, columns))
        .collect();
    for (index, record) in records.iter().enumerate() {
        let seq = first.saturating_add(index as i64);
        let rows = reader.rows(record, index, seq)?;
        main.push(&mut transaction, rows.main)?;
        json.push(&mut transaction, rows.record)?;
        for (child, row) in rows.children {
            if let Some(pending) = children.get_mut(child) {
                pending.push(&mut transaction, row)?;
            }
        }
    }
    main.flush(&mut transaction)?;
    json.flush(&mut transaction)?;
    for pending in &mut children {
        pending.flush(&mut transaction)?;
    }
    transaction.commit()?;
    Ok(records.len())
}

/// Runs a translated statement: the total, and the page's records' JSON.
pub(super) fn run(db: &mut Client, statement: &Statement) -> Result<(i64, Vec<String>), SqlError> {
    let bound: Vec<Bound> = statement.params.iter().map(param).collect();
    let rows = db.query(&statement.sql, &refs(&bound))?;
    let (mut total, mut records) = (0, Vec::new());
    for row in rows {
        total = row.try_get(0)?;
        if let Some(record) = row.try_get::<_, Option<String>>(1)? {
            records.push(record);
        }
    }
    Ok((total, records))
}
