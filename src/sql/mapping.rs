//! Where an endpoint's records are in SQL: the table, and the columns of each field and sort key.

use std::collections::HashSet;

use crate::filter::FieldPath;
use crate::schema::{FieldType, Schema};

use super::SqlError;

/// The SQL table an endpoint's records are in, and the columns that hold each filterable field
/// and each sort key: the schema's mapping, the only source of identifiers in the SQL the
/// translation writes (quoted, never taken from a request).
///
/// [`Table::for_schema`] lays out the library's own table for an endpoint (what
/// [`Store`](super::Store) creates and loads): typed columns, a folded copy of each
/// case-insensitive string computed in Rust, a child table per string collection, a sort key
/// per sort field. [`Table::new`] maps a table of your own, column by column (see the module
/// docs for what stays exact there).
///
/// ```
/// use sailpoint_filters::builder::Endpoint;
/// use sailpoint_filters::role_mining_sessions::RoleMiningSessions;
/// use sailpoint_filters::sql::{Columns, Table};
///
/// let table = Table::for_schema(RoleMiningSessions::schema())?;
/// assert_eq!(table.name(), "role_mining_sessions");
/// assert_eq!(
///     table.columns("name"),
///     Some(&Columns::Text { column: "name".into(), folded: Some("name__fold".into()) }),
/// );
/// # Ok::<(), sailpoint_filters::sql::SqlError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    name: String,
    seq: String,
    record: String,
    /// The table of the records' JSON, when not this one.
    records: Option<String>,
    fields: Vec<(FieldPath, Columns)>,
    sorts: Vec<(FieldPath, Vec<SortColumn>)>,
    /// Wildcard parents ([`FieldSpec::wildcard`](crate::FieldSpec::wildcard)): each field,
    /// the untyped values its sub-fields are in, and whether they carry sort keys.
    wildcards: Vec<Wildcard>,
}

/// A wildcard parent of the library's own table: its sub-fields' values are in the table of
/// untyped values, under the parent's record path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Wildcard {
    /// The parent, as filters name it.
    pub(crate) field: FieldPath,
    /// The table of untyped values.
    pub(crate) values: UntypedColumns,
    /// The parent's record path: a sub-field `{field}.rest` is stored at `{path}.rest`.
    pub(crate) path: String,
    /// Whether the sub-fields' rows carry sort keys (the parent is sortable).
    pub(crate) sorted: bool,
}

/// The columns of one filterable field.
///
/// ```
/// use sailpoint_filters::sql::Columns;
/// let count = Columns::Number { integer: Some("count".into()), float: None };
/// # let _ = count;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Columns {
    /// A string field: its text, and for a case-insensitive field its folded text (the Rust
    /// folding of [`eval`](crate::eval)). Without a folded column, SQL's `lower()` folds.
    Text {
        /// The text as the record has it.
        column: String,
        /// The text folded in Rust, for case-insensitive comparisons.
        folded: Option<String>,
    },
    /// A boolean field (SQLite: 0 or 1; PostgreSQL: `boolean`).
    Boolean {
        /// The column.
        column: String,
    },
    /// An integer or number field: whole numbers that fit `i64` in the integer column
    /// (`bigint`), every other number in the float column (`double precision`). Either may be
    /// absent; comparisons with the other kind are rewritten exactly in Rust.
    Number {
        /// Whole numbers in `i64`.
        integer: Option<String>,
        /// Other numbers.
        float: Option<String>,
    },
    /// A date-time field, as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` text in UTC.
    DateTime {
        /// The column.
        column: String,
    },
    /// A string collection: a column of the main table that is null exactly when the field
    /// is, and a child table with a row per string element.
    Collection {
        /// The main table's column: null when the field is null or missing.
        column: String,
        /// The child table.
        table: String,
        /// The child table's column with the main table's sequence number.
        seq: String,
        /// The child table's column with the element.
        value: String,
        /// The child table's column with the element folded in Rust (case-insensitive fields).
        folded: Option<String>,
    },
    /// A field of unknown type ([`FieldType::Any`]): its value, whatever its JSON kind, in a
    /// table of untyped values ([`UntypedColumns`]), on the rows whose path column holds
    /// `path`.
    Untyped {
        /// The table of untyped values and its columns.
        values: UntypedColumns,
        /// The record path of the field's rows (the field's own path, or the one it is read
        /// from).
        path: String,
    },
}

