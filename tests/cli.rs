//! The `infoplane` binary: outputs, and one clear line for every bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn infoplane(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_infoplane"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("infoplane-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails unless the command exited non-zero with exactly one stderr line
/// mentioning `needle`, and no panic text.
fn assert_one_line_error(output: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line expected: {stderr}"
    );
    assert!(stderr.contains(needle), "'{needle}' missing in: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

#[test]
fn a_short_run_writes_metrics_and_figures() {
    let out = scratch("run");
    let output = infoplane(&[
        "run",
        "--dataset",
        "circle",
        "--samples",
        "200",
        "--hidden",
        "5,4",
        "--epochs",
        "6",
        "--snapshot-every",
        "3",
        "--hsic-samples",
        "32",
        "--mode",
        "both",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["estimator"], "paper");
    assert_eq!(json["config"]["train"]["mode"], "e2e");
    let runs = json["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["name"], "e2e");
    assert_eq!(runs[1]["name"], "layerwise");
    let epochs: Vec<u64> = runs[0]["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["epoch"].as_u64().unwrap())
        .collect();
    assert_eq!(epochs, vec![0, 3, 6]);
    assert_eq!(
        runs[0]["snapshots"][2]["layers"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        runs[1]["snapshots"][2]["head_accuracy"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let csv = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("run,epoch,mode,train_loss")
    );
    // 2 runs × 3 snapshots × 3 layers.
    assert_eq!(lines.count(), 18);
    for figure in ["info_plane.svg", "curves.svg"] {
        let svg = std::fs::read_to_string(out.join(figure)).unwrap();
        assert!(svg.starts_with("<svg"), "{figure}");
    }
    assert!(
        std::fs::read_to_string(out.join("info_plane.svg"))
            .unwrap()
            .contains("paper")
    );
}

#[test]
fn bad_flags_and_values_fail_with_one_line() {
    assert_one_line_error(&infoplane(&["run", "--no-such-flag"]), "--no-such-flag");
    assert_one_line_error(
        &infoplane(&["run", "--hidden", "6,0,6", "--epochs", "1"]),
        "hidden layer 2",
    );
    assert_one_line_error(&infoplane(&["run", "--epochs", "0"]), "--epochs");
    assert_one_line_error(
        &infoplane(&["run", "--lr=-1", "--epochs", "1"]),
        "learning rate",
    );
    assert_one_line_error(&infoplane(&["run", "--preset", "nope"]), "unknown preset");
    // A missing argument is named, not just announced.
    assert_one_line_error(&infoplane(&["hsic", "features.csv"]), "<B>");
    // Too little data for nHSIC is bad input (2), not a failed run (1).
    let too_few = infoplane(&["run", "--samples", "3", "--epochs", "1", "--quiet"]);
    assert_one_line_error(&too_few, "evaluation samples");
    assert_eq!(too_few.status.code(), Some(2));
    assert_one_line_error(&infoplane(&["run", "--hidden", "six"]), "six");
    assert_one_line_error(
        &infoplane(&["run", "--sigma", "0", "--epochs", "1"]),
        "sigma",
    );
    assert_one_line_error(
        &infoplane(&[
            "run",
            "--dataset",
            "spiral",
            "--spiral-classes",
            "1",
            "--epochs",
            "1",
            "--quiet",
        ]),
        "spiral",
    );
}

#[test]
fn bad_files_fail_with_one_line_naming_the_line() {
    let dir = scratch("files");
    assert_one_line_error(
        &infoplane(&["run", "--csv", "/no/such/file.csv"]),
        "cannot read",
    );

    let ragged = dir.join("ragged.csv");
    std::fs::write(&ragged, "x,y,label\n1,2,0\n3,4\n5,6,1\n").unwrap();
    let output = infoplane(&[
        "run",
        "--csv",
        ragged.to_str().unwrap(),
        "--epochs",
        "1",
        "--quiet",
    ]);
    assert_one_line_error(&output, "line 3");

    let a = dir.join("a.csv");
    let b = dir.join("b.csv");
    std::fs::write(&a, "1,2\n3,4\n5,6\n7,8\n").unwrap();
    std::fs::write(&b, "0\n1\n0\n").unwrap();
    assert_one_line_error(
        &infoplane(&["hsic", a.to_str().unwrap(), b.to_str().unwrap()]),
        "rows",
    );
}

fn write_matrix(path: &Path, rows: &[Vec<f64>]) {
    let text: String = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(",")
                + "\n"
        })
        .collect();
    std::fs::write(path, text).unwrap();
}

#[test]
fn hsic_command_measures_dependence() {
    let dir = scratch("hsic");
    let rows = 64;
    let a: Vec<Vec<f64>> = (0..rows)
        .map(|i| vec![(i as f64 * 0.37).sin(), (i as f64 * 0.11).cos()])
        .collect();
    let labels: Vec<Vec<f64>> = (0..rows).map(|i| vec![(i % 2) as f64]).collect();
    let (a_path, b_path) = (dir.join("a.csv"), dir.join("labels.csv"));
    write_matrix(&a_path, &a);
    write_matrix(&b_path, &labels);

    let output = infoplane(&[
        "hsic",
        a_path.to_str().unwrap(),
        a_path.to_str().unwrap(),
        "--estimator",
        "cka",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let self_cka: f64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap();
    assert!((self_cka - 1.0).abs() < 1e-4, "CKA(A, A) = {self_cka}");

    // Labels that are a function of A's rows only through parity: a value
    // between 0 and classes − 1 = 1 for the paper estimator.
    let output = infoplane(&[
        "hsic",
        a_path.to_str().unwrap(),
        b_path.to_str().unwrap(),
        "--labels",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: f64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap();
    assert!(value > 0.0 && value <= 1.0 + 1e-6, "nHSIC = {value}");

    // One class carries no information: exactly zero, without a sign.
    let one_class: Vec<Vec<f64>> = (0..rows).map(|_| vec![0.0]).collect();
    let one_path = dir.join("one-class.csv");
    write_matrix(&one_path, &one_class);
    let output = infoplane(&[
        "hsic",
        a_path.to_str().unwrap(),
        one_path.to_str().unwrap(),
        "--labels",
    ]);
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "0.000000");
}

#[test]
fn the_recorded_settings_name_the_mode_that_ran() {
    let out = scratch("mode");
    let output = infoplane(&[
        "run",
        "--preset",
        "paper-spiral",
        "--mode",
        "layerwise-seq",
        "--samples",
        "100",
        "--epochs",
        "4",
        "--epochs-per-stage",
        "2",
        "--hsic-samples",
        "16",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // 5 hidden layers and the classifier need 6 stages of 2 epochs.
    assert!(
        stderr.contains("warning: layerwise-seq") && stderr.contains("12 in all"),
        "{stderr}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(json["config"]["train"]["mode"], "layerwise-seq");
    assert_eq!(json["runs"][0]["name"], "layerwise-seq");
}
