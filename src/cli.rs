//! The `infoplane` command: flag parsing, the run loop with a progress bar,
//! and the output files.

mod args;
mod hsic_cmd;
mod run_cmd;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use args::{Cli, Command};

/// Exit status for bad flags or input (clap uses 2 as well).
const EXIT_USAGE: u8 = 2;
/// Exit status when a run started but failed (e.g. diverged).
const EXIT_FAILURE: u8 = 1;

pub fn main() -> ExitCode {
    install_panic_hook();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            return match error.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = error.print();
                    ExitCode::SUCCESS
                }
                _ => {
                    // clap's first paragraph names the problem (a missing
                    // argument on its own line); the rest is a usage hint.
                    let rendered = error.render().to_string();
                    let problem = rendered
                        .lines()
                        .take_while(|line| !line.trim().is_empty())
                        .map(str::trim)
                        .collect::<Vec<_>>()
                        .join(" ");
                    let problem = if problem.is_empty() {
                        "error: invalid arguments".to_string()
                    } else {
                        problem
                    };
                    eprintln!("{problem} (see `infoplane --help`)");
                    ExitCode::from(EXIT_USAGE)
                }
            };
        }
    };

    let result = match cli.command {
        Command::Run(args) => run_cmd::run(*args),
        Command::Hsic(args) => hsic_cmd::run(args),
        Command::Presets => {
            for preset in infoplane::presets::PRESETS.iter() {
                println!("{:<14} {}", preset.name, preset.description);
            }
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(CliError::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Input files larger than this are refused before parsing (the CSV
/// parser's row cap would refuse them anyway, after reading them whole).
const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads a whole input file, refusing what is not a plain readable file or
/// is larger than [`MAX_INPUT_BYTES`] (`/dev/zero` would never end).
fn read_input(path: &std::path::Path) -> Result<String, CliError> {
    use std::io::Read;

    let cannot =
        |e: std::io::Error| CliError::Usage(format!("cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut text = String::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(cannot)?;
    if text.len() as u64 > MAX_INPUT_BYTES {
        return Err(CliError::Usage(format!(
            "{} is larger than {} MiB",
            path.display(),
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(text)
}

/// A failure, reported once as one line.
#[derive(Debug)]
pub enum CliError {
    /// The input (flags, files) is wrong.
    Usage(String),
    /// The input was fine but the work failed.
    Failed(String),
}

/// A panic is a bug, but the user still gets one line, not a backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error{location}: {message} (please report this)");
    }));
}
