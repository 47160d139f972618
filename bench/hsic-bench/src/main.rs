//! Times one `HsicAnalyzer::measure()` of six representations of width 6
//! (the paper network's five hidden layers and one more) on the CPU
//! backend, for m = 128, 256, 512 and 1024 evaluation samples, and prints
//! one JSON object: the median and minimum over `REPEATS` calls, and the
//! one-off cost of `HsicAnalyzer::new` (R_X and R_Y).
//!
//! Representations are tanh of Gaussian noise, seeded: the cost of the
//! paper estimator does not depend on the values (kernel, centring, one
//! m×m solve per layer, two traces).
//!
//!     cargo run --release -- [--repeats 20] [--sizes 128,256,512,1024]

use std::time::Instant;

use burn::tensor::{Tensor, TensorData};
use infoplane::backend::cpu_device;
use infoplane::hsic::{HsicAnalyzer, HsicConfig};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

const NUM_LAYERS: usize = 6;
const WIDTH: usize = 6;
const INPUT_DIM: usize = 2;
const NUM_CLASSES: u32 = 2;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let repeats: usize = option("--repeats").and_then(|v| v.parse().ok()).unwrap_or(20);
    let sizes: Vec<usize> = option("--sizes")
        .unwrap_or_else(|| "128,256,512,1024".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();

    let device = cpu_device();
    let mut rng = StdRng::seed_from_u64(1);
    let mut matrix = |rows: usize, cols: usize| {
        let values: Vec<f32> =
            (0..rows * cols).map(|_| rng.sample::<f64, _>(StandardNormal).tanh() as f32).collect();
        Tensor::<2>::from_data(TensorData::new(values, [rows, cols]), &device)
    };

    let mut results = Vec::new();
    for &m in &sizes {
        let config = HsicConfig { eval_samples: m, ..HsicConfig::default() };
        let inputs = matrix(m, INPUT_DIM);
        let labels: Vec<u32> = (0..m as u32).map(|i| i % NUM_CLASSES).collect();
        let layers: Vec<Tensor<2>> = (0..NUM_LAYERS).map(|_| matrix(m, WIDTH)).collect();

        let started = Instant::now();
        let analyzer = match pollster::block_on(HsicAnalyzer::new(inputs, &labels, &config)) {
            Ok(analyzer) => analyzer,
            Err(error) => {
                eprintln!("HsicAnalyzer::new failed at m = {m}: {error}");
                std::process::exit(1);
            }
        };
        let new_ms = started.elapsed().as_secs_f64() * 1000.0;

        // One untimed call warms the allocator and any lazily built kernels.
        let mut times_ms = Vec::with_capacity(repeats);
        for call in 0..=repeats {
            let started = Instant::now();
            if let Err(error) = pollster::block_on(analyzer.measure(&layers)) {
                eprintln!("measure failed at m = {m}: {error}");
                std::process::exit(1);
            }
            if call > 0 {
                times_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times_ms.sort_by(f64::total_cmp);
        results.push(serde_json::json!({
            "m": m,
            "layers": NUM_LAYERS,
            "width": WIDTH,
            "repeats": repeats,
            "analyzer_new_ms": new_ms,
            "measure_ms_median": times_ms[times_ms.len() / 2],
            "measure_ms_min": times_ms[0],
        }));
    }
    println!("{}", serde_json::json!({ "backend": "cpu (burn ndarray)", "results": results }));
}
