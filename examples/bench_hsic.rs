//! Time of one nHSIC snapshot: 6 layers of width 6 on the CPU backend, for
//! m = 128, 256, 512, 1024 (median of several calls after a warm-up).
//!
//! `cargo run --release --example bench_hsic`

use std::time::Instant;

use burn::tensor::{Distribution, Tensor};
use infoplane::backend::cpu_device;
use infoplane::hsic::{HsicAnalyzer, HsicConfig};

const LAYERS: usize = 6;
const WIDTH: usize = 6;
const REPEATS: usize = 7;

fn main() {
    let device = cpu_device();
    device.seed(1);
    println!("m,median_ms,min_ms");
    for m in [128, 256, 512, 1024] {
        let x = Tensor::<2>::random([m, 2], Distribution::Normal(0.0, 1.0), &device);
        let labels: Vec<u32> = (0..m as u32).map(|i| i % 2).collect();
        let layers: Vec<Tensor<2>> = (0..LAYERS)
            .map(|_| Tensor::<2>::random([m, WIDTH], Distribution::Normal(0.0, 1.0), &device))
            .collect();
        let config = HsicConfig {
            eval_samples: m,
            ..HsicConfig::default()
        };
        let analyzer = match pollster::block_on(HsicAnalyzer::new(x, &labels, &config)) {
            Ok(analyzer) => analyzer,
            Err(error) => {
                eprintln!("m = {m}: {error}");
                std::process::exit(1);
            }
        };
        let mut times_ms = Vec::with_capacity(REPEATS);
        for repeat in 0..=REPEATS {
            let started = Instant::now();
            if let Err(error) = pollster::block_on(analyzer.measure(&layers)) {
                eprintln!("m = {m}: {error}");
                std::process::exit(1);
            }
            if repeat > 0 {
                times_ms.push(started.elapsed().as_secs_f64() * 1e3);
            }
        }
        times_ms.sort_by(f64::total_cmp);
        println!("{m},{:.2},{:.2}", times_ms[REPEATS / 2], times_ms[0]);
    }
}
