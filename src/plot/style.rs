//! Sizes of text, lines and markers, shared by every plot.

use plotters::style::{IntoFont, RGBColor, TextStyle};

/// The family every plot asks for; natively it resolves to the bundled
/// DejaVu Sans (see [`super::init_fonts`]), in the browser to the page's
/// sans-serif font.
pub(crate) const FONT_FAMILY: &str = "sans-serif";

/// Text colour: near-black reads as black but keeps pure black free.
pub(crate) const TEXT_COLOR: RGBColor = RGBColor(0x20, 0x20, 0x20);
/// Colour of notes and secondary text.
pub(crate) const MUTED_TEXT_COLOR: RGBColor = RGBColor(0x60, 0x60, 0x60);

/// How big the text, lines and markers of a plot are.
///
/// Base sizes are in backend pixels and suit a plot of roughly 640×400 to
/// 1280×720 backend pixels viewed at arm's length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotStyle {
    /// Multiplies every font size: 1.0 normal, about 1.6 for the
    /// lecture-hall "large text" option.
    pub font_scale: f64,
    /// Backend pixels per CSS pixel: multiplies fonts, line widths, marker
    /// sizes and margins. Pass `window.devicePixelRatio` when the canvas's
    /// backing store is scaled by it; 1.0 for SVG and PNG output.
    pub pixel_ratio: f64,
}

impl Default for PlotStyle {
    fn default() -> Self {
        Self::normal()
    }
}

impl PlotStyle {
    /// Normal text, one backend pixel per CSS pixel.
    pub const fn normal() -> Self {
        Self {
            font_scale: 1.0,
            pixel_ratio: 1.0,
        }
    }

    /// Large text for projection in a lecture hall.
    pub const fn large() -> Self {
        Self {
            font_scale: 1.6,
            pixel_ratio: 1.0,
        }
    }

    /// The same style on a canvas with `pixel_ratio` backend pixels per CSS
    /// pixel. Non-finite or non-positive ratios fall back to 1.
    pub fn with_pixel_ratio(self, pixel_ratio: f64) -> Self {
        let pixel_ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 {
            pixel_ratio
        } else {
            1.0
        };
        Self {
            pixel_ratio,
            ..self
        }
    }

    fn font_factor(&self) -> f64 {
        let scale = if self.font_scale.is_finite() && self.font_scale > 0.0 {
            self.font_scale
        } else {
            1.0
        };
        scale * self.ratio()
    }

    fn ratio(&self) -> f64 {
        if self.pixel_ratio.is_finite() && self.pixel_ratio > 0.0 {
            self.pixel_ratio
        } else {
            1.0
        }
    }

    /// A font size in backend pixels from a base size in CSS pixels.
    pub(crate) fn font_px(&self, base_px: f64) -> f64 {
        base_px * self.font_factor()
    }

    /// A length in backend pixels (lines, markers, gaps) that does not
    /// grow with the text.
    pub(crate) fn px(&self, base_px: f64) -> i32 {
        (base_px * self.ratio()).round().max(1.0) as i32
    }

    /// A length in backend pixels that grows with the text (label areas,
    /// legend rows).
    pub(crate) fn text_px(&self, base_px: f64) -> i32 {
        (base_px * self.font_factor()).round().max(1.0) as i32
    }

    /// Line width in backend pixels for a base width in CSS pixels.
    pub(crate) fn stroke(&self, base_px: f64) -> u32 {
        self.px(base_px).max(1) as u32
    }

    /// Tick labels.
    pub(crate) fn tick_font(&self) -> TextStyle<'static> {
        (FONT_FAMILY, self.font_px(14.0))
            .into_font()
            .color(&TEXT_COLOR)
    }

    /// Axis captions.
    pub(crate) fn caption_font(&self) -> TextStyle<'static> {
        (FONT_FAMILY, self.font_px(16.0))
            .into_font()
            .color(&TEXT_COLOR)
    }

    /// Panel titles.
    pub(crate) fn title_font(&self) -> TextStyle<'static> {
        (FONT_FAMILY, self.font_px(16.0))
            .into_font()
            .color(&TEXT_COLOR)
    }

    /// Legend entries and small labels.
    pub(crate) fn legend_font(&self) -> TextStyle<'static> {
        (FONT_FAMILY, self.font_px(14.0))
            .into_font()
            .color(&TEXT_COLOR)
    }

    /// Notes such as "no snapshots yet".
    pub(crate) fn note_font(&self) -> TextStyle<'static> {
        (FONT_FAMILY, self.font_px(16.0))
            .into_font()
            .color(&MUTED_TEXT_COLOR)
    }
}
