//! `generate`: Rust source from the catalog (`catalog/*.json` → `src/catalog/<api>.rs`).
//!
//! Each API becomes one file: one module per service (the Python SDK's `…Api` class, from the
//! operation's tag), one module per operation inside it (the SDK's method name), and in each
//! operation module the endpoint's marker type, its [`Operation`] data (from which its run-time
//! `Schema` is built), and one typed field function per field with the operator, sort and
//! composite traits the endpoint allows. The code is plain Rust — no macro to expand — so that
//! building it stays cheap.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sailpoint_filters::{Composite, FieldType, Op};

use crate::model::{CatalogFile, Operation};
use crate::render::*;
use crate::sdk::snake_case;

/// The command that writes the generated source, recorded at the top of every file.
pub const GENERATED_BY: &str =
    "cargo run --manifest-path xtask/Cargo.toml -- generate --catalog catalog --out src/catalog";

/// Names the catalog's own modules use: a service module may not take one.
const RESERVED_MODULES: &[&str] = &[
    "api",
    "catalog",
    "codegen",
    "lookup",
    "operation",
    "services",
    "v3",
    "beta",
    "v2024",
    "v2025",
    "v2026",
];

/// Rust's keywords, which a field function takes as a raw identifier (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// The alias the generated modules give the code-generation support module; no field may be
/// named so.
pub(crate) const SUPPORT: &str = "cg";

/// What generating one API gives: the file's text and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The Rust source.
    pub source: String,
    /// Operations.
    pub operations: usize,
    /// Service modules.
    pub services: usize,
    /// Field functions.
    pub fields: usize,
}

/// A problem that stops generation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{api}: {message}")]
pub struct GenerateError {
    /// The API.
    pub api: String,
    /// What is wrong.
    pub message: String,
}

/// The Rust source of one API's catalog file.
pub fn generate(file: &CatalogFile) -> Result<Generated, GenerateError> {
    let fail = |message: String| GenerateError {
        api: file.api.clone(),
        message,
    };
    let api_variant = api_variant(&file.api).ok_or_else(|| fail("unknown API".to_owned()))?;
    // Operations by service module.
    let mut services: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for operation in &file.operations {
        let module = service_module(&operation.sdk.class);
        if RESERVED_MODULES.contains(&module.as_str()) || module.is_empty() {
            return Err(fail(format!(
                "service module `{module}` of `{}` is a name the catalog reserves",
                operation.operation_id
            )));
        }
        services.entry(module).or_default().push(operation);
    }
    let mut out = String::new();
    let mut field_count = 0;
    header(&mut out, file);
    let mut list: Vec<String> = Vec::new();
    for (module, operations) in &services {
        let class = &operations[0].sdk.class;
        let _ = writeln!(
            out,
            "\n/// `{class}`: {} (tag {}).",
            plural(operations.len(), "operation"),
            code(&operations[0].tag)
        );
        let _ = writeln!(out, "pub mod {module} {{\n    use super::{SUPPORT};");
        let mut names = BTreeSet::new();
        for operation in operations {
            let name = snake_case(&operation.operation_id);
            if !names.insert(name.clone()) || !is_plain_identifier(&name) {
                return Err(fail(format!(
                    "operation module `{name}` of `{}` is taken or not an identifier",
                    operation.operation_id
                )));
            }
            field_count +=
                operation_module(&mut out, file, api_variant, operation, &name).map_err(fail)?;
            list.push(format!("{module}::{name}::OPERATION"));
        }
        out.push_str("}\n");
    }
    // The run-time list, sorted by operationId for lookups.
    let mut by_id: Vec<(&str, &String)> = services
        .values()
        .flatten()
        .map(|op| op.operation_id.as_str())
        .zip(list.iter())
        .collect();
    by_id.sort();
    let _ = writeln!(
        out,
        "\n/// Every operation of the API, sorted by operationId.\npub(crate) static OPERATIONS: [&{SUPPORT}::Operation; {}] = [",
        by_id.len()
    );
    for (_, path) in &by_id {
        let _ = writeln!(out, "    &{path},");
    }
    out.push_str("];\n");
    Ok(Generated {
        source: out,
        operations: file.operations.len(),
        services: services.len(),
        fields: field_count,
    })
}

