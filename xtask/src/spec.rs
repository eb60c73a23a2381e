//! Reading one OpenAPI document: YAML (or JSON) into a JSON tree, local `$ref`s followed.

use std::path::Path;

use serde_json::Value;

use crate::Error;

/// The APIs SailPoint publishes, each in its own file of the specs directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// The per-service API (`/accounts/v1`, `/role-mining-sessions/v1`, …).
    Services,
    /// `/v3/…`
    V3,
    /// `/beta/…`
    Beta,
    /// `/v2024/…`
    V2024,
    /// `/v2025/…`
    V2025,
    /// `/v2026/…`
    V2026,
}

impl Api {
    /// Every API, in the order the catalog lists them.
    pub const ALL: [Api; 6] = [
        Api::Services,
        Api::V3,
        Api::Beta,
        Api::V2024,
        Api::V2025,
        Api::V2026,
    ];

    /// The name used on the command line and as the catalog file's stem.
    pub const fn name(self) -> &'static str {
        match self {
            Api::Services => "services",
            Api::V3 => "v3",
            Api::Beta => "beta",
            Api::V2024 => "v2024",
            Api::V2025 => "v2025",
            Api::V2026 => "v2026",
        }
    }

    /// The spec's file name in sailpoint-oss/api-specs.
    pub const fn spec_file(self) -> &'static str {
        match self {
            Api::Services => "sailpoint-api.yaml",
            Api::V3 => "sailpoint-api.v3.yaml",
            Api::Beta => "sailpoint-api.beta.yaml",
            Api::V2024 => "sailpoint-api.v2024.yaml",
            Api::V2025 => "sailpoint-api.v2025.yaml",
            Api::V2026 => "sailpoint-api.v2026.yaml",
        }
    }

    /// The API named `name`, if any.
    pub fn from_name(name: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|api| api.name() == name)
    }
}

impl std::fmt::Display for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One parsed OpenAPI document.
#[derive(Debug)]
pub struct Spec {
    /// The whole document.
    pub root: Value,
}

/// How many `$ref`s one lookup may follow before giving up (a chain of references to
/// references; cycles are caught by the same bound).
const MAX_REF_CHAIN: usize = 32;

impl Spec {
    /// Reads and parses the file at `path`.
    pub fn read(path: &Path) -> Result<Spec, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Spec::parse(&text).map_err(|reason| Error::Spec {
            path: path.display().to_string(),
            reason,
        })
    }

    /// Parses a document given as YAML (of which JSON is a subset).
    pub fn parse(text: &str) -> Result<Spec, String> {
        let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| e.to_string())?;
        let root = to_json(yaml, 0)?;
        if !root.is_object() {
            return Err("the document is not a mapping".to_owned());
        }
        if root.get("paths").and_then(Value::as_object).is_none() {
            return Err("the document has no `paths` mapping".to_owned());
        }
        Ok(Spec { root })
    }

    /// The node itself, or the target of its `$ref` (followed through chains of references).
    /// Only local references (`#/…`) exist in SailPoint's specs; any other is an error.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> Result<&'a Value, String> {
        for _ in 0..MAX_REF_CHAIN {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Ok(node);
            };
            node = self.target(reference)?;
        }
        Err(format!(
            "more than {MAX_REF_CHAIN} references in a chain (a cycle?)"
        ))
    }

    /// The node a local reference points to.
    pub fn target(&self, reference: &str) -> Result<&Value, String> {
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("`{reference}` is not a local reference"))?;
        self.root
            .pointer(pointer)
            .ok_or_else(|| format!("`{reference}` points to nothing"))
    }

    /// A string under `info` (`title`, `version`).
    pub fn info(&self, key: &str) -> Option<&str> {
        self.root.get("info")?.get(key)?.as_str()
    }

    /// The path part of the first server URL: `/v3` for `https://{tenant}.api.identitynow.com/v3`,
    /// empty when the URL has none.
    pub fn base_path(&self) -> String {
        let url = self
            .root
            .get("servers")
            .and_then(Value::as_array)
            .and_then(|servers| servers.first())
            .and_then(|server| server.get("url"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(slash) => after_scheme[slash..].trim_end_matches('/').to_owned(),
            None => String::new(),
        }
    }
}

/// YAML nests no deeper than this in any spec; deeper input is refused rather than recursed into.
const MAX_DEPTH: usize = 256;

/// A YAML value as JSON. Mapping keys that are numbers or booleans (`200:` for a response code)
/// become their text; other non-text keys are refused.
fn to_json(value: serde_norway::Value, depth: usize) -> Result<Value, String> {
    use serde_norway::Value as Y;
    if depth > MAX_DEPTH {
        return Err(format!("the document nests deeper than {MAX_DEPTH} levels"));
    }
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| to_json(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut object = serde_json::Map::new();
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("a mapping key that is not text: {other:?}")),
                };
                object.insert(key, to_json(item, depth + 1)?);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => to_json(tagged.value, depth + 1)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_keys_become_text_and_refs_resolve() {
        let spec = Spec::parse(
            "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\nresponses:\n  200: {description: ok}\n",
        )
        .unwrap();
        assert!(spec.root["responses"]["200"].is_object());
        let a = &spec.root["components"]["schemas"]["A"];
        assert_eq!(spec.resolve(a).unwrap()["type"], "string");
    }

    #[test]
    fn reference_cycles_and_external_references_are_errors() {
        let spec = Spec::parse(
            "paths: {}\nx: {$ref: '#/y'}\ny: {$ref: '#/x'}\nz: {$ref: 'other.yaml#/a'}\nw: {$ref: '#/nowhere'}\n",
        )
        .unwrap();
        assert!(spec.resolve(&spec.root["x"]).unwrap_err().contains("cycle"));
        assert!(
            spec.resolve(&spec.root["z"])
                .unwrap_err()
                .contains("not a local")
        );
        assert!(
            spec.resolve(&spec.root["w"])
                .unwrap_err()
                .contains("points to nothing")
        );
    }

    #[test]
    fn documents_without_paths_are_refused() {
        assert!(Spec::parse("openapi: 3.0.1").unwrap_err().contains("paths"));
        assert!(
            Spec::parse("- a\n- b")
                .unwrap_err()
                .contains("not a mapping")
        );
        assert!(Spec::parse("paths: [unclosed").is_err());
    }

    #[test]
    fn base_path_is_the_server_url_path() {
        let spec =
            Spec::parse("paths: {}\nservers:\n  - url: https://{tenant}.api.identitynow.com/v3\n")
                .unwrap();
        assert_eq!(spec.base_path(), "/v3");
        let spec =
            Spec::parse("paths: {}\nservers:\n  - url: https://{tenant}.api.identitynow.com\n")
                .unwrap();
        assert_eq!(spec.base_path(), "");
    }
}
