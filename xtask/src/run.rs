//! The commands: `extract` and `check-sdk`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::extract::{self, Extracted};
use crate::item_schemas;
use crate::model::{self, CatalogFile};
use crate::sdk;
use crate::spec::{Api, Spec};

/// Options of `extract`.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// The specs directory.
    pub specs: PathBuf,
    /// The catalog directory.
    pub out: PathBuf,
    /// The APIs to read (all when empty).
    pub apis: Vec<String>,
    /// Compare instead of writing.
    pub check: bool,
    /// Print every quirk and reader difference.
    pub verbose: bool,
}

fn chosen(apis: &[String]) -> Result<Vec<Api>, Error> {
    if apis.is_empty() {
        return Ok(Api::ALL.to_vec());
    }
    let mut out = Vec::new();
    for name in apis {
        let api = Api::from_name(name).ok_or_else(|| {
            Error::Usage(format!(
                "unknown API `{name}`; the APIs are: {}",
                Api::ALL.map(Api::name).join(", ")
            ))
        })?;
        if !out.contains(&api) {
            out.push(api);
        }
    }
    out.sort();
    Ok(out)
}

fn say(out: &mut dyn Write, line: &str) -> Result<(), Error> {
    writeln!(out, "{line}").map_err(|source| Error::Io {
        path: "<output>".to_owned(),
        source,
    })
}

/// The file a catalog of `api` is written to.
pub fn catalog_path(dir: &Path, api: Api) -> PathBuf {
    dir.join(format!("{}.json", api.name()))
}

/// Reads the specs, writes (or checks) the catalog files, prints the counts and a summary of
/// rules and quirks.
pub fn extract(options: &ExtractOptions, out: &mut dyn Write) -> Result<(), Error> {
    let apis = chosen(&options.apis)?;
    if !options.specs.is_dir() {
        return Err(Error::Usage(format!(
            "--specs {}: not a directory (it should hold {})",
            options.specs.display(),
            Api::ALL.map(Api::spec_file).join(", ")
        )));
    }
    let mut results = Vec::new();
    let mut responses = Vec::new();
    for api in &apis {
        let path = options.specs.join(api.spec_file());
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "{} is missing (pass --api to read only some APIs)",
                path.display()
            )));
        }
        let spec = Spec::read(&path)?;
        let extracted = extract::extract(*api, &spec)?;
        responses.push((
            *api,
            item_schemas::responses_text(*api, &spec, &extracted.file),
        ));
        results.push((*api, extracted));
    }
    let mut stale = Vec::new();
    if !options.check {
        std::fs::create_dir_all(&options.out).map_err(|source| Error::Io {
            path: options.out.display().to_string(),
            source,
        })?;
    }
    for (api, extracted) in &results {
        let path = catalog_path(&options.out, *api);
        let text = model::to_json_text(&extracted.file).map_err(|source| Error::Json {
            path: path.display().to_string(),
            source,
        })?;
        if options.check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::write(&path, text).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    write_or_check(
        &options.out.join("responses"),
        &responses,
        options.check,
        &mut stale,
    )?;
    report(&results, options.verbose, out)?;
    if !stale.is_empty() {
        return Err(Error::Stale(format!(
            "out of date with the specs: {}; rerun `{}`",
            stale.join(", "),
            model::GENERATED_BY
        )));
    }
    Ok(())
}

