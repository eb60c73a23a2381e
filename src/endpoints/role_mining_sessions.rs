//! `GET /role-mining-sessions` (in progress)
