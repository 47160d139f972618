//! Markers, solid and dashed lines, and a legend column drawn beside a
//! chart so keys never cover the data.

use plotters::coord::{CoordTranslate, Shift};
use plotters::element::DashedPathElement;
use plotters::prelude::{
    Circle, DrawingArea, DrawingBackend, PathElement, RGBColor, TextStyle, TriangleMarker, WHITE,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::PlotError;
use super::axes;
use super::style::{MUTED_TEXT_COLOR, PlotStyle};

/// The marker of a series' points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Triangle,
}

/// How a series' line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    Solid,
    Dashed,
}

/// Marker and line of run `run_index`: the first run solid with circles,
/// the second dashed with triangles (and so on alternately).
pub(crate) fn run_look(run_index: usize) -> (LineKind, Marker) {
    if run_index.is_multiple_of(2) {
        (LineKind::Solid, Marker::Circle)
    } else {
        (LineKind::Dashed, Marker::Triangle)
    }
}

/// Dash and gap lengths of a dashed line, in backend pixels.
pub(crate) fn dash_px(style: &PlotStyle) -> (i32, i32) {
    (style.px(7.0), style.px(5.0))
}

/// Draws one marker of radius `radius_px` at `at`: filled, or as an outline.
pub(crate) fn draw_marker<DB, CT>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    marker: Marker,
    radius_px: i32,
    color: RGBColor,
    filled: bool,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    CT: CoordTranslate,
    CT::From: Clone,
{
    let shape = if filled {
        color.filled()
    } else {
        color.stroke_width(style.stroke(1.5))
    };
    match marker {
        Marker::Circle => area.draw(&Circle::new(at, radius_px, shape))?,
        // A triangle of the same "radius" looks smaller than a circle.
        Marker::Triangle => area.draw(&TriangleMarker::new(at, radius_px * 4 / 3, shape))?,
    }
    Ok(())
}

/// A filled marker on a white halo, for the point a reader should find
/// first (the latest snapshot).
pub(crate) fn draw_highlight_marker<DB, CT>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    marker: Marker,
    radius_px: i32,
    color: RGBColor,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    CT: CoordTranslate,
    CT::From: Clone,
{
    let halo_px = radius_px + style.px(2.0);
    draw_marker(area, at.clone(), marker, halo_px, WHITE, true, style)?;
    draw_marker(area, at, marker, radius_px, color, true, style)
}

/// One row of a legend.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LegendEntry {
    pub label: String,
    pub color: RGBColor,
    pub line: Option<LineKind>,
    pub marker: Option<Marker>,
}

impl LegendEntry {
    /// A row with a line sample and a marker.
    pub fn series(
        label: impl Into<String>,
        color: RGBColor,
        line: LineKind,
        marker: Marker,
    ) -> Self {
        Self {
            label: label.into(),
            color,
            line: Some(line),
            marker: Some(marker),
        }
    }

    /// A row with a line sample only.
    pub fn line(label: impl Into<String>, color: RGBColor, line: LineKind) -> Self {
        Self {
            label: label.into(),
            color,
            line: Some(line),
            marker: None,
        }
    }

    /// A row of muted text with no sample, for headings.
    pub fn heading(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            color: MUTED_TEXT_COLOR,
            line: None,
            marker: None,
        }
    }
}

/// Width of the line sample in front of a legend label.
fn sample_px(style: &PlotStyle) -> i32 {
    style.text_px(30.0)
}

fn row_px(style: &PlotStyle) -> i32 {
    style.text_px(21.0)
}

fn pad_px(style: &PlotStyle) -> i32 {
    style.text_px(8.0)
}

/// The width a legend column needs for `entries`, in backend pixels.
pub(crate) fn legend_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    style: &PlotStyle,
) -> Result<i32, PlotError> {
    let font = style.legend_font();
    let mut widest = 0;
    for entry in entries {
        let (width, _) = area.estimate_text_size(&entry.label, &font)?;
        let sample = if entry.line.is_some() || entry.marker.is_some() {
            sample_px(style) + pad_px(style)
        } else {
            0
        };
        widest = widest.max(width as i32 + sample);
    }
    // Three pads: before the sample, and a wider one after the text, where
    // font measurements tend to fall short.
    Ok(widest + 3 * pad_px(style))
}

/// The chart part and the legend column of a plot.
pub(crate) type ChartAndLegend<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// Splits `area` into a chart part and a legend column on the right, the
/// column as wide as `entries` need but at most `max_frac` of the width.
pub(crate) fn split_legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    max_frac: f64,
    style: &PlotStyle,
) -> Result<ChartAndLegend<DB>, PlotError> {
    let (width, _) = area.dim_in_pixel();
    let wanted = legend_width(area, entries, style)?;
    let column = wanted.min((f64::from(width) * max_frac) as i32).max(0);
    Ok(area.split_horizontally(width as i32 - column))
}

