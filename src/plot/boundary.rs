//! The decision boundary of a 2-D classifier: a heatmap of the winning
//! class under the data points.
//!
//! The page puts [`heatmap_rgba`] into one `ImageData` scaled onto the
//! rectangle [`points_plot_rect`] gives, then calls [`draw_points`] over
//! it; the command line draws both with [`draw_decision_boundary`].

use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, RGBColor, Rectangle, WHITE};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;
use super::axes::{self, Frame};
use super::font::init_fonts;
use super::palette::class_color;
use super::style::{MUTED_TEXT_COLOR, PlotStyle};

/// How far toward its class colour a cell is blended at zero confidence
/// (a tie) and at full confidence; kept light so points stay visible.
const BLEND_AT_TIE: f32 = 0.10;
const BLEND_AT_CERTAIN: f32 = 0.55;
/// Colour of cells whose probabilities are missing or not finite.
const UNKNOWN_CELL: [u8; 4] = [0xF2, 0xF2, 0xF2, 0xFF];
/// Outline of training points, dark enough to read on their own hue.
const POINT_OUTLINE: RGBColor = RGBColor(0x30, 0x30, 0x30);

/// Class probabilities of a classifier on a square grid over the input
/// plane.
///
/// # Shapes
/// `probs` holds `resolution² × num_classes` values, row-major: cell
/// (row, col) starts at `(row * resolution + col) * num_classes`. Row 0 is
/// the top of the plot (y = `y_range.1`), column 0 the left (x =
/// `x_range.0`); each cell is the classifier at the cell's centre.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionGrid {
    /// Cells along each side.
    pub resolution: usize,
    /// Data range covered left to right.
    pub x_range: (f32, f32),
    /// Data range covered bottom to top.
    pub y_range: (f32, f32),
    /// Class probabilities of every cell (see the type's "Shapes").
    pub probs: Vec<f32>,
    /// Probabilities per cell: the classifier's number of classes.
    pub num_classes: usize,
}

impl DecisionGrid {
    /// The data coordinates of the centre of cell (row, col).
    pub fn cell_center(&self, row: usize, col: usize) -> [f32; 2] {
        let n = self.resolution.max(1) as f32;
        let (x0, x1) = self.x_range;
        let (y0, y1) = self.y_range;
        [
            x0 + (col as f32 + 0.5) / n * (x1 - x0),
            y1 - (row as f32 + 0.5) / n * (y1 - y0),
        ]
    }

    /// The winning class of cell (row, col) and its confidence: 0 when the
    /// top probability is no more than a uniform guess, 1 when it is 1.
    /// `None` when the cell's probabilities are missing or not finite.
    pub fn winner(&self, row: usize, col: usize) -> Option<(usize, f32)> {
        let k = self.num_classes;
        let start = (row * self.resolution + col) * k;
        let cell = self.probs.get(start..start + k)?;
        if k == 0 || cell.iter().any(|p| !p.is_finite()) {
            return None;
        }
        let (class, &best) = cell.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        let uniform = 1.0 / k as f32;
        let confidence = if k == 1 {
            1.0
        } else {
            ((best - uniform) / (1.0 - uniform)).clamp(0.0, 1.0)
        };
        Some((class, confidence))
    }

    /// The RGBA colour of cell (row, col) in the heatmap.
    fn cell_rgba(&self, row: usize, col: usize) -> [u8; 4] {
        let Some((class, confidence)) = self.winner(row, col) else {
            return UNKNOWN_CELL;
        };
        let RGBColor(r, g, b) = class_color(class);
        let strength = BLEND_AT_TIE + (BLEND_AT_CERTAIN - BLEND_AT_TIE) * confidence;
        // Blending toward white keeps the hue and only lowers saturation.
        let toward = |c: u8| {
            (255.0 - strength * (255.0 - f32::from(c)))
                .round()
                .clamp(0.0, 255.0) as u8
        };
        [toward(r), toward(g), toward(b), 0xFF]
    }
}

/// The heatmap of `grid` as `resolution²` opaque RGBA pixels, row 0 at the
/// top, for one `ImageData`: each cell blended from white toward its winning
/// class's colour by the class's confidence.
pub fn heatmap_rgba(grid: &DecisionGrid) -> Vec<u8> {
    let n = grid.resolution;
    let mut pixels = Vec::with_capacity(n * n * 4);
    for row in 0..n {
        for col in 0..n {
            pixels.extend_from_slice(&grid.cell_rgba(row, col));
        }
    }
    pixels
}

/// A rectangle in backend pixels: `x`, `y` its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelRect {
    /// Left edge, in backend pixels.
    pub x: i32,
    /// Top edge, in backend pixels.
    pub y: i32,
    /// Width in backend pixels.
    pub width: u32,
    /// Height in backend pixels.
    pub height: u32,
}