/// Writes (or, with `check`, compares) `catalog/responses/<api>.json`, the response item
/// schemas the library's record generator embeds.
fn write_or_check(
    dir: &Path,
    files: &[(Api, String)],
    check: bool,
    stale: &mut Vec<String>,
) -> Result<(), Error> {
    if !check {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?;
    }
    for (api, text) in files {
        let path = dir.join(format!("{}.json", api.name()));
        if check {
            if std::fs::read_to_string(&path).unwrap_or_default() != *text {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::write(&path, text).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    Ok(())
}

fn report(results: &[(Api, Extracted)], verbose: bool, out: &mut dyn Write) -> Result<(), Error> {
    say(out, "GET operations with filters or sorters, per API:")?;
    for (api, extracted) in results {
        let counts = extracted.file.counts;
        say(
            out,
            &format!(
                "  {:<8} {:>4} operations ({} with filters, {} with sorters); {} operations of other methods take filters or sorters and are left out{}",
                api.name(),
                counts.operations,
                counts.with_filters,
                counts.with_sorters,
                counts.other_methods,
                if extracted.other_methods.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", extracted.other_methods.join(", "))
                }
            ),
        )?;
    }
    let header = results
        .iter()
        .map(|(api, _)| format!("{:>8}", api.name()))
        .collect::<String>();
    let mut table = |title: &str, rows: BTreeMap<String, Vec<usize>>| -> Result<(), Error> {
        say(out, &format!("{title}\n  {:<42}{header}", ""))?;
        for (row, counts) in rows {
            say(
                out,
                &format!(
                    "  {row:<42}{}",
                    counts.iter().map(|c| format!("{c:>8}")).collect::<String>()
                ),
            )?;
        }
        Ok(())
    };
    let mut limits: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut types: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, extracted)) in results.iter().enumerate() {
        for operation in &extracted.file.operations {
            let row = match operation.limit {
                None => "no limit parameter".to_owned(),
                Some(limit) => format!(
                    "limit {}..={} (default {})",
                    limit.minimum.map_or("?".to_owned(), |n| n.to_string()),
                    limit.maximum.map_or("?".to_owned(), |n| n.to_string()),
                    limit.default.map_or("none".to_owned(), |n| n.to_string())
                ),
            };
            limits.entry(row).or_insert_with(|| vec![0; results.len()])[i] += 1;
            for field in &operation.fields {
                let row = format!(
                    "{} ({})",
                    field.field_type,
                    if field.ops.is_empty() {
                        "sort only"
                    } else {
                        "filter"
                    }
                );
                types.entry(row).or_insert_with(|| vec![0; results.len()])[i] += 1;
            }
        }
    }
    table("Limit bounds (operations):", limits)?;
    table("Field types (fields):", types)?;
    say(
        out,
        &format!(
            "Rules (operations stating each kind):\n  {:<30}{header}",
            "kind"
        ),
    )?;
    let mut rules: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, extracted)) in results.iter().enumerate() {
        for operation in &extracted.file.operations {
            let mut kinds: Vec<&str> = operation.rules.iter().map(|r| r.kind()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            for kind in kinds {
                rules.entry(kind).or_insert_with(|| vec![0; results.len()])[i] += 1;
            }
        }
    }
    for (kind, counts) in &rules {
        say(
            out,
            &format!(
                "  {kind:<30}{}",
                counts.iter().map(|c| format!("{c:>8}")).collect::<String>()
            ),
        )?;
    }
    say(
        out,
        &format!(
            "Quirks (occurrences, decision):\n  {:<42}{header}",
            "kind / decision"
        ),
    )?;
    let mut quirks: BTreeMap<(String, &str), Vec<usize>> = BTreeMap::new();
    for (i, (_, extracted)) in results.iter().enumerate() {
        for operation in &extracted.file.operations {
            for quirk in &operation.quirks {
                quirks
                    .entry((quirk.kind.clone(), quirk.decision.as_str()))
                    .or_insert_with(|| vec![0; results.len()])[i] += 1;
            }
        }
    }
    for ((kind, decision), counts) in &quirks {
        say(
            out,
            &format!(
                "  {:<42}{}",
                format!("{kind} / {decision}"),
                counts.iter().map(|c| format!("{c:>8}")).collect::<String>()
            ),
        )?;
    }
    let notes: usize = results.iter().map(|(_, e)| e.reader_notes.len()).sum();
    say(
        out,
        &format!(
            "The library's description reader differs from the catalog in {notes} places{}",
            if verbose || notes == 0 {
                "."
            } else {
                " (--verbose lists them)."
            }
        ),
    )?;
    if verbose {
        for (_, extracted) in results {
            for note in &extracted.reader_notes {
                say(out, &format!("  {note}"))?;
            }
        }
        say(out, "Quirks:")?;
        for (api, extracted) in results {
            for operation in &extracted.file.operations {
                for quirk in &operation.quirks {
                    say(
                        out,
                        &format!(
                            "  {api} {} {} [{}]{}{}: {}",
                            operation.operation_id,
                            quirk.kind,
                            quirk.decision.as_str(),
                            quirk
                                .field
                                .as_ref()
                                .map(|f| format!(" field {f}"))
                                .unwrap_or_default(),
                            quirk
                                .example
                                .as_ref()
                                .map(|e| format!(" example `{e}`"))
                                .unwrap_or_default(),
                            quirk.detail
                        ),
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Reads a catalog file.
pub fn read_catalog(path: &Path) -> Result<CatalogFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.display().to_string(),
        source,
    })
}

/// Compares the catalog's SDK names with an unpacked SDK; fails when a name differs.
pub fn check_sdk(
    catalog: &Path,
    sdk_dir: &Path,
    apis: &[String],
    out: &mut dyn Write,
) -> Result<(), Error> {
    let found = sdk::scan(sdk_dir)?;
    let apis: Vec<Api> = if apis.is_empty() {
        Api::ALL
            .into_iter()
            .filter(|api| catalog_path(catalog, *api).is_file())
            .collect()
    } else {
        chosen(apis)?
    };
    if apis.is_empty() {
        return Err(Error::Usage(format!(
            "no catalog files in {}",
            catalog.display()
        )));
    }
    let mut differences = 0;
    for api in apis {
        let file = read_catalog(&catalog_path(catalog, api))?;
        let report = sdk::compare(&file, &found);
        say(
            out,
            &format!(
                "  {:<8} {} of {} names found in the SDK; {} not in it; {} named differently",
                api.name(),
                report.matched,
                file.operations.len(),
                report.absent.len(),
                report.different.len()
            ),
        )?;
        if !report.absent.is_empty() && report.absent.len() <= 10 {
            say(
                out,
                &format!("           not in the SDK: {}", report.absent.join(", ")),
            )?;
        }
        for (id, ours, theirs) in &report.different {
            say(
                out,
                &format!("           {id}: catalog {ours}, SDK {theirs}"),
            )?;
        }
        differences += report.different.len();
    }
    if differences > 0 {
        return Err(Error::Stale(format!(
            "{differences} SDK names differ from the catalog's"
        )));
    }
    Ok(())
}

/// Writes (or, with `check`, compares) `out/<api>.rs` for each catalog file of `catalog`, and
/// prints what each holds. Fails when a file is missing or, with `check`, differs.
pub fn generate(
    catalog: &Path,
    out_dir: &Path,
    check: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let apis: Vec<Api> = Api::ALL
        .into_iter()
        .filter(|api| catalog_path(catalog, *api).is_file())
        .collect();
    if apis.is_empty() {
        return Err(Error::Usage(format!(
            "no catalog files in {}",
            catalog.display()
        )));
    }
    let mut stale = Vec::new();
    for api in apis {
        let file = read_catalog(&catalog_path(catalog, api))?;
        let generated =
            crate::generate::generate(&file).map_err(|e| Error::Usage(e.to_string()))?;
        let path = out_dir.join(format!("{}.rs", api.name()));
        say(
            out,
            &format!(
                "  {:<8} {:>4} operations in {:>3} service modules, {:>5} field functions → {}",
                api.name(),
                generated.operations,
                generated.services,
                generated.fields,
                path.display()
            ),
        )?;
        if check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != generated.source {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::create_dir_all(out_dir).map_err(|source| Error::Io {
                path: out_dir.display().to_string(),
                source,
            })?;
            std::fs::write(&path, &generated.source).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    if !stale.is_empty() {
        return Err(Error::Stale(format!(
            "out of date with the catalog (run `{}`): {}",
            crate::generate::GENERATED_BY,
            stale.join(", ")
        )));
    }
    Ok(())
}

/// Writes the Python package's type stubs of the per-service API's operations
/// (`<service>/__init__.pyi`, `<service>/<sdk_method>.pyi` under `out_dir`), or, with `check`,
/// fails when a stub differs from what the catalog gives or a stub exists that it does not give.
pub fn python_stubs(
    catalog: &Path,
    out_dir: &Path,
    check: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let file = read_catalog(&catalog_path(catalog, Api::Services))?;
    let stubs = crate::stubs::python_stubs(&file).map_err(Error::Usage)?;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    // The stubs there now: every `.pyi` one directory down (the service packages).
    let mut present = Vec::new();
    if let Ok(entries) = std::fs::read_dir(out_dir) {
        for entry in entries.flatten() {
            if !entry.path().is_dir() {
                continue;
            }
            for inner in std::fs::read_dir(entry.path())
                .map_err(io(&entry.path()))?
                .flatten()
            {
                let path = inner.path();
                if path.extension().is_some_and(|e| e == "pyi")
                    && let Ok(relative) = path.strip_prefix(out_dir)
                {
                    present.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    let operations = stubs
        .keys()
        .filter(|k| !k.ends_with("__init__.pyi"))
        .count();
    say(
        out,
        &format!(
            "  {} stub files: {} operations in {} service packages → {}",
            stubs.len(),
            operations,
            stubs.len() - operations,
            out_dir.display()
        ),
    )?;
    let mut stale: Vec<String> = present
        .iter()
        .filter(|p| !stubs.contains_key(*p))
        .map(|p| format!("{p} (not in the catalog)"))
        .collect();
    for (relative, text) in &stubs {
        let path = out_dir.join(relative);
        if check {
            if std::fs::read_to_string(&path).unwrap_or_default() != *text {
                stale.push(relative.clone());
            }
        } else {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, text).map_err(io(&path))?;
        }
    }
    if !check {
        for extra in present.iter().filter(|p| !stubs.contains_key(*p)) {
            let path = out_dir.join(extra);
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
        stale.clear();
    }
    if !stale.is_empty() {
        stale.sort();
        return Err(Error::Stale(format!(
            "Python stubs out of date with the catalog (run `{}`): {}",
            crate::stubs::GENERATED_BY,
            stale.join(", ")
        )));
    }
    Ok(())
}
