//! Browser glue: the page's controls, frame loop, drawing and exports.
//! Compiled for wasm32 only; the numeric core never depends on it.

mod app;
mod controls;
mod dom;
mod export;
pub mod gpu;
pub mod ids;
mod render;

/// Entry point of the page: installs the panic hook and logger, then starts
/// the app. A start-up failure replaces the loading text with the reason.
pub fn start() {
    console_error_panic_hook::set_once();
    let _ = console_log::init_with_level(log::Level::Info);
    wasm_bindgen_futures::spawn_local(async {
        if let Err(error) = app::start().await {
            let reason = error.as_string().unwrap_or_else(|| format!("{error:?}"));
            dom::set_text(ids::STATUS, &format!("The page could not start: {reason}"));
        }
    });
}
