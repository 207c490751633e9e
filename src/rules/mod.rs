//! The rule registry.
