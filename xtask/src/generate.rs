//! `generate`: Rust source from the catalog (`catalog/*.json` → `src/catalog/<api>.rs`).
//!
//! Each API becomes one file: one module per service (the Python SDK's `…Api` class, from the
//! operation's tag), and in it one call of the catalog's `operation!` macro per operation (the
//! SDK's method name is the module it makes). The call states the operation's data once — its
//! documentation, its `OPERATION` data (from which its run-time `Schema` is built), and one line
//! per field in the form of `endpoint!`; the macro expands it through the same path as
//! `endpoint!` into the endpoint's marker type and one typed field function per field with the
//! operator, sort and composite traits the endpoint allows.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sailpoint_filters::{FieldType, Op};

use crate::model::{CatalogFile, HeaderRole, Operation, ResponseShape};
use crate::render::*;
use crate::sdk::snake_case;

/// The command that writes the generated source, recorded at the top of every file.
pub const GENERATED_BY: &str =
    "cargo run --manifest-path xtask/Cargo.toml -- generate --catalog catalog --out src/catalog";

/// Names the catalog's own modules use: a service module may not take one.
const RESERVED_MODULES: &[&str] = &[
    "api",
    "catalog",
    "prelude",
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
        let _ = writeln!(
            out,
            "pub mod {module} {{\n    use crate::catalog::prelude::operation;"
        );
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
        "\n/// Every operation of the API, sorted by operationId.\npub(crate) static OPERATIONS: [&crate::catalog::Operation; {}] = [",
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
    let _ = writeln!(out, "\n#![allow(clippy::upper_case_acronyms)]");
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

/// Writes one operation's `operation!` call; returns how many field functions it has.
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
    out.push_str("\n    operation! {\n");
    // The module's documentation: what the call's data does not say (the fields' own
    // documentation, made by the macro, states their types, operators and sortability).
    let mut doc = |line: String| {
        let _ = writeln!(
            out,
            "        ///{}{line}",
            if line.is_empty() { "" } else { " " }
        );
    };
    doc(format!(
        "`{} {full_path}` — {}",
        operation.method,
        escape_doc(&operation.summary)
    ));
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
    if operation.fields.iter().any(|f| !f.ops.is_empty()) {
        doc(format!(
            "* composite operators: {}",
            composites_text(&operation.composites)
        ));
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
    // The operation's data.
    let parameters = parameters_list(&operation.parameters)?;
    let _ = writeln!(
        out,
        "        pub mod {module}: {endpoint} = {api_variant} {} {} {{",
        lit(id),
        lit(&full_path)
    );
    let _ = writeln!(
        out,
        "            tag: {}, summary: {}, sdk: {} {},",
        lit(&operation.tag),
        lit(&operation.summary),
        lit(&operation.sdk.class),
        lit(&operation.sdk.method)
    );
    let _ = writeln!(
        out,
        "            deprecated: {}, parameters: [{parameters}],",
        operation.deprecated
    );
    let _ = writeln!(
        out,
        "            composites: [{}], limit: [{}], rules: [{}],",
        composites_list(&operation.composites),
        limit_list(operation.limit),
        rules_list(&operation.rules)
    );
    let _ = writeln!(
        out,
        "            default_sort: {}, example: {},",
        option_lit(operation.default_sort.as_deref()),
        option_lit(first_example(operation))
    );
    if let Some(line) = response_line(operation) {
        let _ = writeln!(out, "            {line}");
    }
    out.push_str("        }\n");
    // One line per field.
    for (field, name) in operation.fields.iter().zip(&names) {
        let _ = writeln!(out, "        {};", field_line(field, name)?);
    }
    out.push_str("    }\n");
    Ok(operation.fields.len())
}

/// The operation's response, when it is not the plain array every other one has: where the
/// records are (`response: results("count"),` — the wrapper and its total property) and the
/// declared headers (`headers: [total "total-count", fixed "Cache-Control" "private"],`).
fn response_line(operation: &Operation) -> Option<String> {
    let mut line = String::new();
    let shape = match operation.response {
        ResponseShape::Array => None,
        ResponseShape::Results => Some("results"),
        ResponseShape::Items => Some("items"),
        ResponseShape::Object => Some("object"),
        ResponseShape::None => Some("none"),
    };
    if let Some(shape) = shape {
        let total = operation
            .response_total
            .as_deref()
            .map(|t| format!("({})", lit(t)))
            .unwrap_or_default();
        let _ = write!(line, "response: {shape}{total},");
    }
    if !operation.response_headers.is_empty() {
        let headers: Vec<String> = operation
            .response_headers
            .iter()
            .map(|h| {
                let role = match h.role {
                    HeaderRole::Total => "total",
                    HeaderRole::Locale => "locale",
                    HeaderRole::Fixed => "fixed",
                };
                let value = h
                    .value
                    .as_deref()
                    .map(|v| format!(" {}", lit(v)))
                    .unwrap_or_default();
                format!("{role} {}{value}", lit(&h.name))
            })
            .collect();
        let space = if line.is_empty() { "" } else { " " };
        let _ = write!(line, "{space}headers: [{}],", headers.join(", "));
    }
    (!line.is_empty()).then_some(line)
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
        if NOT_RAW.contains(&name.as_str()) {
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
