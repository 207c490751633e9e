//! The form interpreter.
