//! Browser tests (wasm-bindgen-test in headless Chromium): the engine's
//! start-up probe — a few training steps and nHSIC — on the CPU backend and
//! on WebGPU, compared with the native result in
//! `tests/fixtures/probe_native.json` (checked by `tests/probe.rs`).
//!
//! Whether this browser must offer WebGPU is fixed at build time by
//! `INFOPLANE_EXPECT_WEBGPU` (1 with webdriver.json, 0 with
//! webdriver-nogpu.json); scripts/test.sh sets it.
#![cfg(target_family = "wasm")]

use burn::tensor::Device;
use infoplane::backend::{self, CROSS_CHECK_TOLERANCE};
use infoplane::metrics::Snapshot;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The CPU backend in wasm computes what it computes natively, up to f32
/// summation order.
const CPU_TOLERANCE: f64 = 1e-3;

fn native() -> Snapshot {
    serde_json::from_str(include_str!("fixtures/probe_native.json")).expect("fixture parses")
}

fn expect_webgpu() -> bool {
    match option_env!("INFOPLANE_EXPECT_WEBGPU") {
        Some("1") => true,
        Some("0") => false,
        _ => panic!("build with INFOPLANE_EXPECT_WEBGPU=1 or 0 (scripts/test.sh does)"),
    }
}

#[wasm_bindgen_test]
async fn cpu_backend_in_the_browser_matches_native() {
    let snapshot = backend::probe(backend::cpu_device())
        .await
        .expect("probe runs on the CPU backend");
    let difference = backend::max_relative_difference(&snapshot, &native());
    assert!(
        difference < CPU_TOLERANCE,
        "relative difference {difference:e}\n{snapshot:?}"
    );
    assert!(
        snapshot
            .layers
            .iter()
            .all(|l| l.nhsic_xz > 0.0 && l.nhsic_yz > 0.0)
    );
}

#[wasm_bindgen_test]
async fn webgpu_matches_native_or_falls_back_to_cpu() {
    let gpu = Device::wgpu_options().init_async().await;
    if expect_webgpu() {
        let device = gpu
            .expect("this browser was started with WebGPU enabled")
            .autodiff();
        let snapshot = backend::probe(device).await.expect("probe runs on WebGPU");
        let difference = backend::max_relative_difference(&snapshot, &native());
        assert!(
            difference < CROSS_CHECK_TOLERANCE,
            "relative difference {difference:e}\n{snapshot:?}"
        );
    } else {
        assert!(
            gpu.is_err(),
            "no WebGPU adapter was expected in this browser"
        );
        let chosen = infoplane::web::gpu::choose(backend::BackendChoice::Auto).await;
        assert!(!chosen.is_gpu);
        assert!(
            chosen.description.contains("no WebGPU"),
            "{}",
            chosen.description
        );
        let snapshot = backend::probe(chosen.device)
            .await
            .expect("the fallback trains");
        assert!(backend::max_relative_difference(&snapshot, &native()) < CPU_TOLERANCE);
    }
}
