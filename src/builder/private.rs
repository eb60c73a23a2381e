//! What the expansions of [`endpoint!`](crate::endpoint!) and of the generated catalog call:
//! not part of the library's API (hidden, and free to change in any release).

use crate::schema::{FieldSpec, FieldType, OperatorSet};
use crate::value::FieldRef;

use super::macros::IntoFieldRef;
use super::types::ValueType;
use super::{Field, FieldDecl};

/// Refuses, at compile time, a declaration that lists an operator its field's type cannot take
/// ([`FieldType::supports`]). Declarations call this in a constant; `message` names the field
/// and the operator.
pub const fn check_operator(field_type: FieldType, op: crate::Op, message: &'static str) {
    if !field_type.supports(op) {
        panic!("{}", message);
    }
}

/// The runtime type of a field type marker.
pub const fn field_type<T: ValueType>() -> FieldType {
    T::FIELD_TYPE
}

/// A field's value as a declaration's accessor returns it. The accessor must return something
/// that borrows from the record (or is a plain value); a mistake is reported at the accessor.
pub fn read_field<'a>(value: impl IntoFieldRef<'a>) -> FieldRef<'a> {
    value.into_field_ref()
}

/// The spec of a declared field, whose operators the declaration checked against its type
/// when it compiled.
pub const fn declared_spec(
    path: &'static str,
    field_type: FieldType,
    operators: OperatorSet,
) -> FieldSpec {
    FieldSpec::declared(path, field_type, operators)
}

/// The runtime type of each field type marker, by the marker's name (`field_types::date_time`):
/// for expansions that name a field's type in a constant.
#[allow(non_upper_case_globals)]
pub mod field_types {
    use crate::schema::FieldType;

    pub const string: FieldType = FieldType::String;
    pub const text: FieldType = FieldType::String;
    pub const boolean: FieldType = FieldType::Boolean;
    pub const integer: FieldType = FieldType::Integer;
    pub const number: FieldType = FieldType::Number;
    pub const date_time: FieldType = FieldType::DateTime;
    pub const string_collection: FieldType = FieldType::StringCollection;
    pub const any: FieldType = FieldType::Any;
}

/// The bound of the hidden `Field::in_`, which no type meets: `.in_(..)`, the first guess for
/// `in` (a Rust keyword), is then an error that names the method, `is_in`.
#[diagnostic::on_unimplemented(
    message = "`in` is written `is_in` in Rust: `.is_in([..])`, or `.is_in_iter(..)` for a list built at run time",
    label = "no method `in_`: use `is_in`",
    note = "the handle's methods are the operators' names, but `in` (a keyword) is `is_in` and `isnull` is `is_null`"
)]
pub trait WriteIsIn: sealed::Sealed {
    /// Never called: no type implements the trait.
    fn unreachable() -> !;
}

mod sealed {
    /// Keeps [`WriteIsIn`](super::WriteIsIn) unimplemented outside the crate (and it is
    /// implemented nowhere inside).
    pub trait Sealed {}
}

/// The typed handle a field function returns.
#[inline]
pub const fn field<F: FieldDecl>() -> Field<F> {
    Field::new()
}
