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
    ///
    /// and for each sortable field, a sort key column `…__sort` per field it sorts by. The
    /// records' JSON is in a table of its own, `{table}__records` (`seq`, `record`), so that
    /// a scan of the main table reads only what filters and sorters compare.
    /// Fields of an unknown type ([`FieldType::Any`]) have no column type, and are refused.
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
        Table::for_schema_as(schema, &identifier(schema.endpoint(), MAX_TABLE, "records"))
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
        let mut names = Names::default();
        names.reserve("seq");
        names.reserve("record");
        // The child table of a field named `records` would be the records' table.
        names.reserve("records");
        let mut table =
            Table::new(name, "seq", "record").with_records_table(&format!("{name}__records"));
        for spec in schema.fields() {
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
                FieldType::Any => {
                    return Err(SqlError::UntypedField {
                        field: spec.path().to_string(),
                    });
                }
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
        assert_eq!(table.name(), "a_very_long_endpoint_nam");
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
    fn untyped_fields_are_refused() {
        let schema = Schema::new("x").with_field("a", FieldType::Any, [Op::Eq]);
        assert!(matches!(
            Table::for_schema(&schema),
            Err(SqlError::UntypedField { .. })
        ));
    }
}
