//! Downloads: each panel as PNG, the metrics as JSON and CSV. Everything is
//! made in the page; nothing goes over the network.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

use super::app::show_message;
use super::dom::{self, by_id};
use super::ids;

/// Offers `content` as a file download.
pub fn download_text(file_name: &str, mime: &str, content: &str) {
    if let Err(error) = try_download_text(file_name, mime, content) {
        show_message(&format!("Export of {file_name} failed: {error:?}"));
    }
}

fn try_download_text(file_name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let result = click_link(&url, file_name);
    Url::revoke_object_url(&url)?;
    result
}

fn click_link(href: &str, file_name: &str) -> Result<(), JsValue> {
    let anchor: HtmlAnchorElement = dom::document()?.create_element("a")?.dyn_into()?;
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// Each panel's PNG button (`button.png[data-canvas=…]`) saves its canvas.
pub fn wire_png_buttons() -> Result<(), JsValue> {
    for (canvas_id, file_name) in ids::CANVASES {
        let selector = format!("button.png[data-canvas='{canvas_id}']");
        let Some(button) = dom::document()?.query_selector(&selector)? else {
            continue;
        };
        dom::listen(&button, "click", move |_| {
            let result = by_id::<HtmlCanvasElement>(canvas_id)
                .and_then(|canvas| canvas.to_data_url_with_type("image/png"))
                .and_then(|url| click_link(&url, file_name));
            if let Err(error) = result {
                show_message(&format!("Export of {file_name} failed: {error:?}"));
            }
        })?;
    }
    Ok(())
}
