//! Plots drawn into in-memory bitmaps and SVG strings, checked pixel by
//! pixel and element by element.
//!
//! Set `INFOPLANE_PLOT_PNG_DIR` to also write every plot as a PNG there, to
//! look at them.

use infoplane::metrics::{History, LayerHsic, Snapshot};
use infoplane::plot::{
    self, CLASS_COLORS, DecisionGrid, LAYER_COLORS, OUTPUT_LAYER_COLOR, PlotError, PlotStyle,
    class_color, layer_color,
};
use infoplane::train::Mode;
use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, IntoDrawingArea, RGBColor};

const SIZE: (u32, u32) = (960, 600);

// ---------------------------------------------------------------- fixtures

/// A run of `num_hidden` hidden layers plus the output, over `num_snapshots`
/// snapshots; every layer starts near (0.9, 0.2) and bends toward its own
/// end point, the deeper the lower in X and the higher in Y. `shift` moves
/// the whole run down and left (across the trajectories) and worsens its
/// curves.
fn history(name: &str, num_hidden: usize, num_snapshots: usize, shift: f64) -> History {
    let mut run = History::new(name);
    let num_layers = num_hidden + 1;
    for s in 0..num_snapshots {
        let t = if num_snapshots > 1 {
            s as f64 / (num_snapshots - 1) as f64
        } else {
            1.0
        };
        let layers = (0..num_layers)
            .map(|j| {
                let depth = (j + 1) as f64 / num_layers as f64;
                let end_xz = 0.9 - 0.6 * depth;
                let end_yz = 0.3 + 0.6 * depth * depth;
                let bend = 0.12 * (std::f64::consts::PI * t).sin() * (1.0 - 0.5 * depth);
                LayerHsic {
                    nhsic_xz: 0.9 + t * (end_xz - 0.9) + bend - shift,
                    nhsic_yz: 0.2 + t * (end_yz - 0.2) + bend - shift,
                }
            })
            .collect();
        run.snapshots.push(Snapshot {
            epoch: s * 10,
            // As in a session: the snapshot at the switch epoch was taken
            // before the switch, in the old mode.
            mode: if s <= num_snapshots / 2 {
                Mode::E2e
            } else {
                Mode::Layerwise
            },
            train_loss: (2.3 + 2.0 * shift) * (-(s as f64) / 3.0).exp() + 0.05,
            train_accuracy: 0.2 + (0.75 - shift) * t,
            test_accuracy: 0.18 + (0.65 - shift) * t,
            layers,
            head_accuracy: Vec::new(),
        });
    }
    if num_snapshots > 2 {
        run.mode_switches.push((num_snapshots / 2) * 10);
    }
    run
}

/// A history whose values include NaN and infinities everywhere.
fn history_with_nan() -> History {
    let mut run = history("broken", 2, 6, 0.0);
    run.snapshots[1].layers[0].nhsic_xz = f64::NAN;
    run.snapshots[2].layers[1].nhsic_yz = f64::INFINITY;
    run.snapshots[3].train_loss = f64::NAN;
    run.snapshots[4].test_accuracy = f64::NAN;
    for layer in &mut run.snapshots[5].layers {
        layer.nhsic_xz = f64::NAN;
    }
    run
}

// ---------------------------------------------------------------- bitmaps

/// An RGB image drawn by plotters.
struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Image {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Pixels within `tolerance` of `color` on every channel, inside the
    /// rectangle [x0, x1) × [y0, y1).
    fn count_in(
        &self,
        color: RGBColor,
        tolerance: u8,
        (x0, y0, x1, y1): (u32, u32, u32, u32),
    ) -> usize {
        let target = [color.0, color.1, color.2];
        let mut count = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                let p = self.pixel(x, y);
                if p.iter()
                    .zip(target)
                    .all(|(&a, b)| a.abs_diff(b) <= tolerance)
                {
                    count += 1;
                }
            }
        }
        count
    }

    fn count(&self, color: RGBColor, tolerance: u8) -> usize {
        self.count_in(color, tolerance, (0, 0, self.width, self.height))
    }
}

/// Draws with `draw` onto a `size` bitmap that starts as `background`.
fn render_on(
    size: (u32, u32),
    background: [u8; 3],
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), PlotError>,
) -> Image {
    let mut rgb: Vec<u8> = background
        .iter()
        .copied()
        .cycle()
        .take((size.0 * size.1 * 3) as usize)
        .collect();
    {
        let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        draw(&root).expect("plot draws");
        root.present().expect("bitmap presents");
    }
    Image {
        width: size.0,
        height: size.1,
        rgb,
    }
}

