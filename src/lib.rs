//! Infoplane: train small MLPs end-to-end or layer-wise and measure every
//! layer on the HSIC information plane (Sakamoto & Sato, TMLR 2024).
//!
//! The numeric core (data, model, training, HSIC, metrics, plots) knows
//! nothing of the browser; all browser glue lives in [`web`], compiled for
//! wasm32 only.
// burn 0.22 deprecates its ndarray backend in favour of `flex`; ndarray is
// the CPU backend this project verified on wasm32 (see shared/SPIKE.md).
#![allow(deprecated)]

pub mod backend;
pub mod config;
pub mod data;
pub mod hsic;
pub mod metrics;
pub mod model;
pub mod page_state;
pub mod plot;
pub mod presets;
pub mod session;
pub mod train;

#[cfg(target_family = "wasm")]
pub mod web;
