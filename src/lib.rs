//! jixiao (绩效): turns Chinese budget-performance self-evaluation reports into one
//! checked dataset.
//!
//! files → [`read`] → [`model::Document`] → [`forms`] → [`normalize`] → [`rules`] → [`output`]

pub mod batch;
pub mod cli;
pub mod error;
pub mod facts;
pub mod forms;
pub mod i18n;
pub mod limits;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod record;
pub mod rules;
pub mod value;