fn render(
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), PlotError>,
) -> Image {
    render_on(SIZE, [255, 255, 255], draw)
}

/// Hue in degrees of an RGB colour; `None` for greys.
fn hue(rgb: [u8; 3]) -> Option<f64> {
    let [r, g, b] = rgb.map(|c| f64::from(c) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let delta = max - min;
    if delta < 0.02 {
        return None;
    }
    let h = if max == r {
        60.0 * ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / delta + 2.0)
    } else {
        60.0 * ((r - g) / delta + 4.0)
    };
    Some(h)
}

fn hue_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

fn rgb_of(color: RGBColor) -> [u8; 3] {
    [color.0, color.1, color.2]
}

const STYLE: PlotStyle = PlotStyle::normal();

// ---------------------------------------------------------------- palette

#[test]
fn palettes_are_distinct_and_cycle() {
    assert!(LAYER_COLORS.len() >= 8);
    assert_eq!(CLASS_COLORS.len(), 10);
    for (i, a) in LAYER_COLORS.iter().chain([&OUTPUT_LAYER_COLOR]).enumerate() {
        for b in LAYER_COLORS.iter().chain([&OUTPUT_LAYER_COLOR]).skip(i + 1) {
            assert_ne!(a, b);
        }
    }
    for (i, a) in CLASS_COLORS.iter().enumerate() {
        for b in CLASS_COLORS.iter().skip(i + 1) {
            assert_ne!(a, b);
        }
    }
    assert_eq!(layer_color(LAYER_COLORS.len()), layer_color(0));
    assert_eq!(class_color(13), class_color(3));
}

// ---------------------------------------------------------------- info plane

#[test]
fn info_plane_draws_every_layer_in_its_colour() {
    let run = history("e2e", 2, 8, 0.0);
    let image = render(|area| plot::draw_info_plane(area, &[&run], "paper", &STYLE));

    for color in [layer_color(0), layer_color(1), OUTPUT_LAYER_COLOR] {
        let count = image.count(color, 6);
        assert!(count > 150, "colour {color:?} has only {count} pixels");
    }
    // A fourth layer was never drawn.
    assert_eq!(image.count(layer_color(2), 6), 0);
}

#[test]
fn empty_info_plane_has_axes_and_note_but_no_layer() {
    let run = History::new("e2e");
    let image = render(|area| plot::draw_info_plane(area, &[&run], "paper", &STYLE));

    for color in LAYER_COLORS.iter().chain([&OUTPUT_LAYER_COLOR]) {
        assert_eq!(image.count(*color, 6), 0, "{color:?} drawn without data");
    }
    // Axis labels, ticks and the note are dark text on white.
    let dark = (0..image.height)
        .flat_map(|y| (0..image.width).map(move |x| (x, y)))
        .filter(|&(x, y)| image.pixel(x, y).iter().all(|&c| c < 100))
        .count();
    assert!(dark > 500, "only {dark} dark pixels: no axes or text");

    // No run at all draws too.
    let none = render(|area| plot::draw_info_plane(area, &[], "paper", &STYLE));
    assert_eq!(none.count(layer_color(0), 6), 0);
}

#[test]
fn info_plane_compare_draws_both_runs() {
    let e2e = history("e2e", 2, 8, 0.0);
    let layerwise = history("layerwise", 2, 8, 0.25);
    let one = render(|area| plot::draw_info_plane(area, &[&e2e], "paper", &STYLE));
    let both = render(|area| plot::draw_info_plane(area, &[&e2e, &layerwise], "paper", &STYLE));

    for color in [layer_color(0), layer_color(1), OUTPUT_LAYER_COLOR] {
        let (alone, compared) = (one.count(color, 6), both.count(color, 6));
        // The second run's dashed line and triangles add their own pixels.
        assert!(
            compared > alone + 250,
            "{color:?}: {alone} px alone, {compared} px compared"
        );
    }

    // The key names both runs.
    let svg = plot::info_plane_svg(&[&e2e, &layerwise], "paper", SIZE, &STYLE).expect("svg");
    assert!(
        svg.contains("e2e (epoch 70)"),
        "first run missing from the key"
    );
    assert!(
        svg.contains("layerwise (epoch 70)"),
        "second run missing from the key"
    );
}

