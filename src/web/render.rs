//! Draws the five panels onto their canvases with plotters-canvas; the
//! decision-boundary heatmap goes in as one bitmap.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::Clamped;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::page_state::PageState;
use crate::plot::{self, DecisionGrid, PlotStyle};
use crate::session::Session;

use super::dom::{self, by_id};
use super::ids;

/// Grid resolution of the decision-boundary heatmap.
const BOUNDARY_RESOLUTION: usize = 64;

/// The device pixel ratio (at least 1) and the plot style for it.
fn style_for(state: &PageState) -> (f64, PlotStyle) {
    let dpr = dom::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let base = if state.large_text {
        PlotStyle::large()
    } else {
        PlotStyle::normal()
    };
    (dpr, base.with_pixel_ratio(dpr))
}

/// The panels drawn from the histories alone: information plane, layer
/// profile, loss and accuracy.
pub fn draw_plots(session: &Session, state: &PageState) -> Result<(), String> {
    let (dpr, style) = style_for(state);
    let histories = session.histories();
    let estimator = state.config.hsic.estimator.name();

    with_canvas(ids::CANVAS_INFO_PLANE, dpr, |area| {
        plot::draw_info_plane(area, &histories, estimator, &style)
    })?;
    with_canvas(ids::CANVAS_PROFILE, dpr, |area| {
        plot::draw_layer_profile(area, &histories, estimator, &style)
    })?;
    with_canvas(ids::CANVAS_CURVES, dpr, |area| {
        plot::draw_curves(area, &histories, &style)
    })
}

/// The panels that run the network on data: the decision boundary and the
/// layer representations.
pub async fn draw_data_panels(session: &Session, state: &PageState) -> Result<(), String> {
    let (dpr, style) = style_for(state);
    draw_boundary(session, dpr, &style).await?;
    draw_representations(session, dpr, &style).await
}

/// Sizes the canvas to its CSS box times the device pixel ratio, then
/// draws on it.
fn with_canvas(
    id: &str,
    dpr: f64,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, Shift>) -> Result<(), plot::PlotError>,
) -> Result<(), String> {
    let canvas = resize(id, dpr)?;
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2-D context")?;
    let area = backend.into_drawing_area();
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    draw(&area).map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())
}

fn resize(id: &str, dpr: f64) -> Result<HtmlCanvasElement, String> {
    let canvas = by_id::<HtmlCanvasElement>(id).map_err(|e| format!("{e:?}"))?;
    let width_device_px = (canvas.client_width() as f64 * dpr).round().max(1.0) as u32;
    let height_device_px = (canvas.client_height() as f64 * dpr).round().max(1.0) as u32;
    if canvas.width() != width_device_px || canvas.height() != height_device_px {
        canvas.set_width(width_device_px);
        canvas.set_height(height_device_px);
    }
    Ok(canvas)
}

async fn draw_boundary(session: &Session, dpr: f64, style: &PlotStyle) -> Result<(), String> {
    let split = session.split();
    let (points, labels, is_test) = scatter_points(session);
    let (x_range, y_range) = data_ranges(&points);
    let probs = session
        .class_probabilities(0, BOUNDARY_RESOLUTION, x_range, y_range)
        .await
        .map_err(|e| e.to_string())?;

    let canvas = resize(ids::CANVAS_BOUNDARY, dpr)?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2-D context")?;
    let area = backend.into_drawing_area();
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let Some(probs) = probs else {
        let font = ("sans-serif", 16.0 * dpr).into_font().color(&BLACK);
        area.draw_text(
            "The decision boundary is drawn for 2-D data only.",
            &font,
            (20, 30),
        )
        .map_err(|e| e.to_string())?;
        return area.present().map_err(|e| e.to_string());
    };
    let grid = DecisionGrid {
        resolution: BOUNDARY_RESOLUTION,
        x_range,
        y_range,
        probs,
        num_classes: split.train.num_classes,
    };
    // The heatmap goes in as one bitmap exactly where draw_points will put
    // its plotting area; the axes and points are drawn over it.
    let rect = plot::points_plot_rect(area.dim_in_pixel(), x_range, y_range, style);
    put_heatmap(&canvas, &grid, rect).map_err(|e| format!("{e:?}"))?;
    plot::draw_points(&area, x_range, y_range, &points, &labels, &is_test, style)
        .map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())
}

/// Train then test points of 2-D data, with labels and test flags.
fn scatter_points(session: &Session) -> (Vec<[f32; 2]>, Vec<u32>, Vec<bool>) {
    let split = session.split();
    let mut points = Vec::new();
    let mut labels = Vec::new();
    let mut is_test = Vec::new();
    for (dataset, test) in [(&split.train, false), (&split.test, true)] {
        if dataset.num_features != 2 {
            continue;
        }
        for row in 0..dataset.len() {
            let values = dataset.row(row);
            points.push([values[0], values[1]]);
            labels.push(dataset.labels[row]);
            is_test.push(test);
        }
    }
    (points, labels, is_test)
}

/// The points' bounding box with a margin of 10 % on each side.
fn data_ranges(points: &[[f32; 2]]) -> ((f32, f32), (f32, f32)) {
    let range = |axis: usize| {
        let (lo, hi) = points
            .iter()
            .map(|p| p[axis])
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        if lo.is_finite() && hi > lo {
            let pad = 0.1 * (hi - lo);
            (lo - pad, hi + pad)
        } else {
            (-2.0, 2.0)
        }
    };
    (range(0), range(1))
}

/// Puts the heatmap as one bitmap, scaled into `rect` (device pixels).
fn put_heatmap(
    canvas: &HtmlCanvasElement,
    grid: &DecisionGrid,
    rect: plot::PixelRect,
) -> Result<(), JsValue> {
    let rgba = plot::heatmap_rgba(grid);
    let side = grid.resolution as u32;
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), side, side)?;
    let document = dom::document()?;
    let scratch: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    scratch.set_width(side);
    scratch.set_height(side);
    context(&scratch)?.put_image_data(&image, 0.0, 0.0)?;
    let target = context(canvas)?;
    target.set_image_smoothing_enabled(true);
    target.draw_image_with_html_canvas_element_and_dw_and_dh(
        &scratch,
        f64::from(rect.x),
        f64::from(rect.y),
        f64::from(rect.width),
        f64::from(rect.height),
    )
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2-D context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(JsValue::from)
}

async fn draw_representations(
    session: &Session,
    dpr: f64,
    style: &PlotStyle,
) -> Result<(), String> {
    let layers = session
        .representations(0)
        .await
        .map_err(|e| e.to_string())?;
    let panels = layers
        .iter()
        .map(|(values, width)| plot::pca_2d(values, values.len() / (*width).max(1), *width))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let labels = session.hsic_labels().to_vec();
    with_canvas(ids::CANVAS_REPRESENTATIONS, dpr, |area| {
        plot::draw_representations(area, &panels, &labels, style)
    })
}