/// A table of untyped values: for each record and each record path of an untyped field, a
/// row holding the value in the column of its kind, and for an array a row per element.
///
/// | column | holds |
/// | --- | --- |
/// | `seq` | the record's sequence number |
/// | `path` | the record path (`source.displayableName`) |
/// | `element` | false for the value itself, true for an element of an array value |
/// | `kind` | `boolean`, `number`, `string`, `date-time`, `array` or `object` |
/// | `text` | a string |
/// | `folded` | the string folded in Rust (filled for case-insensitive fields) |
/// | `time` | an instant (a date-time, or a string that reads as one), as the fixed-width UTC text of date-time columns |
/// | `integer`, `float` | a number, as in [`Columns::Number`] |
/// | `boolean` | a boolean |
/// | `key` | the value's sort key (rows of sortable sub-fields of wildcard parents) |
///
/// A null or missing value has no row, so that `isnull` is the absence of a row whose
/// `element` is false. Elements that never match (null, objects, nested arrays) have no row.
///
/// ```
/// use sailpoint_filters::{FieldType, Op, Schema};
/// use sailpoint_filters::sql::{Columns, Table};
///
/// let schema = Schema::new("accounts").with_field("source.type", FieldType::Any, [Op::Eq, Op::In]);
/// let table = Table::for_schema(&schema)?;
/// let Some(Columns::Untyped { values, path }) = table.columns("source.type") else { panic!() };
/// assert_eq!((values.table.as_str(), path.as_str()), ("accounts__values", "source.type"));
/// # Ok::<(), sailpoint_filters::sql::SqlError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UntypedColumns {
    /// The table.
    pub table: String,
    /// Its column with the main table's sequence number.
    pub seq: String,
    /// Its column with the record path.
    pub path: String,
    /// Its column telling an array's element from the value itself.
    pub element: String,
    /// Its column with the value's kind.
    pub kind: String,
    /// Its column with a string.
    pub text: String,
    /// Its column with a string folded in Rust.
    pub folded: String,
    /// Its column with an instant as fixed-width UTC text.
    pub time: String,
    /// Its column with a whole number in `i64`.
    pub integer: String,
    /// Its column with any other number.
    pub float: String,
    /// Its column with a boolean.
    pub boolean: String,
    /// Its column with a sort key.
    pub key: String,
}

impl UntypedColumns {
    /// The library's table of untyped values for the table `table`: `{table}__values`, its
    /// columns named as in the table above.
    ///
    /// ```
    /// use sailpoint_filters::sql::UntypedColumns;
    /// let values = UntypedColumns::named("accounts");
    /// assert_eq!((values.table.as_str(), values.folded.as_str()), ("accounts__values", "folded"));
    /// ```
    pub fn named(table: &str) -> UntypedColumns {
        UntypedColumns {
            table: format!("{table}__values"),
            seq: "seq".into(),
            path: "path".into(),
            element: "element".into(),
            kind: "kind".into(),
            text: "text".into(),
            folded: "folded".into(),
            time: "time".into(),
            integer: "integer".into(),
            float: "float".into(),
            boolean: "boolean".into(),
            key: "key".into(),
        }
    }
}

/// The column a sort key orders by, for one of the fields it sorts by.
///
/// ```
/// use sailpoint_filters::sql::SortColumn;
/// let by = SortColumn::Key("created__sort".into());
/// # let _ = by;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SortColumn {
    /// The library's sort key (bytes that order as the in-memory sort does, kinds included).
    Key(String),
    /// A text column, ordered by code point, nulls last ascending (first descending).
    Text(String),
    /// Any other column, ordered by SQL's order of its type, nulls last ascending.
    Value(String),
}

/// The longest identifiers the default layout makes: within PostgreSQL's 63 bytes even for a
/// child table (`{table}__{column}`) or a column with its suffix.
const MAX_TABLE: usize = 24;
const MAX_COLUMN: usize = 30;

