//! `infoplane`: the command-line runner over the same engine as the page.
//!
//! Every failure ends as one line on stderr and a non-zero exit status.

#[cfg(not(target_family = "wasm"))]
mod cli;

#[cfg(not(target_family = "wasm"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

// The CLI is native only; the wasm build of this binary is never used.
#[cfg(target_family = "wasm")]
fn main() {}