fn header(out: &mut String, file: &CatalogFile) {
    let _ = writeln!(
        out,
        "// @generated by `{GENERATED_BY}` from catalog/{}.json; do not edit.",
        file.api
    );
    let title = match file.api.as_str() {
        "services" => {
            "The per-service API (`/accounts/v1`, `/role-mining-sessions/v1`, …)".to_owned()
        }
        other => format!("The `{}` API (`{}/…`)", other, file.base_path),
    };
    let _ = writeln!(
        out,
        "//! {title}: {}.",
        plural(file.operations.len(), "collection operation")
    );
    out.push_str("//!\n");
    let _ = writeln!(
        out,
        "//! Read from {} ({}, version {}), © SailPoint, MIT licence (see `catalog/LICENSE-sailpoint-api-specs`).",
        code(&file.source.file),
        escape_doc(&file.source.title),
        escape_doc(&file.source.version)
    );
    out.push_str(
        "//! One module per service — the Python SDK's API class (`AccountsApi` → `accounts`) —\n",
    );
    out.push_str("//! and in it one module per operation, named as the SDK's method; see [`crate::catalog`].\n");
    if let Some(example) = module_example(file) {
        out.push_str("//!\n//! ```\n");
        for line in example.lines() {
            let _ = writeln!(out, "//! {line}");
        }
        out.push_str("//! ```\n");
    }
    let _ = writeln!(
        out,
        "\n#![allow(non_camel_case_types, clippy::upper_case_acronyms)]\n\nuse crate::catalog::codegen as {SUPPORT};"
    );
}

/// A runnable example for the API's module documentation: the account listing when the API
/// has one, else its first operation with a field that takes `eq` and a string.
fn module_example(file: &CatalogFile) -> Option<String> {
    let preferred = file
        .operations
        .iter()
        .filter(|op| op.operation_id.starts_with("listAccounts"))
        .chain(file.operations.iter());
    for operation in preferred {
        let names = field_names(operation).ok()?;
        let Some((field, name)) = operation.fields.iter().zip(&names).find(|(f, _)| {
            f.ops.contains(&Op::Eq) && matches!(f.field_type, FieldType::String | FieldType::Any)
        }) else {
            continue;
        };
        let module = service_module(&operation.sdk.class);
        let op_module = snake_case(&operation.operation_id);
        let path = match file.api.as_str() {
            "services" => format!("sailpoint_filters::catalog::{module}::{op_module}"),
            api => format!("sailpoint_filters::catalog::{api}::{module}::{op_module}"),
        };
        let endpoint = pascal_case(&operation.operation_id);
        let full_path = format!("{}{}", file.base_path, operation.path);
        return Some(format!(
            "use sailpoint_filters::builder::Endpoint;\n\
             use {path}::{{self as op, {endpoint}}};\n\
             \n\
             let filter = op::{name}().eq(\"x\");\n\
             assert_eq!(filter.to_string(), r#\"{} eq \"x\"\"#);\n\
             assert_eq!(op::OPERATION.path(), \"{full_path}\");\n\
             assert!({endpoint}::schema().parse_filter(&filter.to_string(), &Default::default()).is_ok());",
            field.path
        ));
    }
    None
}

