//! Library errors. Each carries a stable dotted code (`docx.damaged`, `pdf.encrypted`
//! …) that ends up in the record's `errors[]` and in files.csv.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ReadError {
    #[error("file is empty")]
    Empty,
    #[error("unrecognised file format: {0}")]
    UnknownFormat(String),
    #[error("{format} file is damaged: {message}")]
    Damaged {
        format: &'static str,
        message: String,
    },
    #[error("{format} file is encrypted")]
    Encrypted { format: &'static str },
    #[error("limit exceeded: {what} ({detail})")]
    Limit { what: &'static str, detail: String },
    #[error("{format} files are not supported by this build: {message}")]
    Unsupported {
        format: &'static str,
        message: String,
    },
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
}

impl ReadError {
    pub fn damaged(format: &'static str, message: impl ToString) -> ReadError {
        ReadError::Damaged {
            format,
            message: message.to_string(),
        }
    }

    pub fn limit(what: &'static str, detail: impl ToString) -> ReadError {
        ReadError::Limit {
            what,
            detail: detail.to_string(),
        }
    }

    /// The stable code users filter on.
    pub fn code(&self) -> String {
        match self {
            ReadError::Empty => "file.empty".into(),
            ReadError::UnknownFormat(_) => "file.unknown_format".into(),
            ReadError::Damaged { format, .. } => format!("{format}.damaged"),
            ReadError::Encrypted { format } => format!("{format}.encrypted"),
            ReadError::Limit { what, .. } => format!("limit.{what}"),
            ReadError::Unsupported { format, .. } => format!("{format}.unsupported"),
            ReadError::Io(_) => "file.io".into(),
        }
    }
}

#[derive(Debug, Error)]
pub enum PatternError {
    #[error("cannot read pattern file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("pattern file {path} is invalid: {message}")]
    Invalid { path: String, message: String },
}
