//! Data sets: seeded toy sets, the embedded digits, CSV reading, and the
//! stratified, standardised train/test split.

use infoplane::data::{
    DataConfig, DataError, Dataset, DatasetKind, MAX_CSV_ROWS, MAX_TOY_SAMPLES, Split,
    Standardizer, generate_toy, load_digits, parse_csv,
};

const TOY_KINDS: [DatasetKind; 5] = [
    DatasetKind::Circle,
    DatasetKind::Xor,
    DatasetKind::Gaussians,
    DatasetKind::Spiral,
    DatasetKind::Moons,
];

fn toy_config(kind: DatasetKind, num_samples: usize, noise: f32) -> DataConfig {
    DataConfig {
        kind,
        num_samples,
        noise,
        ..DataConfig::default()
    }
}

fn toy(kind: DatasetKind, num_samples: usize, noise: f32) -> Dataset {
    match generate_toy(&toy_config(kind, num_samples, noise), 7) {
        Ok(dataset) => dataset,
        Err(error) => panic!("{kind:?} failed: {error}"),
    }
}

fn points_of(dataset: &Dataset, class: u32) -> Vec<(f64, f64)> {
    (0..dataset.len())
        .filter(|&i| dataset.labels[i] == class)
        .map(|i| (f64::from(dataset.row(i)[0]), f64::from(dataset.row(i)[1])))
        .collect()
}

fn mean_point(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    (sx / n, sy / n)
}

fn invalid_message(result: Result<Dataset, DataError>) -> String {
    match result {
        Err(DataError::Invalid(message)) => message,
        other => panic!("expected DataError::Invalid, got {other:?}"),
    }
}

/// The line and reason of a CSV rejection.
fn csv_rejection(text: &str) -> (usize, String) {
    match parse_csv(text) {
        Err(DataError::Csv { line, reason }) => (line, reason),
        other => panic!("expected DataError::Csv for {text:?}, got {other:?}"),
    }
}

// ---- toy sets ------------------------------------------------------------

#[test]
fn same_seed_gives_identical_points_and_another_seed_different_ones() {
    for kind in TOY_KINDS {
        let config = toy_config(kind, 200, 0.1);
        let first = generate_toy(&config, 42);
        let again = generate_toy(&config, 42);
        let other = generate_toy(&config, 43);
        assert_eq!(first, again, "{kind:?}");
        let (Ok(first), Ok(other)) = (first, other) else {
            panic!("{kind:?} failed");
        };
        let num_differing = first
            .features
            .iter()
            .zip(&other.features)
            .filter(|(a, b)| a != b)
            .count();
        assert!(
            num_differing > 350,
            "{kind:?}: only {num_differing} of 400 values differ"
        );
    }
}

#[test]
fn toy_sets_have_the_requested_count_balanced_classes_and_finite_points() {
    for kind in TOY_KINDS {
        let dataset = toy(kind, 301, 0.2);
        assert_eq!(dataset.len(), 301, "{kind:?}");
        assert_eq!(dataset.features.len(), 602, "{kind:?}");
        assert_eq!(dataset.num_features, 2, "{kind:?}");
        assert_eq!(dataset.num_classes, 2, "{kind:?}");
        assert_eq!(dataset.class_counts(), vec![151, 150], "{kind:?}");
        assert!(dataset.features.iter().all(|v| v.is_finite()), "{kind:?}");
        assert!(dataset.labels.iter().all(|&l| l < 2), "{kind:?}");
    }

    let three_arms = DataConfig {
        spiral_classes: 3,
        ..toy_config(DatasetKind::Spiral, 301, 0.05)
    };
    let Ok(spiral) = generate_toy(&three_arms, 1) else {
        panic!("three-arm spiral failed");
    };
    assert_eq!(spiral.num_classes, 3);
    assert_eq!(spiral.class_counts(), vec![101, 100, 100]);
}

