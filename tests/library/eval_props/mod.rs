//! Property tests of evaluation (SPEC §3).
//!
//! * The compiled matcher agrees with [`reference`], a plain recursive interpretation of SPEC §3
//!   (`tests/common/reference.rs`), on generated filters over a fixed schema
//!   (`eval_fixture::schema`) and generated JSON records — and with the typed form of those
//!   records.
//! * A typed `RoleMiningSession` evaluates like its `serde_json` serialization.
//! * `not f` is the complement of `f`; De Morgan's laws hold.
//! * Matching allocates nothing.
//!
//! Filters and records draw from small shared pools (equal values in different case, shared
//! prefixes, equal instants at different offsets, integers next to floats, nulls), so that a
//! good part of the conditions hold. `generated_cases_are_not_trivial` checks that they do.
//!
//! The whole module runs in a few seconds in debug builds: 256 cases per property, at most 8
//! records and 4 levels of `and`/`or`/`not` per case.

use std::cmp::Ordering;

use proptest::prelude::*;
use proptest::sample::select;
use sailpoint_filters::builder::Endpoint;
use sailpoint_filters::endpoints::role_mining_sessions::{
    CreatedBy, RoleMiningSession, RoleMiningSessions, SessionState, SessionStatus, SessionType,
};
use sailpoint_filters::eval::{Matcher, compile};
use sailpoint_filters::{
    CmpOp, DateTime, FieldPath, FieldType, Filter, FilterKind, ListOp, Op, Record, Schema, Syntax,
    Value as FValue,
};
use serde_json::{Value as Json, json};

use crate::common::eval_fixture::{Doc, doc_from_json, schema};
use crate::common::reference::reference;
use crate::common::{date_text, records};
use crate::counting_alloc::allocations_during;

mod generators;
mod properties;
mod sessions;

use generators::*;
use sessions::*;
