//! The editor server (SPEC §5).
