//! `searchAfter`: the keyset condition of a cursor over the sort keys the ORDER BY uses.

use sea_query::{Expr, ExprTrait};

use crate::check::CheckedQuery;
use crate::value::{FieldRef, Record};

use super::super::SqlError;
use super::super::encode;
use super::super::mapping::{SortColumn, Table};
use super::never;

/// The sort keys of a `searchAfter` cursor, one per ORDER BY expression of the sorters:
/// encoded as the stored keys are ([`encode::sort_key`] of the value at each path the key
/// sorts by, with the key's case rule), so that equal values have equal keys.
pub(super) fn keys(
    query: &CheckedQuery,
    table: &Table,
    cursor: &serde_json::Value,
) -> Result<Vec<Vec<u8>>, SqlError> {
    let key_of = |path: &str, case_sensitive: bool| {
        let field = <serde_json::Value as Record>::resolve(path);
        let value = field
            .as_ref()
            .map_or(FieldRef::Null, |field| cursor.read(field));
        encode::sort_key(value, case_sensitive)
    };
    let mut keys = Vec::new();
    for key in query.sorters().keys() {
        let name = key.key().field.as_str();
        let case_sensitive = key.is_case_sensitive();
        match table.sort_columns(name) {
            Some(columns) => {
                for (column, path) in columns.iter().zip(key.by()) {
                    match column {
                        SortColumn::Key(_) => keys.push(key_of(path.as_str(), case_sensitive)),
                        SortColumn::Text(_) | SortColumn::Value(_) => {
                            return Err(SqlError::CursorOnMappedColumns {
                                key: name.to_owned(),
                            });
                        }
                    }
                }
            }
            // A sub-field of a sortable wildcard parent: one key, its untyped value's.
            None => {
                let path = key.by().first().map_or(name, |path| path.as_str());
                keys.push(key_of(path, case_sensitive));
            }
        }
    }
    Ok(keys)
}

/// The keyset condition of a cursor: the sort keys after the cursor's in the ORDER BY's
/// directions — equal on the first `i` keys and past it on the next, for some `i`.
pub(super) fn after(order: &[(Expr, bool)], cursor: &[Vec<u8>]) -> Expr {
    let mut ways = Vec::with_capacity(order.len());
    for (i, ((expr, descending), key)) in order.iter().zip(cursor).enumerate() {
        let mut way: Vec<Expr> = order
            .iter()
            .zip(cursor)
            .take(i)
            .map(|((expr, _), key)| expr.clone().eq(Expr::val(key.clone())))
            .collect();
        way.push(match descending {
            true => expr.clone().lt(Expr::val(key.clone())),
            false => expr.clone().gt(Expr::val(key.clone())),
        });
        ways.push(
            way.into_iter()
                .reduce(|a, b| a.and(b))
                .unwrap_or_else(never),
        );
    }
    ways.into_iter()
        .reduce(|a, b| a.or(b))
        .unwrap_or_else(never)
}