impl Table {
    /// The library's own table for an endpoint: named after it (`role-mining-sessions` →
    /// `role_mining_sessions`), with a sequence column `seq` (its primary key), and for each
    /// filterable field:
    ///
    /// | type | columns |
    /// | --- | --- |
    /// | string | the text; `…__fold`, its folding (case-insensitive fields) |
    /// | boolean | the boolean |
    /// | integer, number | whole numbers in `i64`; `…__float`, other numbers |
    /// | date-time | UTC text, fixed width, nanoseconds |
    /// | string collection | the JSON value (null when the field is); child table `{table}__{column}` with `seq`, `value`, `folded` |
    /// | untyped ([`FieldType::Any`]) | rows of the table of untyped values, `{table}__values` ([`UntypedColumns`]) |
    ///
    /// and for each sortable field, a sort key column `…__sort` per field it sorts by. The
    /// records' JSON is in a table of its own, `{table}__records` (`seq`, `record`), so that
    /// a scan of the main table reads only what filters and sorters compare. The sub-fields
    /// of a wildcard parent ([`FieldSpec::wildcard`](crate::FieldSpec::wildcard)) are stored
    /// in the table of untyped values too, every one a record holds under the parent (with
    /// sort keys when the parent is sortable).
    ///
    /// The table is named after the endpoint, reduced to letters, digits and `_`; a name
    /// longer than 24 bytes is cut to 15 and ends with a hash of the whole name, so that two
    /// long names sharing a start still name two tables.
    ///
    /// A schema that takes fields nobody listed ([`Schema::open`]) has no table: its fields
    /// are not known before a filter names them ([`SqlError::OpenSchema`]).
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// use sailpoint_filters::sql::{SortColumn, Table};
    ///
    /// let schema = Schema::new("widgets").with_field("id", FieldType::String, [Op::Eq]).with_sortable(["created"]);
    /// let table = Table::for_schema(&schema)?;
    /// assert_eq!(table.sort_columns("created"), Some(&[SortColumn::Key("created__sort".into())][..]));
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn for_schema(schema: &Schema) -> Result<Table, SqlError> {
        Table::for_schema_as(schema, &Table::name_for(schema.endpoint()))
    }

    /// The name [`Table::for_schema`] gives the table of an endpoint named `endpoint`: the
    /// name reduced to letters, digits and `_`, and when longer than 24 bytes, cut to 15 and
    /// ended with a hash of the whole. For the library's layout under a name of your choosing
    /// that follows the same rule: `Table::for_schema_as(&schema, &Table::name_for(name))`.
    ///
    /// ```
    /// use sailpoint_filters::sql::Table;
    /// assert_eq!(Table::name_for("v3_listAccounts"), "v3_listAccounts");
    /// assert_eq!(Table::name_for("a-b"), "a_b");
    /// assert_eq!(Table::name_for("v2025_listCampaignTemplates").len(), 24);
    /// ```
    pub fn name_for(endpoint: &str) -> String {
        table_name(endpoint)
    }

