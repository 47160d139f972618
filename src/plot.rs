//! Plots of a run: the HSIC information plane, the per-layer profile, the
//! training curves, the decision boundary and the hidden representations.
//!
//! Every plot is a function over any plotters [`DrawingBackend`], drawn into
//! a `&DrawingArea<DB, Shift>`, so the same code draws to a canvas in the page
//! (plotters-canvas), to SVG from the command line ([`info_plane_svg`] and
//! friends) and to an in-memory bitmap in the tests. Nothing here knows the
//! browser.
//!
//! Sizes of text, lines and markers scale with [`PlotStyle`]; colours come
//! from [`LAYER_COLORS`] and [`CLASS_COLORS`]. On native targets text is measured and
//! drawn with the bundled DejaVu Sans, registered by [`init_fonts`] (each
//! draw function calls it).
//!
//! [`DrawingBackend`]: plotters::prelude::DrawingBackend

mod axes;
mod boundary;
mod curves;
mod font;
mod info_plane;
mod marks;
mod palette;
mod pca;
mod profile;
mod representations;
mod style;
mod svg;

pub use boundary::{
    DecisionGrid, PixelRect, draw_decision_boundary, draw_points, heatmap_rgba, points_plot_rect,
};
pub use curves::draw_curves;
pub use font::init_fonts;
pub use info_plane::draw_info_plane;
pub use palette::{
    CLASS_COLORS, LAYER_COLORS, OUTPUT_LAYER_COLOR, class_color, layer_color, series_layer_color,
};
pub use pca::pca_2d;
pub use profile::draw_layer_profile;
pub use representations::draw_representations;
pub use style::PlotStyle;
pub use svg::{
    curves_svg, decision_boundary_svg, info_plane_svg, layer_profile_svg, representations_svg,
};

use plotters::drawing::DrawingAreaErrorKind;

/// Why a plot could not be drawn or computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlotError {
    /// The drawing backend failed (the message is the backend's own).
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The inputs do not have the shapes the plot needs.
    #[error("bad plot input: {0}")]
    Shape(String),
    /// A numerical routine (the PCA's eigendecomposition) failed.
    #[error("numerical failure: {0}")]
    Numeric(String),
}

impl<E> From<DrawingAreaErrorKind<E>> for PlotError
where
    E: std::error::Error + Send + Sync,
{
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(err.to_string())
    }
}