#[test]
fn noise_free_toy_points_lie_within_the_unit_square() {
    for kind in TOY_KINDS {
        let dataset = toy(kind, 1000, 0.0);
        let max_abs = dataset.features.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        // The Gaussian blobs have tails; their 0.5 centre + 0.2 spread stays
        // inside ±1.5 for 1000 points.
        let limit = if kind == DatasetKind::Gaussians {
            1.5
        } else {
            1.0 + 1e-6
        };
        assert!(max_abs <= limit, "{kind:?}: |value| up to {max_abs}");
        assert!(max_abs > 0.5, "{kind:?}: points huddle within {max_abs}");
    }
}

#[test]
fn noise_moves_points_by_about_its_standard_deviation() {
    let clean = toy(DatasetKind::Spiral, 2000, 0.0);
    let noisy = toy(DatasetKind::Spiral, 2000, 0.1);
    // Same seed, same draws: the two differ by exactly the noise term.
    let squared: f64 = clean
        .features
        .iter()
        .zip(&noisy.features)
        .map(|(a, b)| f64::from(b - a).powi(2))
        .sum();
    let noise_std = (squared / clean.features.len() as f64).sqrt();
    assert!(
        (noise_std - 0.1).abs() < 0.005,
        "measured noise std {noise_std}"
    );
}

#[test]
fn circle_puts_a_disc_inside_a_ring() {
    let dataset = toy(DatasetKind::Circle, 1000, 0.0);
    let radius = |&(x, y): &(f64, f64)| x.hypot(y);
    assert!(
        points_of(&dataset, 0)
            .iter()
            .map(radius)
            .all(|r| r <= 0.5 + 1e-6)
    );
    assert!(
        points_of(&dataset, 1)
            .iter()
            .map(radius)
            .all(|r| (0.7 - 1e-6..=1.0 + 1e-6).contains(&r))
    );
}

#[test]
fn xor_classes_sit_in_diagonal_quadrants() {
    let dataset = toy(DatasetKind::Xor, 1000, 0.0);
    assert!(points_of(&dataset, 0).iter().all(|(x, y)| x * y > 0.0));
    assert!(points_of(&dataset, 1).iter().all(|(x, y)| x * y < 0.0));
    // Both quadrants of each class are used.
    let upper_right = points_of(&dataset, 0)
        .iter()
        .filter(|(x, _)| *x > 0.0)
        .count();
    assert!(
        (200..300).contains(&upper_right),
        "{upper_right} of 500 in one quadrant"
    );
}

#[test]
fn gaussian_blobs_are_centred_on_the_diagonal() {
    let dataset = toy(DatasetKind::Gaussians, 2000, 0.0);
    let (x0, y0) = mean_point(&points_of(&dataset, 0));
    let (x1, y1) = mean_point(&points_of(&dataset, 1));
    for (value, expected) in [(x0, -0.5), (y0, -0.5), (x1, 0.5), (y1, 0.5)] {
        assert!(
            (value - expected).abs() < 0.03,
            "mean {value}, expected {expected}"
        );
    }
}

#[test]
fn moons_are_half_circles_reaching_into_each_other() {
    let dataset = toy(DatasetKind::Moons, 1000, 0.0);
    let radius = 1.0 / 1.5;
    let (upper_centre, lower_centre) = ((-0.5 / 1.5, -0.25 / 1.5), (0.5 / 1.5, 0.25 / 1.5));
    let upper = points_of(&dataset, 0);
    let lower = points_of(&dataset, 1);
    for (x, y) in &upper {
        let r = (x - upper_centre.0).hypot(y - upper_centre.1);
        assert!((r - radius).abs() < 1e-5 && *y >= upper_centre.1 - 1e-6);
    }
    for (x, y) in &lower {
        let r = (x - lower_centre.0).hypot(y - lower_centre.1);
        assert!((r - radius).abs() < 1e-5 && *y <= lower_centre.1 + 1e-6);
    }
    // The upper moon's tips dip below the lower moon's top: no horizontal
    // line separates them.
    let upper_min_y = upper.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let lower_max_y = lower.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    assert!(
        upper_min_y < lower_max_y - 0.25,
        "{upper_min_y} vs {lower_max_y}"
    );
}

