//! The layer profile: nHSIC(X;Z) and nHSIC(Y;Z) against depth at the
//! latest snapshot, the information plane's two coordinates unfolded.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor, WHITE};

use super::PlotError;
use super::axes::{self, Frame};
use super::font::init_fonts;
use super::marks::{self, LegendEntry, LineKind};
use super::palette::{LAYER_COLORS, OUTPUT_LAYER_COLOR};
use super::style::PlotStyle;
use crate::metrics::History;

/// Colour of the nHSIC(X;Z) series.
const XZ_COLOR: RGBColor = LAYER_COLORS[0];
/// Colour of the nHSIC(Y;Z) series.
const YZ_COLOR: RGBColor = OUTPUT_LAYER_COLOR;
const PAD_FRAC: f64 = 0.08;
const MIN_SPAN: f64 = 0.05;
const LEGEND_MAX_FRAC: f64 = 0.4;
const Y_LABELS: usize = 7;

/// Draws nHSIC(X;Z) and nHSIC(Y;Z) against layer depth (1…L, then
/// "output") at each run's latest snapshot.
///
/// Each run gives two series with markers; the first run is solid with
/// circles, the second dashed with triangles. `estimator_label` names the
/// estimator in the y caption. Non-finite values are skipped; with no
/// snapshot the axes are drawn empty with a note.
///
/// # Errors
/// [`PlotError::Draw`] when the backend fails.
pub fn draw_layer_profile<DB: DrawingBackend>(
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

    let latest: Vec<_> = runs.iter().map(|run| run.last()).collect();
    let num_layers = latest
        .iter()
        .flatten()
        .map(|snap| snap.layers.len())
        .max()
        .unwrap_or(0);
    let values = latest.iter().flatten().flat_map(|snap| &snap.layers);
    let y_range = axes::padded_range(
        values.flat_map(|layer| [layer.nhsic_xz, layer.nhsic_yz]),
        PAD_FRAC,
        MIN_SPAN,
    );
    let has_data = y_range.is_some();
    let y_range = y_range.unwrap_or((0.0, 1.0));
    // Half a step of room either side of depths 1…n puts every tick on a
    // whole depth.
    let x_range = (0.5, num_layers.max(1) as f64 + 0.5);

    let frame = Frame::captioned(style);
    let mut chart = frame
        .builder(&chart_area)
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
    let depth_label = |depth: &f64| {
        let rounded = depth.round();
        if (depth - rounded).abs() > 1e-6 || rounded < 1.0 {
            String::new()
        } else if rounded as usize == num_layers {
            "output".to_string()
        } else {
            format!("{rounded:.0}")
        }
    };
    let y_ticks = axes::tick_formatter(y_range, Y_LABELS);
    // In a short panel the vertical caption keeps only the estimator's name.
    let y_caption = if estimator_label.is_empty() {
        "nHSIC".to_string()
    } else {
        axes::longest_fitting(
            area,
            &[
                format!("nHSIC — {estimator_label} estimator"),
                format!("nHSIC ({estimator_label})"),
            ],
            &style.caption_font(),
            chart.plotting_area().dim_in_pixel().1,
        )
    };
    chart
        .configure_mesh()
        .x_labels(num_layers.max(1))
        .y_labels(Y_LABELS)
        .x_max_light_lines(1)
        .x_label_formatter(&depth_label)
        .y_label_formatter(&y_ticks)
        .label_style(style.tick_font())
        .axis_desc_style(style.caption_font())
        .x_desc("layer")
        .y_desc(y_caption)
        .bold_line_style(axes::GRID_COLOR)
        .light_line_style(axes::MINOR_GRID_COLOR)
        .y_max_light_lines(2)
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
    let marker_px = style.px(4.5);
    for (run_index, snap) in latest.iter().enumerate().rev() {
        let Some(snap) = snap else { continue };
        let (line, marker) = marks::run_look(run_index);
        let depth = |index: usize| (index + 1) as f64;
        let xz: Vec<_> = snap
            .layers
            .iter()
            .enumerate()
            .map(|(i, layer)| (depth(i), layer.nhsic_xz))
            .collect();
        let yz: Vec<_> = snap
            .layers
            .iter()
            .enumerate()
            .map(|(i, layer)| (depth(i), layer.nhsic_yz))
            .collect();
        for (series, color) in [(xz, XZ_COLOR), (yz, YZ_COLOR)] {
            let finite: Vec<_> = series.into_iter().filter(|(_, v)| v.is_finite()).collect();
            marks::draw_polyline(plot, finite.clone(), color, line, style)?;
            for point in finite {
                marks::draw_highlight_marker(plot, point, marker, marker_px, color, style)?;
            }
        }
    }

    marks::draw_legend(&legend_area, &entries, frame.top_px, style)?;
    Ok(())
}

fn legend_entries(runs: &[&History]) -> Vec<LegendEntry> {
    let mut entries = vec![
        LegendEntry::line("nHSIC(X;Z)", XZ_COLOR, LineKind::Solid),
        LegendEntry::line("nHSIC(Y;Z)", YZ_COLOR, LineKind::Solid),
    ];
    entries.extend(marks::run_entries(runs));
    entries
}
