//! Declared endpoints, one module per endpoint.
//!
//! Each module is one declaration (see [`crate::endpoint!`]): it yields the endpoint's typed
//! field functions, its [`Schema`](crate::Schema), its record accessors and its typed sort keys.

pub mod role_mining_sessions;
