//! Support for testing code that uses this crate: proptest strategies (feature `proptest`) and
//! `arbitrary` generators for fuzzers (feature `arbitrary`).

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
#[cfg(feature = "proptest")]
pub mod strategy;
