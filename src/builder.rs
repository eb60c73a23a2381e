//! Building filters in code: typed field handles that cannot express a filter the endpoint
//! rejects, the [`endpoint!`](crate::endpoint!) declaration that yields them, and a dynamic
//! builder for fields known only at run time.
//!
//! An endpoint declared with [`endpoint!`](crate::endpoint!) gets one function per field. The
//! handle it returns has only the operators the endpoint allows on that field, taking only values
//! of the field's type; what it builds is a [`TypedFilter`], which combines only with filters of
//! the same endpoint and only through the composite operators the endpoint allows.
//!
//! ```
//! use sailpoint_filters::Filter;
//! use sailpoint_filters::role_mining_sessions::{created_by, created_date, name, saved};
//!
//! let filter = saved().eq(true).and(name().sw("RM Session"));
//! assert_eq!(filter.to_string(), r#"saved eq true and name sw "RM Session""#);
//! assert_eq!(filter, Filter::parse(r#"saved eq true and name sw "RM Session""#)?);
//!
//! let grouped = name().eq("a").or(name().eq("b")).not().and(saved().eq(false));
//! assert_eq!(grouped.to_string(), r#"not (name eq "a" or name eq "b") and saved eq false"#);
//!
//! let sorters = created_date().desc().then(created_by().asc());
//! assert_eq!(sorters.to_string(), "-createdDate,createdBy");
//! # Ok::<(), sailpoint_filters::ParseError>(())
//! ```
//!
//! These do not compile — each with a message that names the operator, the field and the
//! endpoint:
//!
//! ```compile_fail
//! # use sailpoint_filters::role_mining_sessions::saved;
//! saved().sw("x"); // `sw` is not supported on field `saved` of `RoleMiningSessions`
//! ```
//! ```compile_fail
//! # use sailpoint_filters::role_mining_sessions::saved;
//! saved().eq("yes"); // `&str` is not a value for a `boolean` field
//! ```
//! ```compile_fail
//! # use sailpoint_filters::role_mining_sessions::name;
//! name().desc(); // cannot sort `RoleMiningSessions` by `name`
//! ```
//!
//! For fields known only at run time, [`field`] builds an unchecked [`Filter`] for validation
//! to check:
//!
//! ```
//! use sailpoint_filters::builder::field;
//! let filter = field("name").sw("x").and(field("status").is_in(["A", "B"]).unwrap());
//! assert_eq!(filter.to_string(), r#"name sw "x" and status in ("A", "B")"#);
//! ```

use std::fmt;
use std::marker::PhantomData;

use crate::ast::{CmpOp, FieldPath, Filter, FiniteF64, ListOp, Value};
use crate::eval::{CompileError, FieldRef, Matcher, Record, compile};
use crate::schema::{FieldType, Schema};
use crate::sort::{SortKey, Sorters};

/// A declared endpoint: its record type and its schema. Implemented by
/// [`endpoint!`](crate::endpoint!).
///
/// ```
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// assert_eq!(RoleMiningSessions::NAME, "role-mining-sessions");
/// assert!(RoleMiningSessions::schema().is_sortable("createdDate"));
/// ```
pub trait Endpoint: Sized + 'static {
    /// The records the endpoint returns.
    type Record: Record;
    /// The endpoint's name in messages: `role-mining-sessions`.
    const NAME: &'static str;
    /// What it supports.
    fn schema() -> &'static Schema;
}

/// A field of a declared endpoint: the link from a field's marker type to its endpoint, its
/// type and its name. Implemented by [`endpoint!`](crate::endpoint!).
pub trait FieldDecl: 'static {
    /// The endpoint the field belongs to.
    type Endpoint: Endpoint;
    /// The field's type: one of the markers in [`types`].
    type Type: types::ValueType;
    /// The field as filters and sorters name it.
    const PATH: &'static str;
}

/// Marker types for field types, named as messages show them.
pub mod types {
    #![allow(non_camel_case_types)]

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
        /// Any number: takes integers and [`FiniteF64`](crate::FiniteF64).
        number => Number;
        /// Instants: takes `jiff::Timestamp` and `jiff::ZonedDateTime`.
        date_time => DateTime;
        /// Lists of strings: takes `&str`, `String` (compared with the elements).
        string_collection => StringCollection;
    }
}

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
    note = "text (string) fields take &str or String, boolean fields bool, integer fields integers, number fields integers or FiniteF64, date_time fields jiff::Timestamp"
)]
pub trait IntoValue<T: types::ValueType> {
    /// The filter value.
    fn into_value(self) -> Value;
}

