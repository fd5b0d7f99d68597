//! The `bayan` binary: parses the command line and maps the outcome of the
//! run to an exit code (see [`bayan::exit`]).

use std::process::ExitCode;

fn main() -> ExitCode {
    bayan::cli::main()
}