/// Draws `entries` as a column of rows from `top_px` down.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    top_px: i32,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let pad = pad_px(style);
    let sample = sample_px(style);
    // Rows close up (down to about the text's height) when the column is
    // short, rather than run off its bottom.
    let available = area.dim_in_pixel().1 as i32 - top_px;
    let row = row_px(style)
        .min(available / entries.len().max(1) as i32)
        .max(style.text_px(15.0));
    let line_width = style.stroke(2.0);
    let (dash, gap) = dash_px(style);
    let font = style.legend_font().pos(Pos::new(HPos::Left, VPos::Center));
    let muted = font.color(&MUTED_TEXT_COLOR);
    let width_px = area.dim_in_pixel().0 as i32 - pad;

    for (index, entry) in entries.iter().enumerate() {
        let y = top_px + row * index as i32 + row / 2;
        let has_sample = entry.line.is_some() || entry.marker.is_some();
        let x0 = pad;
        let x1 = pad + sample;

        match entry.line {
            Some(LineKind::Solid) => {
                area.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    entry.color.stroke_width(line_width),
                ))?;
            }
            Some(LineKind::Dashed) => {
                let mut x = x0;
                while x < x1 {
                    let end = (x + dash).min(x1);
                    area.draw(&PathElement::new(
                        vec![(x, y), (end, y)],
                        entry.color.stroke_width(line_width),
                    ))?;
                    x = end + gap;
                }
            }
            None => {}
        }
        if let Some(marker) = entry.marker {
            draw_marker(
                area,
                ((x0 + x1) / 2, y),
                marker,
                style.px(4.5),
                entry.color,
                true,
                style,
            )?;
        }

        let (text_x, text_font) = if has_sample {
            (x1 + pad, &font)
        } else {
            (x0, &muted)
        };
        let room = u32::try_from(width_px - text_x).unwrap_or(0);
        let label = fitted_label(area, &entry.label, text_font, room);
        area.draw_text(&label, text_font, (text_x, y))?;
    }
    Ok(())
}

/// `label` as it fits in `room_px`: whole, else without a trailing
/// parenthesis ("layerwise (epoch 500)" → "layerwise"), else cut with "…".
fn fitted_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    font: &TextStyle<'_>,
    room_px: u32,
) -> String {
    let mut candidates = vec![label.to_string()];
    if let Some((head, _)) = label.rsplit_once(" (") {
        candidates.push(head.to_string());
    }
    let head = candidates.last().cloned().unwrap_or_default();
    let chars: Vec<char> = head.chars().collect();
    candidates.extend(
        (1..chars.len())
            .rev()
            .map(|keep| chars[..keep].iter().collect::<String>() + "…"),
    );
    axes::longest_fitting(area, &candidates, font, room_px)
}

/// The shape style of a series line.
pub(crate) fn line_style(color: RGBColor, style: &PlotStyle) -> ShapeStyle {
    color.stroke_width(style.stroke(2.0))
}

/// Draws a polyline through `points` in `color`, solid or dashed.
pub(crate) fn draw_polyline<DB, CT>(
    area: &DrawingArea<DB, CT>,
    points: Vec<CT::From>,
    color: RGBColor,
    kind: LineKind,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    CT: CoordTranslate,
    CT::From: Clone,
{
    if points.len() < 2 {
        return Ok(());
    }
    match kind {
        LineKind::Solid => area.draw(&PathElement::new(points, line_style(color, style)))?,
        LineKind::Dashed => {
            let (dash, gap) = dash_px(style);
            area.draw(&DashedPathElement::new(
                points,
                dash,
                gap,
                line_style(color, style),
            ))?;
        }
    }
    Ok(())
}

/// Legend rows saying which run is which: a blank row, a heading, then each
/// run's name and latest epoch with its line kind and marker.
pub(crate) fn run_entries(runs: &[&crate::metrics::History]) -> Vec<LegendEntry> {
    let mut entries = Vec::new();
    if runs.is_empty() {
        return entries;
    }
    entries.push(LegendEntry::heading(""));
    entries.push(LegendEntry::heading(if runs.len() > 1 {
        "runs"
    } else {
        "run"
    }));
    for (run_index, run) in runs.iter().enumerate() {
        let (line, marker) = run_look(run_index);
        let label = match run.last() {
            Some(snap) => format!("{} (epoch {})", run.name, snap.epoch),
            None => run.name.clone(),
        };
        entries.push(LegendEntry::series(label, MUTED_TEXT_COLOR, line, marker));
    }
    entries
}
