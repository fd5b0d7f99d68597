//! bayan turns government press statements into open datasets.
//!
//! Records flow one way through the stages: [`read`] (inputs to raw
//! records) → [`parse`] (title, paragraphs, header facts, boilerplate) →
//! [`normalise`] (clean text, language, ids, dates, money, mentions) →
//! [`write`](mod@write) (CSV, Parquet, JSON-LD) → [`publish`] (the release directory,
//! `datapackage.json`, `SHA256SUMS`). [`pipeline`] drives them; [`record`]
//! is the one type that flows between them and [`schema`] the one definition
//! of the tables. No stage imports a later stage, and none knows the command
//! line ([`cli`]).

pub mod cli;
pub mod config;
pub mod dedup;
pub mod exit;
pub mod map;
pub mod merge;
pub mod normalise;
pub mod parse;
pub mod permissions;
pub mod pipeline;
pub mod publish;
pub mod read;
pub mod record;
pub mod schema;
pub mod storage;
pub mod text;
pub mod write;
