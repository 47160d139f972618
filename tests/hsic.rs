//! The HSIC analyzer against float64 references from numpy
//! (tools/hsic_fixtures.py) and against properties that need no oracle.
#![allow(deprecated)] // Device::ndarray, the project's CPU backend

use std::collections::BTreeMap;

use burn::tensor::{Device, Tensor, TensorData};
use infoplane::hsic::{Bandwidth, Estimator, HsicAnalyzer, HsicConfig, HsicError, nhsic_pair};
use infoplane::metrics::LayerHsic;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;
use serde::Deserialize;

/// Relative tolerance against the float64 references. The layers' features
/// come back from the device in f32; the kernels are built from them in f64.
const FIXTURE_TOLERANCE: f64 = 1e-3;

const FIXTURES: [&str; 4] = ["hsic_m16", "hsic_m64", "hsic_m128_wide", "hsic_m512"];
const ESTIMATORS: [Estimator; 3] = [Estimator::Paper, Estimator::Cka, Estimator::Hsic];
const BANDWIDTHS: [Bandwidth; 2] = [Bandwidth::Fixed, Bandwidth::Median];

#[derive(Deserialize)]
struct Fixture {
    name: String,
    m: usize,
    sigma: f64,
    epsilon: f64,
    num_classes: usize,
    labels: Vec<u32>,
    layer_kinds: Vec<String>,
    /// expected[bandwidth][estimator][layer] = [nhsic_xz, nhsic_yz]
    expected: BTreeMap<String, BTreeMap<String, Vec<[f64; 2]>>>,
    x: Vec<Vec<f64>>,
    layers: Vec<Vec<Vec<f64>>>,
}