/// Room above the plot for the train/test key.
fn frame(style: &PlotStyle) -> Frame {
    let mut frame = Frame::captioned(style);
    frame.top_px = style.text_px(28.0);
    frame
}

/// Where [`draw_points`] puts its plotting area in an area of `size_px`
/// whose top-left is backend pixel (0, 0): the largest rectangle with the
/// aspect ratio of the data ranges (so distances look true) that fits
/// beside the axis labels, centred in the room left. Put the heatmap image
/// exactly here.
pub fn points_plot_rect(
    size_px: (u32, u32),
    x_range: (f32, f32),
    y_range: (f32, f32),
    style: &PlotStyle,
) -> PixelRect {
    let frame = frame(style);
    let left = frame.left_px + frame.y_label_px;
    let top = frame.top_px;
    let room_w = (size_px.0 as i32 - left - frame.right_px).max(1);
    let room_h = (size_px.1 as i32 - top - frame.bottom_px - frame.x_label_px).max(1);

    let span_x = f64::from(x_range.1 - x_range.0).abs();
    let span_y = f64::from(y_range.1 - y_range.0).abs();
    let aspect = if span_x > 0.0 && span_y > 0.0 && (span_x / span_y).is_finite() {
        span_x / span_y
    } else {
        1.0
    };
    let (width, height) = if f64::from(room_w) / f64::from(room_h) > aspect {
        (((f64::from(room_h) * aspect).round() as i32).max(1), room_h)
    } else {
        (room_w, ((f64::from(room_w) / aspect).round() as i32).max(1))
    };
    PixelRect {
        x: left + (room_w - width) / 2,
        y: top + (room_h - height) / 2,
        width: width as u32,
        height: height as u32,
    }
}

/// Draws the axes and the data points, train points filled and test
/// points hollow in their class colours, and the train/test key, leaving
/// the background untouched (so a heatmap drawn before shows through).
/// Points outside the ranges are not drawn.
///
/// Returns the plotting area in backend pixels, the same rectangle as
/// [`points_plot_rect`] for an area at the backend's origin.
///
/// # Shapes
/// `labels` has one entry per point; `is_test` one per point, or none
/// (all training points).
///
/// # Errors
/// [`PlotError::Shape`] when the lengths disagree or a range is not finite
/// and increasing; [`PlotError::Draw`] when the backend fails.
pub fn draw_points<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x_range: (f32, f32),
    y_range: (f32, f32),
    points: &[[f32; 2]],
    labels: &[u32],
    is_test: &[bool],
    style: &PlotStyle,
) -> Result<PixelRect, PlotError> {
    init_fonts();
    check_range("x", x_range)?;
    check_range("y", y_range)?;
    if labels.len() != points.len() || !(is_test.is_empty() || is_test.len() == points.len()) {
        return Err(PlotError::Shape(format!(
            "{} points need as many labels (got {}) and test flags (got {})",
            points.len(),
            labels.len(),
            is_test.len()
        )));
    }

    let rect = points_plot_rect(area.dim_in_pixel(), x_range, y_range, style);
    let (width, height) = area.dim_in_pixel();
    let frame = frame(style);
    let x = (f64::from(x_range.0), f64::from(x_range.1));
    let y = (f64::from(y_range.0), f64::from(y_range.1));
    let mut chart = plotters::prelude::ChartBuilder::on(area)
        .margin_left(rect.x - frame.y_label_px)
        .margin_top(rect.y)
        .margin_right(width as i32 - rect.x - rect.width as i32)
        .margin_bottom(height as i32 - rect.y - rect.height as i32 - frame.x_label_px)
        .x_label_area_size(frame.x_label_px)
        .y_label_area_size(frame.y_label_px)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    let x_ticks = axes::tick_formatter(x, 6);
    let y_ticks = axes::tick_formatter(y, 6);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .label_style(style.tick_font())
        .axis_desc_style(style.caption_font())
        .x_desc("x₁")
        .y_desc("x₂")
        .axis_style(axes::AXIS_COLOR)
        .draw()?;

    let plot = chart.plotting_area();
    let radius = style.px(4.0);
    let within = |v: f64, range: (f64, f64)| {
        v.is_finite() && v >= range.0.min(range.1) && v <= range.0.max(range.1)
    };
    let inside = |p: &[f32; 2]| within(f64::from(p[0]), x) && within(f64::from(p[1]), y);
    // Training points first: the fewer test points stay on top.
    for pass_test in [false, true] {
        for (index, point) in points.iter().enumerate() {
            let test = is_test.get(index).copied().unwrap_or(false);
            if test != pass_test || !inside(point) {
                continue;
            }
            let at = (f64::from(point[0]), f64::from(point[1]));
            let color = class_color(labels[index] as usize);
            draw_point(plot, at, color, test, radius, style)?;
        }
    }

    let (px_x, px_y) = plot.get_base_pixel();
    let (plot_w, _) = plot.dim_in_pixel();
    draw_key(area, (px_x + plot_w as i32, px_y), radius, style)?;

    Ok(PixelRect {
        x: px_x,
        y: px_y,
        width: plot.dim_in_pixel().0,
        height: plot.dim_in_pixel().1,
    })
}

