//! Exit codes: one per outcome a cron wrapper must tell apart.
//!
//! They are documented in the README and in `bayan --help`; change them only
//! together with both.

use std::process::ExitCode;

/// The outcome of a run, as the process reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The dataset was written. Rejects alone are not a failure.
    Success,
    /// Something unexpected went wrong inside bayan.
    Failure,
    /// The command line or configuration is wrong; nothing was done.
    Usage,
    /// `--strict` was given and at least one input was rejected; nothing was
    /// published.
    StrictRejects,
    /// An input or the output could not be read or written.
    Io,
    /// Another run holds the output directory's lock; nothing was done.
    Locked,
    /// `bayan validate` found problems in the release.
    Invalid,
}

impl Outcome {
    /// The numeric code, as the README's table lists it.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Failure => 1,
            Outcome::Usage => 2,
            Outcome::StrictRejects => 3,
            Outcome::Io => 4,
            Outcome::Locked => 5,
            Outcome::Invalid => 6,
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        ExitCode::from(outcome.code())
    }
}

/// The text of the exit-code table shown in `--help`.
pub const HELP_TABLE: &str = "\
Exit codes:
  0  the dataset was written (rejects alone are not a failure)
  1  an unexpected internal error
  2  bad command line or configuration; nothing was done
  3  --strict was given and an input was rejected; nothing was published
  4  an input or the output directory could not be read or written
  5  another run holds the output directory's lock; nothing was done
  6  bayan validate found problems in the release";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_table_lists_every_code() {
        for outcome in [
            Outcome::Success,
            Outcome::Failure,
            Outcome::Usage,
            Outcome::StrictRejects,
            Outcome::Io,
            Outcome::Locked,
            Outcome::Invalid,
        ] {
            let line = format!("  {}  ", outcome.code());
            assert!(
                HELP_TABLE.contains(&line),
                "code {} missing",
                outcome.code()
            );
        }
    }
}
