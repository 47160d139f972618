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
                    // clap's first line names the problem; the rest is a usage hint.
                    let rendered = error.render().to_string();
                    let first = rendered
                        .lines()
                        .next()
                        .unwrap_or("error: invalid arguments");
                    eprintln!("{first} (see `infoplane --help`)");
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
