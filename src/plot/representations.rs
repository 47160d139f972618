//! Hidden representations: one small scatter panel per hidden layer, the
//! points placed by PCA ([`super::pca_2d`]) and coloured by class.

use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, Rectangle, WHITE};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;
use super::axes::{self, AXIS_COLOR};
use super::font::init_fonts;
use super::palette::class_color;
use super::style::{MUTED_TEXT_COLOR, PlotStyle};

/// Fraction of a panel's data span left empty around the points.
const PAD_FRAC: f64 = 0.06;

/// Draws one square panel per hidden layer ("layer 1", …) in a grid that
/// fills `area` as fully as it can, each point coloured by its class, and a
/// key of the classes along the bottom.
///
/// Axes are equal within a panel (PCA distances stay true) but each panel
/// has its own scale, and the principal axes carry no units, so no ticks
/// are drawn. Non-finite points are skipped.
///
/// # Shapes
/// Every panel holds one point per labelled sample: `panels[i].len() ==
/// labels.len()`.
///
/// # Errors
/// [`PlotError::Shape`] when a panel's length differs from `labels`;
/// [`PlotError::Draw`] when the backend fails.
pub fn draw_representations<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[Vec<[f32; 2]>],
    labels: &[u32],
    style: &PlotStyle,
) -> Result<(), PlotError> {
    init_fonts();
    if let Some((index, panel)) = panels
        .iter()
        .enumerate()
        .find(|(_, panel)| panel.len() != labels.len())
    {
        return Err(PlotError::Shape(format!(
            "layer {} has {} points but there are {} labels",
            index + 1,
            panel.len(),
            labels.len()
        )));
    }
    area.fill(&WHITE)?;
    if panels.is_empty() {
        axes::draw_centered_note(area, "no hidden layers to show yet", style)?;
        return Ok(());
    }

    let (width, height) = area.dim_in_pixel();
    let key_px = style.text_px(30.0);
    let title_px = style.text_px(24.0);
    let gap = style.text_px(10.0);
    let grid = best_grid(
        panels.len(),
        (width as i32, height as i32 - key_px),
        title_px,
        gap,
    );

    let radius = style.px(2.5);
    for (index, panel) in panels.iter().enumerate() {
        let (row, col) = (index / grid.cols, index % grid.cols);
        let cell_x = col as i32 * grid.cell_w;
        let cell_y = row as i32 * grid.cell_h;
        // Centre the square inside its cell.
        let x0 = cell_x + (grid.cell_w - grid.side) / 2;
        let y0 = cell_y + (grid.cell_h - grid.side - title_px) / 2 + title_px;

        let title_font = style.title_font().pos(Pos::new(HPos::Center, VPos::Bottom));
        area.draw_text(
            &format!("layer {}", index + 1),
            &title_font,
            (x0 + grid.side / 2, y0 - style.px(4.0)),
        )?;
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + grid.side, y0 + grid.side)],
            AXIS_COLOR.stroke_width(style.stroke(1.0)),
        ))?;

        let Some((x_range, y_range)) = square_ranges(panel) else {
            continue;
        };
        let inner = grid.side - 2 * radius;
        let to_px = |p: &[f32; 2]| {
            let fx = (f64::from(p[0]) - x_range.0) / (x_range.1 - x_range.0);
            let fy = (f64::from(p[1]) - y_range.0) / (y_range.1 - y_range.0);
            (
                x0 + radius + (fx * f64::from(inner)).round() as i32,
                y0 + radius + ((1.0 - fy) * f64::from(inner)).round() as i32,
            )
        };
        for (point, &label) in panel.iter().zip(labels) {
            if point.iter().all(|v| v.is_finite()) {
                area.draw(&Circle::new(
                    to_px(point),
                    radius,
                    class_color(label as usize).mix(0.85).filled(),
                ))?;
            }
        }
    }

    draw_class_key(area, labels, height as i32 - key_px / 2, style)
}

/// A grid of equal cells and the side of the square panel in each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PanelGrid {
    cols: usize,
    cell_w: i32,
    cell_h: i32,
    side: i32,
}

/// The column count that gives `count` panels the largest squares in
/// `size_px`, each with room for a title above it and a gap around.
fn best_grid(count: usize, size_px: (i32, i32), title_px: i32, gap: i32) -> PanelGrid {
    (1..=count.max(1))
        .map(|cols| {
            let rows = count.div_ceil(cols).max(1);
            let cell_w = size_px.0 / cols as i32;
            let cell_h = size_px.1 / rows as i32;
            let side = (cell_w - gap).min(cell_h - title_px - gap).max(1);
            PanelGrid {
                cols,
                cell_w,
                cell_h,
                side,
            }
        })
        .max_by_key(|grid| (grid.side, std::cmp::Reverse(grid.cols)))
        .unwrap_or(PanelGrid {
            cols: 1,
            cell_w: size_px.0,
            cell_h: size_px.1,
            side: 1,
        })
}

/// Equal-span x and y ranges around the finite points, padded; `None` when
/// no point is finite.
fn square_ranges(panel: &[[f32; 2]]) -> Option<((f64, f64), (f64, f64))> {
    let finite = || panel.iter().filter(|p| p.iter().all(|v| v.is_finite()));
    let x = axes::padded_range(finite().map(|p| f64::from(p[0])), 0.0, 1e-6)?;
    let y = axes::padded_range(finite().map(|p| f64::from(p[1])), 0.0, 1e-6)?;
    let half = 0.5 * (x.1 - x.0).max(y.1 - y.0) * (1.0 + 2.0 * PAD_FRAC);
    let (cx, cy) = (0.5 * (x.0 + x.1), 0.5 * (y.0 + y.1));
    Some(((cx - half, cx + half), (cy - half, cy + half)))
}

/// "class ● 0 ● 1 …" centred on the row at `center_y`.
fn draw_class_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[u32],
    center_y: i32,
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let num_classes = labels.iter().max().map_or(0, |&max| max as usize + 1);
    if num_classes == 0 {
        return Ok(());
    }
    let font = style.legend_font().pos(Pos::new(HPos::Left, VPos::Center));
    let muted = font.color(&MUTED_TEXT_COLOR);
    let radius = style.px(4.5);
    let gap = style.text_px(5.0);
    let spacing = style.text_px(14.0);

    let heading = "class";
    let mut total = area.estimate_text_size(heading, &muted)?.0 as i32 + spacing;
    let names: Vec<String> = (0..num_classes).map(|class| class.to_string()).collect();
    for name in &names {
        total += 2 * radius + gap + area.estimate_text_size(name, &font)?.0 as i32 + spacing;
    }

    let mut x = (area.dim_in_pixel().0 as i32 - total).max(0) / 2;
    area.draw_text(heading, &muted, (x, center_y))?;
    x += area.estimate_text_size(heading, &muted)?.0 as i32 + spacing;
    for (class, name) in names.iter().enumerate() {
        area.draw(&Circle::new(
            (x + radius, center_y),
            radius,
            class_color(class).filled(),
        ))?;
        x += 2 * radius + gap;
        area.draw_text(name, &font, (x, center_y))?;
        x += area.estimate_text_size(name, &font)?.0 as i32 + spacing;
    }
    Ok(())
}
