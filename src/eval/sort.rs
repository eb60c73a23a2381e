//! Ordering records by checked sorters: a stable sort, and the top `k` of one pass.

use std::cmp::Ordering;
use std::fmt;

use crate::check::CheckedSorters;
use crate::value::{Record, SortValue, compare_for_sort};

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
    ///
    /// Each record's key fields are read and decoded once, when the record is first compared
    /// (a date-time's text read as an instant, a number's kind decided), and kept beside it in
    /// the heap: comparisons then compare the decoded values.
    pub fn top<'r>(&self, records: impl IntoIterator<Item = &'r R>, k: usize) -> Vec<&'r R>
    where
        R: 'r,
    {
        let records = records.into_iter();
        if self.is_empty() || k == 0 {
            return records.take(k).collect();
        }
        let mut heap = KeyedHeap::new(self, k);
        for (position, record) in records.enumerate() {
            heap.offer(position, record);
        }
        heap.into_sorted()
    }
}

/// How one decoded key value compares: the key's direction and case sensitivity.
#[derive(Clone, Copy)]
struct Rule {
    descending: bool,
    case_sensitive: bool,
}

/// Orders two records' decoded key values (as many as the plan has key fields, in order), as
/// [`SortPlan::compare`] orders the records.
fn compare_values(rules: &[Rule], a: &[SortValue<'_>], b: &[SortValue<'_>]) -> Ordering {
    for ((rule, x), y) in rules.iter().zip(a).zip(b) {
        let order = x.compare(*y, rule.case_sensitive);
        let order = if rule.descending {
            order.reverse()
        } else {
            order
        };
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}

/// A record in the heap: its input position and the slot of its decoded values.
struct Entry<'r, R> {
    position: usize,
    record: &'r R,
    slot: usize,
}

impl<R> Clone for Entry<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Entry<'_, R> {}

/// The best `k` records so far, in a max-heap whose root is the worst of them, ordered by
/// their decoded key values and then by input position: a total order whose first `k` are the
/// first `k` of the stable sort. The decoded values live in `values`, `width` per slot; an
/// entry keeps its slot while it moves in the heap, and a record that replaces the root takes
/// the root's slot. Memory is allocated when the heap grows, never per record.
struct KeyedHeap<'p, 'r, R: Record> {
    plan: &'p SortPlan<R>,
    rules: Vec<Rule>,
    width: usize,
    k: usize,
    entries: Vec<Entry<'r, R>>,
    values: Vec<SortValue<'r>>,
    /// The decoded values of the record being offered.
    candidate: Vec<SortValue<'r>>,
}

impl<'p, 'r, R: Record> KeyedHeap<'p, 'r, R> {
    fn new(plan: &'p SortPlan<R>, k: usize) -> Self {
        let rules: Vec<Rule> = plan
            .keys
            .iter()
            .flat_map(|key| {
                key.fields.iter().map(|_| Rule {
                    descending: key.descending,
                    case_sensitive: key.case_sensitive,
                })
            })
            .collect();
        let width = rules.len();
        let room = k.min(4096);
        KeyedHeap {
            plan,
            width,
            k,
            entries: Vec::with_capacity(room),
            values: Vec::with_capacity(room * width),
            candidate: Vec::with_capacity(width),
            rules,
        }
    }

    /// Decodes `record`'s key values onto the end of `into`.
    fn decode(plan: &SortPlan<R>, record: &'r R, into: &mut Vec<SortValue<'r>>) {
        for key in &plan.keys {
            for field in &key.fields {
                into.push(SortValue::of(record.read(field)));
            }
        }
    }

    fn values_of(&self, entry: &Entry<'r, R>) -> &[SortValue<'r>] {
        &self.values[entry.slot * self.width..][..self.width]
    }

    /// Whether `a` comes after `b` in the order.
    fn after(&self, a: &Entry<'r, R>, b: &Entry<'r, R>) -> bool {
        compare_values(&self.rules, self.values_of(a), self.values_of(b))
            .then(a.position.cmp(&b.position))
            .is_gt()
    }

    /// Offers the record at `position`: kept if the heap has room or it is better than the
    /// worst kept, which it then replaces.
    fn offer(&mut self, position: usize, record: &'r R) {
        if self.entries.len() < self.k {
            let slot = self.entries.len();
            Self::decode(self.plan, record, &mut self.values);
            self.entries.push(Entry {
                position,
                record,
                slot,
            });
            self.sift_up(slot);
            return;
        }
        let mut candidate = std::mem::take(&mut self.candidate);
        candidate.clear();
        Self::decode(self.plan, record, &mut candidate);
        let worst = self.entries[0];
        // A later record that ties with the worst comes after it: only a better one replaces
        // it.
        if compare_values(&self.rules, &candidate, self.values_of(&worst)).is_lt() {
            let at = worst.slot * self.width;
            self.values[at..at + self.width].copy_from_slice(&candidate);
            self.entries[0] = Entry {
                position,
                record,
                slot: worst.slot,
            };
            self.sift_down(0);
        }
        self.candidate = candidate;
    }

    fn sift_up(&mut self, mut at: usize) {
        while at > 0 {
            let parent = (at - 1) / 2;
            if !self.after(&self.entries[at], &self.entries[parent]) {
                break;
            }
            self.entries.swap(at, parent);
            at = parent;
        }
    }

    fn sift_down(&mut self, mut at: usize) {
        let len = self.entries.len();
        loop {
            let left = 2 * at + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.after(&self.entries[right], &self.entries[left]) {
                right
            } else {
                left
            };
            if !self.after(&self.entries[child], &self.entries[at]) {
                break;
            }
            self.entries.swap(at, child);
            at = child;
        }
    }

    /// The kept records, best first.
    fn into_sorted(self) -> Vec<&'r R> {
        let KeyedHeap {
            rules,
            width,
            mut entries,
            values,
            ..
        } = self;
        let values_of = |e: &Entry<'r, R>| &values[e.slot * width..][..width];
        entries.sort_unstable_by(|a, b| {
            compare_values(&rules, values_of(a), values_of(b)).then(a.position.cmp(&b.position))
        });
        entries.into_iter().map(|e| e.record).collect()
    }
}