macro_rules! into_value {
    ($($marker:ident: $($rust:ty),+ => |$v:ident| $value:expr;)*) => {$($(
        // One conversion expression serves several source types; for some it is the identity.
        #[allow(clippy::useless_conversion)]
        impl IntoValue<types::$marker> for $rust {
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
    date_time: jiff::Timestamp => |v| Value::DateTime(v);
    date_time: jiff::ZonedDateTime, &jiff::ZonedDateTime => |v| Value::DateTime(v.timestamp());
}

macro_rules! operator_traits {
    ($($(#[$doc:meta])* $name:ident => $message:literal, $label:literal;)*) => {$(
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $message,
            label = $label,
            note = "the endpoint declaration lists the operators each field allows"
        )]
        pub trait $name<E: Endpoint> {}
    )*};
}

operator_traits! {
    /// The field allows `eq`.
    SupportsEq => "`eq` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `eq`";
    /// The field allows `ne`.
    SupportsNe => "`ne` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `ne`";
    /// The field allows `gt`.
    SupportsGt => "`gt` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `gt`";
    /// The field allows `ge`.
    SupportsGe => "`ge` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `ge`";
    /// The field allows `lt`.
    SupportsLt => "`lt` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `lt`";
    /// The field allows `le`.
    SupportsLe => "`le` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `le`";
    /// The field allows `co`.
    SupportsCo => "`co` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `co`";
    /// The field allows `sw`.
    SupportsSw => "`sw` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `sw`";
    /// The field allows `in`.
    SupportsIn => "`in` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `in`";
    /// The field allows `ca`.
    SupportsCa => "`ca` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `ca`";
    /// The field allows `pr`.
    SupportsPr => "`pr` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `pr`";
    /// The field allows `isnull`.
    SupportsIsNull => "`isnull` is not supported on field `{Self}` of `{E}`", "`{Self}` does not allow `isnull`";
}

/// The field is sortable.
#[diagnostic::on_unimplemented(
    message = "cannot sort `{E}` by `{Self}`",
    label = "`{Self}` is not a sortable field of `{E}`",
    note = "the endpoint declaration lists the sortable fields"
)]
pub trait Sortable<E: Endpoint> {}

/// The endpoint allows `and`.
#[diagnostic::on_unimplemented(message = "`and` is not supported by `{Self}`")]
pub trait AllowsAnd: Endpoint {}

/// The endpoint allows `or`.
#[diagnostic::on_unimplemented(message = "`or` is not supported by `{Self}`")]
pub trait AllowsOr: Endpoint {}

/// The endpoint allows `not`.
#[diagnostic::on_unimplemented(message = "`not` is not supported by `{Self}`")]
pub trait AllowsNot: Endpoint {}

/// A typed handle on one field of a declared endpoint. Get one from the endpoint's field
/// function (`role_mining_sessions::name()`).
///
/// ```
/// use sailpoint_filters::role_mining_sessions::name;
/// assert_eq!(name().sw("RM").to_string(), r#"name sw "RM""#);
/// ```
pub struct Field<F>(PhantomData<fn() -> F>);

impl<F> Clone for Field<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F> Copy for Field<F> {}

impl<F: FieldDecl> fmt::Debug for Field<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({})", F::PATH)
    }
}

type Built<F> = TypedFilter<<F as FieldDecl>::Endpoint>;

impl<F: FieldDecl> Field<F> {
    /// The handle. Endpoint declarations call this; users call the field functions.
    #[doc(hidden)]
    pub const fn new() -> Field<F> {
        Field(PhantomData)
    }

    /// The field's path.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::created_date;
    /// assert_eq!(created_date().path().as_str(), "createdDate");
    /// ```
    pub fn path(self) -> FieldPath {
        FieldPath::from_static(F::PATH)
    }

    fn compare(self, op: CmpOp, value: Value) -> Built<F> {
        TypedFilter::new(Filter::compare(self.path(), op, value))
    }

    /// `field eq value`.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::saved;
    /// assert_eq!(saved().eq(true).to_string(), "saved eq true");
    /// ```
    pub fn eq(self, value: impl IntoValue<F::Type>) -> Built<F>
    where
        F: SupportsEq<F::Endpoint>,
    {
        self.compare(CmpOp::Eq, value.into_value())
    }

