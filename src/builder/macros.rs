//! The [`endpoint!`](crate::endpoint!) declaration, and the expansion it shares with the
//! generated catalog: `__endpoint_fields!` writes the field functions, their marker types and
//! documentation, and the operator, sort and composite impls of both.

/// What an `endpoint!` accessor may return: anything that converts into a
/// [`FieldRef`](crate::FieldRef).
#[diagnostic::on_unimplemented(
    message = "an accessor cannot return `{Self}`: it must borrow from the record or be a plain value",
    label = "this accessor returns `{Self}`",
    note = "return `&str`, `Option<&str>`, `bool`, an integer, `f64`, `DateTime`, `jiff::Timestamp`, `&[String]` or an `Option` of those: `|a| a.name.as_str()`, not `|a| a.name.clone()`"
)]
pub trait IntoFieldRef<'a> {
    /// The field's value.
    fn into_field_ref(self) -> crate::FieldRef<'a>;
}

/// `IntoFieldRef` for the types `FieldRef` converts from (listed one by one, so that a type
/// that is not one gets the message above).
macro_rules! into_field_ref {
    ($($ty:ty),* $(,)?) => {$(
        impl<'a> IntoFieldRef<'a> for $ty {
            fn into_field_ref(self) -> crate::FieldRef<'a> {
                self.into()
            }
        }
    )*};
}

into_field_ref!(
    bool,
    i64,
    i32,
    u32,
    u64,
    f64,
    &'a str,
    &'a String,
    crate::DateTime,
    jiff::Timestamp,
    &'a [String],
    &'a Vec<String>,
);

#[cfg(feature = "chrono")]
impl<'a, Tz: chrono::TimeZone> IntoFieldRef<'a> for chrono::DateTime<Tz> {
    fn into_field_ref(self) -> crate::FieldRef<'a> {
        self.into()
    }
}

#[cfg(feature = "time")]
into_field_ref!(time::OffsetDateTime);

impl<'a, T: IntoFieldRef<'a>> IntoFieldRef<'a> for Option<T> {
    fn into_field_ref(self) -> crate::FieldRef<'a> {
        self.map_or(crate::FieldRef::Null, IntoFieldRef::into_field_ref)
    }
}