    /// [`Table::for_schema`] under another table name.
    ///
    /// ```
    /// use sailpoint_filters::Schema;
    /// use sailpoint_filters::sql::Table;
    /// let table = Table::for_schema_as(&Schema::new("x"), "tenant_7_x")?;
    /// assert_eq!(table.name(), "tenant_7_x");
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn for_schema_as(schema: &Schema, name: &str) -> Result<Table, SqlError> {
        if schema.is_open() {
            return Err(SqlError::OpenSchema {
                endpoint: schema.endpoint().to_owned(),
            });
        }
        let mut names = Names::default();
        names.reserve("seq");
        names.reserve("record");
        // The child table of a field named `records` (or `values`) would be the records' table
        // (or the untyped values').
        names.reserve("records");
        names.reserve("values");
        let mut table =
            Table::new(name, "seq", "record").with_records_table(&format!("{name}__records"));
        let values = UntypedColumns::named(name);
        for spec in schema.fields() {
            if spec.is_wildcard() {
                table.wildcards.push(Wildcard {
                    field: spec.path().clone(),
                    values: values.clone(),
                    path: spec.reads().to_string(),
                    sorted: schema.is_sortable(spec.path().as_str()),
                });
            }
            let base = names.base(spec.path().as_str());
            let insensitive = !spec.is_case_sensitive();
            let columns = match spec.field_type() {
                FieldType::String => Columns::Text {
                    column: names.take(&base),
                    folded: insensitive.then(|| names.take(&format!("{base}__fold"))),
                },
                FieldType::Boolean => Columns::Boolean {
                    column: names.take(&base),
                },
                FieldType::Integer | FieldType::Number => Columns::Number {
                    integer: Some(names.take(&base)),
                    float: Some(names.take(&format!("{base}__float"))),
                },
                FieldType::DateTime => Columns::DateTime {
                    column: names.take(&base),
                },
                FieldType::StringCollection => {
                    let column = names.take(&base);
                    Columns::Collection {
                        table: format!("{name}__{column}"),
                        column,
                        seq: "seq".into(),
                        value: "value".into(),
                        folded: insensitive.then(|| "folded".into()),
                    }
                }
                FieldType::Any => Columns::Untyped {
                    values: values.clone(),
                    path: spec.reads().to_string(),
                },
            };
            table = table.with_field(spec.path().clone(), columns);
        }
        for key in schema.sortable() {
            let paths = schema.sort_paths(key.as_str());
            let base = names.base(key.as_str());
            let columns = (0..paths.len())
                .map(|i| {
                    let suffix = if paths.len() == 1 {
                        "__sort".to_owned()
                    } else {
                        format!("__sort{}", i + 1)
                    };
                    SortColumn::Key(names.take(&format!("{base}{suffix}")))
                })
                .collect();
            table = table.with_sort(key.clone(), columns);
        }
        Ok(table)
    }