#[test]
fn info_plane_handles_one_snapshot_and_nan() {
    let single = history("e2e", 3, 1, 0.0);
    let image = render(|area| plot::draw_info_plane(area, &[&single], "cka", &STYLE));
    for j in 0..3 {
        assert!(
            image.count(layer_color(j), 6) > 30,
            "latest marker of layer {} missing",
            j + 1
        );
    }

    let broken = history_with_nan();
    let image = render(|area| plot::draw_info_plane(area, &[&broken], "paper", &STYLE));
    assert!(image.count(layer_color(0), 6) > 100);

    // A history of nothing but NaN draws like an empty one.
    let mut all_nan = history("nan", 1, 3, 0.0);
    for snap in &mut all_nan.snapshots {
        for layer in &mut snap.layers {
            *layer = LayerHsic {
                nhsic_xz: f64::NAN,
                nhsic_yz: f64::NAN,
            };
        }
    }
    let image = render(|area| plot::draw_info_plane(area, &[&all_nan], "paper", &STYLE));
    // The legend still lists the layers; the plot left of it has none.
    let plot_part = (0, 0, image.width * 2 / 3, image.height);
    assert_eq!(image.count_in(layer_color(0), 6, plot_part), 0);
}

#[test]
fn info_plane_svg_names_the_estimator_and_draws_a_line_per_layer() {
    let run = history("e2e", 2, 8, 0.0);
    let svg = plot::info_plane_svg(&[&run], "paper", (1280, 720), &STYLE).expect("svg");

    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("nHSIC(X;Z) — paper estimator"), "x caption");
    assert!(svg.contains("nHSIC(Y;Z) — paper estimator"), "y caption");
    for color in [layer_color(0), layer_color(1), OUTPUT_LAYER_COLOR] {
        let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
        let lines = svg
            .lines()
            .filter(|line| line.contains("<polyline") || line.contains("<path"))
            .filter(|line| line.to_uppercase().contains(&hex))
            .count();
        assert!(lines >= 1, "no line stroked {hex}");
    }
}

/// The texts of an SVG document, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let (_, rest) = element.split_once('>')?;
            let (text, _) = rest.split_once("</text>")?;
            Some(text.trim().to_string())
        })
        .collect()
}

/// Large text in a projector-sized panel: captions and legend labels
/// shorten to fit instead of running off the panel.
#[test]
fn large_text_shortens_what_would_not_fit() {
    let e2e = history("e2e", 5, 8, 0.0);
    let layerwise = history("layerwise", 5, 8, 0.1);
    let runs = [&e2e, &layerwise];

    let roomy = svg_texts(&plot::info_plane_svg(&runs, "paper", SIZE, &STYLE).expect("svg"));
    assert!(
        roomy.iter().any(|t| t == "nHSIC(Y;Z) — paper estimator"),
        "{roomy:?}"
    );
    assert!(
        roomy.iter().any(|t| t == "layerwise (epoch 70)"),
        "{roomy:?}"
    );

    let large = PlotStyle::large();
    let tight = svg_texts(&plot::info_plane_svg(&runs, "paper", (860, 360), &large).expect("svg"));
    assert!(
        tight.iter().any(|t| t == "nHSIC(Y;Z)"),
        "short y caption: {tight:?}"
    );
    assert!(
        tight.iter().any(|t| t == "nHSIC(X;Z) — paper estimator"),
        "the x caption still names the estimator: {tight:?}"
    );
    assert!(
        tight
            .iter()
            .any(|t| t.starts_with("layerwise") && !t.contains("(epoch 70)")),
        "legend label shortened: {tight:?}"
    );

    let profile =
        svg_texts(&plot::layer_profile_svg(&runs, "paper", (420, 300), &large).expect("svg"));
    assert!(profile.iter().any(|t| t == "nHSIC (paper)"), "{profile:?}");
}

#[test]
fn large_text_draws_everything() {
    let e2e = history("e2e", 3, 8, 0.0);
    let layerwise = history("layerwise", 3, 8, 0.1);
    let large = PlotStyle::large();
    type DrawRuns = fn(
        &DrawingArea<BitMapBackend<'_>, Shift>,
        &[&History],
        &PlotStyle,
    ) -> Result<(), PlotError>;
    let draws: [DrawRuns; 3] = [
        |a, runs, s| plot::draw_info_plane(a, runs, "paper", s),
        |a, runs, s| plot::draw_layer_profile(a, runs, "paper", s),
        |a, runs, s| plot::draw_curves(a, runs, s),
    ];
    for draw in draws {
        let image = render(|area| draw(area, &[&e2e, &layerwise], &large));
        assert!(image.count(layer_color(0), 6) > 50);
    }
}

// ---------------------------------------------------------------- profile