    /// `field ne value`.
    pub fn ne(self, value: impl IntoValue<F::Type>) -> Built<F>
    where
        F: SupportsNe<F::Endpoint>,
    {
        self.compare(CmpOp::Ne, value.into_value())
    }

    /// `field gt value`.
    pub fn gt(self, value: impl IntoValue<F::Type>) -> Built<F>
    where
        F: SupportsGt<F::Endpoint>,
    {
        self.compare(CmpOp::Gt, value.into_value())
    }

    /// `field ge value`.
    pub fn ge(self, value: impl IntoValue<F::Type>) -> Built<F>
    where
        F: SupportsGe<F::Endpoint>,
    {
        self.compare(CmpOp::Ge, value.into_value())
    }

    /// `field lt value`.
    pub fn lt(self, value: impl IntoValue<F::Type>) -> Built<F>
    where
        F: SupportsLt<F::Endpoint>,
    {
        self.compare(CmpOp::Lt, value.into_value())
    }

    /// `field le value`.
    pub fn le(self, value: impl IntoValue<F::Type>) -> Built<F>
    where
        F: SupportsLe<F::Endpoint>,
    {
        self.compare(CmpOp::Le, value.into_value())
    }

    /// `field co value`: contains.
    pub fn co(self, value: impl IntoValue<types::text>) -> Built<F>
    where
        F: SupportsCo<F::Endpoint>,
    {
        self.compare(CmpOp::Co, value.into_value())
    }

    /// `field sw value`: starts with.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::name;
    /// assert_eq!(name().sw("RM Session").to_string(), r#"name sw "RM Session""#);
    /// ```
    pub fn sw(self, value: impl IntoValue<types::text>) -> Built<F>
    where
        F: SupportsSw<F::Endpoint>,
    {
        self.compare(CmpOp::Sw, value.into_value())
    }

    /// `field in (values…)`. The list is an array, and an empty one does not build (the
    /// language has no empty list); see [`Field::is_in_iter`] for lists built at run time.
    ///
    /// ```
    /// # pub struct Account { id: String }
    /// sailpoint_filters::endpoint! {
    ///     pub struct Accounts for Account as "accounts";
    ///     composites: [and, or, not];
    ///     fields: { fn id("id"): string [eq, in] = |a| a.id.as_str(); }
    /// }
    /// assert_eq!(id().is_in(["a", "b"]).to_string(), r#"id in ("a", "b")"#);
    /// ```
    ///
    /// ```compile_fail
    /// # pub struct Account { id: String }
    /// # sailpoint_filters::endpoint! {
    /// #     pub struct Accounts for Account as "accounts";
    /// #     composites: [and, or, not];
    /// #     fields: { fn id("id"): string [eq, in] = |a| a.id.as_str(); }
    /// # }
    /// let empty: [&str; 0] = [];
    /// let _ = id().is_in(empty); // error: `in` needs at least one value
    /// ```
    pub fn is_in<V: IntoValue<F::Type>, const N: usize>(self, values: [V; N]) -> Built<F>
    where
        F: SupportsIn<F::Endpoint>,
    {
        const { assert!(N > 0, "`in` needs at least one value") };
        self.list(
            ListOp::In,
            values.into_iter().map(IntoValue::into_value).collect(),
        )
    }

    /// `field in (values…)` for a list built at run time; `None` when it is empty.
    pub fn is_in_iter<V: IntoValue<F::Type>>(
        self,
        values: impl IntoIterator<Item = V>,
    ) -> Option<Built<F>>
    where
        F: SupportsIn<F::Endpoint>,
    {
        let values: Vec<Value> = values.into_iter().map(IntoValue::into_value).collect();
        (!values.is_empty()).then(|| self.list(ListOp::In, values))
    }

    /// `field ca (values…)`: the collection contains all of them. An empty array does not
    /// compile.
    pub fn ca<V: IntoValue<F::Type>, const N: usize>(self, values: [V; N]) -> Built<F>
    where
        F: SupportsCa<F::Endpoint>,
    {
        const { assert!(N > 0, "`ca` needs at least one value") };
        self.list(
            ListOp::Ca,
            values.into_iter().map(IntoValue::into_value).collect(),
        )
    }