/// Declares a collection endpoint once, and yields everything built on it.
///
/// From one block, the declaration makes:
///
/// * a marker type for the endpoint implementing [`Endpoint`](crate::builder::Endpoint), whose
///   [`schema`](crate::builder::Endpoint::schema) lists the filterable fields, their types and operators, the
///   composite operators and the sortable fields;
/// * one function per field returning a typed [`Field`](crate::builder::Field) handle, with only the declared
///   operators, taking only values of the field's type, and `asc`/`desc` if it is sortable;
/// * [`Record`](crate::Record) for the record type, reading each field through its accessor (so filters on
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
///     assert_eq!(accounts::Accounts::schema().field("id").unwrap().operators().to_string(), "eq, in");
/// }
/// ```
///
/// Each field line is `fn rust_name("filterName"): type [operators] sort [keys]? = |record|
/// accessor;`. The type is `string`, `boolean`, `integer`, `number`, `date_time` or
/// `string_collection` (see [`types`](crate::builder::types)); the operators are the language's (`eq`, `ne`,
/// `gt`, `ge`, `lt`, `le`, `co`, `sw`, `in`, `ca`, `pr`, `isnull`), each a method of the field's
/// handle of the same name except two Rust would not take: `in` is
/// [`is_in`](crate::builder::Field::is_in) (and `is_in_iter`), `isnull` is
/// [`is_null`](crate::builder::Field::is_null). An empty list makes a field only readable and
/// sortable. `sort []` makes the field sortable by its own value;
/// `sort ["a.b", "a.c"]` sorts it by those declared fields in turn (the schema records them in
/// [`Schema::sort_paths`](crate::Schema::sort_paths), so records of any type sort the same way). The accessor returns
/// anything that converts into a [`FieldRef`](crate::FieldRef): `bool`, integers, `&str`, `Option<&str>`,
/// [`DateTime`](crate::DateTime), `jiff::Timestamp`, `&[String]`… Field paths are checked
/// when the declaration compiles. Each field function's documentation ends with what the
/// declaration states of it: `` `name` — string: `eq`, `sw`, `co`; sortable. ``
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
                    let mut schema = $crate::Schema::new($name)
                        .with_composites([$($crate::__composite!($composite)),*]);
                    $(
                        let operators = $crate::OperatorSet::of(&[$($crate::__op!($op)),*]);
                        if !operators.is_empty() {
                            schema = schema.with_field_spec($crate::builder::__private::declared_spec(
                                $path,
                                $crate::builder::__private::field_type::<<fields::$field as $crate::builder::FieldDecl>::Type>(),
                                operators,
                            ));
                        }
                        $(
                            $crate::__sortable_keyword!($sort);
                            schema = schema.with_sort_by($path, [$($sort_path),*]);
                        )?
                    )*
                    schema
                })
            }
        }

        $crate::__endpoint_fields! {
            $endpoint, [$vis], [$($composite),*];
            $(
                [$(#[$field_meta])*] $field $path $ty [$($op),*] [$($sort [$($sort_path),*])?] [];
            )*
        }

        $(
            const _: $crate::FieldPath = $crate::FieldPath::from_static($path);
            $($(const _: $crate::FieldPath = $crate::FieldPath::from_static($sort_path);)*)?
            $(const _: () = $crate::builder::__private::check_operator(
                $crate::builder::__private::field_type::<<fields::$field as $crate::builder::FieldDecl>::Type>(),
                $crate::__op!($op),
                concat!(
                    "field `", $path, "` is declared ", stringify!($ty), " [", stringify!($op), "], ",
                    "but `", stringify!($op), "` does not apply to ", stringify!($ty), " fields ",
                    "(co and sw need string fields, gt, ge, lt and le need ordered values, ca needs a string_collection)"
                ),
            );)*
        )*

        impl $crate::Record for $record {
            type Field = $crate::builder::DeclaredField;

            #[allow(unused_assignments, unused_mut)]
            fn resolve(path: &str) -> ::std::option::Option<Self::Field> {
                let mut index = 0;
                $(
                    if path == $path {
                        return ::std::option::Option::Some($crate::builder::DeclaredField(index));
                    }
                    index += 1;
                )*
                ::std::option::Option::None
            }

            /// Each accessor inline, chosen by the field's number (a jump table): a matcher's
            /// loop over records reads a field without a call (a function pointer per field
            /// would cost an indirect call per record).
            #[inline]
            #[allow(unused_assignments, unused_mut)]
            fn read(&self, field: &Self::Field) -> $crate::FieldRef<'_> {
                let mut index = 0;
                $(
                    if field.0 == index {
                        let $record_var: &$record = self;
                        return $crate::builder::__private::read_field($accessor);
                    }
                    index += 1;
                )*
                $crate::FieldRef::Null
            }

            /// A loop per field: the field is chosen once, and in its loop `read` is inlined
            /// with a constant field, which leaves the accessor alone.
            #[inline]
            #[allow(unused_assignments, unused_mut)]
            fn read_each<'r>(
                records: &'r [Self],
                field: &Self::Field,
                mut each: impl FnMut(usize, $crate::FieldRef<'r>),
            ) {
                let mut index = 0;
                $(
                    if field.0 == index {
                        // `read` of this field, `$path`.
                        let _: &str = $path;
                        let field = $crate::builder::DeclaredField(index);
                        for (i, record) in records.iter().enumerate() {
                            each(i, $crate::Record::read(record, &field));
                        }
                        return;
                    }
                    index += 1;
                )*
            }
        }
    };
}