#[test]
fn layer_profile_draws_both_series_for_each_run() {
    let e2e = history("e2e", 3, 5, 0.0);
    // The second run's values sit between the first run's, so the axes keep
    // their scale and every extra pixel is the second run's.
    let mut layerwise = e2e.clone();
    layerwise.name = "layerwise".to_string();
    for layer in &mut layerwise.snapshots[4].layers {
        let middle = 0.5 * (layer.nhsic_xz + layer.nhsic_yz);
        *layer = LayerHsic {
            nhsic_xz: middle + 0.03,
            nhsic_yz: middle - 0.03,
        };
    }
    // The profile's nHSIC(X;Z) is blue like layer 1, nHSIC(Y;Z) vermillion
    // like the output layer.
    let one = render(|area| plot::draw_layer_profile(area, &[&e2e], "paper", &STYLE));
    let both = render(|area| plot::draw_layer_profile(area, &[&e2e, &layerwise], "paper", &STYLE));
    for color in [LAYER_COLORS[0], OUTPUT_LAYER_COLOR] {
        assert!(one.count(color, 6) > 200, "{color:?} missing");
        let (alone, compared) = (one.count(color, 6), both.count(color, 6));
        assert!(
            compared > alone + 250,
            "{color:?}: {alone} px alone, {compared} px compared"
        );
    }

    let empty = History::new("e2e");
    let image = render(|area| plot::draw_layer_profile(area, &[&empty], "paper", &STYLE));
    // Only the legend's two samples carry the series colours.
    assert!(image.count(OUTPUT_LAYER_COLOR, 6) < 200);

    let broken = history_with_nan();
    render(|area| plot::draw_layer_profile(area, &[&broken], "paper", &STYLE));
}

// ---------------------------------------------------------------- curves

#[test]
fn curves_draw_each_run_and_the_mode_switch() {
    let e2e = history("e2e", 2, 10, 0.0);
    let layerwise = history("layerwise", 2, 10, 0.1);
    let image = render(|area| plot::draw_curves(area, &[&e2e, &layerwise], &STYLE));
    assert!(image.count(LAYER_COLORS[0], 6) > 300, "first run's curves");
    assert!(
        image.count(OUTPUT_LAYER_COLOR, 6) > 300,
        "second run's curves"
    );

    let svg = plot::curves_svg(&[&e2e], SIZE, &STYLE).expect("svg");
    assert!(svg.contains("→ layerwise"), "mode switch label");
    assert!(svg.contains("train loss") && svg.contains("accuracy") && svg.contains("epoch"));

    let broken = history_with_nan();
    render(|area| plot::draw_curves(area, &[&broken], &STYLE));
    let empty = History::new("e2e");
    let image = render(|area| plot::draw_curves(area, &[&empty], &STYLE));
    assert!(
        image.count(LAYER_COLORS[0], 6) < 200,
        "only the legend sample"
    );
}

