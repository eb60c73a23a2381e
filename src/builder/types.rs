//! Marker types for field types, named as compiler messages show them, and the Rust values
//! each takes.

#![allow(non_camel_case_types)]

use crate::filter::{FiniteF64, Value};
use crate::schema::FieldType;

/// A field type marker.
pub trait ValueType: 'static {
    /// The runtime type it stands for.
    const FIELD_TYPE: FieldType;
}

macro_rules! value_types {
    ($($(#[$doc:meta])* $name:ident => $ty:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl ValueType for $name {
            const FIELD_TYPE: FieldType = FieldType::$ty;
        }
    )*};
}

value_types! {
    /// Text — SailPoint's string fields: takes `&str`, `String`. (Declarations write
    /// `string`; the marker is named `text` so that compiler messages do not confuse it with
    /// `std::string`.)
    text => String;
    /// `true`/`false`: takes `bool`.
    boolean => Boolean;
    /// Whole numbers: takes integers.
    integer => Integer;
    /// Any number: takes integers and [`FiniteF64`].
    number => Number;
    /// Instants: takes [`DateTime`](crate::DateTime) (convert a `jiff::Timestamp` with
    /// `DateTime::try_from`, text with `str::parse`).
    date_time => DateTime;
    /// Lists of strings: takes `&str`, `String` (compared with the elements).
    string_collection => StringCollection;
    /// Untyped — a field whose type the endpoint's description does not state: takes any
    /// value (`&str`, `String`, `bool`, integers, [`FiniteF64`],
    /// [`DateTime`](crate::DateTime)), compared as written.
    any => Any;
}

/// How declarations write [`text`]: `fn name("name"): string [eq]`.
#[doc(hidden)]
pub type string = text;

/// A Rust value that a field of type `T` can be compared with.
///
/// ```
/// use sailpoint_filters::Value;
/// use sailpoint_filters::builder::{IntoValue, types};
/// assert_eq!(IntoValue::<types::boolean>::into_value(true), Value::Boolean(true));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value for a `{T}` field",
    label = "a `{T}` field cannot be compared with `{Self}`",
    note = "text (string) fields take &str or String, boolean fields bool, integer fields integers, number fields integers or FiniteF64, date_time fields sailpoint_filters::DateTime"
)]
pub trait IntoValue<T: ValueType> {
    /// The filter value.
    fn into_value(self) -> Value;
}

macro_rules! into_value {
    ($($marker:ident: $($rust:ty),+ => |$v:ident| $value:expr;)*) => {$($(
        // One conversion expression serves several source types; for some it is the identity.
        #[allow(clippy::useless_conversion)]
        impl IntoValue<$marker> for $rust {
            fn into_value(self) -> Value {
                let $v = self;
                $value
            }
        }
    )+)*};
}

into_value! {
    text: &str, String, &String => |v| Value::String(v.into());
    string_collection: &str, String, &String => |v| Value::String(v.into());
    boolean: bool => |v| Value::Boolean(v);
    integer: i64, i32, i16, i8, u32, u16, u8 => |v| Value::Integer(v.into());
    number: i64, i32, i16, i8, u32, u16, u8 => |v| Value::Integer(v.into());
    number: FiniteF64 => |v| Value::Float(v);
    date_time: crate::value::DateTime => |v| Value::DateTime(v);
    any: &str, String, &String => |v| Value::String(v.into());
    any: bool => |v| Value::Boolean(v);
    any: i64, i32, i16, i8, u32, u16, u8 => |v| Value::Integer(v.into());
    any: FiniteF64 => |v| Value::Float(v);
    any: crate::value::DateTime => |v| Value::DateTime(v);
}