/// Refuses a range that is not finite or spans nothing: it has no scale.
fn check_range(axis: &str, range: (f32, f32)) -> Result<(), PlotError> {
    if range.0.is_finite() && range.1.is_finite() && range.0 < range.1 {
        Ok(())
    } else {
        Err(PlotError::Shape(format!(
            "the {axis} range {range:?} must be finite and increasing"
        )))
    }
}

/// One data point: a filled disc with a dark rim (train) or a
/// white-centred ring (test).
fn draw_point<DB, CT>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    color: RGBColor,
    is_test: bool,
    radius: i32,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    CT: plotters::coord::CoordTranslate,
    CT::From: Clone,
{
    if is_test {
        area.draw(&Circle::new(at.clone(), radius, WHITE.filled()))?;
        area.draw(&Circle::new(
            at,
            radius,
            color.stroke_width(style.stroke(2.0)),
        ))?;
    } else {
        area.draw(&Circle::new(at.clone(), radius, color.filled()))?;
        area.draw(&Circle::new(
            at,
            radius,
            POINT_OUTLINE.stroke_width(style.stroke(1.0)),
        ))?;
    }
    Ok(())
}

/// "● train  ○ test", right-aligned to `top_right` and just above it.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    top_right: (i32, i32),
    radius: i32,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let font = style
        .legend_font()
        .color(&MUTED_TEXT_COLOR)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let gap = style.text_px(6.0);
    let y = top_right.1 - style.text_px(12.0);
    let (test_w, _) = area.estimate_text_size("test", &font)?;
    let (train_w, _) = area.estimate_text_size("train", &font)?;
    let sample = MUTED_TEXT_COLOR;

    let test_text_x = top_right.0 - test_w as i32;
    let test_mark_x = test_text_x - gap - radius;
    let train_text_x = test_mark_x - radius - 3 * gap - train_w as i32;
    let train_mark_x = train_text_x - gap - radius;
    draw_point(area, (train_mark_x, y), sample, false, radius, style)?;
    area.draw_text("train", &font, (train_text_x, y))?;
    draw_point(area, (test_mark_x, y), sample, true, radius, style)?;
    area.draw_text("test", &font, (test_text_x, y))?;
    Ok(())
}

/// Draws the decision heatmap of `grid` as rectangles, then the points
/// over it as [`draw_points`] does, on a white background; for SVG and PNG
/// output, where one `ImageData` is not available.
///
/// # Shapes
/// As [`DecisionGrid`] and [`draw_points`].
///
/// # Errors
/// [`PlotError::Shape`] when the grid's `probs` or the point arrays have the
/// wrong lengths or a range is not finite and increasing;
/// [`PlotError::Draw`] when the backend fails.
pub fn draw_decision_boundary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &DecisionGrid,
    points: &[[f32; 2]],
    labels: &[u32],
    is_test: &[bool],
    style: &PlotStyle,
) -> Result<PixelRect, PlotError> {
    init_fonts();
    check_range("x", grid.x_range)?;
    check_range("y", grid.y_range)?;
    let n = grid.resolution;
    if grid.probs.len() != n * n * grid.num_classes {
        return Err(PlotError::Shape(format!(
            "a {n}×{n} grid of {} classes needs {} probabilities, got {}",
            grid.num_classes,
            n * n * grid.num_classes,
            grid.probs.len()
        )));
    }
    area.fill(&WHITE)?;

    let rect = points_plot_rect(area.dim_in_pixel(), grid.x_range, grid.y_range, style);
    // Cell edges on whole pixels, so neighbouring cells share an edge and
    // leave no seam.
    let edge = |start: i32, len: u32, i: usize| {
        start + (i as u64 * u64::from(len) / n.max(1) as u64) as i32
    };
    for row in 0..n {
        let (y0, y1) = (
            edge(rect.y, rect.height, row),
            edge(rect.y, rect.height, row + 1),
        );
        // Runs of equal colour become one rectangle: far smaller SVG files.
        let mut col = 0;
        while col < n {
            let rgba = grid.cell_rgba(row, col);
            let mut end = col + 1;
            while end < n && grid.cell_rgba(row, end) == rgba {
                end += 1;
            }
            let (x0, x1) = (edge(rect.x, rect.width, col), edge(rect.x, rect.width, end));
            if x1 > x0 && y1 > y0 {
                let color = RGBColor(rgba[0], rgba[1], rgba[2]);
                // Backends fill [x0, x1) × [y0, y1): the corner given is exclusive.
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled()))?;
            }
            col = end;
        }
    }

    draw_points(
        area,
        grid.x_range,
        grid.y_range,
        points,
        labels,
        is_test,
        style,
    )
}
