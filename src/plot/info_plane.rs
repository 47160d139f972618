//! The HSIC information plane: each layer's trajectory in the
//! (nHSIC(X;Z), nHSIC(Y;Z)) plane over the snapshots of a run.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, WHITE};

use super::PlotError;
use super::axes::{self, Frame};
use super::font::init_fonts;
use super::marks::{self, LegendEntry, LineKind};
use super::palette::{layer_label, series_layer_color};
use super::style::PlotStyle;
use crate::metrics::History;

/// Fraction of the data span left empty on each side of the axes.
const PAD_FRAC: f64 = 0.08;
/// Smallest span of an axis, so one snapshot still gets a readable scale.
const MIN_SPAN: f64 = 0.05;
/// Widest the legend column may grow, as a fraction of the plot's width.
const LEGEND_MAX_FRAC: f64 = 0.3;

/// Draws the information plane of one run, or of two runs to compare.
///
/// x is nHSIC(X;Z) and y nHSIC(Y;Z); each layer (hidden layers 1…L, then
/// the output layer) is one trajectory through its snapshots, in the
/// layer's colour, with the latest snapshot marked by a large filled marker.
/// The first run is drawn solid with circles, the second dashed with
/// triangles; the legend column on the right names the layers and the runs.
/// `estimator_label` is the estimator's name (e.g. "paper", "cka") and
/// appears in both axis captions. Non-finite values are skipped; with no
/// snapshot at all the axes are drawn empty with a note.
///
/// # Errors
/// [`PlotError::Draw`] when the backend fails.
pub fn draw_info_plane<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[&History],
    estimator_label: &str,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    init_fonts();
    area.fill(&WHITE)?;

    let entries = legend_entries(runs);
    let (chart_area, legend_area) =
        marks::split_legend_column(area, &entries, LEGEND_MAX_FRAC, style)?;

    let values = runs
        .iter()
        .flat_map(|run| &run.snapshots)
        .flat_map(|snap| &snap.layers);
    let x_range = axes::padded_range(
        values.clone().map(|layer| layer.nhsic_xz),
        PAD_FRAC,
        MIN_SPAN,
    );
    let y_range = axes::padded_range(values.map(|layer| layer.nhsic_yz), PAD_FRAC, MIN_SPAN);
    let has_data = x_range.is_some() && y_range.is_some();
    let x_range = x_range.unwrap_or((0.0, 1.0));
    let y_range = y_range.unwrap_or((0.0, 1.0));

    let frame = Frame::captioned(style);
    let mut chart = frame
        .builder(&chart_area)
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
    let x_ticks = axes::tick_formatter(x_range, X_LABELS);
    let y_ticks = axes::tick_formatter(y_range, Y_LABELS);
    let caption = |variable: &str| {
        if estimator_label.is_empty() {
            format!("nHSIC({variable};Z)")
        } else {
            format!("nHSIC({variable};Z) — {estimator_label} estimator")
        }
    };
    // The vertical caption shortens in a short panel; the horizontal one
    // still names the estimator.
    let y_caption = axes::longest_fitting(
        &chart_area,
        &[caption("Y"), "nHSIC(Y;Z)".to_string()],
        &style.caption_font(),
        chart.plotting_area().dim_in_pixel().1,
    );
    chart
        .configure_mesh()
        .x_labels(X_LABELS)
        .y_labels(Y_LABELS)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .label_style(style.tick_font())
        .axis_desc_style(style.caption_font())
        .x_desc(caption("X"))
        .y_desc(y_caption)
        .bold_line_style(axes::GRID_COLOR)
        .light_line_style(axes::MINOR_GRID_COLOR)
        .max_light_lines(2)
        .axis_style(axes::AXIS_COLOR)
        .draw()?;

    if !has_data {
        axes::draw_centered_note(
            &chart.plotting_area().strip_coord_spec(),
            "no snapshots yet",
            style,
        )?;
    }

    let plot = chart.plotting_area();
    let small_px = style.px(2.5);
    let large_px = style.px(6.0);

    // Later runs first, so the first run's lines lie on top; all the latest
    // markers after all the lines, so no line crosses them.
    for (run_index, run) in runs.iter().enumerate().rev() {
        let (line, marker) = marks::run_look(run_index);
        for (layer_index, num_layers) in layer_slots(run) {
            let color = series_layer_color(layer_index, num_layers);
            let points = trajectory(run, layer_index);
            for &point in &points {
                marks::draw_marker(plot, point, marker, small_px, color, true, style)?;
            }
            marks::draw_polyline(plot, points, color, line, style)?;
        }
    }
    for (run_index, run) in runs.iter().enumerate().rev() {
        let (_, marker) = marks::run_look(run_index);
        for (layer_index, num_layers) in layer_slots(run) {
            if let Some(&latest) = trajectory(run, layer_index).last() {
                let color = series_layer_color(layer_index, num_layers);
                marks::draw_highlight_marker(plot, latest, marker, large_px, color, style)?;
            }
        }
    }

    marks::draw_legend(&legend_area, &entries, frame.top_px, style)?;
    Ok(())
}

/// About how many tick labels each axis gets.
const X_LABELS: usize = 8;
const Y_LABELS: usize = 7;

/// (layer index, layer count) of every layer in the run's latest snapshot.
fn layer_slots(run: &History) -> impl Iterator<Item = (usize, usize)> {
    let num_layers = run.last().map_or(0, |snap| snap.layers.len());
    (0..num_layers).map(move |index| (index, num_layers))
}

/// The finite (nHSIC(X;Z), nHSIC(Y;Z)) points of one layer over the run.
fn trajectory(run: &History, layer_index: usize) -> Vec<(f64, f64)> {
    run.snapshots
        .iter()
        .filter_map(|snap| snap.layers.get(layer_index))
        .map(|layer| (layer.nhsic_xz, layer.nhsic_yz))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect()
}

/// Legend rows: the layers in their colours, then which run is which.
pub(crate) fn legend_entries(runs: &[&History]) -> Vec<LegendEntry> {
    let num_layers = runs
        .iter()
        .filter_map(|run| run.last())
        .map(|snap| snap.layers.len())
        .max()
        .unwrap_or(0);
    let mut entries = Vec::new();
    if num_layers > 0 {
        entries.push(LegendEntry::heading("layer"));
    }
    for index in 0..num_layers {
        let color = series_layer_color(index, num_layers);
        entries.push(LegendEntry::line(
            layer_label(index, num_layers),
            color,
            LineKind::Solid,
        ));
    }
    entries.extend(marks::run_entries(runs));
    entries
}