/// A switch close to the last epoch: its label goes left of its line, not
/// over the legend beside the plot.
#[test]
fn a_late_switch_is_labelled_inside_the_plot() {
    let mut run = history("e2e", 2, 10, 0.0);
    run.mode_switches = vec![85];
    for snap in &mut run.snapshots {
        snap.mode = if snap.epoch > 85 {
            Mode::Layerwise
        } else {
            Mode::E2e
        };
    }
    // A narrow figure, as in the page's half-width panel.
    let svg = plot::curves_svg(&[&run], (420, 260), &STYLE).expect("svg");
    let labels: Vec<&str> = svg
        .split("<text")
        .filter(|element| element.contains("→ layerwise"))
        .collect();
    assert_eq!(labels.len(), 2, "one label per panel: {labels:?}");
    for label in labels {
        assert!(
            label.contains(r#"text-anchor="end""#),
            "label should end at its line: {label}"
        );
    }
    // Where the label fits right of its line, it stays there.
    let middle = history("e2e", 2, 10, 0.0);
    let svg = plot::curves_svg(&[&middle], SIZE, &STYLE).expect("svg");
    let label = svg
        .split("<text")
        .find(|element| element.contains("→ layerwise"))
        .expect("label");
    assert!(!label.contains(r#"text-anchor="end""#), "{label}");
}

// ---------------------------------------------------------------- decision boundary

/// A grid where class 1 wins on the right half (x > 0), class 0 on the
/// left, confidently away from x = 0.
fn two_class_grid(resolution: usize) -> DecisionGrid {
    let mut grid = DecisionGrid {
        resolution,
        x_range: (-2.0, 2.0),
        y_range: (-1.0, 1.0),
        probs: Vec::new(),
        num_classes: 3,
    };
    for row in 0..resolution {
        for col in 0..resolution {
            let [x, _] = grid.cell_center(row, col);
            let p1 = 1.0 / (1.0 + (-4.0 * x).exp());
            grid.probs
                .extend_from_slice(&[0.95 * (1.0 - p1), 0.95 * p1, 0.05]);
        }
    }
    grid
}

#[test]
fn heatmap_pixels_take_the_winning_class_hue() {
    let grid = two_class_grid(40);
    let rgba = plot::heatmap_rgba(&grid);
    assert_eq!(rgba.len(), 40 * 40 * 4);

    let at = |row: usize, col: usize| {
        let i = (row * 40 + col) * 4;
        assert_eq!(rgba[i + 3], 255);
        [rgba[i], rgba[i + 1], rgba[i + 2]]
    };
    let class1 = hue(rgb_of(class_color(1))).expect("class 1 has a hue");
    let class0 = hue(rgb_of(class_color(0))).expect("class 0 has a hue");
    let right = at(5, 37);
    let left = at(30, 2);
    assert!(
        hue_distance(hue(right).expect("coloured"), class1) < 4.0,
        "right half {right:?}"
    );
    assert!(
        hue_distance(hue(left).expect("coloured"), class0) < 4.0,
        "left half {left:?}"
    );
    // Light enough for points to show, and lighter where less certain.
    assert!(right.iter().all(|&c| c > 100), "{right:?} too dark");
    let near_boundary = at(20, 20);
    assert!(
        near_boundary.iter().map(|&c| u32::from(c)).sum::<u32>()
            > right.iter().map(|&c| u32::from(c)).sum()
    );

    // Row 0 is the top: a grid that only differs in its top row shows it
    // in the first row of pixels.
    let mut top = two_class_grid(4);
    for col in 0..4 {
        top.probs[col * 3..col * 3 + 3].copy_from_slice(&[0.0, 0.0, 1.0]);
    }
    let rgba = plot::heatmap_rgba(&top);
    let class2 = hue(rgb_of(class_color(2))).expect("hue");
    assert!(hue_distance(hue([rgba[0], rgba[1], rgba[2]]).expect("coloured"), class2) < 4.0);
}

#[test]
fn decision_boundary_bitmap_shows_class_regions_and_points() {
    let grid = two_class_grid(50);
    let points = [[-1.5f32, 0.5], [1.5, -0.5], [1.0, 0.6]];
    let labels = [0u32, 1, 1];
    let is_test = [false, false, true];
    let mut rect = None;
    let image = render(|area| {
        rect = Some(plot::draw_decision_boundary(
            area, &grid, &points, &labels, &is_test, &STYLE,
        )?);
        Ok(())
    });
    let rect = rect.expect("rect");
    assert_eq!(
        rect,
        plot::points_plot_rect(SIZE, grid.x_range, grid.y_range, &STYLE)
    );
    // The data is twice as wide as tall, and so is the plot.
    assert!(
        (f64::from(rect.width) / f64::from(rect.height) - 2.0).abs() < 0.02,
        "{rect:?}"
    );

    // x = 1.8, y = 0.9 lies where class 1 wins and no point is.
    let px = |x: f32, y: f32| {
        let fx = (x - grid.x_range.0) / (grid.x_range.1 - grid.x_range.0);
        let fy = (grid.y_range.1 - y) / (grid.y_range.1 - grid.y_range.0);
        (
            rect.x as u32 + (fx * rect.width as f32) as u32,
            rect.y as u32 + (fy * rect.height as f32) as u32,
        )
    };
    let (x, y) = px(1.8, 0.9);
    let class1 = hue(rgb_of(class_color(1))).expect("hue");
    assert!(hue_distance(hue(image.pixel(x, y)).expect("coloured"), class1) < 5.0);
    let (x, y) = px(-1.8, -0.9);
    let class0 = hue(rgb_of(class_color(0))).expect("hue");
    assert!(hue_distance(hue(image.pixel(x, y)).expect("coloured"), class0) < 5.0);

    // The train point of class 1 is drawn in full colour at its place.
    let (x, y) = px(1.5, -0.5);
    assert!(image.count_in(class_color(1), 4, (x - 6, y - 6, x + 7, y + 7)) > 10);
    // The test point is hollow: white inside a class-coloured ring.
    let (x, y) = px(1.0, 0.6);
    assert_eq!(image.pixel(x, y), [255, 255, 255]);
    assert!(image.count_in(class_color(1), 4, (x - 7, y - 7, x + 8, y + 8)) > 10);

    let bad = DecisionGrid {
        probs: vec![0.5; 7],
        ..two_class_grid(2)
    };
    let result = plot::decision_boundary_svg(&bad, &[], &[], &[], SIZE, &STYLE);
    assert!(matches!(result, Err(PlotError::Shape(_))));
}

#[test]
fn points_leave_the_background_alone() {
    let background = [10, 200, 10];
    let points = [[0.0f32, 0.0]];
    let mut rect = None;
    let image = render_on(SIZE, background, |area| {
        rect = Some(plot::draw_points(
            area,
            (-1.0, 1.0),
            (-1.0, 1.0),
            &points,
            &[2],
            &[false],
            &STYLE,
        )?);
        Ok(())
    });
    let rect = rect.expect("rect");
    assert_eq!(
        rect,
        plot::points_plot_rect(SIZE, (-1.0, 1.0), (-1.0, 1.0), &STYLE)
    );
    assert_eq!(rect.width, rect.height, "equal ranges give a square plot");

    // A corner of the plotting area away from the point keeps the colour
    // that was there; the centre has the point.
    assert_eq!(
        image.pixel(rect.x as u32 + 20, rect.y as u32 + 20),
        background
    );
    let (cx, cy) = (
        rect.x as u32 + rect.width / 2,
        rect.y as u32 + rect.height / 2,
    );
    assert!(image.count_in(class_color(2), 4, (cx - 6, cy - 6, cx + 7, cy + 7)) > 10);

    let mismatched = render_on((100, 100), background, |area| {
        let result = plot::draw_points(area, (-1.0, 1.0), (-1.0, 1.0), &points, &[], &[], &STYLE);
        assert!(matches!(result, Err(PlotError::Shape(_))));
        Ok(())
    });
    assert_eq!(mismatched.pixel(50, 50), background);
}

// ---------------------------------------------------------------- PCA

#[test]
fn pca_recovers_a_line_in_3d() {
    // Points on the line c + t·u, u a unit vector.
    let u = [2.0 / 7.0, 3.0 / 7.0, -6.0 / 7.0];
    let c = [0.5, -1.0, 2.0];
    let ts: Vec<f32> = (0..9).map(|i| i as f32 * 0.5 - 2.0).collect();
    let features: Vec<f32> = ts
        .iter()
        .flat_map(|&t| (0..3).map(move |k| c[k] + t * u[k]))
        .collect();

    let projected = plot::pca_2d(&features, ts.len(), 3).expect("pca");
    assert_eq!(projected.len(), ts.len());
    // The line is its own first axis and the ts are centred, so the first
    // coordinate is ±t and the second zero. The largest loading (z, −6/7)
    // is made positive, so the axis is −u and the coordinate −t.
    for (point, &t) in projected.iter().zip(&ts) {
        assert!((point[0] + t).abs() < 1e-4, "{point:?} vs t = {t}");
        assert!(point[1].abs() < 1e-4, "{point:?} off the line");
    }
}

#[test]
fn pca_of_2d_data_is_a_rotation_of_the_centred_data() {
    let data: [[f32; 2]; 6] = [
        [0.0, 0.0],
        [3.0, 1.0],
        [1.0, 2.0],
        [-1.0, 4.0],
        [2.5, -1.5],
        [0.5, 0.5],
    ];
    let features: Vec<f32> = data.iter().flatten().copied().collect();
    let projected = plot::pca_2d(&features, data.len(), 2).expect("pca");

    let mean = [
        data.iter().map(|p| p[0]).sum::<f32>() / data.len() as f32,
        data.iter().map(|p| p[1]).sum::<f32>() / data.len() as f32,
    ];
    let norm = |p: [f32; 2]| (p[0] * p[0] + p[1] * p[1]).sqrt();
    for (i, a) in data.iter().enumerate() {
        // Distances to the mean and between points are kept.
        let centred = [a[0] - mean[0], a[1] - mean[1]];
        assert!((norm(centred) - norm(projected[i])).abs() < 1e-4);
        for (j, b) in data.iter().enumerate() {
            let before = norm([a[0] - b[0], a[1] - b[1]]);
            let after = norm([
                projected[i][0] - projected[j][0],
                projected[i][1] - projected[j][1],
            ]);
            assert!(
                (before - after).abs() < 1e-4,
                "pair ({i}, {j}): {before} vs {after}"
            );
        }
    }
    // The first axis carries at least as much variance as the second.
    let var = |k: usize| projected.iter().map(|p| p[k] * p[k]).sum::<f32>();
    assert!(var(0) >= var(1));
}

#[test]
fn pca_edge_cases() {
    let one_column = plot::pca_2d(&[1.0, 2.0, 4.0], 3, 1).expect("pca");
    assert_eq!(one_column.len(), 3);
    assert!(one_column.iter().all(|p| p[1] == 0.0));
    assert!((one_column[2][0] - (4.0 - 7.0 / 3.0)).abs() < 1e-5);

    assert!(matches!(
        plot::pca_2d(&[1.0, 2.0, 3.0], 2, 2),
        Err(PlotError::Shape(_))
    ));
    assert_eq!(
        plot::pca_2d(&[], 0, 4).expect("no rows"),
        Vec::<[f32; 2]>::new()
    );

    let with_nan = plot::pca_2d(&[0.0, 0.0, 1.0, 1.0, f32::NAN, 0.0, 2.0, 2.0], 4, 2).expect("pca");
    assert!(with_nan[2][0].is_nan() && with_nan[2][1].is_nan());
    assert!(with_nan[0][0].is_finite());

    let constant = plot::pca_2d(&[1.0; 12], 4, 3).expect("pca");
    assert!(constant.iter().flatten().all(|v| v.abs() < 1e-6));
}

// ---------------------------------------------------------------- representations

#[test]
fn representations_draw_a_panel_per_layer_in_class_colours() {
    let labels: Vec<u32> = (0..60).map(|i| i % 3).collect();
    let panel = |spread: f32| -> Vec<[f32; 2]> {
        labels
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                [
                    c as f32 * spread + (i as f32 * 0.37).sin() * 0.3,
                    (i as f32 * 0.71).cos() * 0.3,
                ]
            })
            .collect()
    };
    let panels = vec![panel(1.0), panel(2.0), panel(3.0)];
    let image = render(|area| plot::draw_representations(area, &panels, &labels, &STYLE));
    for class in 0..3 {
        assert!(image.count(class_color(class), 40) > 100, "class {class}");
    }
    // Three panels side by side: each third of the width has class 0 points.
    for third in 0..3 {
        let x0 = third * SIZE.0 / 3;
        assert!(
            image.count_in(class_color(0), 40, (x0, 0, x0 + SIZE.0 / 3, SIZE.1 - 40)) > 30,
            "panel {third}"
        );
    }

    let short = vec![panel(1.0)[..10].to_vec()];
    let result = plot::representations_svg(&short, &labels, SIZE, &STYLE);
    assert!(matches!(result, Err(PlotError::Shape(_))));
    let svg = plot::representations_svg(&panels, &labels, SIZE, &STYLE).expect("svg");
    assert!(svg.contains("layer 3"));
    render(|area| plot::draw_representations(area, &[], &[], &STYLE));
}

// ---------------------------------------------------------------- gallery

/// Writes `image` as an 8-bit RGB PNG.
fn write_png(path: &std::path::Path, image: &Image) -> std::io::Result<()> {
    use std::io::Write;

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }

    let mut raw = Vec::with_capacity(image.rgb.len() + image.height as usize);
    for row in image.rgb.chunks_exact(image.width as usize * 3) {
        raw.push(0); // filter type: none
        raw.extend_from_slice(row);
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&raw)?;
    let compressed = encoder.finish()?;

    let mut header = Vec::new();
    header.extend_from_slice(&image.width.to_be_bytes());
    header.extend_from_slice(&image.height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit, RGB, deflate, no filter, no interlace

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &compressed);
    chunk(&mut png, b"IEND", &[]);
    std::fs::write(path, png)
}