    fn list(self, op: ListOp, values: Vec<Value>) -> Built<F> {
        let condition = crate::ast::Condition::List {
            field: self.path(),
            op,
            values,
        };
        TypedFilter::new(Filter::condition(condition))
    }

    /// `pr field`.
    pub fn pr(self) -> Built<F>
    where
        F: SupportsPr<F::Endpoint>,
    {
        TypedFilter::new(Filter::present(self.path()))
    }

    /// `field isnull`.
    pub fn is_null(self) -> Built<F>
    where
        F: SupportsIsNull<F::Endpoint>,
    {
        TypedFilter::new(Filter::is_null(self.path()))
    }

    /// Sort by this field, ascending.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::created_by;
    /// assert_eq!(created_by().asc().to_string(), "createdBy");
    /// ```
    pub fn asc(self) -> TypedSorters<F::Endpoint>
    where
        F: Sortable<F::Endpoint>,
    {
        TypedSorters::new(SortKey::asc(self.path()))
    }

    /// Sort by this field, descending.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::created_date;
    /// assert_eq!(created_date().desc().to_string(), "-createdDate");
    /// ```
    pub fn desc(self) -> TypedSorters<F::Endpoint>
    where
        F: Sortable<F::Endpoint>,
    {
        TypedSorters::new(SortKey::desc(self.path()))
    }
}

/// A filter built from the typed fields of endpoint `E`: valid for `E` by construction.
///
/// It prints the canonical form, equals the [`Filter`] it wraps, and converts into it.
///
/// ```
/// use sailpoint_filters::Filter;
/// use sailpoint_filters::role_mining_sessions::{name, saved};
///
/// let typed = saved().eq(true) & (name().sw("a") | name().sw("b"));
/// assert_eq!(typed.to_string(), r#"saved eq true and (name sw "a" or name sw "b")"#);
/// let filter: Filter = typed.into();
/// assert_eq!(filter.to_string(), r#"saved eq true and (name sw "a" or name sw "b")"#);
/// ```
pub struct TypedFilter<E> {
    filter: Filter,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> TypedFilter<E> {
    fn new(filter: Filter) -> Self {
        TypedFilter {
            filter,
            endpoint: PhantomData,
        }
    }

    /// `self and other`.
    pub fn and(self, other: TypedFilter<E>) -> TypedFilter<E>
    where
        E: AllowsAnd,
    {
        TypedFilter::new(self.filter.and(other.filter))
    }

    /// `self or other`.
    pub fn or(self, other: TypedFilter<E>) -> TypedFilter<E>
    where
        E: AllowsOr,
    {
        TypedFilter::new(self.filter.or(other.filter))
    }

    /// `not self`; also the `!` operator.
    #[allow(clippy::should_implement_trait)] // it is implemented too; this needs no import
    pub fn not(self) -> TypedFilter<E>
    where
        E: AllowsNot,
    {
        TypedFilter::new(self.filter.not())
    }

    /// The filter.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::saved;
    /// assert_eq!(saved().eq(false).as_filter().to_string(), "saved eq false");
    /// ```
    pub fn as_filter(&self) -> &Filter {
        &self.filter
    }

    /// The filter, unwrapped.
    pub fn into_filter(self) -> Filter {
        self.filter
    }

    /// Compiles the filter for the endpoint's records.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::{name, RoleMiningSession};
    /// let matcher = name().sw("rm").matcher()?;
    /// # let _: sailpoint_filters::eval::Matcher<RoleMiningSession> = matcher;
    /// # Ok::<(), sailpoint_filters::eval::CompileError>(())
    /// ```
    pub fn matcher(&self) -> Result<Matcher<E::Record>, CompileError> {
        compile(&self.filter, E::schema())
    }
}

impl<E> Clone for TypedFilter<E> {
    fn clone(&self) -> Self {
        TypedFilter {
            filter: self.filter.clone(),
            endpoint: PhantomData,
        }
    }
}

impl<E> fmt::Debug for TypedFilter<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TypedFilter").field(&self.filter).finish()
    }
}

impl<E> fmt::Display for TypedFilter<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.filter.fmt(f)
    }
}

impl<E> PartialEq for TypedFilter<E> {
    fn eq(&self, other: &Self) -> bool {
        self.filter == other.filter
    }
}

impl<E> Eq for TypedFilter<E> {}

impl<E> PartialEq<Filter> for TypedFilter<E> {
    fn eq(&self, other: &Filter) -> bool {
        &self.filter == other
    }
}

