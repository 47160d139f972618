//! Colours of layers and classes.
//!
//! Layers use the Okabe–Ito colour-blind-safe set first (without its yellow,
//! which is unreadable as a thin line on white, and its black, kept for
//! text), then darker extras; the output layer always has its own colour so
//! it looks the same whatever the depth. Classes use a ten-colour
//! categorical set that stays distinguishable when lightened for the
//! decision-boundary background.

use plotters::style::RGBColor;

/// Colours of hidden layers 1, 2, … in order; repeats after the last.
pub const LAYER_COLORS: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x8C, 0x61, 0x1D), // brown
    RGBColor(0x6A, 0x4C, 0x93), // violet
    RGBColor(0x88, 0x22, 0x55), // wine
];

/// Colour of the output (classifier) layer.
pub const OUTPUT_LAYER_COLOR: RGBColor = RGBColor(0xD5, 0x5E, 0x00); // vermillion

/// Colours of classes 0–9; repeats after the last.
pub const CLASS_COLORS: [RGBColor; 10] = [
    RGBColor(0x1F, 0x77, 0xB4), // blue
    RGBColor(0xFF, 0x7F, 0x0E), // orange
    RGBColor(0x2C, 0xA0, 0x2C), // green
    RGBColor(0xD6, 0x27, 0x28), // red
    RGBColor(0x94, 0x67, 0xBD), // purple
    RGBColor(0x8C, 0x56, 0x4B), // brown
    RGBColor(0xE3, 0x77, 0xC2), // pink
    RGBColor(0x7F, 0x7F, 0x7F), // grey
    RGBColor(0xBC, 0xBD, 0x22), // olive
    RGBColor(0x17, 0xBE, 0xCF), // cyan
];

/// Colour of hidden layer `hidden_index` (0 = the first hidden layer).
pub fn layer_color(hidden_index: usize) -> RGBColor {
    LAYER_COLORS[hidden_index % LAYER_COLORS.len()]
}

/// Colour of entry `layer_index` of a snapshot's `layers`, which holds
/// `num_layers` entries: the hidden layers, then the output layer last.
pub fn series_layer_color(layer_index: usize, num_layers: usize) -> RGBColor {
    if layer_index + 1 == num_layers {
        OUTPUT_LAYER_COLOR
    } else {
        layer_color(layer_index)
    }
}

/// Colour of class `class` (0-based).
pub fn class_color(class: usize) -> RGBColor {
    CLASS_COLORS[class % CLASS_COLORS.len()]
}

/// The label of entry `layer_index` of `num_layers`: "layer 1", … or
/// "output" for the last.
pub(crate) fn layer_label(layer_index: usize, num_layers: usize) -> String {
    if layer_index + 1 == num_layers {
        "output".to_string()
    } else {
        format!("layer {}", layer_index + 1)
    }
}
