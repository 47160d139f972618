//! Every plot as an SVG document, for the command line's output folder.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};

use super::PlotError;
use super::boundary::{DecisionGrid, draw_decision_boundary};
use super::curves::draw_curves;
use super::info_plane::draw_info_plane;
use super::profile::draw_layer_profile;
use super::representations::draw_representations;
use super::style::PlotStyle;
use crate::metrics::History;

/// Runs `draw` on an SVG canvas of `size_px` and returns the document.
fn render_svg(
    size_px: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), PlotError>,
) -> Result<String, PlotError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size_px).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

/// [`draw_info_plane`](super::draw_info_plane) as an SVG document of
/// `size_px` pixels.
///
/// # Errors
/// As [`draw_info_plane`](super::draw_info_plane).
pub fn info_plane_svg(
    runs: &[&History],
    estimator_label: &str,
    size_px: (u32, u32),
    style: &PlotStyle,
) -> Result<String, PlotError> {
    render_svg(size_px, |area| {
        draw_info_plane(area, runs, estimator_label, style)
    })
}

/// [`draw_layer_profile`](super::draw_layer_profile) as an SVG document of
/// `size_px` pixels.
///
/// # Errors
/// As [`draw_layer_profile`](super::draw_layer_profile).
pub fn layer_profile_svg(
    runs: &[&History],
    estimator_label: &str,
    size_px: (u32, u32),
    style: &PlotStyle,
) -> Result<String, PlotError> {
    render_svg(size_px, |area| {
        draw_layer_profile(area, runs, estimator_label, style)
    })
}

/// [`draw_curves`](super::draw_curves) as an SVG document of `size_px`
/// pixels.
///
/// # Errors
/// As [`draw_curves`](super::draw_curves).
pub fn curves_svg(
    runs: &[&History],
    size_px: (u32, u32),
    style: &PlotStyle,
) -> Result<String, PlotError> {
    render_svg(size_px, |area| draw_curves(area, runs, style))
}

/// [`draw_decision_boundary`](super::draw_decision_boundary) as an SVG
/// document of `size_px` pixels.
///
/// # Errors
/// As [`draw_decision_boundary`](super::draw_decision_boundary).
pub fn decision_boundary_svg(
    grid: &DecisionGrid,
    points: &[[f32; 2]],
    labels: &[u32],
    is_test: &[bool],
    size_px: (u32, u32),
    style: &PlotStyle,
) -> Result<String, PlotError> {
    render_svg(size_px, |area| {
        draw_decision_boundary(area, grid, points, labels, is_test, style).map(|_| ())
    })
}

/// [`draw_representations`](super::draw_representations) as an SVG
/// document of `size_px` pixels.
///
/// # Errors
/// As [`draw_representations`](super::draw_representations).
pub fn representations_svg(
    panels: &[Vec<[f32; 2]>],
    labels: &[u32],
    size_px: (u32, u32),
    style: &PlotStyle,
) -> Result<String, PlotError> {
    render_svg(size_px, |area| {
        draw_representations(area, panels, labels, style)
    })
}
