//! The catalog at run time: every collection operation of SailPoint's specs, found by
//! operationId, by the SDK's class and method, by path or by a word, with its fields, rules and
//! limits; checking and running a query for one.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use sailpoint_filters::catalog::{Api, Catalog, Operation, OperationField};

use crate::errors::operation_not_found;
use crate::eval::{PyPage, run};
use crate::params::Params;

/// The API called `name` in Python: `None` or `"services"` for the per-service API.
pub(crate) fn api(name: Option<&str>) -> PyResult<Api> {
    match name {
        None => Ok(Api::Services),
        Some(name) => name
            .parse::<Api>()
            .map_err(|e| PyValueError::new_err(e.to_string())),
    }
}

/// An API's name in Python: `services` for the per-service API, else `v3`, `beta`, ….
fn api_name(api: Api) -> &'static str {
    api.name()
}

/// A field type's name in Python: as the catalog's JSON spells it (`string`, `dateTime`, …).
fn type_name(field: &OperationField) -> String {
    serde_json::to_value(field.field_type())
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| field.field_type().name().to_owned())
}

/// A collection operation of SailPoint's specs.
#[pyclass(frozen, module = "sailpoint_filters.catalog", name = "Operation")]
pub(crate) struct PyOperation {
    pub(crate) op: &'static Operation,
}

/// A field of an operation.
#[pyclass(frozen, module = "sailpoint_filters.catalog", name = "Field")]
pub(crate) struct PyField {
    field: &'static OperationField,
}

/// The restrictions an operation puts on its filters, beyond fields and operators.
#[pyclass(frozen, get_all, module = "sailpoint_filters.catalog", name = "Rules")]
pub(crate) struct PyRules {
    /// `and`/`or` must join conditions on different fields.
    distinct_fields: bool,
    /// `not` may stand only before an `in` condition.
    not_only_before_in: bool,
    /// The most `not`s a filter may use, if limited.
    max_nots: Option<u32>,
    /// A request must give `filters`.
    filters_required: bool,
}

#[pymethods]
impl PyRules {
    fn __repr__(&self) -> String {
        let flag = |b: bool| if b { "True" } else { "False" };
        format!(
            "Rules(distinct_fields={}, not_only_before_in={}, max_nots={}, filters_required={})",
            flag(self.distinct_fields),
            flag(self.not_only_before_in),
            self.max_nots.map_or("None".to_owned(), |n| n.to_string()),
            flag(self.filters_required)
        )
    }
}

#[pymethods]
impl PyField {
    /// The field as filters and sorters name it: `identity.name`.
    #[getter]
    fn name(&self) -> &'static str {
        self.field.path()
    }

    /// Its type as the catalog's JSON names it: `string`, `boolean`, `integer`, `number`,
    /// `dateTime`, `stringCollection`, `any`.
    #[getter]
    fn r#type(&self) -> String {
        type_name(self.field)
    }

    /// The operators filters may use on it (empty: sortable only).
    #[getter]
    fn operators<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names: Vec<String> = self
            .field
            .operators()
            .iter()
            .map(|op| op.to_string())
            .collect();
        PyTuple::new(py, names)
    }

    #[getter]
    fn filterable(&self) -> bool {
        !self.field.operators().is_empty()
    }

    #[getter]
    fn sortable(&self) -> bool {
        self.field.is_sortable()
    }

    #[getter]
    fn case_sensitive(&self) -> bool {
        self.field.is_case_sensitive()
    }

    /// Whether filters may name its sub-fields (`attributes.displayName`).
    #[getter]
    fn wildcard(&self) -> bool {
        self.field.is_wildcard()
    }

    /// Where records hold it, when not at its own path.
    #[getter]
    fn read_from(&self) -> Option<&'static str> {
        self.field.read_from()
    }

    /// The values the spec lists for it.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.field.values())
    }

    fn __repr__(&self) -> String {
        let operators: Vec<String> = self
            .field
            .operators()
            .iter()
            .map(|op| op.to_string())
            .collect();
        format!(
            "<Field {} ({}): {}{}>",
            self.field.path(),
            type_name(self.field),
            if operators.is_empty() {
                "-".to_owned()
            } else {
                operators.join(", ")
            },
            if self.field.is_sortable() {
                "; sortable"
            } else {
                ""
            }
        )
    }
}