/// Class changes met when walking outwards along the ray at `angle_rad`,
/// using points within `half_width_rad` of it.
fn class_changes_along_ray(dataset: &Dataset, angle_rad: f64, half_width_rad: f64) -> usize {
    let mut on_ray: Vec<(f64, u32)> = (0..dataset.len())
        .filter_map(|i| {
            let (x, y) = (f64::from(dataset.row(i)[0]), f64::from(dataset.row(i)[1]));
            let offset = (y.atan2(x) - angle_rad + std::f64::consts::PI)
                .rem_euclid(std::f64::consts::TAU)
                - std::f64::consts::PI;
            (offset.abs() < half_width_rad).then_some((x.hypot(y), dataset.labels[i]))
        })
        .collect();
    assert!(
        on_ray.len() >= 8,
        "only {} points near the ray",
        on_ray.len()
    );
    on_ray.sort_by(|a, b| a.0.total_cmp(&b.0));
    on_ray
        .windows(2)
        .filter(|pair| pair[0].1 != pair[1].1)
        .count()
}

#[test]
fn spiral_arms_interleave_along_every_ray() {
    // Two arms of two turns: each ray crosses each arm twice, so classes
    // alternate 0,1,0,1 (or 1,0,1,0) outwards: exactly 3 changes.
    let dataset = toy(DatasetKind::Spiral, 4000, 0.0);
    for step in 0..8 {
        let angle_rad = 0.3 + step as f64 * std::f64::consts::TAU / 8.0;
        assert_eq!(
            class_changes_along_ray(&dataset, angle_rad, 0.05),
            3,
            "ray {angle_rad}"
        );
    }

    // Three arms of one turn: each ray meets the three arms once each.
    let three_arms = DataConfig {
        spiral_classes: 3,
        spiral_turns: 1.0,
        ..toy_config(DatasetKind::Spiral, 3000, 0.0)
    };
    let Ok(dataset) = generate_toy(&three_arms, 3) else {
        panic!("three-arm spiral failed");
    };
    assert_eq!(class_changes_along_ray(&dataset, 1.0, 0.05), 2);
}

#[test]
fn spiral_classes_share_their_centre_and_mean_radius() {
    let dataset = toy(DatasetKind::Spiral, 2000, 0.05);
    for class in 0..2 {
        let points = points_of(&dataset, class);
        let (mx, my) = mean_point(&points);
        let mean_radius =
            points.iter().map(|(x, y)| x.hypot(*y)).sum::<f64>() / points.len() as f64;
        assert!(mx.hypot(my) < 0.15, "class {class} centred at ({mx}, {my})");
        assert!(
            (mean_radius - 0.5).abs() < 0.03,
            "class {class} mean radius {mean_radius}"
        );
    }
}

/// The default configuration with one edit.
fn edited(edit: impl FnOnce(&mut DataConfig)) -> DataConfig {
    let mut config = DataConfig::default();
    edit(&mut config);
    config
}

#[test]
fn bad_toy_configs_are_rejected_with_a_sentence_naming_the_setting() {
    let cases = [
        (edited(|c| c.num_samples = 0), "num_samples"),
        (
            edited(|c| (c.num_samples, c.spiral_classes) = (3, 4)),
            "each class",
        ),
        (edited(|c| c.num_samples = MAX_TOY_SAMPLES + 1), "limit"),
        (edited(|c| c.spiral_classes = 1), "spiral_classes"),
        (edited(|c| c.spiral_turns = 0.0), "spiral_turns"),
        (edited(|c| c.spiral_turns = f32::NAN), "spiral_turns"),
        (edited(|c| c.noise = -0.1), "noise"),
        (edited(|c| c.noise = f32::NAN), "noise"),
        (edited(|c| c.noise = f32::INFINITY), "noise"),
        (edited(|c| c.train_frac = 0.0), "train_frac"),
        (edited(|c| c.train_frac = 1.0), "train_frac"),
        (edited(|c| c.train_frac = f32::NAN), "train_frac"),
        (edited(|c| c.kind = DatasetKind::Digits), "toy"),
    ];
    for (config, key) in cases {
        let message = invalid_message(generate_toy(&config, 1));
        assert!(message.contains(key), "{message:?} lacks {key:?}");
        assert!(message.ends_with('.'), "{message:?} is not a sentence");
    }

    // Spiral settings do not matter to the other kinds.
    let circle = edited(|c| (c.kind, c.spiral_classes) = (DatasetKind::Circle, 0));
    assert!(generate_toy(&circle, 1).is_ok());
}

