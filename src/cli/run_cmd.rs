//! `infoplane run`: build the configuration from the preset and flags, train
//! with a progress bar, write the metrics and figures.

use std::fs;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use infoplane::backend::{self, BackendChoice};
use infoplane::config::RunConfig;
use infoplane::data::{self, DatasetKind};
use infoplane::plot::{self, PlotStyle};
use infoplane::presets;
use infoplane::session::{Session, SessionError};
use infoplane::train::Mode;

use super::CliError;
use super::args::{ModeArg, RunArgs};

/// Longer runs are a typo, not an experiment (the paper preset takes 3000).
const MAX_EPOCHS: usize = 10_000_000;

/// Size of the SVG figures, in CSS pixels.
const FIGURE_SIZE_PX: (u32, u32) = (900, 600);

pub fn run(args: RunArgs) -> Result<(), CliError> {
    let (config, modes) = config_from_args(&args)?;
    let dataset = match &args.csv {
        Some(path) => {
            let text = super::read_input(path)?;
            Some(
                data::parse_csv(&text)
                    .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?,
            )
        }
        None => None,
    };
    fs::create_dir_all(&args.out)
        .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", args.out.display())))?;
    check_writable(&args.out)?;

    let device = match BackendChoice::from(args.backend) {
        BackendChoice::Gpu => backend::native_gpu_device(),
        _ => backend::cpu_device(),
    };
    let started = Instant::now();
    let mut session = pollster::block_on(Session::new(
        config.clone(),
        dataset,
        &modes.modes(),
        device,
    ))
    .map_err(start_error)?;
    warn_if_stages_unfinished(&config, &modes);

    let epochs = config.train.epochs;
    let progress = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(epochs as u64)
    };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} epochs  {elapsed_precise}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    pollster::block_on(session.snapshot()).map_err(session_error)?;
    for _ in 0..epochs {
        session.train_epoch();
        progress.inc(1);
        if session.snapshot_due() || session.epoch() == epochs {
            pollster::block_on(session.snapshot()).map_err(session_error)?;
            progress.set_message(summary(&session));
        }
    }
    progress.finish_and_clear();
    let elapsed_secs = started.elapsed().as_secs_f64();

    write_outputs(&session, &args.out)?;
    println!("{}", summary(&session));
    println!(
        "{epochs} epochs in {elapsed_secs:.1} s; wrote {}",
        args.out.display()
    );
    Ok(())
}

/// The preset (or defaults) with every given flag applied, and the modes.
pub fn config_from_args(args: &RunArgs) -> Result<(RunConfig, ModeArg), CliError> {
    let mut config = match &args.preset {
        Some(name) => (presets::find(name)
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "unknown preset '{name}'; choose one of: {}",
                    presets::names().join(", ")
                ))
            })?
            .config)(),
        None => RunConfig::default(),
    };

    if let Some(kind) = args.dataset {
        config.data.kind = kind.into();
    }
    if args.csv.is_some() {
        config.data.kind = DatasetKind::Csv;
    }
    set(&mut config.data.num_samples, args.samples);
    set(&mut config.data.noise, args.noise);
    set(&mut config.data.train_frac, args.train_frac);
    set(&mut config.data.spiral_classes, args.spiral_classes);
    set(&mut config.data.spiral_turns, args.spiral_turns);
    set(&mut config.model.hidden_widths, args.hidden.clone());
    set(
        &mut config.model.activation,
        args.activation.map(Into::into),
    );
    set(&mut config.model.head, args.head.map(Into::into));
    set(&mut config.train.epochs, args.epochs);
    set(&mut config.train.epochs_per_stage, args.epochs_per_stage);
    set(&mut config.train.optimizer, args.optimizer.map(Into::into));
    set(&mut config.train.learning_rate, args.lr);
    set(&mut config.train.momentum, args.momentum);
    set(&mut config.train.weight_decay, args.weight_decay);
    set(&mut config.train.batch_size, args.batch_size);
    set(&mut config.seed, args.seed);
    set(&mut config.hsic.snapshot_every, args.snapshot_every);
    set(&mut config.hsic.eval_samples, args.hsic_samples);
    set(&mut config.hsic.estimator, args.estimator.map(Into::into));
    set(&mut config.hsic.bandwidth, args.bandwidth.map(Into::into));
    set(&mut config.hsic.sigma, args.sigma);

    if !(1..=MAX_EPOCHS).contains(&config.train.epochs) {
        return Err(CliError::Usage(format!(
            "--epochs must be 1 to {MAX_EPOCHS}, got {}",
            config.train.epochs
        )));
    }
    config.validate().map_err(CliError::Usage)?;

    let mode = args.mode.unwrap_or(match config.train.mode {
        Mode::E2e => ModeArg::E2e,
        Mode::Layerwise => ModeArg::Layerwise,
        Mode::LayerwiseSeq => ModeArg::LayerwiseSeq,
    });
    // The recorded configuration names the mode that ran (with `both`, the
    // first of its runs; `runs` in metrics.json lists them all).
    config.train.mode = mode.modes()[0];
    Ok((config, mode))
}

fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *target = value;
    }
}

/// Fails now, not after the training, if `--out` cannot take the files.
fn check_writable(out: &Path) -> Result<(), CliError> {
    let probe = out.join(".infoplane-write-check");
    fs::write(&probe, b"")
        .and_then(|()| fs::remove_file(&probe))
        .map_err(|e| CliError::Usage(format!("cannot write into {}: {e}", out.display())))
}

/// Everything that stops a session from starting comes from the input
/// (data, settings, too few samples for nHSIC), except a failed read-back.
fn start_error(error: SessionError) -> CliError {
    match error {
        SessionError::ReadBack(_) => CliError::Failed(error.to_string()),
        _ => CliError::Usage(error.to_string()),
    }
}

/// A greedy run shorter than its stages never trains the later layers or
/// the classifier; say so rather than report a silent 50 %.
fn warn_if_stages_unfinished(config: &RunConfig, modes: &ModeArg) {
    if !modes.modes().contains(&Mode::LayerwiseSeq) {
        return;
    }
    let stages = config.model.hidden_widths.len() + 1;
    let needed = stages * config.train.epochs_per_stage;
    if config.train.epochs < needed {
        eprintln!(
            "warning: layerwise-seq trains {} hidden layers and the classifier for {} epochs \
             each ({needed} in all), but --epochs is {}: later stages never train. \
             Raise --epochs or lower --epochs-per-stage.",
            stages - 1,
            config.train.epochs_per_stage,
            config.train.epochs
        );
    }
}

fn session_error(error: SessionError) -> CliError {
    match error {
        SessionError::Data(_) | SessionError::Config(_) => CliError::Usage(error.to_string()),
        _ => CliError::Failed(error.to_string()),
    }
}

/// "e2e: test 0.97 | layerwise: test 0.81" for the latest snapshots.
fn summary(session: &Session) -> String {
    session
        .histories()
        .iter()
        .filter_map(|h| {
            h.last().map(|s| {
                format!(
                    "{}: loss {:.3} train {:.3} test {:.3}",
                    h.name, s.train_loss, s.train_accuracy, s.test_accuracy
                )
            })
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn write_outputs(session: &Session, out: &Path) -> Result<(), CliError> {
    let metrics = session.metrics_file();
    let histories = session.histories();
    let estimator = session.config().hsic.estimator.name();
    let style = PlotStyle::default();
    let info_plane = plot::info_plane_svg(&histories, estimator, FIGURE_SIZE_PX, &style)
        .map_err(|e| CliError::Failed(format!("drawing the information plane: {e}")))?;
    let curves = plot::curves_svg(&histories, FIGURE_SIZE_PX, &style)
        .map_err(|e| CliError::Failed(format!("drawing the curves: {e}")))?;

    let files = [
        ("metrics.json", metrics.to_json()),
        ("metrics.csv", metrics.to_csv()),
        ("info_plane.svg", info_plane),
        ("curves.svg", curves),
    ];
    for (name, content) in files {
        let path = out.join(name);
        fs::write(&path, content)
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}