fn load_fixture(name: &str) -> Fixture {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn device() -> Device {
    Device::ndarray()
}

fn tensor_from_rows(rows: &[Vec<f64>]) -> Tensor<2> {
    let columns = rows.first().map_or(0, Vec::len);
    let values: Vec<f32> = rows.iter().flatten().map(|&v| v as f32).collect();
    Tensor::from_data(TensorData::new(values, [rows.len(), columns]), &device())
}

fn tensor_from_values(values: Vec<f32>, rows: usize, columns: usize) -> Tensor<2> {
    Tensor::from_data(TensorData::new(values, [rows, columns]), &device())
}

fn one_hot(labels: &[u32], num_classes: usize, scale: f32) -> Tensor<2> {
    let values = labels
        .iter()
        .flat_map(|&y| (0..num_classes).map(move |c| if c == y as usize { scale } else { 0.0 }))
        .collect();
    tensor_from_values(values, labels.len(), num_classes)
}

fn config(estimator: Estimator, bandwidth: Bandwidth) -> HsicConfig {
    HsicConfig {
        estimator,
        bandwidth,
        ..HsicConfig::default()
    }
}

fn relative_error(actual: f64, expected: f64) -> f64 {
    (actual - expected).abs() / expected.abs().max(f64::MIN_POSITIVE)
}

fn gaussian_rows(rng: &mut StdRng, rows: usize, columns: usize) -> Vec<f32> {
    (0..rows * columns)
        .map(|_| rng.sample::<f32, _>(StandardNormal))
        .collect()
}

fn analyze(
    x: Tensor<2>,
    labels: &[u32],
    layers: &[Tensor<2>],
    config: &HsicConfig,
) -> Vec<LayerHsic> {
    pollster::block_on(async {
        let analyzer = HsicAnalyzer::new(x, labels, config).await?;
        analyzer.measure(layers).await
    })
    .unwrap_or_else(|e| panic!("analysis failed: {e}"))
}

fn pair(a: Tensor<2>, b: Tensor<2>, b_is_labels: bool, config: &HsicConfig) -> f64 {
    pollster::block_on(nhsic_pair(a, b, b_is_labels, config))
        .unwrap_or_else(|e| panic!("pair failed: {e}"))
}

#[test]
fn fixtures_are_the_ones_the_script_writes() {
    for name in FIXTURES {
        let fixture = load_fixture(name);
        assert_eq!(format!("hsic_{}", fixture.name), name);
        assert_eq!(fixture.x.len(), fixture.m);
        assert_eq!(fixture.labels.len(), fixture.m);
        assert_eq!(fixture.layers.len(), fixture.layer_kinds.len());
        assert!(
            fixture
                .labels
                .iter()
                .all(|&y| (y as usize) < fixture.num_classes)
        );
        // The script uses the defaults of HsicConfig.
        assert_eq!(fixture.sigma, HsicConfig::default().sigma);
        assert_eq!(fixture.epsilon, HsicConfig::default().epsilon);
    }
}

#[test]
fn analyzer_matches_the_numpy_references() {
    let mut worst = 0.0_f64;
    for name in FIXTURES {
        let fixture = load_fixture(name);
        let layers: Vec<Tensor<2>> = fixture.layers.iter().map(|z| tensor_from_rows(z)).collect();
        for bandwidth in BANDWIDTHS {
            let bandwidth_key = if bandwidth == Bandwidth::Fixed {
                "fixed"
            } else {
                "median"
            };
            for estimator in ESTIMATORS {
                let expected = &fixture.expected[bandwidth_key][estimator.name()];
                let measured = analyze(
                    tensor_from_rows(&fixture.x),
                    &fixture.labels,
                    &layers,
                    &config(estimator, bandwidth),
                );
                assert_eq!(measured.len(), expected.len());
                for (index, (got, want)) in measured.iter().zip(expected).enumerate() {
                    for (label, actual, reference) in
                        [("xz", got.nhsic_xz, want[0]), ("yz", got.nhsic_yz, want[1])]
                    {
                        let error = relative_error(actual, reference);
                        worst = worst.max(error);
                        assert!(
                            error < FIXTURE_TOLERANCE,
                            "{name} {bandwidth_key} {} layer {} ({}) {label}: {actual} vs {reference} (rel {error:.2e})",
                            estimator.name(),
                            index + 1,
                            fixture.layer_kinds[index],
                        );
                    }
                }
            }
        }
    }
    println!("worst relative error of the analyzer against numpy: {worst:.2e}");
}

#[test]
fn nhsic_pair_matches_the_numpy_references() {
    let mut worst = 0.0_f64;
    for name in ["hsic_m16", "hsic_m64", "hsic_m128_wide"] {
        let fixture = load_fixture(name);
        let labels = one_hot(&fixture.labels, fixture.num_classes, 1.0);
        for bandwidth in BANDWIDTHS {
            let bandwidth_key = if bandwidth == Bandwidth::Fixed {
                "fixed"
            } else {
                "median"
            };
            for estimator in ESTIMATORS {
                let config = config(estimator, bandwidth);
                let expected = &fixture.expected[bandwidth_key][estimator.name()];
                for (z, want) in fixture.layers.iter().zip(expected) {
                    let xz = pair(
                        tensor_from_rows(&fixture.x),
                        tensor_from_rows(z),
                        false,
                        &config,
                    );
                    let yz = pair(tensor_from_rows(z), labels.clone(), true, &config);
                    for (actual, reference) in [(xz, want[0]), (yz, want[1])] {
                        let error = relative_error(actual, reference);
                        worst = worst.max(error);
                        assert!(
                            error < FIXTURE_TOLERANCE,
                            "{name} {bandwidth_key} {}: {actual} vs {reference}",
                            estimator.name()
                        );
                    }
                }
            }
        }
    }
    println!("worst relative error of nhsic_pair against numpy: {worst:.2e}");
}

/// Under independence the permutation mean of tr(M_X M_Z) is
/// tr(M_X)·tr(M_Z)/(m − 1), so CKA sits near √(r_X r_Z)/(m − 1) with r the
/// effective ranks of the centred kernels — a few for 4-D Gaussian clouds,
/// about 0.02 at m = 256 — and fluctuates on the same scale. 0.06 leaves
/// room for that and is still far below the dependent case (> 0.5).
#[test]
fn independent_inputs_give_nearly_zero_hsic_and_cka() {
    const M: usize = 256;
    const INDEPENDENT_CKA_MAX: f64 = 0.06;
    let mut rng = StdRng::seed_from_u64(7);
    let x_values = gaussian_rows(&mut rng, M, 4);
    let z_values = gaussian_rows(&mut rng, M, 4);
    let dependent_values: Vec<f32> = x_values.iter().map(|v| v.tanh()).collect();

    for bandwidth in BANDWIDTHS {
        let cka = config(Estimator::Cka, bandwidth);
        let independent = pair(
            tensor_from_values(x_values.clone(), M, 4),
            tensor_from_values(z_values.clone(), M, 4),
            false,
            &cka,
        );
        let dependent = pair(
            tensor_from_values(x_values.clone(), M, 4),
            tensor_from_values(dependent_values.clone(), M, 4),
            false,
            &cka,
        );
        println!("{bandwidth:?}: CKA independent {independent:.4}, dependent {dependent:.4}");
        assert!(
            independent.abs() < INDEPENDENT_CKA_MAX,
            "{bandwidth:?}: CKA of independent data {independent}"
        );
        assert!(
            dependent > 0.5,
            "{bandwidth:?}: CKA of dependent data {dependent}"
        );

        // HSIC has no fixed scale; relative to the dependent pair it must be
        // small by the same margin.
        let hsic = config(Estimator::Hsic, bandwidth);
        let independent = pair(
            tensor_from_values(x_values.clone(), M, 4),
            tensor_from_values(z_values.clone(), M, 4),
            false,
            &hsic,
        );
        let dependent = pair(
            tensor_from_values(x_values.clone(), M, 4),
            tensor_from_values(dependent_values.clone(), M, 4),
            false,
            &hsic,
        );
        println!("{bandwidth:?}: HSIC independent {independent:.3e}, dependent {dependent:.3e}");
        assert!(
            independent.abs() < INDEPENDENT_CKA_MAX * dependent,
            "{bandwidth:?}: HSIC {independent} vs {dependent}"
        );
    }
}

#[test]
fn a_joint_permutation_of_the_rows_changes_nothing() {
    let fixture = load_fixture("hsic_m64");
    let m = fixture.m;
    // i ↦ 37i + 11 mod m is a bijection because 37 is coprime to m = 64.
    let permutation: Vec<usize> = (0..m).map(|i| (i * 37 + 11) % m).collect();
    let permute = |rows: &[Vec<f64>]| -> Vec<Vec<f64>> {
        permutation.iter().map(|&i| rows[i].clone()).collect()
    };
    let labels: Vec<u32> = permutation.iter().map(|&i| fixture.labels[i]).collect();

    for estimator in ESTIMATORS {
        for bandwidth in BANDWIDTHS {
            let config = config(estimator, bandwidth);
            let layers: Vec<Tensor<2>> =
                fixture.layers.iter().map(|z| tensor_from_rows(z)).collect();
            let permuted_layers: Vec<Tensor<2>> = fixture
                .layers
                .iter()
                .map(|z| tensor_from_rows(&permute(z)))
                .collect();
            let original = analyze(
                tensor_from_rows(&fixture.x),
                &fixture.labels,
                &layers,
                &config,
            );
            let permuted = analyze(
                tensor_from_rows(&permute(&fixture.x)),
                &labels,
                &permuted_layers,
                &config,
            );
            for (a, b) in original.iter().zip(&permuted) {
                assert!(
                    relative_error(b.nhsic_xz, a.nhsic_xz) < 1e-6,
                    "{estimator:?} {bandwidth:?}: {a:?} vs {b:?}"
                );
                assert!(
                    relative_error(b.nhsic_yz, a.nhsic_yz) < 1e-6,
                    "{estimator:?} {bandwidth:?}: {a:?} vs {b:?}"
                );
            }
        }
    }
}

#[test]
fn nhsic_is_symmetric() {
    let fixture = load_fixture("hsic_m64");
    for estimator in ESTIMATORS {
        for bandwidth in BANDWIDTHS {
            let config = config(estimator, bandwidth);
            for z in &fixture.layers {
                let ab = pair(
                    tensor_from_rows(&fixture.x),
                    tensor_from_rows(z),
                    false,
                    &config,
                );
                let ba = pair(
                    tensor_from_rows(z),
                    tensor_from_rows(&fixture.x),
                    false,
                    &config,
                );
                // The two orders take different routes for the paper
                // estimator (eigendecomposition of A vs Cholesky of B).
                assert!(
                    relative_error(ba, ab) < 1e-6,
                    "{estimator:?} {bandwidth:?}: {ab} vs {ba}"
                );
            }
        }
    }
}

#[test]
fn cka_of_a_representation_with_itself_is_one() {
    let fixture = load_fixture("hsic_m64");
    for bandwidth in BANDWIDTHS {
        let config = config(Estimator::Cka, bandwidth);
        let x = tensor_from_rows(&fixture.x);
        let measured = analyze(
            x.clone(),
            &fixture.labels,
            std::slice::from_ref(&x),
            &config,
        );
        assert!(
            (measured[0].nhsic_xz - 1.0).abs() < 1e-9,
            "{bandwidth:?}: {:?}",
            measured[0]
        );
        assert!((pair(x.clone(), x, false, &config) - 1.0).abs() < 1e-9);
    }
}

/// A layer that codes the label perfectly has R_Z ≈ R_Y, whose trace is
/// the number of non-zero eigenvalues of HLH, k − 1, less c/(n_c + c) per
/// class for class sizes n_c ≈ m/k: about 1e-4 below k − 1 here.
#[test]
fn a_perfect_label_code_reaches_classes_minus_one() {
    let fixture = load_fixture("hsic_m64");
    let k = fixture.num_classes;
    let code = one_hot(&fixture.labels, k, 10.0);
    for bandwidth in BANDWIDTHS {
        let config = config(Estimator::Paper, bandwidth);
        let measured = analyze(
            tensor_from_rows(&fixture.x),
            &fixture.labels,
            std::slice::from_ref(&code),
            &config,
        );
        let nhsic_yz = measured[0].nhsic_yz;
        assert!(
            ((k - 1) as f64 - nhsic_yz).abs() < 1e-3,
            "{bandwidth:?}: {nhsic_yz}"
        );
        assert!(
            nhsic_yz < (k - 1) as f64,
            "{bandwidth:?}: {nhsic_yz} exceeds k − 1"
        );
    }
}

#[test]
fn a_constant_layer_carries_no_information() {
    let fixture = load_fixture("hsic_m16");
    let dead = tensor_from_values(vec![0.5; fixture.m * 3], fixture.m, 3);
    for estimator in ESTIMATORS {
        for bandwidth in BANDWIDTHS {
            let measured = analyze(
                tensor_from_rows(&fixture.x),
                &fixture.labels,
                std::slice::from_ref(&dead),
                &config(estimator, bandwidth),
            );
            assert!(
                measured[0].nhsic_xz.abs() < 1e-9,
                "{estimator:?} {bandwidth:?}: {:?}",
                measured[0]
            );
            assert!(
                measured[0].nhsic_yz.abs() < 1e-9,
                "{estimator:?} {bandwidth:?}: {:?}",
                measured[0]
            );
        }
    }
}

#[test]
fn a_nan_layer_is_an_error_naming_the_layer() {
    let fixture = load_fixture("hsic_m16");
    let m = fixture.m;
    let fine = tensor_from_rows(&fixture.layers[0]);
    let mut values = vec![0.25_f32; m * 2];
    values[5] = f32::NAN;
    let diverged = tensor_from_values(values, m, 2);

    let result = pollster::block_on(async {
        let analyzer = HsicAnalyzer::new(
            tensor_from_rows(&fixture.x),
            &fixture.labels,
            &HsicConfig::default(),
        )
        .await?;
        analyzer.measure(&[fine, diverged]).await
    });
    let error = result.expect_err("a NaN layer must not be measured");
    assert_eq!(
        error,
        HsicError::NonFinite {
            what: "layer 2".to_string()
        }
    );
    assert!(error.to_string().contains("layer 2"));

    let mut x_values = vec![1.0_f32; m * 2];
    x_values[3] = f32::INFINITY;
    let result = pollster::block_on(HsicAnalyzer::new(
        tensor_from_values(x_values, m, 2),
        &fixture.labels,
        &HsicConfig::default(),
    ));
    assert!(matches!(result, Err(HsicError::NonFinite { ref what }) if what == "X"));
}

#[test]
fn bad_shapes_and_settings_are_errors() {
    let fixture = load_fixture("hsic_m16");
    let m = fixture.m;
    let x = tensor_from_rows(&fixture.x);
    let default = HsicConfig::default();

    let short_labels = &fixture.labels[..m - 1];
    let result = pollster::block_on(HsicAnalyzer::new(x.clone(), short_labels, &default));
    assert!(
        matches!(result, Err(HsicError::RowMismatch { ref what, rows, expected }) if what == "labels" && rows == m - 1 && expected == m)
    );

    let tiny = tensor_from_values(vec![0.0, 1.0, 2.0], 3, 1);
    let result = pollster::block_on(HsicAnalyzer::new(tiny, &[0, 1, 0], &default));
    assert!(matches!(result, Err(HsicError::TooFewSamples { m: 3 })));

    let result = pollster::block_on(async {
        let analyzer = HsicAnalyzer::new(x.clone(), &fixture.labels, &default).await?;
        analyzer
            .measure(&[tensor_from_values(vec![0.0; (m + 1) * 2], m + 1, 2)])
            .await
    });
    assert!(matches!(result, Err(HsicError::RowMismatch { ref what, .. }) if what == "layer 1"));

    let bad_sigma = HsicConfig {
        sigma: 0.0,
        ..HsicConfig::default()
    };
    let result = pollster::block_on(HsicAnalyzer::new(x.clone(), &fixture.labels, &bad_sigma));
    assert!(matches!(result, Err(HsicError::InvalidConfig(_))));

    let bad_epsilon = HsicConfig {
        epsilon: -1.0,
        ..HsicConfig::default()
    };
    let result = pollster::block_on(nhsic_pair(x.clone(), x, false, &bad_epsilon));
    assert!(matches!(result, Err(HsicError::InvalidConfig(_))));

    let analyzer = pollster::block_on(HsicAnalyzer::new(
        tensor_from_rows(&fixture.x),
        &fixture.labels,
        &default,
    ));
    let empty = analyzer.map(|a| pollster::block_on(a.measure(&[])));
    assert!(matches!(empty, Ok(Ok(ref v)) if v.is_empty()));
}