    /// A table of your own: its name, a unique column with a number that orders records as
    /// they were stored (ties in a sort keep this order), and the column with each record's JSON
    /// (text, or PostgreSQL `json`/`jsonb`, which is read as text). Map fields with
    /// [`Table::with_field`] and sort keys with [`Table::with_sort`].
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::sql::{Columns, SortColumn, Table};
    ///
    /// let table = Table::new("accounts", "id", "doc")
    ///     .with_field(FieldPath::new("name")?, Columns::Text { column: "name".into(), folded: Some("name_lower".into()) })
    ///     .with_sort(FieldPath::new("name")?, vec![SortColumn::Text("name_lower".into())]);
    /// assert_eq!(table.seq(), "id");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: &str, seq: &str, record: &str) -> Table {
        Table {
            name: name.to_owned(),
            seq: seq.to_owned(),
            record: record.to_owned(),
            records: None,
            fields: Vec::new(),
            sorts: Vec::new(),
            wildcards: Vec::new(),
        }
    }

    /// The table with the records' JSON read from another table: its `record` column, on the
    /// row whose column named as this table's `seq` holds the same number.
    ///
    /// ```
    /// use sailpoint_filters::sql::Table;
    /// let table = Table::new("accounts", "id", "doc").with_records_table("account_docs");
    /// assert_eq!(table.records_table(), "account_docs");
    /// assert_eq!(Table::new("accounts", "id", "doc").records_table(), "accounts");
    /// ```
    pub fn with_records_table(mut self, name: &str) -> Table {
        self.records = Some(name.to_owned());
        self
    }

    /// The table with the columns of a filterable field (replacing any before).
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::sql::{Columns, Table};
    /// let table = Table::new("t", "id", "doc")
    ///     .with_field(FieldPath::new("n")?, Columns::Number { integer: Some("n".into()), float: None });
    /// assert!(table.columns("n").is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_field(mut self, field: FieldPath, columns: Columns) -> Table {
        self.fields.retain(|(f, _)| *f != field);
        self.fields.push((field, columns));
        self
    }

    /// The table with the columns a sort key orders by, one per field the key sorts by
    /// ([`Schema::sort_paths`]), replacing any before.
    ///
    /// ```
    /// use sailpoint_filters::FieldPath;
    /// use sailpoint_filters::sql::{SortColumn, Table};
    /// let table = Table::new("t", "id", "doc")
    ///     .with_sort(FieldPath::new("owner")?, vec![SortColumn::Text("owner_name".into()), SortColumn::Value("owner_id".into())]);
    /// assert_eq!(table.sort_columns("owner").map(<[SortColumn]>::len), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_sort(mut self, key: FieldPath, columns: Vec<SortColumn>) -> Table {
        self.sorts.retain(|(k, _)| *k != key);
        self.sorts.push((key, columns));
        self
    }

    /// The table's name; [`Table::seq`], [`Table::record`], [`Table::columns`],
    /// [`Table::sort_columns`], [`Table::fields`] and [`Table::sorts`] give the rest.
    ///
    /// ```
    /// use sailpoint_filters::{FieldType, Op, Schema};
    /// use sailpoint_filters::sql::{Columns, SortColumn, Table};
    ///
    /// let schema = Schema::new("widgets").with_field("on", FieldType::Boolean, [Op::Eq]).with_sortable(["on"]);
    /// let table = Table::for_schema(&schema)?;
    /// assert_eq!((table.name(), table.seq(), table.record()), ("widgets", "seq", "record"));
    /// assert_eq!(table.columns("on"), Some(&Columns::Boolean { column: "on".into() }));
    /// assert_eq!(table.sort_columns("on"), Some(&[SortColumn::Key("on__sort".into())][..]));
    /// assert_eq!((table.fields().count(), table.sorts().count()), (1, 1));
    /// # Ok::<(), sailpoint_filters::sql::SqlError>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column of the stored order.
    pub fn seq(&self) -> &str {
        &self.seq
    }

    /// The column of the record's JSON.
    pub fn record(&self) -> &str {
        &self.record
    }

    /// The table the records' JSON is in: this one, unless [`Table::with_records_table`].
    pub fn records_table(&self) -> &str {
        self.records.as_deref().unwrap_or(&self.name)
    }

    /// The columns of a filterable field.
    pub fn columns(&self, field: &str) -> Option<&Columns> {
        self.fields
            .iter()
            .find(|(f, _)| f.as_str() == field)
            .map(|(_, c)| c)
    }

    /// The columns a sort key orders by.
    pub fn sort_columns(&self, key: &str) -> Option<&[SortColumn]> {
        self.sorts
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, c)| c.as_slice())
    }

    /// Every field with its columns, in the order mapped.
    pub fn fields(&self) -> impl Iterator<Item = (&FieldPath, &Columns)> {
        self.fields.iter().map(|(f, c)| (f, c))
    }

    /// Every sort key with its columns, in the order mapped.
    pub fn sorts(&self) -> impl Iterator<Item = (&FieldPath, &[SortColumn])> {
        self.sorts.iter().map(|(k, c)| (k, c.as_slice()))
    }

    /// The wildcard parents of the library's own table.
    pub(crate) fn wildcards(&self) -> &[Wildcard] {
        &self.wildcards
    }

    /// The wildcard parent `field` is a sub-field of, and the record path the sub-field is
    /// stored at.
    pub(crate) fn wildcard_of(&self, field: &str) -> Option<(&Wildcard, String)> {
        self.wildcards.iter().find_map(|w| {
            let rest = field.strip_prefix(w.field.as_str())?.strip_prefix('.')?;
            Some((w, format!("{}.{rest}", w.path)))
        })
    }
}

/// The library's name for an endpoint's table: its name as an identifier, or — when longer
/// than [`MAX_TABLE`] — its first 15 bytes and an FNV-1a hash of the whole.
fn table_name(endpoint: &str) -> String {
    let name = identifier(endpoint, usize::MAX, "records");
    if name.len() <= MAX_TABLE {
        return name;
    }
    let hash = endpoint.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{}_{hash:08x}", &name[..15])
}

/// Column names of the default layout: unique, short, made of `[A-Za-z0-9_]`.
#[derive(Default)]
struct Names {
    taken: HashSet<String>,
}

impl Names {
    fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// The identifier a field path suggests (`owner.name` → `owner_name`), short enough for
    /// every suffix.
    fn base(&self, path: &str) -> String {
        identifier(path, MAX_COLUMN - 8, "field")
    }

    /// `wanted`, or `wanted_2`, `wanted_3`… if taken.
    fn take(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_owned();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{wanted}_{n}");
        }
        self.taken.insert(name.clone());
        name
    }
}

