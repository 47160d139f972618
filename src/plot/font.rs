//! The font plotters uses for text on native targets.

/// DejaVu Sans, embedded so native plots need no system fonts (see
/// `assets/README.md` for its origin and licence).
#[cfg(not(target_family = "wasm"))]
static DEJAVU_SANS_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// Registers the bundled DejaVu Sans as plotters' `sans-serif` family.
///
/// Safe to call any number of times from any thread; only the first call
/// does the work. Every draw function in this module calls it, so callers
/// need it only to measure text with plotters themselves. On wasm32 it does
/// nothing: plotters measures text through the browser canvas there.
pub fn init_fonts() {
    #[cfg(not(target_family = "wasm"))]
    {
        static REGISTERED: std::sync::Once = std::sync::Once::new();
        REGISTERED.call_once(|| {
            let result = plotters::style::register_font(
                super::style::FONT_FAMILY,
                plotters::style::FontStyle::Normal,
                DEJAVU_SANS_TTF,
            );
            if result.is_err() {
                // Text then fails to draw and every plot returns the error.
                log::error!("the bundled DejaVu Sans font could not be parsed");
            }
        });
    }
}