#[pymethods]
impl PyOperation {
    #[getter]
    fn operation_id(&self) -> &'static str {
        self.op.operation_id()
    }

    /// The API: `services` for the per-service API, else `v3`, `beta`, `v2024`, `v2025`,
    /// `v2026`.
    #[getter]
    fn api(&self) -> &'static str {
        api_name(self.op.api())
    }

    #[getter]
    fn method(&self) -> &'static str {
        self.op.method()
    }

    #[getter]
    fn path(&self) -> &'static str {
        self.op.path()
    }

    #[getter]
    fn tag(&self) -> &'static str {
        self.op.tag()
    }

    #[getter]
    fn summary(&self) -> &'static str {
        self.op.summary()
    }

    #[getter]
    fn sdk_class(&self) -> &'static str {
        self.op.sdk_class()
    }

    #[getter]
    fn sdk_method(&self) -> &'static str {
        self.op.sdk_method()
    }

    #[getter]
    fn sdk_name(&self) -> String {
        self.op.sdk_name()
    }

    #[getter]
    fn deprecated(&self) -> bool {
        self.op.is_deprecated()
    }

    /// Which of `filters`, `sorters`, `offset`, `limit`, `count` it takes.
    #[getter]
    fn parameters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.op.parameters().collect::<Vec<_>>())
    }

    /// Its fields: the filter table's, then the sortable fields the table does not list.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let fields = self.op.fields().iter().map(|field| PyField { field });
        let objects: Vec<Bound<'py, PyField>> =
            fields.map(|f| Bound::new(py, f)).collect::<PyResult<_>>()?;
        PyTuple::new(py, objects)
    }

    /// The field named `name`, if the operation has it.
    fn field(&self, name: &str) -> Option<PyField> {
        let field = self.op.fields().iter().find(|f| f.path() == name)?;
        Some(PyField { field })
    }

    /// The fields sorters may name.
    #[getter]
    fn sortable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names: Vec<&str> = self
            .op
            .fields()
            .iter()
            .filter(|f| f.is_sortable())
            .map(|f| f.path())
            .collect();
        PyTuple::new(py, names)
    }

    /// The composite operators filters may use: of `and`, `or`, `not`.
    #[getter]
    fn composites<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names: Vec<String> = self
            .op
            .schema()
            .composites()
            .iter()
            .map(|c| c.to_string())
            .collect();
        PyTuple::new(py, names)
    }

    /// `(minimum, maximum, default)` of `limit`.
    #[getter]
    fn limit(&self) -> (u32, u32, u32) {
        let schema = self.op.schema();
        (
            schema.min_limit(),
            schema.max_limit(),
            schema.default_limit(),
        )
    }

    #[getter]
    fn rules(&self) -> PyRules {
        let rules = self.op.schema().rules();
        PyRules {
            distinct_fields: rules.distinct_fields(),
            not_only_before_in: rules.not_only_before_in(),
            max_nots: rules.max_nots(),
            filters_required: rules.filters_required(),
        }
    }

    /// The order its description documents for requests without `sorters`.
    #[getter]
    fn default_sort(&self) -> Option<&'static str> {
        self.op.default_sort()
    }

    /// The first published example filter it accepts, in canonical form.
    #[getter]
    fn example(&self) -> Option<&'static str> {
        self.op.example()
    }

    // The keyword arguments of SailPoint's SDK methods, one Rust argument each.
    #[pyo3(signature = (filters = None, sorters = None, limit = None, offset = None, count = None, strict = false))]
    #[allow(clippy::too_many_arguments)]
    fn check<'py>(
        &self,
        py: Python<'py>,
        filters: Option<&Bound<'py, PyAny>>,
        sorters: Option<&Bound<'py, PyAny>>,
        limit: Option<&Bound<'py, PyAny>>,
        offset: Option<&Bound<'py, PyAny>>,
        count: Option<&Bound<'py, PyAny>>,
        strict: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let params = Params::read(filters, sorters, offset, limit, count, strict)?;
        let query = params.check(py, self.op.schema())?;
        params.canonical(py, &query)
    }

    #[pyo3(signature = (records, filters = None, sorters = None, limit = None, offset = None, count = None, strict = false))]
    #[allow(clippy::too_many_arguments)]
    fn run<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
        filters: Option<&Bound<'py, PyAny>>,
        sorters: Option<&Bound<'py, PyAny>>,
        limit: Option<&Bound<'py, PyAny>>,
        offset: Option<&Bound<'py, PyAny>>,
        count: Option<&Bound<'py, PyAny>>,
        strict: bool,
    ) -> PyResult<PyPage> {
        let params = Params::read(filters, sorters, offset, limit, count, strict)?;
        let query = params.check(py, self.op.schema())?;
        run(py, query, records)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Operation {}{} {} {}>",
            self.op.operation_id(),
            match self.op.api() {
                Api::Services => String::new(),
                other => format!(" ({other})"),
            },
            self.op.method(),
            self.op.path()
        )
    }

    fn __eq__(&self, other: PyRef<'_, PyOperation>) -> bool {
        std::ptr::eq(self.op, other.op)
    }

    fn __hash__(&self) -> u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for byte in self
            .op
            .api()
            .name()
            .bytes()
            .chain([b'/'])
            .chain(self.op.operation_id().bytes())
        {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        hash
    }
}