/// Writes one operation module; returns how many field functions it has.
fn operation_module(
    out: &mut String,
    file: &CatalogFile,
    api_variant: &str,
    operation: &Operation,
    module: &str,
) -> Result<usize, String> {
    let names = field_names(operation)?;
    let endpoint = pascal_case(&operation.operation_id);
    let full_path = format!("{}{}", file.base_path, operation.path);
    let id = &operation.operation_id;
    // The module's documentation.
    let _ = writeln!(
        out,
        "\n    /// `{} {full_path}` — {}",
        operation.method,
        escape_doc(&operation.summary)
    );
    let mut doc = |line: String| {
        let _ = writeln!(
            out,
            "    ///{}{line}",
            if line.is_empty() { "" } else { " " }
        );
    };
    doc(String::new());
    if operation.deprecated {
        doc("**Deprecated** in the spec.".to_owned());
        doc(String::new());
    }
    doc(format!(
        "* operationId `{id}`; Python SDK: `{}.{}.{}`",
        operation.sdk.module, operation.sdk.class, operation.sdk.method
    ));
    doc(format!("* parameters: {}", operation.parameters.join(", ")));
    let filterable: Vec<String> = operation
        .fields
        .iter()
        .filter(|f| !f.ops.is_empty())
        .map(|f| format!("`{}` ({})", f.path, ops_text(&f.ops)))
        .collect();
    if !filterable.is_empty() {
        doc(format!("* filters: {}", filterable.join(", ")));
        doc(format!(
            "* composite operators: {}",
            composites_text(&operation.composites)
        ));
    }
    let sortable: Vec<String> = operation
        .fields
        .iter()
        .filter(|f| f.sortable)
        .map(|f| format!("`{}`", f.path))
        .collect();
    if !sortable.is_empty() {
        doc(format!("* sorters: {}", sortable.join(", ")));
    }
    if let Some(sort) = &operation.default_sort {
        doc(format!(
            "* default order (without sorters, as documented): `{sort}`"
        ));
    }
    doc(format!("* limit: {}", limit_text(operation.limit)));
    for rule in &operation.rules {
        if let Some(text) = rule_text(rule) {
            doc(format!("* rule: {text}"));
        }
    }
    if let Some(example) = first_example(operation) {
        doc(format!(
            "* published example: `{}`",
            example.replace('`', "'")
        ));
    }
    let _ = writeln!(out, "    pub mod {module} {{");
    let _ = writeln!(out, "        use super::{SUPPORT};\n");
    let _ = writeln!(
        out,
        "        /// The endpoint `{} {full_path}` ({id}): its records are JSON values.",
        operation.method
    );
    let _ = writeln!(
        out,
        "        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]\n        pub struct {endpoint};\n"
    );
    // The data.
    let _ = writeln!(
        out,
        "        /// What the catalog holds of the operation; its `schema()` is the endpoint's."
    );
    let _ = writeln!(
        out,
        "        pub static OPERATION: {SUPPORT}::Operation = {SUPPORT}::Operation {{"
    );
    let _ = writeln!(out, "            api: {SUPPORT}::Api::{api_variant},");
    let _ = writeln!(out, "            id: {},", lit(id));
    let _ = writeln!(out, "            path: {},", lit(&full_path));
    let _ = writeln!(out, "            tag: {},", lit(&operation.tag));
    let _ = writeln!(out, "            summary: {},", lit(&operation.summary));
    let _ = writeln!(out, "            sdk_class: {},", lit(&operation.sdk.class));
    let _ = writeln!(
        out,
        "            sdk_method: {},",
        lit(&operation.sdk.method)
    );
    let _ = writeln!(out, "            deprecated: {},", operation.deprecated);
    let _ = writeln!(
        out,
        "            parameters: {},",
        parameters_expr(&operation.parameters)
    );
    let _ = writeln!(out, "            fields: &[");
    for field in &operation.fields {
        let _ = writeln!(out, "                {},", field_expr(field));
    }
    let _ = writeln!(out, "            ],");
    let _ = writeln!(
        out,
        "            composites: {},",
        composites_expr(&operation.composites)
    );
    let _ = writeln!(out, "            limit: {},", limit_expr(operation.limit));
    let _ = writeln!(out, "            rules: {},", rules_expr(&operation.rules));
    let _ = writeln!(
        out,
        "            default_sort: {},",
        option_lit(operation.default_sort.as_deref())
    );
    let _ = writeln!(
        out,
        "            example: {},",
        option_lit(first_example(operation))
    );
    let _ = writeln!(out, "            schema: {SUPPORT}::OnceLock::new(),");
    let _ = writeln!(out, "        }};\n");
    // The `limit` bounds as constants too, so that a typed query's `limit::<N>()` is checked
    // when it compiles; the standard bounds are the trait's defaults.
    let limits = match limit_bounds(operation.limit) {
        Some((min, max, _)) => {
            let mut consts = String::new();
            if min != 0 {
                let _ = write!(consts, "\n            const MIN_LIMIT: u32 = {min};");
            }
            if max != 250 {
                let _ = write!(consts, "\n            const MAX_LIMIT: u32 = {max};");
            }
            consts
        }
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "        impl {SUPPORT}::Endpoint for {endpoint} {{\n            type Record = {SUPPORT}::Json;\n            const NAME: &'static str = {};{limits}\n            fn schema() -> &'static {SUPPORT}::Schema {{\n                OPERATION.schema()\n            }}\n        }}",
        lit(id)
    );

    for composite in &operation.composites {
        let trait_name = match composite {
            Composite::And => "AllowsAnd",
            Composite::Or => "AllowsOr",
            Composite::Not => "AllowsNot",
        };
        let _ = writeln!(
            out,
            "        #[diagnostic::do_not_recommend] impl {SUPPORT}::{trait_name} for {endpoint} {{}}"
        );
    }
    // Field functions, then their marker types. The operator, sort and composite impls are
    // `do_not_recommend`: a refused operator's compile error then names the field and endpoint
    // without listing the thousands of other fields of the catalog that allow it.
    for (field, name) in operation.fields.iter().zip(&names) {
        let _ = writeln!(out, "\n        /// {}", field_doc(field));
        let _ = writeln!(
            out,
            "        pub const fn {name}() -> {SUPPORT}::Field<fields::{name}> {{\n            {SUPPORT}::Field::new()\n        }}"
        );
    }
    let _ = writeln!(
        out,
        "\n        /// Marker types of the fields, named as their functions.\n        pub mod fields {{\n            use super::{{{SUPPORT}, {endpoint}}};"
    );
    for (field, name) in operation.fields.iter().zip(&names) {
        let _ = writeln!(
            out,
            "\n            /// The `{}` field.\n            #[derive(Clone, Copy, Debug)]\n            pub struct {name};",
            field.path
        );
        let _ = writeln!(
            out,
            "            impl {SUPPORT}::FieldDecl for {name} {{\n                type Endpoint = {endpoint};\n                type Type = {SUPPORT}::{};\n                const PATH: &'static str = {};\n            }}",
            marker(field.field_type),
            lit(&field.path)
        );
        for op in &field.ops {
            let _ = writeln!(
                out,
                "            #[diagnostic::do_not_recommend] impl {SUPPORT}::{}<{endpoint}> for {name} {{}}",
                supports_trait(*op)
            );
        }
        if field.sortable {
            let _ = writeln!(
                out,
                "            #[diagnostic::do_not_recommend] impl {SUPPORT}::Sortable<{endpoint}> for {name} {{}}"
            );
        }
    }
    out.push_str("        }\n    }\n");
    Ok(operation.fields.len())
}