#[test]
fn build_dispatches_by_kind() {
    let spiral = DataConfig::default();
    assert_eq!(Dataset::build(&spiral, 9), generate_toy(&spiral, 9));

    let digits = DataConfig {
        kind: DatasetKind::Digits,
        ..DataConfig::default()
    };
    assert_eq!(Dataset::build(&digits, 9).map(|d| d.len()), Ok(1797));

    let csv = DataConfig {
        kind: DatasetKind::Csv,
        ..DataConfig::default()
    };
    assert!(invalid_message(Dataset::build(&csv, 9)).contains("parse_csv"));
}

// ---- digits --------------------------------------------------------------

#[test]
fn digits_are_1797_images_of_64_pixel_counts_in_10_classes() {
    let Ok(digits) = load_digits() else {
        panic!("the embedded digits did not load");
    };
    assert_eq!(digits.len(), 1797);
    assert_eq!(digits.num_features, 64);
    assert_eq!(digits.features.len(), 1797 * 64);
    assert_eq!(digits.num_classes, 10);
    assert!(
        digits
            .features
            .iter()
            .all(|&v| (0.0..=16.0).contains(&v) && v.fract() == 0.0)
    );
    assert_eq!(digits.features.iter().fold(0.0f32, |m, &v| m.max(v)), 16.0);
    // The UCI description's class counts for its test part.
    assert_eq!(
        digits.class_counts(),
        vec![178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    );
    // The first image is a 0; its top row of pixels.
    assert_eq!(digits.labels[0], 0);
    assert_eq!(
        &digits.row(0)[..8],
        &[0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0]
    );
}

// ---- CSV -----------------------------------------------------------------

#[test]
fn csv_without_header_is_read_row_by_row() {
    let dataset = parse_csv("1.5,2,0\n3,-4e-1,1\n").expect("valid CSV");
    assert_eq!(dataset.features, vec![1.5, 2.0, 3.0, -0.4]);
    assert_eq!(dataset.labels, vec![0, 1]);
    assert_eq!(dataset.num_features, 2);
    assert_eq!(dataset.num_classes, 2);
}

#[test]
fn csv_with_header_whitespace_crlf_and_trailing_blank_lines_is_read() {
    let text = "\u{feff} x , y , label \r\n 1 , 2 , 5\r\n3,4,7\r\n\r\n  \n\n";
    let dataset = parse_csv(text).expect("valid CSV");
    assert_eq!(dataset.features, vec![1.0, 2.0, 3.0, 4.0]);
    assert_eq!(dataset.labels, vec![0, 1]);
}

#[test]
fn csv_labels_are_renumbered_in_sorted_order() {
    let dataset = parse_csv("0,10\n0,3\n0,7\n0,3.0\n0,100\n").expect("valid CSV");
    assert_eq!(dataset.labels, vec![2, 0, 1, 0, 3]);
    assert_eq!(dataset.num_classes, 4);
    assert_eq!(dataset.class_counts(), vec![2, 1, 1, 1]);
}

#[test]
fn csv_quoted_cells_are_read() {
    let dataset = parse_csv("\"a\",\"b\"\n\"1.25\",\"0\"\n2,1\n").expect("valid CSV");
    assert_eq!(dataset.features, vec![1.25, 2.0]);
}

#[test]
fn csv_rejects_an_empty_file() {
    for text in ["", "\n\n", "  \n \n"] {
        let (line, reason) = csv_rejection(text);
        assert_eq!(line, 1);
        assert!(reason.contains("empty"), "{reason}");
    }
}

#[test]
fn csv_rejects_a_header_without_data() {
    let (line, reason) = csv_rejection("\nx,y,label\n\n");
    assert_eq!(line, 2);
    assert!(reason.contains("no data rows"), "{reason}");
}

#[test]
fn csv_rejects_fewer_than_two_columns() {
    let (line, reason) = csv_rejection("1\n2\n");
    assert_eq!(line, 1);
    assert!(reason.contains("at least 2"), "{reason}");
}

#[test]
fn csv_rejects_ragged_rows_saying_expected_and_found() {
    let (line, reason) = csv_rejection("1,2,0\n3,4,1\n\n5,1\n");
    assert_eq!(line, 4);
    assert!(
        reason.contains("expected 3 columns") && reason.contains("found 2"),
        "{reason}"
    );
}

#[test]
fn csv_rejects_a_non_numeric_cell_quoting_it_and_naming_its_column() {
    let (line, reason) = csv_rejection("x,y,label\n1,2,0\n1, abc ,1\n");
    assert_eq!(line, 3);
    assert!(reason.contains("\"abc\""), "{reason}");
    assert!(reason.contains("column 2 (\"y\")"), "{reason}");
    assert!(reason.contains("not a number"), "{reason}");

    let (line, reason) = csv_rejection("1,2,0\n1,,1\n");
    assert_eq!(line, 2);
    assert!(reason.contains("column 2 is empty"), "{reason}");
}

#[test]
fn csv_error_messages_cut_long_cells_short() {
    let long_cell = "y".repeat(500);
    let (line, reason) = csv_rejection(&format!("1,0\n{long_cell},1\n"));
    assert_eq!(line, 2);
    assert!(
        reason.starts_with(&format!("cell \"{}…\" in column 1", "y".repeat(39))),
        "{reason}"
    );
}

#[test]
fn csv_rejects_nan_and_infinite_cells() {
    for cell in ["NaN", "inf", "-infinity", "1e40"] {
        let (line, reason) = csv_rejection(&format!("1,2,0\n3,4,1\n{cell},5,0\n"));
        assert_eq!(line, 3, "{cell}");
        assert!(
            reason.contains("finite") && reason.contains("column 1"),
            "{reason}"
        );
    }
}

#[test]
fn csv_rejects_labels_that_are_not_non_negative_integers() {
    for label in ["-1", "1.5", "cat", "1e20"] {
        let (line, reason) = csv_rejection(&format!("1,2,0\n3,4,{label}\n"));
        assert_eq!(line, 2, "{label}");
        assert!(
            reason.contains("label") && reason.contains(label),
            "{reason}"
        );
        assert!(reason.contains("non-negative integer"), "{reason}");
    }
}

#[test]
fn csv_rejects_a_single_class() {
    let (line, reason) = csv_rejection("a,b\n\n1,4\n2,4\n");
    assert_eq!(line, 3);
    assert!(
        reason.contains("2 classes") && reason.contains("label 4"),
        "{reason}"
    );
}

#[test]
fn csv_rejects_more_than_the_row_limit() {
    let mut text = String::from("x,label\n");
    for i in 0..MAX_CSV_ROWS {
        text.push_str(if i % 2 == 0 { "1,0\n" } else { "2,1\n" });
    }
    assert_eq!(parse_csv(&text).map(|d| d.len()), Ok(MAX_CSV_ROWS));

    text.push_str("3,1\n");
    let (line, reason) = csv_rejection(&text);
    assert_eq!(line, MAX_CSV_ROWS + 2);
    assert!(reason.contains("more than 100000"), "{reason}");
}

#[test]
fn csv_line_numbers_count_blank_lines_and_quoted_line_breaks() {
    // Line 1-2: a header whose first name holds a line break; line 3 blank.
    let text = "\"x\nfirst\",label\n\n1,0\r\n\r\n\n2,1\nabc,0\n";
    let (line, reason) = csv_rejection(text);
    assert_eq!(line, 8);
    assert!(reason.contains("(\"x\nfirst\")"), "{reason}");
}

#[test]
fn csv_errors_read_as_a_sentence_with_the_line() {
    let error = parse_csv("1,2,0\n3,x,1\n").expect_err("bad cell");
    assert_eq!(
        error.to_string(),
        "CSV line 2: cell \"x\" in column 2 is not a number"
    );
}

// ---- dataset helpers -----------------------------------------------------

fn labelled(values: &[f32], labels: &[u32], num_classes: usize) -> Dataset {
    Dataset {
        features: values.to_vec(),
        labels: labels.to_vec(),
        num_features: values.len() / labels.len(),
        num_classes,
    }
}

#[test]
fn rows_and_subsets_follow_the_indices() {
    let dataset = labelled(&[0.0, 1.0, 10.0, 11.0, 20.0, 21.0], &[0, 1, 0], 3);
    assert_eq!(dataset.len(), 3);
    assert!(!dataset.is_empty());
    assert_eq!(dataset.row(1), &[10.0, 11.0]);

    let subset = dataset.subset(&[2, 0, 2]);
    assert_eq!(subset.features, vec![20.0, 21.0, 0.0, 1.0, 20.0, 21.0]);
    assert_eq!(subset.labels, vec![0, 0, 0]);
    assert_eq!(subset.num_classes, 3, "a subset keeps the class count");
    assert_eq!(subset.class_counts(), vec![3, 0, 0]);
    assert!(dataset.subset(&[]).is_empty());
}

// ---- split and standardisation -------------------------------------------

#[test]
fn standardizer_matches_a_hand_computed_example() {
    // Feature 0: 2,4,4,4,5,5,7,9 has mean 5 and population std 2.
    // Feature 1 is constant 3: std 1, so it is only shifted.
    let column = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    let values: Vec<f32> = column.iter().flat_map(|&v| [v, 3.0]).collect();
    let train = labelled(&values, &[0, 1, 0, 1, 0, 1, 0, 1], 2);
    let standardizer = Standardizer::fit(&train);
    assert_eq!(standardizer.mean, vec![5.0, 3.0]);
    assert_eq!(standardizer.std, vec![2.0, 1.0]);

    let mut test = labelled(&[11.0, 3.0, 0.0, 5.5], &[0, 1], 2);
    standardizer.apply(&mut test);
    assert_eq!(test.features, vec![3.0, 0.0, -2.5, 2.5]);

    let mut grid_point = [6.0, 2.0];
    standardizer.apply_row(&mut grid_point);
    assert_eq!(grid_point, [0.5, -1.0]);
}

/// Samples whose single feature is their own index, in classes of the
/// given sizes (class 0 first).
fn indexed(class_sizes: &[usize]) -> Dataset {
    let labels: Vec<u32> = class_sizes
        .iter()
        .enumerate()
        .flat_map(|(class, &size)| std::iter::repeat_n(class as u32, size))
        .collect();
    let values: Vec<f32> = (0..labels.len()).map(|i| i as f32).collect();
    labelled(&values, &labels, class_sizes.len())
}

/// The original indices of a standardised part, undoing the standardiser.
fn original_indices(part: &Dataset, standardizer: &Standardizer) -> Vec<usize> {
    part.features
        .iter()
        .map(|z| (z * standardizer.std[0] + standardizer.mean[0]).round() as usize)
        .collect()
}

#[test]
fn split_is_stratified_disjoint_and_complete() {
    let dataset = indexed(&[10, 7, 3]);
    let split = Split::new(&dataset, 0.7, 5).expect("valid split");
    // round(7.0) = 7, round(4.9) = 5, round(2.1) = 2.
    assert_eq!(split.train.class_counts(), vec![7, 5, 2]);
    assert_eq!(split.test.class_counts(), vec![3, 2, 1]);

    let train = original_indices(&split.train, &split.standardizer);
    let test = original_indices(&split.test, &split.standardizer);
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..20).collect::<Vec<_>>(), "each sample exactly once");
    for (part, indices) in [(&split.train, &train), (&split.test, &test)] {
        for (label, index) in part.labels.iter().zip(indices) {
            assert_eq!(
                *label, dataset.labels[*index],
                "sample {index} changed class"
            );
        }
    }
}

