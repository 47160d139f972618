//! Shared chart frame: margins, label areas, mesh colours, axis ranges and
//! tick formatting, so every plot looks like part of one set.

use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    Cartesian2d, ChartBuilder, ChartContext, DrawingArea, DrawingBackend, RGBColor, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;
use super::style::PlotStyle;

/// Grid lines at labelled ticks.
pub(crate) const GRID_COLOR: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Grid lines between labelled ticks.
pub(crate) const MINOR_GRID_COLOR: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);
/// The axis lines and tick marks.
pub(crate) const AXIS_COLOR: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// Margins and label-area sizes of one chart, in backend pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Frame {
    pub top_px: i32,
    pub right_px: i32,
    pub bottom_px: i32,
    pub left_px: i32,
    /// Height below the plotting area for tick labels and the x caption.
    pub x_label_px: i32,
    /// Width left of the plotting area for tick labels and the y caption.
    pub y_label_px: i32,
}

impl Frame {
    /// A chart with tick labels and captions on both axes.
    pub fn captioned(style: &PlotStyle) -> Self {
        Self {
            top_px: style.text_px(12.0),
            right_px: style.text_px(16.0),
            bottom_px: style.px(4.0),
            left_px: style.px(4.0),
            x_label_px: style.text_px(46.0),
            y_label_px: style.text_px(68.0),
        }
    }

    /// Starts a chart on `area` with this frame.
    pub fn builder<'a, 'b, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut builder = ChartBuilder::on(area);
        builder
            .margin_top(self.top_px)
            .margin_right(self.right_px)
            .margin_bottom(self.bottom_px)
            .margin_left(self.left_px)
            .x_label_area_size(self.x_label_px)
            .y_label_area_size(self.y_label_px);
        builder
    }
}

/// A chart with f64 coordinates on both axes.
pub(crate) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The range spanned by the finite `values`, widened to at least
/// `min_span` and padded by `pad_frac` of its span on each side; `None` when
/// no value is finite.
pub(crate) fn padded_range(
    values: impl IntoIterator<Item = f64>,
    pad_frac: f64,
    min_span: f64,
) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    let (lo, hi) = if hi - lo < min_span {
        let mid = 0.5 * (lo + hi);
        (mid - 0.5 * min_span, mid + 0.5 * min_span)
    } else {
        (lo, hi)
    };
    let pad = pad_frac * (hi - lo);
    Some((lo - pad, hi + pad))
}

/// Formats tick values over `range` with about `count` labels: as many
/// decimals as the spacing of the ticks plotters will pick needs.
pub(crate) fn tick_formatter(range: (f64, f64), count: usize) -> impl Fn(&f64) -> String {
    let coord: RangedCoordf64 = (range.0..range.1).into();
    let ticks = coord.key_points(count);
    let step = ticks
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .fold(f64::INFINITY, f64::min);
    let decimals = if step.is_finite() && step > 0.0 {
        // The 1e-9 keeps a step of 0.1 held as 0.0999… from asking for two.
        (-step.log10() - 1e-9).ceil().clamp(0.0, 6.0) as usize
    } else {
        2
    };
    move |value: &f64| {
        let text = format!("{value:.decimals$}");
        // "-0.00" reads as a different number from "0.00".
        match text.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
            _ => text,
        }
    }
}

/// Draws `text` centred on `area` in the note font.
pub(crate) fn draw_centered_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let (width, height) = area.dim_in_pixel();
    let font = style.note_font().pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(text, &font, (width as i32 / 2, height as i32 / 2))?;
    Ok(())
}

/// The first of `candidates` (longest first) whose width in `font` fits in
/// `max_px`, else the last. Text in plotters is never clipped, so a caption
/// longer than its axis would run over the panel's title or edge.
pub(crate) fn longest_fitting<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    candidates: &[String],
    font: &TextStyle<'_>,
    max_px: u32,
) -> String {
    candidates
        .iter()
        .find(|text| {
            area.estimate_text_size(text, font)
                .is_ok_and(|(width, _)| width <= max_px)
        })
        .or(candidates.last())
        .cloned()
        .unwrap_or_default()
}