impl<E> PartialEq<TypedFilter<E>> for Filter {
    fn eq(&self, other: &TypedFilter<E>) -> bool {
        self == &other.filter
    }
}

impl<E> From<TypedFilter<E>> for Filter {
    fn from(typed: TypedFilter<E>) -> Filter {
        typed.filter
    }
}

impl<E: AllowsNot> std::ops::Not for TypedFilter<E> {
    type Output = TypedFilter<E>;

    fn not(self) -> TypedFilter<E> {
        TypedFilter::not(self)
    }
}

impl<E: AllowsAnd> std::ops::BitAnd for TypedFilter<E> {
    type Output = TypedFilter<E>;

    fn bitand(self, rhs: TypedFilter<E>) -> TypedFilter<E> {
        self.and(rhs)
    }
}

impl<E: AllowsOr> std::ops::BitOr for TypedFilter<E> {
    type Output = TypedFilter<E>;

    fn bitor(self, rhs: TypedFilter<E>) -> TypedFilter<E> {
        self.or(rhs)
    }
}

/// Sort keys built from the typed fields of endpoint `E`: sortable by construction.
///
/// ```
/// use sailpoint_filters::role_mining_sessions::{created_by, created_date};
/// use sailpoint_filters::sort::Sorters;
///
/// let sorters = created_date().desc().then(created_by().asc());
/// assert_eq!(sorters.to_string(), "-createdDate,createdBy");
/// // A field already sorted by keeps its first direction.
/// assert_eq!(sorters.clone().then(created_date().asc()).to_string(), "-createdDate,createdBy");
/// assert_eq!(Sorters::from(sorters), "-createdDate,createdBy".parse::<Sorters>()?);
/// # Ok::<(), sailpoint_filters::sort::SortersError>(())
/// ```
pub struct TypedSorters<E> {
    sorters: Sorters,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> TypedSorters<E> {
    fn new(key: SortKey) -> Self {
        TypedSorters {
            sorters: Sorters::new([key]),
            endpoint: PhantomData,
        }
    }

    /// These keys, then `more` (ties broken by the later keys). A field already present is not
    /// added again, since SailPoint rejects a repeated sort field.
    pub fn then(self, more: TypedSorters<E>) -> TypedSorters<E> {
        let mut keys = self.sorters.keys().to_vec();
        for key in more.sorters.keys() {
            if !keys.iter().any(|k| k.field == key.field) {
                keys.push(key.clone());
            }
        }
        TypedSorters {
            sorters: Sorters::new(keys),
            endpoint: PhantomData,
        }
    }

    /// The sorters.
    ///
    /// ```
    /// use sailpoint_filters::role_mining_sessions::created_date;
    /// assert!(created_date().desc().as_sorters().keys()[0].descending);
    /// ```
    pub fn as_sorters(&self) -> &Sorters {
        &self.sorters
    }
}

impl<E> From<TypedSorters<E>> for Sorters {
    fn from(typed: TypedSorters<E>) -> Sorters {
        typed.sorters
    }
}

impl<E> Clone for TypedSorters<E> {
    fn clone(&self) -> Self {
        TypedSorters {
            sorters: self.sorters.clone(),
            endpoint: PhantomData,
        }
    }
}

impl<E> fmt::Debug for TypedSorters<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TypedSorters").field(&self.sorters).finish()
    }
}

impl<E> fmt::Display for TypedSorters<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.sorters.fmt(f)
    }
}

impl<E> PartialEq for TypedSorters<E> {
    fn eq(&self, other: &Self) -> bool {
        self.sorters == other.sorters
    }
}

/// A field accessor of a declared record type: reads one field.
pub struct Accessor<R: 'static>(pub for<'a> fn(&'a R) -> FieldRef<'a>);

impl<R> Clone for Accessor<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Accessor<R> {}

impl<R> fmt::Debug for Accessor<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Accessor")
    }
}

/// A field named at run time, for building filters that validation then checks.
///
/// ```
/// use sailpoint_filters::builder::field;
/// assert_eq!(field("identitySummary.id").eq("2c91").to_string(), r#"identitySummary.id eq "2c91""#);
/// ```
#[derive(Clone, Debug)]
pub struct DynField(FieldPath);

