//! Picks the device the page trains on: WebGPU when the browser has it, its
//! results agree with the CPU backend's, and (in "auto") it is faster;
//! otherwise burn's CPU backend. The returned sentence is shown in the page.

use burn::tensor::Device;

use crate::backend::{self, BackendChoice, CROSS_CHECK_TOLERANCE};

use super::dom::now_ms;

/// The chosen device and a sentence saying which backend runs and why.
pub struct Chosen {
    pub device: Device,
    pub is_gpu: bool,
    pub description: String,
}

pub async fn choose(choice: BackendChoice) -> Chosen {
    let cpu = || backend::cpu_device();
    if choice == BackendChoice::Cpu {
        return Chosen {
            device: cpu(),
            is_gpu: false,
            description: "Backend: CPU (chosen in the settings).".into(),
        };
    }

    let gpu = match Device::wgpu_options().init_async().await {
        Ok(device) => device.autodiff(),
        Err(error) => {
            log::info!("no WebGPU: {error:?}");
            return Chosen {
                device: cpu(),
                is_gpu: false,
                description: "Backend: CPU — this browser offers no WebGPU adapter.".into(),
            };
        }
    };

    let started_ms = now_ms();
    let reference = backend::probe(cpu()).await;
    let cpu_ms = now_ms() - started_ms;
    let started_ms = now_ms();
    let candidate = backend::probe(gpu.clone()).await;
    let gpu_ms = now_ms() - started_ms;
    log::info!("start-up probe: CPU {cpu_ms:.0} ms, WebGPU {gpu_ms:.0} ms");

    let (reference, candidate) = match (reference, candidate) {
        (Ok(r), Ok(c)) => (r, c),
        (_, Err(error)) => {
            return Chosen {
                device: cpu(),
                is_gpu: false,
                description: format!("Backend: CPU — WebGPU failed its start-up check ({error})."),
            };
        }
        (Err(error), _) => {
            return Chosen {
                device: gpu,
                is_gpu: true,
                description: format!("Backend: WebGPU (the CPU reference run failed: {error})."),
            };
        }
    };
    let difference = backend::max_relative_difference(&reference, &candidate);
    if difference > CROSS_CHECK_TOLERANCE {
        return Chosen {
            device: cpu(),
            is_gpu: false,
            description: format!(
                "Backend: CPU — WebGPU's results differed from the CPU's by {:.1} % at start-up, so it is not used.",
                difference * 100.0
            ),
        };
    }

    match choice {
        BackendChoice::Gpu => Chosen {
            device: gpu,
            is_gpu: true,
            description: format!(
                "Backend: WebGPU (chosen; start-up check {gpu_ms:.0} ms vs CPU {cpu_ms:.0} ms)."
            ),
        },
        _ if gpu_ms < cpu_ms => Chosen {
            device: gpu,
            is_gpu: true,
            description: format!(
                "Backend: WebGPU — auto picked it: start-up check {gpu_ms:.0} ms vs CPU {cpu_ms:.0} ms."
            ),
        },
        _ => Chosen {
            device: cpu(),
            is_gpu: false,
            description: format!(
                "Backend: CPU — auto picked it: WebGPU works but was slower for this small network \
                 ({gpu_ms:.0} ms vs {cpu_ms:.0} ms at start-up)."
            ),
        },
    }
}