/// The part of an endpoint that [`endpoint!`](crate::endpoint!) and the generated catalog
/// share: the composite impls of the endpoint marker `$endpoint`, and for each field its
/// marker type (in a module `fields`), its [`FieldDecl`](crate::builder::FieldDecl), its
/// operator and sort impls, and its function with the documentation that states its type,
/// operators and sortability. Each field is
/// `[attributes] name "path" type [operators] [sort [paths]?] [more documentation;*];`.
#[doc(hidden)]
#[macro_export]
macro_rules! __endpoint_fields {
    (
        $endpoint:ident, [$vis:vis], [$($composite:ident),*];
        $(
            [$(#[$meta:meta])*] $field:ident $path:literal $ty:ident [$($op:tt),*]
            [$($sort:ident [$($sort_path:literal),*])?] [$($doc:expr;)*];
        )*
    ) => {
        $($crate::__composite_impl!($composite, $endpoint);)*

        /// Marker types for the fields of this endpoint, named like their field functions.
        #[allow(non_camel_case_types)]
        $vis mod fields {
            $(
                #[doc = concat!("The `", $path, "` field.")]
                pub enum $field {}
            )*
        }

        $(
            $(#[$meta])*
            #[doc = ""]
            #[doc = concat!(
                "`", $path, "` — ", $crate::__type_doc!($ty), ": ", $crate::__ops_doc!($($op),*),
                $($crate::__sort_doc!($sort [$($sort_path),*]),)?
                $($doc,)*
                "."
            )]
            #[inline]
            $vis const fn $field() -> $crate::builder::Field<fields::$field> {
                $crate::builder::__private::field()
            }

            // The one place the field's type is named: a type name that is no field type is
            // one error, at its token.
            impl $crate::builder::FieldDecl for fields::$field {
                type Endpoint = $endpoint;
                type Type = $crate::builder::types::$ty;
                const PATH: &'static str = $path;
            }

            $($crate::__supports!($op, fields::$field, $endpoint);)*
            $(
                $crate::__sortable_keyword!($sort);
                #[diagnostic::do_not_recommend]
                impl $crate::builder::Sortable<$endpoint> for fields::$field {}
            )?
        )*
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

/// How a sortable field sorts, for its documentation.
#[doc(hidden)]
#[macro_export]
macro_rules! __sort_doc {
    ($sort:ident []) => {
        "; sortable"
    };
    ($sort:ident [$first:literal $(, $more:literal)*]) => {
        concat!("; sortable by `", $first, "`" $(, ", then `", $more, "`")*)
    };
}

/// A field's operators, for its documentation: `` `eq`, `sw` ``.
#[doc(hidden)]
#[macro_export]
macro_rules! __ops_doc {
    () => {
        "not filterable"
    };
    ($first:tt $(, $more:tt)*) => {
        concat!("`", stringify!($first), "`" $(, ", `", stringify!($more), "`")*)
    };
}

/// A field's type, for its documentation.
#[doc(hidden)]
#[macro_export]
macro_rules! __type_doc {
    (date_time) => {
        "date-time"
    };
    (string_collection) => {
        "string collection"
    };
    (any) => {
        "untyped (any value)"
    };
    (text) => {
        "string"
    };
    ($other:ident) => {
        stringify!($other)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __supports {
    (eq, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsEq<$endpoint> for $field {}
    };
    (ne, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsNe<$endpoint> for $field {}
    };
    (gt, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsGt<$endpoint> for $field {}
    };
    (ge, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsGe<$endpoint> for $field {}
    };
    (lt, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsLt<$endpoint> for $field {}
    };
    (le, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsLe<$endpoint> for $field {}
    };
    (co, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsCo<$endpoint> for $field {}
    };
    (sw, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsSw<$endpoint> for $field {}
    };
    (in, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsIn<$endpoint> for $field {}
    };
    (ca, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsCa<$endpoint> for $field {}
    };
    (pr, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::SupportsPr<$endpoint> for $field {}
    };
    (isnull, $field:ty, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
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
        #[diagnostic::do_not_recommend]
        impl $crate::builder::AllowsAnd for $endpoint {}
    };
    (or, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
        impl $crate::builder::AllowsOr for $endpoint {}
    };
    (not, $endpoint:ty) => {
        #[diagnostic::do_not_recommend]
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