/// A field named at run time. The name is not checked here: a name that is not a field path
/// makes a filter that validation rejects (and that prints as the name was given).
///
/// ```
/// use sailpoint_filters::{Schema, Syntax, validate::validate};
/// use sailpoint_filters::builder::field;
/// let filter = field("name").sw("x");
/// assert!(validate(&filter, &Schema::new("accounts"), Syntax::Lenient).is_err());
/// ```
pub fn field(path: impl Into<std::borrow::Cow<'static, str>>) -> DynField {
    DynField(FieldPath::new_unchecked(path.into()))
}

impl DynField {
    fn compare(&self, op: CmpOp, value: impl Into<Value>) -> Filter {
        Filter::compare(self.0.clone(), op, value)
    }

    /// `field eq value`.
    pub fn eq(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Eq, value)
    }

    /// `field ne value`.
    pub fn ne(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Ne, value)
    }

    /// `field gt value`.
    pub fn gt(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Gt, value)
    }

    /// `field ge value`.
    pub fn ge(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Ge, value)
    }

    /// `field lt value`.
    pub fn lt(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Lt, value)
    }

    /// `field le value`.
    pub fn le(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Le, value)
    }

    /// `field co value`.
    pub fn co(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Co, value)
    }

    /// `field sw value`.
    pub fn sw(&self, value: impl Into<Value>) -> Filter {
        self.compare(CmpOp::Sw, value)
    }

    /// `field in (values…)`; `None` for no values.
    pub fn is_in<V: Into<Value>>(&self, values: impl IntoIterator<Item = V>) -> Option<Filter> {
        Filter::list(self.0.clone(), ListOp::In, values)
    }

    /// `field ca (values…)`; `None` for no values.
    pub fn ca<V: Into<Value>>(&self, values: impl IntoIterator<Item = V>) -> Option<Filter> {
        Filter::list(self.0.clone(), ListOp::Ca, values)
    }

    /// `pr field`.
    pub fn pr(&self) -> Filter {
        Filter::present(self.0.clone())
    }

    /// `field isnull`.
    pub fn is_null(&self) -> Filter {
        Filter::is_null(self.0.clone())
    }
}

/// Refuses, at compile time, a declaration that lists an operator its field's type cannot take:
/// `co`/`sw` on anything but text, `gt`/`ge`/`lt`/`le` on a boolean, `ca` on anything but a
/// string collection. Declarations call this in a constant; `message` names the field and
/// the operator.
#[doc(hidden)]
pub const fn check_operator(field_type: FieldType, op: crate::Op, message: &'static str) {
    use crate::Op;
    let fits = match op {
        Op::Co | Op::Sw => field_type.is_textual(),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => field_type.is_ordered(),
        Op::Ca => field_type.is_collection(),
        _ => true,
    };
    if !fits {
        panic!("{}", message);
    }
}

/// The runtime type of a field type marker, for declarations.
#[doc(hidden)]
pub const fn field_type<T: types::ValueType>() -> FieldType {
    T::FIELD_TYPE
}

