//! Training curves: loss, and train/test accuracy, against epoch, in two
//! panels side by side.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor, WHITE};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;
use super::axes::{self, Chart2d, Frame};
use super::font::init_fonts;
use super::marks::{self, LegendEntry, LineKind, Marker};
use super::palette::{LAYER_COLORS, OUTPUT_LAYER_COLOR};
use super::style::{MUTED_TEXT_COLOR, PlotStyle};
use crate::metrics::{History, Snapshot};

const PAD_FRAC: f64 = 0.06;
const LEGEND_MAX_FRAC: f64 = 0.25;
/// Few epoch labels: each of the two panels is narrow.
const X_LABELS: usize = 3;
const Y_LABELS: usize = 6;
/// The shortest epoch axis drawn.
const MIN_EPOCH_SPAN: usize = 10;
/// Colour of the vertical lines at mode switches.
const SWITCH_COLOR: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// Colour of run `run_index` in the curves.
fn run_color(run_index: usize) -> RGBColor {
    const RUN_COLORS: [RGBColor; 4] = [
        LAYER_COLORS[0],
        OUTPUT_LAYER_COLOR,
        LAYER_COLORS[2],
        LAYER_COLORS[3],
    ];
    RUN_COLORS[run_index % RUN_COLORS.len()]
}

/// Draws the training loss (left panel) and the train and test accuracy
/// (right panel) of each run against epoch.
///
/// One colour per run; train solid, test dashed. A dashed grey vertical
/// line marks each epoch in `History::mode_switches`, labelled with the
/// mode that took over. Non-finite values are skipped; with no snapshot the
/// axes are drawn empty with a note.
///
/// # Errors
/// [`PlotError::Draw`] when the backend fails.
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[&History],
    style: &PlotStyle,
) -> Result<(), PlotError> {
    init_fonts();
    area.fill(&WHITE)?;

    let entries = legend_entries(runs);
    let (charts_area, legend_area) =
        marks::split_legend_column(area, &entries, LEGEND_MAX_FRAC, style)?;
    let panels = charts_area.split_evenly((1, 2));
    let snapshots = || runs.iter().flat_map(|run| &run.snapshots);

    // Epochs count from 0; a run's first snapshots still get a readable
    // axis of whole epochs.
    let last_epoch = snapshots().map(|snap| snap.epoch).max().unwrap_or(0);
    let x_range = (0.0, last_epoch.max(MIN_EPOCH_SPAN) as f64);

    let loss = axes::padded_range(snapshots().map(|snap| snap.train_loss), PAD_FRAC, 0.1);
    let accuracy = axes::padded_range(
        snapshots().flat_map(|snap| [snap.train_accuracy, snap.test_accuracy]),
        PAD_FRAC,
        0.1,
    );
    // Neither a loss nor an accuracy goes below zero; the padding should not
    // suggest otherwise.
    let loss_range = loss.map_or((0.0, 1.0), |(lo, hi)| (lo.max(0.0), hi));
    let accuracy_range = accuracy.map_or((0.0, 1.0), |(lo, hi)| (lo.max(0.0), hi));

    let panel_specs: [(&str, (f64, f64), &[Metric]); 2] = [
        ("train loss", loss_range, &[Metric::TrainLoss]),
        (
            "accuracy",
            accuracy_range,
            &[Metric::TrainAccuracy, Metric::TestAccuracy],
        ),
    ];
    for (panel, (caption, y_range, metrics)) in panels.iter().zip(panel_specs) {
        let frame = Frame::captioned(style);
        let mut chart = frame
            .builder(panel)
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
        draw_mesh(&mut chart, x_range, y_range, caption, style)?;
        if loss.is_none() {
            axes::draw_centered_note(
                &chart.plotting_area().strip_coord_spec(),
                "no snapshots yet",
                style,
            )?;
        }
        draw_switches(&chart, runs, y_range, style)?;
        for (run_index, run) in runs.iter().enumerate().rev() {
            for &metric in metrics {
                draw_metric(&chart, run, run_index, metric, style)?;
            }
        }
    }

    marks::draw_legend(
        &legend_area,
        &entries,
        Frame::captioned(style).top_px,
        style,
    )?;
    Ok(())
}

/// One quantity of a snapshot plotted against epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    TrainLoss,
    TrainAccuracy,
    TestAccuracy,
}

impl Metric {
    fn value(self, snap: &Snapshot) -> f64 {
        match self {
            Metric::TrainLoss => snap.train_loss,
            Metric::TrainAccuracy => snap.train_accuracy,
            Metric::TestAccuracy => snap.test_accuracy,
        }
    }