#[test]
fn gallery() {
    let e2e = history("e2e", 3, 12, 0.0);
    let layerwise = history("layerwise", 3, 12, 0.12);
    let labels: Vec<u32> = (0..120).map(|i| i % 4).collect();
    let panels: Vec<Vec<[f32; 2]>> = (1..=3)
        .map(|layer| {
            labels
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let angle = c as f32 * 1.57 + (i as f32 * 0.9).sin() * (0.9 / layer as f32);
                    let radius = 1.0 + (i as f32 * 1.3).cos() * 0.3;
                    [angle.cos() * radius, angle.sin() * radius * 0.6]
                })
                .collect()
        })
        .collect();
    let grid = two_class_grid(60);
    let points: Vec<[f32; 2]> = (0..40)
        .map(|i| {
            [
                ((i * 37) % 40) as f32 / 10.0 - 2.0,
                ((i * 13) % 20) as f32 / 10.0 - 1.0,
            ]
        })
        .collect();
    let point_labels: Vec<u32> = points.iter().map(|p| u32::from(p[0] > 0.0)).collect();
    let is_test: Vec<bool> = (0..points.len()).map(|i| i % 4 == 0).collect();

    type Draw<'a> =
        Box<dyn Fn(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), PlotError> + 'a>;
    let plots: Vec<(&str, (u32, u32), Draw)> = vec![
        (
            "info-plane",
            (1280, 720),
            Box::new(|a| plot::draw_info_plane(a, &[&e2e], "paper", &STYLE)),
        ),
        (
            "info-plane-compare",
            (1280, 720),
            Box::new(|a| plot::draw_info_plane(a, &[&e2e, &layerwise], "paper", &STYLE)),
        ),
        (
            "info-plane-compare-large",
            (960, 600),
            Box::new(|a| {
                plot::draw_info_plane(a, &[&e2e, &layerwise], "paper", &PlotStyle::large())
            }),
        ),
        (
            "info-plane-empty",
            (640, 400),
            Box::new(|a| plot::draw_info_plane(a, &[], "cka", &STYLE)),
        ),
        (
            "profile",
            (960, 540),
            Box::new(|a| plot::draw_layer_profile(a, &[&e2e, &layerwise], "paper", &STYLE)),
        ),
        (
            "curves",
            (1280, 480),
            Box::new(|a| plot::draw_curves(a, &[&e2e, &layerwise], &STYLE)),
        ),
        (
            "curves-small",
            (640, 320),
            Box::new(|a| plot::draw_curves(a, &[&e2e], &STYLE)),
        ),
        (
            "boundary",
            (720, 480),
            Box::new(|a| {
                plot::draw_decision_boundary(a, &grid, &points, &point_labels, &is_test, &STYLE)
                    .map(|_| ())
            }),
        ),
        (
            "representations",
            (960, 400),
            Box::new(|a| plot::draw_representations(a, &panels, &labels, &STYLE)),
        ),
    ];

    let dir = std::env::var_os("INFOPLANE_PLOT_PNG_DIR").map(std::path::PathBuf::from);
    for (name, size, draw) in &plots {
        let image = render_on(*size, [255, 255, 255], |area| draw(area));
        if let Some(dir) = &dir {
            write_png(&dir.join(format!("plot-{name}.png")), &image).expect("png written");
        }
    }
    if let Some(dir) = &dir {
        let svg =
            plot::info_plane_svg(&[&e2e, &layerwise], "paper", (1280, 720), &STYLE).expect("svg");
        std::fs::write(dir.join("plot-info-plane-compare.svg"), svg).expect("svg written");
        let svg = plot::curves_svg(&[&e2e, &layerwise], (1280, 480), &STYLE).expect("svg");
        std::fs::write(dir.join("plot-curves.svg"), svg).expect("svg written");
        let svg = plot::decision_boundary_svg(
            &grid,
            &points,
            &point_labels,
            &is_test,
            (720, 480),
            &STYLE,
        )
        .expect("svg");
        std::fs::write(dir.join("plot-boundary.svg"), svg).expect("svg written");
        let svg =
            plot::layer_profile_svg(&[&e2e, &layerwise], "paper", (960, 540), &STYLE).expect("svg");
        std::fs::write(dir.join("plot-profile.svg"), svg).expect("svg written");
    }
}

