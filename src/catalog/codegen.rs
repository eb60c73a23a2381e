//! What the generated catalog modules use, under one short name (`cg`), so that the generated
//! source stays small and no field name can shadow it.

// Which names an API's modules use depends on the features built.
#![allow(unused_imports)]

pub(crate) use std::sync::OnceLock;

pub(crate) use crate::builder::types::{
    any, boolean, date_time, integer, number, string_collection, text,
};
pub(crate) use crate::builder::{
    AllowsAnd, AllowsNot, AllowsOr, Endpoint, Field, FieldDecl, Sortable, SupportsCa, SupportsCo,
    SupportsEq, SupportsGe, SupportsGt, SupportsIn, SupportsIsNull, SupportsLe, SupportsLt,
    SupportsNe, SupportsPr, SupportsSw,
};
pub(crate) use crate::filter::Op;
pub(crate) use crate::schema::{Composite, CompositeSet, FieldType, FilterRules, Schema};

pub(crate) use super::operation::{
    Api, COUNT, FILTERS, LIMIT, OFFSET, Operation, OperationField, SORTERS,
};

/// The records of every catalog endpoint: JSON values.
pub(crate) type Json = serde_json::Value;