/// The Rust name of each field's function and marker, in the field order: the path in snake
/// case, segments joined by `_` (`identity.name` → `identity_name`); where two fields would
/// share a name, segments joined by `__`; a keyword as a raw identifier.
pub fn field_names(operation: &Operation) -> Result<Vec<String>, String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names = Vec::new();
    let plain: Vec<String> = operation
        .fields
        .iter()
        .map(|f| field_ident(&f.path, "_"))
        .collect();
    for (field, name) in operation.fields.iter().zip(&plain) {
        let shared = plain.iter().filter(|n| *n == name).count() > 1;
        let mut name = if shared && field.path.contains('.') {
            field_ident(&field.path, "__")
        } else {
            name.clone()
        };
        if NOT_RAW.contains(&name.as_str()) || name == SUPPORT {
            name.push('_');
        }
        if !is_plain_identifier(name.trim_start_matches("r#")) {
            return Err(format!(
                "`{}` of `{}` gives no identifier",
                field.path, operation.operation_id
            ));
        }
        if !taken.insert(name.clone()) {
            return Err(format!(
                "two fields of `{}` are both named `{name}`",
                operation.operation_id
            ));
        }
        names.push(if KEYWORDS.contains(&name.as_str()) {
            format!("r#{name}")
        } else {
            name
        });
    }
    Ok(names)
}

fn field_ident(path: &str, join: &str) -> String {
    path.split('.')
        .map(snake_case)
        .collect::<Vec<_>>()
        .join(join)
}

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The service module of an SDK class: `AccountsApi` → `accounts`, `IAIOutliersApi` →
/// `iai_outliers`.
pub fn service_module(class: &str) -> String {
    snake_case(class.strip_suffix("Api").unwrap_or(class))
}

/// `listAccountsV1` → `ListAccountsV1`.
pub fn pascal_case(id: &str) -> String {
    let mut chars = id.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

pub use crate::render::{escape_doc, limit_bounds};