#[test]
fn tiny_areas_do_not_panic() {
    let run = history("e2e", 2, 4, 0.0);
    let grid = two_class_grid(8);
    let panels = vec![vec![[0.0f32, 1.0], [1.0, 0.0]]];
    for size in [(1, 1), (40, 30), (120, 80)] {
        for large in [false, true] {
            let style = if large { PlotStyle::large() } else { STYLE };
            let mut rgb = vec![255u8; (size.0 * size.1 * 3) as usize];
            let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
            // Errors are fine in a space too small to draw in; panics are not.
            let _ = plot::draw_info_plane(&root, &[&run], "paper", &style);
            let _ = plot::draw_layer_profile(&root, &[&run], "paper", &style);
            let _ = plot::draw_curves(&root, &[&run], &style);
            let _ =
                plot::draw_decision_boundary(&root, &grid, &[[0.0, 0.0]], &[1], &[true], &style);
            let _ = plot::draw_representations(&root, &panels, &[0, 1], &style);
        }
    }
}

#[test]
fn degenerate_ranges_are_refused_not_drawn() {
    let mut grid = two_class_grid(4);
    grid.x_range = (f32::NAN, 1.0);
    let result = plot::decision_boundary_svg(&grid, &[], &[], &[], SIZE, &STYLE);
    assert!(matches!(result, Err(PlotError::Shape(_))), "{result:?}");
    grid.x_range = (1.0, 1.0);
    let result = plot::decision_boundary_svg(&grid, &[], &[], &[], SIZE, &STYLE);
    assert!(matches!(result, Err(PlotError::Shape(_))), "{result:?}");
}