    fn line(self) -> LineKind {
        if self == Metric::TestAccuracy {
            LineKind::Dashed
        } else {
            LineKind::Solid
        }
    }
}

fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    y_caption: &str,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let x_ticks = axes::tick_formatter(x_range, X_LABELS);
    let y_ticks = axes::tick_formatter(y_range, Y_LABELS);
    chart
        .configure_mesh()
        .x_labels(X_LABELS)
        .y_labels(Y_LABELS)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .label_style(style.tick_font())
        .axis_desc_style(style.caption_font())
        .x_desc("epoch")
        .y_desc(y_caption)
        .bold_line_style(axes::GRID_COLOR)
        .light_line_style(axes::MINOR_GRID_COLOR)
        .max_light_lines(2)
        .axis_style(axes::AXIS_COLOR)
        .draw()?;
    Ok(())
}

fn draw_metric<DB: DrawingBackend>(
    chart: &Chart2d<'_, DB>,
    run: &History,
    run_index: usize,
    metric: Metric,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let color = run_color(run_index);
    let points: Vec<_> = run
        .snapshots
        .iter()
        .map(|snap| (snap.epoch as f64, metric.value(snap)))
        .filter(|(_, value)| value.is_finite())
        .collect();
    let plot = chart.plotting_area();
    marks::draw_polyline(plot, points.clone(), color, metric.line(), style)?;
    // Markers show where the snapshots are, and a lone snapshot at all.
    let filled = metric != Metric::TestAccuracy;
    for point in points {
        marks::draw_marker(
            plot,
            point,
            Marker::Circle,
            style.px(2.5),
            color,
            filled,
            style,
        )?;
    }
    Ok(())
}

/// A vertical dashed line at each mode switch of any run, labelled with
/// the mode that took over; runs that switched at the same epoch share one.
fn draw_switches<DB: DrawingBackend>(
    chart: &Chart2d<'_, DB>,
    runs: &[&History],
    y_range: (f64, f64),
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let mut switches: Vec<(usize, String)> = Vec::new();
    for run in runs {
        for &epoch in &run.mode_switches {
            if switches.iter().any(|(seen, _)| *seen == epoch) {
                continue;
            }
            let label = run
                .snapshots
                .iter()
                // The snapshot at the switch epoch itself predates the switch.
                .find(|snap| snap.epoch > epoch)
                .map_or_else(
                    || "mode switch".to_string(),
                    |snap| format!("→ {}", snap.mode.name()),
                );
            switches.push((epoch, label));
        }
    }

    let plot = chart.plotting_area();
    let (base_x, base_y) = plot.get_base_pixel();
    let plot_width = i32::try_from(plot.dim_in_pixel().0).unwrap_or(i32::MAX);
    let font = style.legend_font().color(&MUTED_TEXT_COLOR);
    let shift = style.px(4.0);
    for (epoch, label) in switches {
        let x = epoch as f64;
        marks::draw_polyline(
            plot,
            vec![(x, y_range.0), (x, y_range.1)],
            SWITCH_COLOR,
            LineKind::Dashed,
            style,
        )?;
        let (px, py) = chart.backend_coord(&(x, y_range.1));
        let line_x = px - base_x;
        // Text is not clipped to the plot: put the label on the side of the
        // line with room for it, so it never runs into the legend.
        let width = plot
            .estimate_text_size(&label, &font)
            .map_or(0, |(w, _)| i32::try_from(w).unwrap_or(i32::MAX));
        let room_right = plot_width - line_x - shift;
        let (anchor, text_x) = if width <= room_right || room_right >= line_x - shift {
            (HPos::Left, line_x + shift)
        } else {
            (HPos::Right, line_x - shift)
        };
        plot.strip_coord_spec().draw_text(
            &label,
            &font.pos(Pos::new(anchor, VPos::Top)),
            (text_x, py - base_y + shift),
        )?;
    }
    Ok(())
}

fn legend_entries(runs: &[&History]) -> Vec<LegendEntry> {
    let mut entries = Vec::new();
    if !runs.is_empty() {
        entries.push(LegendEntry::heading(if runs.len() > 1 {
            "runs"
        } else {
            "run"
        }));
    }
    for (run_index, run) in runs.iter().enumerate() {
        entries.push(LegendEntry::line(
            run.name.clone(),
            run_color(run_index),
            LineKind::Solid,
        ));
    }
    entries.push(LegendEntry::heading(""));
    entries.push(LegendEntry::line(
        "train",
        MUTED_TEXT_COLOR,
        LineKind::Solid,
    ));
    entries.push(LegendEntry::line(
        "test",
        MUTED_TEXT_COLOR,
        LineKind::Dashed,
    ));
    entries
}
