//! Ordering records by checked sorters: a stable sort, and the top `k` of one pass.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt;

use crate::check::CheckedSorters;
use crate::value::{Record, compare_for_sort};

use super::CompileError;

/// Checked sorters resolved for records of type `R`: each key's fields looked up once, ready to
/// order records.
///
/// The order (SPEC §4): keys compare in turn, a descending key reversing its own comparison;
/// null (or missing) sorts after every value ascending, so first descending; text compares
/// after Unicode lowercase mapping unless the field is case-sensitive; values of different
/// kinds order by kind ([`compare_for_sort`]). Records that compare equal keep their input
/// order. A plan with no keys keeps records in their stored order.
///
/// ```
/// use sailpoint_filters::{Schema, Sorters, eval::SortPlan};
/// use serde_json::json;
///
/// let schema = Schema::new("x").with_sortable(["name"]);
/// let checked = Sorters::parse("name")?.check(&schema).unwrap();
/// let plan = SortPlan::<serde_json::Value>::new(&checked)?;
/// let records = [json!({"name": "Émile"}), json!({"name": "zoe"}), json!({"name": "adam"}), json!({})];
/// let names: Vec<_> = plan
///     .top(records.iter(), 3)
///     .into_iter()
///     .map(|r| r["name"].as_str().unwrap())
///     .collect();
/// assert_eq!(names, ["adam", "zoe", "Émile"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SortPlan<R: Record> {
    keys: Vec<PlanKey<R::Field>>,
}

#[derive(Clone, Debug)]
struct PlanKey<F> {
    fields: Vec<F>,
    descending: bool,
    case_sensitive: bool,
}

impl<R: Record> Clone for SortPlan<R> {
    fn clone(&self) -> SortPlan<R> {
        SortPlan {
            keys: self.keys.clone(),
        }
    }
}

impl<R: Record> fmt::Debug for SortPlan<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SortPlan")
            .field("keys", &self.keys)
            .finish()
    }
}

impl<R: Record> Default for SortPlan<R> {
    /// The plan that keeps stored order.
    fn default() -> SortPlan<R> {
        SortPlan { keys: Vec::new() }
    }
}

impl<R: Record> SortPlan<R> {
    /// Resolves each key's fields for records of type `R`; an error when the record type
    /// cannot read one (a defect of the endpoint's declaration, not of the request).
    pub fn new(sorters: &CheckedSorters) -> Result<SortPlan<R>, CompileError> {
        let keys = sorters
            .keys()
            .iter()
            .map(|key| {
                let fields = key
                    .by()
                    .iter()
                    .map(|path| {
                        R::resolve(path.as_str()).ok_or_else(|| CompileError::UnreadableField {
                            field: path.to_string(),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(PlanKey {
                    fields,
                    descending: key.is_descending(),
                    case_sensitive: key.is_case_sensitive(),
                })
            })
            .collect::<Result<_, CompileError>>()?;
        Ok(SortPlan { keys })
    }

    /// Whether the plan has no keys, so that records keep their stored order.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Orders two records: key by key, each key field by field; the first difference decides.
    /// `Equal` means the records tie on every key (a stable sort keeps their input order).
    ///
    /// ```
    /// use std::cmp::Ordering;
    /// use sailpoint_filters::{Schema, Sorters, eval::SortPlan};
    /// use serde_json::json;
    ///
    /// let schema = Schema::new("x").with_sortable(["name"]);
    /// let plan = |text: &str| SortPlan::<serde_json::Value>::new(&Sorters::parse(text).unwrap().check(&schema).unwrap()).unwrap();
    /// let (named, unnamed) = (json!({"name": "RM"}), json!({"name": null}));
    /// assert_eq!(plan("name").compare(&named, &unnamed), Ordering::Less);  // nulls last ascending
    /// assert_eq!(plan("-name").compare(&named, &unnamed), Ordering::Greater); // and first descending
    /// assert_eq!(plan("name").compare(&json!({"name": "rm"}), &named), Ordering::Equal);
    /// ```
    pub fn compare(&self, a: &R, b: &R) -> Ordering {
        for key in &self.keys {
            for field in &key.fields {
                let order = compare_for_sort(a.read(field), b.read(field), key.case_sensitive);
                let order = if key.descending {
                    order.reverse()
                } else {
                    order
                };
                if order.is_ne() {
                    return order;
                }
            }
        }
        Ordering::Equal
    }

    /// Sorts records in place, stably: records that compare equal keep their input order. With
    /// no keys, leaves them as they are.
    pub fn sort(&self, records: &mut [&R]) {
        if !self.is_empty() {
            records.sort_by(|a, b| self.compare(a, b));
        }
    }

    /// The first `k` records of the stable order, reading the records once and keeping only
    /// the best `k` so far (in a heap whose root is the worst of them): what a page of
    /// `offset + limit` records needs, in `O(n log k)` comparisons and `O(k)` memory. With no
    /// keys, the first `k`.
    pub fn top<'r>(&self, records: impl IntoIterator<Item = &'r R>, k: usize) -> Vec<&'r R>
    where
        R: 'r,
    {
        let records = records.into_iter();
        if self.is_empty() || k == 0 {
            return records.take(k).collect();
        }
        let mut heap: BinaryHeap<Ranked<'_, 'r, R>> = BinaryHeap::with_capacity(k.min(4096) + 1);
        for (position, record) in records.enumerate() {
            if heap.len() < k {
                heap.push(Ranked {
                    plan: self,
                    position,
                    record,
                });
            } else if let Some(mut worst) = heap.peek_mut()
                // A later record that ties with the worst comes after it: only a better one
                // replaces it.
                && self.compare(record, worst.record).is_lt()
            {
                worst.position = position;
                worst.record = record;
            }
        }
        heap.into_sorted_vec()
            .into_iter()
            .map(|r| r.record)
            .collect()
    }
}

/// A record with its input position, ordered by the plan and then by position: a total order
/// whose first `k` are the first `k` of the stable sort.
struct Ranked<'p, 'r, R: Record> {
    plan: &'p SortPlan<R>,
    position: usize,
    record: &'r R,
}

impl<R: Record> Ord for Ranked<'_, '_, R> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.plan
            .compare(self.record, other.record)
            .then(self.position.cmp(&other.position))
    }
}

impl<R: Record> PartialOrd for Ranked<'_, '_, R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R: Record> PartialEq for Ranked<'_, '_, R> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl<R: Record> Eq for Ranked<'_, '_, R> {}
