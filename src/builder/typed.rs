//! Typed handles: the operators and values a field allows, as types.

use std::fmt;
use std::marker::PhantomData;

use crate::check::{CheckError, CheckedFilter};
use crate::filter::{CmpOp, Condition, FieldPath, Filter, ListOp, Value, Values};
use crate::sorters::{SortKey, Sorters};

use super::types::{self, IntoValue};
use super::{Endpoint, FieldDecl};

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
    /// The handle. Endpoint declarations call this (through `__private::field`); users call
    /// the field functions.
    pub(crate) const fn new() -> Field<F> {
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

    /// `field in (values…)` (`in` is a Rust keyword, hence the name; `in_` gets a hint to
    /// this method). The list is an array, and an empty one does not build (the language has
    /// no empty list); see [`Field::is_in_iter`] for lists built at run time.
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
    #[doc(alias("in", "in_"))]
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

    /// Not a method: `in` is [`Field::is_in`] in Rust. It exists so that `.in_(..)` is a
    /// compile error that says so; its bound holds for no field.
    #[doc(hidden)]
    pub fn in_<V>(self, values: V) -> Built<F>
    where
        F: super::__private::WriteIsIn,
    {
        let _ = values;
        F::unreachable()
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

    /// `field op (values…)`; callers pass at least one value (checked when they compile, or
    /// by `is_in_iter`).
    fn list(self, op: ListOp, values: Vec<Value>) -> Built<F> {
        let values = Values::nonempty(values);
        TypedFilter::new(Filter::condition(Condition::List {
            field: self.path(),
            op,
            values,
        }))
    }

    /// `pr field`.
    pub fn pr(self) -> Built<F>
    where
        F: SupportsPr<F::Endpoint>,
    {
        TypedFilter::new(Filter::present(self.path()))
    }

    /// `field isnull`.
    #[doc(alias = "isnull")]
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

    /// The filter checked for its endpoint — valid by construction, so its fields and
    /// operators are not checked again — resolved and lowered for the stages that run it.
    ///
    /// # Errors
    ///
    /// Only when the filter nests `and`/`or` deeper than
    /// [`MAX_DEPTH`](crate::check::MAX_DEPTH), which only a tree built in a loop can.
    ///
    /// ```
    /// use sailpoint_filters::eval::compile;
    /// use sailpoint_filters::role_mining_sessions::{self, name};
    ///
    /// let matcher = compile(&name().sw("rm").checked()?)?;
    /// let sessions = role_mining_sessions::sample();
    /// assert!(matcher.filter(&sessions).count() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked(&self) -> Result<CheckedFilter, CheckError> {
        CheckedFilter::trusted(self.filter.clone(), E::schema())
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
/// use sailpoint_filters::Sorters;
///
/// let sorters = created_date().desc().then(created_by().asc());
/// assert_eq!(sorters.to_string(), "-createdDate,createdBy");
/// // A field already sorted by keeps its first direction.
/// assert_eq!(sorters.clone().then(created_date().asc()).to_string(), "-createdDate,createdBy");
/// assert_eq!(Sorters::from(sorters), "-createdDate,createdBy".parse::<Sorters>()?);
/// # Ok::<(), sailpoint_filters::SortersParseError>(())
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

/// A field of a declared record type, by its place in the `endpoint!` declaration: what
/// [`Record::resolve`](crate::Record::resolve) gives for records of declared endpoints.
///
/// ```
/// use sailpoint_filters::Record;
/// use sailpoint_filters::builder::DeclaredField;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSession;
///
/// // `saved` is the first field the role mining sessions declare, `name` the second.
/// assert_eq!(RoleMiningSession::resolve("name"), Some(DeclaredField(1)));
/// assert_eq!(RoleMiningSession::resolve("owner"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeclaredField(pub usize);
