//! Small typed helpers over `web-sys`. Text reaches the page only through
//! `textContent` and form values, never as HTML.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, Window};

pub fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with `id`, cast to `T`; the error names the id.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("missing element #{id}")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("element #{id} has an unexpected type")))
}

pub fn set_text(id: &str, text: &str) {
    if let Ok(element) = by_id::<Element>(id) {
        element.set_text_content(Some(text));
    }
}

/// Shows `text` in element `id`, or hides the element when `text` is empty.
pub fn set_notice(id: &str, text: &str) {
    if let Ok(element) = by_id::<HtmlElement>(id) {
        element.set_text_content(Some(text));
        element.set_hidden(text.is_empty());
    }
}

pub fn input_value(id: &str) -> String {
    by_id::<HtmlInputElement>(id)
        .map(|e| e.value())
        .unwrap_or_default()
}

pub fn set_input_value(id: &str, value: &str) {
    if let Ok(element) = by_id::<HtmlInputElement>(id) {
        element.set_value(value);
    }
}

pub fn checked(id: &str) -> bool {
    by_id::<HtmlInputElement>(id)
        .map(|e| e.checked())
        .unwrap_or(false)
}

pub fn set_checked(id: &str, value: bool) {
    if let Ok(element) = by_id::<HtmlInputElement>(id) {
        element.set_checked(value);
    }
}

pub fn select_value(id: &str) -> String {
    by_id::<HtmlSelectElement>(id)
        .map(|e| e.value())
        .unwrap_or_default()
}

pub fn set_select_value(id: &str, value: &str) {
    if let Ok(element) = by_id::<HtmlSelectElement>(id) {
        element.set_value(value);
    }
}

/// Calls `handler` on every `event` of element `id`, for the page's lifetime.
pub fn on(
    id: &str,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let element = by_id::<web_sys::EventTarget>(id)?;
    listen(&element, event, handler)
}

pub fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The listeners live as long as the page does.
    closure.forget();
    Ok(())
}

/// `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Runs `work` between two User Timing marks and records the span as the
/// measure `name`, which a `PerformanceObserver` (the page benchmark) and
/// the browser's performance panel see. The buffered entries are cleared
/// at once, so a long run does not pile them up; observers still get them.
pub async fn measured<F: std::future::Future>(name: &str, work: F) -> F::Output {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let output = work.await;
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
        p.clear_measures_with_measure_name(name);
    }
    output
}

/// Hides or shows the `<label>` around the control `id`.
pub fn set_label_hidden(id: &str, hidden: bool) {
    let label = by_id::<Element>(id)
        .ok()
        .and_then(|control| control.closest("label").ok().flatten())
        .and_then(|label| label.dyn_into::<HtmlElement>().ok());
    if let Some(label) = label {
        label.set_hidden(hidden);
    }
}