/// Declares a collection endpoint once, and yields everything built on it.
///
/// From one block, the declaration makes:
///
/// * a marker type for the endpoint implementing [`Endpoint`], whose
///   [`schema`](Endpoint::schema) lists the filterable fields, their types and operators, the
///   composite operators and the sortable fields;
/// * one function per field returning a typed [`Field`] handle, with only the declared
///   operators, taking only values of the field's type, and `asc`/`desc` if it is sortable;
/// * [`Record`] for the record type, reading each field through its accessor (so filters on
///   the endpoint can be evaluated, and its records sorted).
///
/// ```
/// use sailpoint_filters::endpoint;
///
/// pub struct Account { id: String, name: String, disabled: bool, created: jiff::Timestamp }
///
/// pub mod accounts {
///     use super::Account;
///     sailpoint_filters::endpoint! {
///         /// `GET /accounts`
///         pub struct Accounts for Account as "accounts";
///         composites: [and, or];
///         fields: {
///             fn id("id"): string [eq, in] = |a| a.id.as_str();
///             fn name("name"): string [eq, sw, co] sort [] = |a| a.name.as_str();
///             fn disabled("disabled"): boolean [eq] = |a| a.disabled;
///             fn created("created"): date_time [gt, lt] sort [] = |a| a.created;
///         }
///     }
/// }
///
/// use sailpoint_filters::builder::Endpoint;
///
/// fn main() {
///     let filter = accounts::name().sw("a").and(accounts::disabled().eq(false));
///     assert_eq!(filter.to_string(), r#"name sw "a" and disabled eq false"#);
///     assert_eq!(accounts::created().desc().to_string(), "-created");
///     assert_eq!(accounts::Accounts::schema().field("id").unwrap().operators.to_string(), "eq, in");
/// }
/// ```
///
/// Each field line is `fn rust_name("filterName"): type [operators] sort [keys]? = |record|
/// accessor;`. The type is `string`, `boolean`, `integer`, `number`, `date_time` or
/// `string_collection` (see [`types`]); the operators are the language's (`eq`, `ne`,
/// `gt`, `ge`, `lt`, `le`, `co`, `sw`, `in`, `ca`, `pr`, `isnull`), and an empty list makes a
/// field only readable and sortable. `sort []` makes the field sortable by its own value;
/// `sort ["a.b", "a.c"]` sorts it by those declared fields in turn (the schema records them in
/// [`Schema::sort_by`], so records of any type sort the same way). The accessor returns anything
/// that converts into a [`FieldRef`]: `bool`, integers, `&str`, `Option<&str>`,
/// `jiff::Timestamp`, `&[String]`…
#[macro_export]
macro_rules! endpoint {
    (
        $(#[$meta:meta])*
        $vis:vis struct $endpoint:ident for $record:ty as $name:literal;
        composites: [$($composite:ident),* $(,)?];
        fields: {
            $(
                $(#[$field_meta:meta])*
                fn $field:ident($path:literal): $ty:ident [$($op:tt),* $(,)?]
                    $($sort:ident [$($sort_path:literal),* $(,)?])?
                    = |$record_var:ident| $accessor:expr;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        $vis struct $endpoint;

        impl $crate::builder::Endpoint for $endpoint {
            type Record = $record;
            const NAME: &'static str = $name;

            fn schema() -> &'static $crate::Schema {
                static SCHEMA: ::std::sync::OnceLock<$crate::Schema> = ::std::sync::OnceLock::new();
                SCHEMA.get_or_init(|| {
                    let mut schema = $crate::Schema::new($name);
                    schema.composites = $crate::CompositeSet::of(&[$($crate::__composite!($composite)),*]);
                    $(
                        let operators = $crate::OperatorSet::of(&[$($crate::__op!($op)),*]);
                        if !operators.is_empty() {
                            schema.fields.push($crate::FieldSpec {
                                path: $crate::FieldPath::from_static($path),
                                field_type: $crate::builder::field_type::<$crate::__value_type!($ty)>(),
                                operators,
                                case_sensitive: false,
                            });
                        }
                        $(
                            $crate::__sortable_keyword!($sort);
                            schema.sortable.push($crate::FieldPath::from_static($path));
                            let by: ::std::vec::Vec<$crate::FieldPath> = ::std::vec![$($crate::FieldPath::from_static($sort_path)),*];
                            if !by.is_empty() {
                                schema.sort_by.insert($crate::FieldPath::from_static($path), by);
                            }
                        )?
                    )*
                    schema
                })
            }
        }

        $($crate::__composite_impl!($composite, $endpoint);)*

        /// Marker types for the fields of this endpoint, named like their field functions.
        #[allow(non_camel_case_types)]
        $vis mod fields {
            $(
                #[doc = concat!("The `", $path, "` field.")]
                #[derive(Clone, Copy, Debug)]
                pub struct $field;
            )*
        }

        $(
            $(#[$field_meta])*
            #[doc = concat!("The `", $path, "` field of `", $name, "`.")]
            $vis const fn $field() -> $crate::builder::Field<fields::$field> {
                $crate::builder::Field::new()
            }

            impl $crate::builder::FieldDecl for fields::$field {
                type Endpoint = $endpoint;
                type Type = $crate::__value_type!($ty);
                const PATH: &'static str = $path;
            }

            $($crate::__supports!($op, fields::$field, $endpoint);)*
            $(const _: () = $crate::builder::check_operator(
                $crate::builder::field_type::<$crate::__value_type!($ty)>(),
                $crate::__op!($op),
                concat!(
                    "field `", $path, "` is declared ", stringify!($ty), " [", stringify!($op), "], ",
                    "but `", stringify!($op), "` does not apply to ", stringify!($ty), " fields ",
                    "(co and sw need string fields, gt, ge, lt and le need ordered values, ca needs a string_collection)"
                ),
            );)*
            $(
                $crate::__sortable_keyword!($sort);
                impl $crate::builder::Sortable<$endpoint> for fields::$field {}
            )?
        )*

        impl $crate::eval::Record for $record {
            type Field = $crate::builder::Accessor<$record>;

            fn resolve(path: &$crate::FieldPath) -> ::std::option::Option<Self::Field> {
                match path.as_str() {
                    $($path => ::std::option::Option::Some($crate::builder::Accessor(
                        |$record_var| $crate::eval::FieldRef::from($accessor)
                    )),)*
                    _ => ::std::option::Option::None,
                }
            }

            #[inline]
            fn read(&self, field: &Self::Field) -> $crate::eval::FieldRef<'_> {
                (field.0)(self)
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op {
    (eq) => {
        $crate::Op::Eq
    };
    (ne) => {
        $crate::Op::Ne
    };
    (gt) => {
        $crate::Op::Gt
    };
    (ge) => {
        $crate::Op::Ge
    };
    (lt) => {
        $crate::Op::Lt
    };
    (le) => {
        $crate::Op::Le
    };
    (co) => {
        $crate::Op::Co
    };
    (sw) => {
        $crate::Op::Sw
    };
    (in) => {
        $crate::Op::In
    };
    (ca) => {
        $crate::Op::Ca
    };
    (pr) => {
        $crate::Op::Pr
    };
    (isnull) => {
        $crate::Op::IsNull
    };
    ($other:tt) => {
        compile_error!(concat!(
            "unknown operator `",
            stringify!($other),
            "`: expected eq, ne, gt, ge, lt, le, co, sw, in, ca, pr or isnull"
        ))
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __value_type {
    (string) => {
        $crate::builder::types::text
    };
    (text) => {
        $crate::builder::types::text
    };
    (boolean) => {
        $crate::builder::types::boolean
    };
    (integer) => {
        $crate::builder::types::integer
    };
    (number) => {
        $crate::builder::types::number
    };
    (date_time) => {
        $crate::builder::types::date_time
    };
    (string_collection) => {
        $crate::builder::types::string_collection
    };
    ($other:ident) => {
        compile_error!(concat!(
            "unknown field type `",
            stringify!($other),
            "`: expected string, boolean, integer, number, date_time or string_collection"
        ))
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __supports {
    (eq, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsEq<$endpoint> for $field {}
    };
    (ne, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsNe<$endpoint> for $field {}
    };
    (gt, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsGt<$endpoint> for $field {}
    };
    (ge, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsGe<$endpoint> for $field {}
    };
    (lt, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsLt<$endpoint> for $field {}
    };
    (le, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsLe<$endpoint> for $field {}
    };
    (co, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsCo<$endpoint> for $field {}
    };
    (sw, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsSw<$endpoint> for $field {}
    };
    (in, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsIn<$endpoint> for $field {}
    };
    (ca, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsCa<$endpoint> for $field {}
    };
    (pr, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsPr<$endpoint> for $field {}
    };
    (isnull, $field:ty, $endpoint:ty) => {
        impl $crate::builder::SupportsIsNull<$endpoint> for $field {}
    };
    ($other:tt, $field:ty, $endpoint:ty) => {
        compile_error!(concat!("unknown operator `", stringify!($other), "`"));
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __composite {
    (and) => {
        $crate::Composite::And
    };
    (or) => {
        $crate::Composite::Or
    };
    (not) => {
        $crate::Composite::Not
    };
    ($other:tt) => {
        compile_error!(concat!(
            "unknown composite operator `",
            stringify!($other),
            "`: expected and, or or not"
        ))
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __composite_impl {
    (and, $endpoint:ty) => {
        impl $crate::builder::AllowsAnd for $endpoint {}
    };
    (or, $endpoint:ty) => {
        impl $crate::builder::AllowsOr for $endpoint {}
    };
    (not, $endpoint:ty) => {
        impl $crate::builder::AllowsNot for $endpoint {}
    };
    ($other:tt, $endpoint:ty) => {};
}

/// Accepts only the keyword `sort` where a declaration marks a field sortable.
#[doc(hidden)]
#[macro_export]
macro_rules! __sortable_keyword {
    (sort) => {};
    ($other:ident) => {
        compile_error!(concat!(
            "expected `sort [..]` or `=`, found `",
            stringify!($other),
            "`"
        ))
    };
}