#[test]
fn split_keeps_one_sample_on_each_side_of_small_classes() {
    let dataset = indexed(&[2, 2, 5]);
    let high = Split::new(&dataset, 0.9, 1).expect("valid split");
    assert_eq!(high.train.class_counts(), vec![1, 1, 4]);
    let low = Split::new(&dataset, 0.1, 1).expect("valid split");
    assert_eq!(low.train.class_counts(), vec![1, 1, 1]);
}

#[test]
fn split_rejects_an_empty_part_or_a_bad_fraction() {
    let singletons = indexed(&[1, 1]);
    let message = |result: Result<Split, DataError>| match result {
        Err(DataError::Invalid(message)) => message,
        other => panic!("expected DataError::Invalid, got {other:?}"),
    };
    assert!(message(Split::new(&singletons, 0.3, 1)).contains("training part empty"));
    assert!(message(Split::new(&singletons, 0.7, 1)).contains("test part empty"));
    for train_frac in [0.0, 1.0, -0.5, f32::NAN] {
        assert!(message(Split::new(&indexed(&[5, 5]), train_frac, 1)).contains("train_frac"));
    }
}

#[test]
fn split_is_reproducible_from_its_seed() {
    let dataset = indexed(&[30, 30]);
    let order = |seed| {
        let split = Split::new(&dataset, 0.5, seed).expect("valid split");
        original_indices(&split.train, &split.standardizer)
    };
    assert_eq!(order(11), order(11));
    assert_ne!(order(11), order(12));
}

