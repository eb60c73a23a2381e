//! Numeric conditions on a number's two columns (an integer one, a float one), each rewritten
//! exactly in Rust for its kind, so that no engine compares an integer with a float.

use sea_query::{Expr, ExprTrait, Value as SqlValue};

use crate::check::Comparison;

use super::super::Dialect;
use super::super::encode::{self, Bound, Needle};
use super::{junction, ordered};

/// `op needle` on a number's columns: the integer column's test or the float column's, each
/// rewritten exactly in Rust for its own kind.
pub(super) fn number_test(
    integer: Option<Expr>,
    float: Option<Expr>,
    op: Comparison,
    needle: Needle,
    dialect: Dialect,
) -> Expr {
    let parts = [
        integer.and_then(|column| bounded(column, encode::int_bound(op, needle))),
        float.and_then(|column| bounded(column, encode::float_bound(op, needle))),
    ];
    junction(parts.into_iter().flatten().collect(), false, dialect)
}

/// The test of one number column against a needle's bound for the column's kind; `None` when
/// no value of the column can hold.
fn bounded<T: Into<SqlValue>>(column: Expr, bound: Bound<T>) -> Option<Expr> {
    let present = column.clone().is_not_null();
    match bound {
        Bound::Never => None,
        Bound::Always => Some(present),
        Bound::Cmp(op, v) => Some(present.and(ordered(column, op, v))),
    }
}

/// `column in (values)` for one number column: the needles its kind can equal (each rewritten
/// exactly in Rust); `None` when it can equal none of them.
pub(super) fn number_in<T: Into<SqlValue>>(
    column: Expr,
    needles: &[Needle],
    bound: fn(Comparison, Needle) -> Bound<T>,
) -> Option<Expr> {
    let wanted: Vec<T> = needles
        .iter()
        .filter_map(|n| match bound(Comparison::Eq, *n) {
            Bound::Cmp(_, v) => Some(v),
            Bound::Never | Bound::Always => None,
        })
        .collect();
    (!wanted.is_empty()).then(|| column.clone().is_not_null().and(column.is_in(wanted)))
}