/// `operation(operation_id, api=None)`.
#[pyfunction]
#[pyo3(signature = (operation_id, api = None))]
pub(crate) fn operation(
    py: Python<'_>,
    operation_id: &str,
    api: Option<&str>,
) -> PyResult<PyOperation> {
    let api = self::api(api)?;
    Catalog::new()
        .lookup(api, operation_id)
        .map(|op| PyOperation { op })
        .map_err(|e| operation_not_found(py, e.to_string()))
}

/// `operations(api=None)`: the API's operations, sorted by operationId.
#[pyfunction]
#[pyo3(signature = (api = None))]
pub(crate) fn operations(api: Option<&str>) -> PyResult<Vec<PyOperation>> {
    let api = self::api(api)?;
    Ok(Catalog::new()
        .operations(api)
        .iter()
        .map(|&op| PyOperation { op })
        .collect())
}

/// `search(word, api=None)`: the operations of the API whose operationId, path, summary, tag,
/// SDK name or a field contains `word`, ignoring case.
#[pyfunction]
#[pyo3(signature = (word, api = None))]
pub(crate) fn search(word: &str, api: Option<&str>) -> PyResult<Vec<PyOperation>> {
    let api = self::api(api)?;
    Ok(Catalog::new()
        .search(Some(api), word)
        .map(|op| PyOperation { op })
        .collect())
}

/// `sdk_operation(sdk_class, sdk_method, api=None)`: the operation the SDK calls with
/// `sdk_class.sdk_method` (`AccountsApi`, `list_accounts_v1`).
#[pyfunction]
#[pyo3(signature = (sdk_class, sdk_method, api = None))]
pub(crate) fn sdk_operation(
    py: Python<'_>,
    sdk_class: &str,
    sdk_method: &str,
    api: Option<&str>,
) -> PyResult<PyOperation> {
    let api = self::api(api)?;
    let found = Catalog::new()
        .operations(api)
        .iter()
        .find(|op| op.sdk_class() == sdk_class && op.sdk_method() == sdk_method);
    match found {
        Some(&op) => Ok(PyOperation { op }),
        None => Err(operation_not_found(
            py,
            format!("no operation `{sdk_class}.{sdk_method}` in the {api} API's SDK methods"),
        )),
    }
}

/// `by_path(method, path)`: the operation answering `method` on `path`, over every API.
#[pyfunction]
pub(crate) fn by_path(method: &str, path: &str) -> Option<PyOperation> {
    Catalog::new()
        .by_path(method, path)
        .map(|op| PyOperation { op })
}

/// `apis()`: the names of the APIs: `services`, `v3`, `beta`, `v2024`, `v2025`, `v2026`.
#[pyfunction]
pub(crate) fn apis() -> Vec<&'static str> {
    Catalog::new().apis().map(api_name).collect()
}