/// `text` as an identifier: letters, digits and `_` kept, `.` and `-` as `_`, the rest left
/// out, at most `max` bytes; `fallback` when nothing is left.
fn identifier(text: &str, max: usize, fallback: &str) -> String {
    let mut out: String = text
        .chars()
        .filter_map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '_' => Some(c),
            '.' | '-' => Some('_'),
            _ => None,
        })
        .take(max)
        .collect();
    if out.is_empty() {
        out = fallback.to_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Op;

    #[test]
    fn default_names_are_unique_and_short() {
        let schema = Schema::new("a-very-long-endpoint-name-that-goes-on-and-on")
            .with_field("owner.name", FieldType::String, [Op::Eq])
            .with_field("owner_name", FieldType::String, [Op::Eq])
            .with_field("seq", FieldType::Integer, [Op::Eq])
            .with_field(
                "tags.a_really_long_field_name_indeed",
                FieldType::StringCollection,
                [Op::Ca],
            )
            .with_sort_by("owner", ["owner.name", "owner.id"]);
        let table = Table::for_schema(&schema).unwrap();
        // Cut to 15 bytes, then `_` and eight hex digits of a hash.
        assert_eq!(&table.name()[..16], "a_very_long_end_");
        assert_eq!(table.name().len(), 24);
        assert!(table.name()[16..].bytes().all(|b| b.is_ascii_hexdigit()));
        let mut all = vec![table.seq().to_owned(), table.record().to_owned()];
        for (_, columns) in table.fields() {
            match columns {
                Columns::Text { column, folded } => {
                    all.push(column.clone());
                    all.extend(folded.clone());
                }
                Columns::Number { integer, float } => {
                    all.extend(integer.clone());
                    all.extend(float.clone());
                }
                Columns::Collection { column, table, .. } => {
                    all.push(column.clone());
                    assert!(table.len() <= 63, "{table}");
                }
                Columns::Boolean { column } | Columns::DateTime { column } => {
                    all.push(column.clone())
                }
                Columns::Untyped { .. } => {}
            }
        }
        for (_, columns) in table.sorts() {
            for column in columns {
                if let SortColumn::Key(c) = column {
                    all.push(c.clone());
                }
            }
        }
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{all:?}");
        assert!(all.iter().all(|c| c.len() <= MAX_COLUMN), "{all:?}");
        assert_eq!(
            table.columns("seq"),
            Some(&Columns::Number {
                integer: Some("seq_2".into()),
                float: Some("seq__float".into())
            })
        );
        assert_eq!(
            table.sort_columns("owner").map(<[SortColumn]>::len),
            Some(2)
        );
    }

    #[test]
    fn long_names_that_share_a_start_name_two_tables() {
        let a = Table::for_schema(&Schema::new("listCampaignTemplatesV2024")).unwrap();
        let b = Table::for_schema(&Schema::new("listCampaignTemplatesV2025")).unwrap();
        assert_ne!(a.name(), b.name());
        assert!(a.name().len() <= MAX_TABLE && b.name().len() <= MAX_TABLE);
        assert_eq!(
            Table::for_schema(&Schema::new("listAccountsV1"))
                .unwrap()
                .name(),
            "listAccountsV1"
        );
    }

    #[test]
    fn open_schemas_have_no_table() {
        assert!(matches!(
            Table::for_schema(&Schema::open("x")),
            Err(SqlError::OpenSchema { .. })
        ));
    }

    #[test]
    fn wildcard_sub_fields_are_stored_under_the_parents_record_path() {
        let spec = crate::FieldSpec::new(
            FieldPath::new("attrs").unwrap(),
            FieldType::Any,
            crate::OperatorSet::of(&[Op::Eq]),
        )
        .unwrap()
        .wildcard()
        .read_from(FieldPath::new("attributes").unwrap());
        let table = Table::for_schema(&Schema::new("x").with_field_spec(spec)).unwrap();
        let (wildcard, path) = table.wildcard_of("attrs.displayName").unwrap();
        assert_eq!(
            (wildcard.field.as_str(), path.as_str()),
            ("attrs", "attributes.displayName")
        );
        assert!(table.wildcard_of("attrsX.a").is_none());
        assert!(table.wildcard_of("attrs").is_none());
    }
}