#[test]
fn training_part_is_standardised_and_test_part_uses_its_statistics() {
    let dataset = toy(DatasetKind::Gaussians, 500, 0.1);
    let split = Split::new(&dataset, 0.7, 3).expect("valid split");
    assert_eq!(split.train.len() + split.test.len(), 500);
    for feature in 0..2 {
        let column: Vec<f64> = (0..split.train.len())
            .map(|i| f64::from(split.train.row(i)[feature]))
            .collect();
        let mean = column.iter().sum::<f64>() / column.len() as f64;
        let std =
            (column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / column.len() as f64).sqrt();
        assert!(mean.abs() < 1e-5, "feature {feature} mean {mean}");
        assert!((std - 1.0).abs() < 1e-5, "feature {feature} std {std}");
    }

    // Indexed samples: the raw training values are known, so the statistics
    // and every standardised test value can be computed by hand.
    let dataset = indexed(&[4, 4]);
    let split = Split::new(&dataset, 0.5, 8).expect("valid split");
    let train = original_indices(&split.train, &split.standardizer);
    let n = train.len() as f64;
    let mean = train.iter().map(|&i| i as f64).sum::<f64>() / n;
    let std = (train
        .iter()
        .map(|&i| (i as f64 - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    assert!((f64::from(split.standardizer.mean[0]) - mean).abs() < 1e-6);
    assert!((f64::from(split.standardizer.std[0]) - std).abs() < 1e-6);
    let test = original_indices(&split.test, &split.standardizer);
    for (z, raw) in split.test.features.iter().zip(test) {
        let expected = (raw as f64 - mean) / std;
        assert!((f64::from(*z) - expected).abs() < 1e-5, "{z} vs {expected}");
    }
}
