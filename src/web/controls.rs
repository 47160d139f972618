//! The form controls: filling them from the settings, reading them back,
//! the URL hash, and the event handlers (which only edit settings and queue
//! actions).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::backend::BackendChoice;
use crate::data::{self, DatasetKind};
use crate::hsic::{Bandwidth, Estimator};
use crate::model::HeadKind;
use crate::page_state::{HASH_KEY, MAX_SPEED, PageState};
use crate::presets;
use crate::session::Session;
use crate::train::{Mode, OptimizerKind};

use super::app::{self, Action, Shared, show_message};
use super::dom::{self, by_id};
use super::{export, ids};

/// The settings in the URL hash, or the defaults and the reason when the
/// hash is absent or malformed.
pub fn state_from_hash() -> (PageState, Option<String>) {
    let hash = dom::window()
        .and_then(|w| w.location().hash())
        .unwrap_or_default();
    let hash = hash.trim_start_matches('#');
    if hash.is_empty() {
        return (PageState::default(), None);
    }
    let Some(encoded) = hash.strip_prefix(HASH_KEY) else {
        return (
            PageState::default(),
            Some("The link's settings were not recognised".into()),
        );
    };
    let json = match js_sys::decode_uri_component(encoded) {
        Ok(json) => String::from(json),
        Err(_) => {
            return (
                PageState::default(),
                Some("The link's settings are not valid text".into()),
            );
        }
    };
    match PageState::from_json(&json) {
        Ok(state) => (state, None),
        Err(problem) => (PageState::default(), Some(capitalise(&problem))),
    }
}

/// Mirrors the settings into the URL hash without adding history entries.
pub fn write_hash(state: &PageState) {
    let encoded = String::from(js_sys::encode_uri_component(&state.to_json()));
    let url = format!("#{HASH_KEY}{encoded}");
    if let Ok(history) = dom::window().and_then(|w| w.history()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        // ASCII only: "σ must…" stays σ, not Σ.
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Puts every setting into its control.
pub fn write_controls(state: &PageState) {
    let c = &state.config;
    let kebab = |value: &dyn erased::Named| value.kebab();
    dom::set_select_value(ids::DATASET, &kebab(&c.data.kind));
    dom::set_input_value(ids::NOISE, &c.data.noise.to_string());
    dom::set_input_value(ids::SAMPLES, &c.data.num_samples.to_string());
    dom::set_input_value(ids::TRAIN_FRAC, &c.data.train_frac.to_string());
    dom::set_input_value(ids::SPIRAL_CLASSES, &c.data.spiral_classes.to_string());
    dom::set_input_value(ids::SPIRAL_TURNS, &c.data.spiral_turns.to_string());
    dom::set_input_value(ids::SEED, &state.config.seed.to_string());
    let widths: Vec<String> = c
        .model
        .hidden_widths
        .iter()
        .map(|w| w.to_string())
        .collect();
    dom::set_input_value(ids::HIDDEN, &widths.join(","));
    dom::set_select_value(ids::ACTIVATION, c.model.activation.name());
    dom::set_select_value(ids::HEAD, &kebab(&c.model.head));
    dom::set_select_value(ids::MODE, c.train.mode.name());
    dom::set_input_value(ids::EPOCHS_PER_STAGE, &c.train.epochs_per_stage.to_string());
    dom::set_checked(ids::COMPARE, state.compare);
    dom::set_select_value(ids::OPTIMIZER, c.train.optimizer.name());
    dom::set_input_value(ids::LEARNING_RATE, &c.train.learning_rate.to_string());
    dom::set_input_value(ids::BATCH_SIZE, &c.train.batch_size.to_string());
    dom::set_select_value(ids::ESTIMATOR, c.hsic.estimator.name());
    dom::set_select_value(ids::BANDWIDTH, &kebab(&c.hsic.bandwidth));
    dom::set_input_value(ids::SIGMA, &c.hsic.sigma.to_string());
    dom::set_input_value(ids::EVAL_SAMPLES, &c.hsic.eval_samples.to_string());
    dom::set_input_value(ids::SNAPSHOT_EVERY, &c.hsic.snapshot_every.to_string());
    dom::set_input_value(ids::SPEED, &state.speed.to_string());
    dom::set_select_value(ids::BACKEND, state.backend.name());
    dom::set_checked(ids::LARGE_TEXT, state.large_text);
    apply_large_text(state.large_text);
    show_estimator_note(state);
    show_relevant_controls(state);
}

/// Hides the controls the current settings do not use (a spiral's arms
/// under XOR, epochs per layer under E2E), so that every visible control
/// acts. Hidden values stay in the state and the link.
fn show_relevant_controls(state: &PageState) {
    let c = &state.config;
    let generated = !matches!(c.data.kind, DatasetKind::Digits | DatasetKind::Csv);
    let spiral = c.data.kind == DatasetKind::Spiral;
    // Compare always trains a layer-wise run beside the E2E one.
    let has_heads = c.train.mode != Mode::E2e || state.compare;
    for (id, used) in [
        (ids::NOISE, generated),
        (ids::SAMPLES, generated),
        (ids::SPIRAL_CLASSES, spiral),
        (ids::SPIRAL_TURNS, spiral),
        (ids::HEAD, has_heads),
        (ids::EPOCHS_PER_STAGE, c.train.mode == Mode::LayerwiseSeq),
        (ids::SIGMA, c.hsic.bandwidth == Bandwidth::Fixed),
    ] {
        dom::set_label_hidden(id, !used);
    }
}

/// Small adapter so enums serialise to their kebab-case names via serde.
mod erased {
    pub trait Named {
        fn kebab(&self) -> String;
    }
    impl<T: serde::Serialize> Named for T {
        fn kebab(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        }
    }
}

fn parse_enum<T: serde::de::DeserializeOwned>(value: &str, what: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(value.to_string()))
        .map_err(|_| format!("unknown {what} '{value}'"))
}

fn parse_number<T: std::str::FromStr>(id: &str, what: &str) -> Result<T, String> {
    let text = dom::input_value(id);
    text.trim().parse().map_err(|_| {
        if text.trim().is_empty() {
            // A number input reports "" for text it cannot parse.
            format!("{what}: enter a number")
        } else {
            format!("{what}: '{text}' is not a valid number")
        }
    })
}

/// Reads every control into a copy of `state`; the error names the control.
pub fn read_controls(state: &PageState) -> Result<PageState, String> {
    let mut next = state.clone();
    let c = &mut next.config;
    c.data.kind = parse_enum(&dom::select_value(ids::DATASET), "data set")?;
    c.data.noise = parse_number(ids::NOISE, "Noise")?;
    c.data.num_samples = parse_number(ids::SAMPLES, "Samples")?;
    c.data.train_frac = parse_number(ids::TRAIN_FRAC, "Train fraction")?;
    c.data.spiral_classes = parse_number(ids::SPIRAL_CLASSES, "Spiral arms")?;
    c.data.spiral_turns = parse_number(ids::SPIRAL_TURNS, "Spiral turns")?;
    c.seed = parse_number(ids::SEED, "Seed")?;
    c.model.hidden_widths = parse_widths(&dom::input_value(ids::HIDDEN))?;
    c.model.activation = parse_enum(&dom::select_value(ids::ACTIVATION), "activation")?;
    c.model.head = parse_enum::<HeadKind>(&dom::select_value(ids::HEAD), "head")?;
    c.train.mode = parse_enum::<Mode>(&dom::select_value(ids::MODE), "mode")?;
    c.train.epochs_per_stage = parse_number(ids::EPOCHS_PER_STAGE, "Epochs per layer")?;
    c.train.optimizer =
        parse_enum::<OptimizerKind>(&dom::select_value(ids::OPTIMIZER), "optimiser")?;
    c.train.learning_rate = parse_number(ids::LEARNING_RATE, "Learning rate")?;
    c.train.batch_size = parse_number(ids::BATCH_SIZE, "Batch size")?;
    c.hsic.estimator = parse_enum::<Estimator>(&dom::select_value(ids::ESTIMATOR), "estimator")?;
    c.hsic.bandwidth = parse_enum::<Bandwidth>(&dom::select_value(ids::BANDWIDTH), "bandwidth")?;
    c.hsic.sigma = parse_number(ids::SIGMA, "σ")?;
    c.hsic.eval_samples = parse_number(ids::EVAL_SAMPLES, "Evaluation samples")?;
    c.hsic.snapshot_every = parse_number(ids::SNAPSHOT_EVERY, "Snapshot every")?;
    next.compare = dom::checked(ids::COMPARE);
    next.speed = parse_number::<usize>(ids::SPEED, "Speed")?.clamp(1, MAX_SPEED);
    next.backend = parse_enum::<BackendChoice>(&dom::select_value(ids::BACKEND), "backend")?;
    next.large_text = dom::checked(ids::LARGE_TEXT);

    next.config.validate()?;
    Ok(next)
}

fn parse_widths(text: &str) -> Result<Vec<usize>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>()
                .map_err(|_| format!("hidden widths: '{t}' is not a whole number"))
        })
        .collect()
}

/// Controls whose change keeps the current weights and history.
const LIVE: [&str; 5] = [
    ids::MODE,
    ids::LEARNING_RATE,
    ids::SPEED,
    ids::LARGE_TEXT,
    ids::BACKEND,
];

/// Connects every control to the app.
pub fn wire(app: &Shared) -> Result<(), JsValue> {
    let settings = [
        ids::DATASET,
        ids::NOISE,
        ids::SAMPLES,
        ids::TRAIN_FRAC,
        ids::SPIRAL_CLASSES,
        ids::SPIRAL_TURNS,
        ids::SEED,
        ids::HIDDEN,
        ids::ACTIVATION,
        ids::HEAD,
        ids::MODE,
        ids::EPOCHS_PER_STAGE,
        ids::COMPARE,
        ids::OPTIMIZER,
        ids::LEARNING_RATE,
        ids::BATCH_SIZE,
        ids::ESTIMATOR,
        ids::BANDWIDTH,
        ids::SIGMA,
        ids::EVAL_SAMPLES,
        ids::SNAPSHOT_EVERY,
        ids::SPEED,
        ids::BACKEND,
        ids::LARGE_TEXT,
    ];
    for id in settings {
        let app = app.clone();
        dom::on(id, "change", move |_| on_setting_changed(&app, id))?;
    }

    let a = app.clone();
    dom::on(ids::PLAY, "click", move |_| {
        let running = {
            let mut app = a.borrow_mut();
            app.running = !app.running;
            app.running
        };
        show_running(running);
    })?;
    let a = app.clone();
    dom::on(ids::STEP, "click", move |_| {
        a.borrow_mut().push(Action::Step)
    })?;
    let a = app.clone();
    dom::on(ids::RESET, "click", move |_| {
        a.borrow_mut().push(Action::Rebuild)
    })?;
    let a = app.clone();
    dom::on(ids::REGENERATE, "click", move |_| {
        let state = {
            let mut app = a.borrow_mut();
            app.state.config.seed = app.state.config.seed.wrapping_add(1);
            app.push(Action::Rebuild);
            app.state.clone()
        };
        dom::set_input_value(ids::SEED, &state.config.seed.to_string());
        write_hash(&state);
    })?;
    let a = app.clone();
    dom::on(ids::ADD_LAYER, "click", move |_| change_depth(&a, true))?;
    let a = app.clone();
    dom::on(ids::REMOVE_LAYER, "click", move |_| change_depth(&a, false))?;

    let preset_select = by_id::<web_sys::HtmlSelectElement>(ids::PRESET)?;
    let document = dom::document()?;
    for preset in presets::PRESETS.iter() {
        let option = document.create_element("option")?;
        option.set_attribute("value", preset.name)?;
        option.set_attribute("title", preset.description)?;
        option.set_text_content(Some(preset.name));
        preset_select.append_child(&option)?;
    }
    let a = app.clone();
    dom::on(ids::APPLY_PRESET, "click", move |_| {
        let name = dom::select_value(ids::PRESET);
        if let Some(preset) = presets::find(&name) {
            let state = {
                let mut app = a.borrow_mut();
                app.state.config = (preset.config)();
                app.push(Action::Rebuild);
                app.state.clone()
            };
            write_controls(&state);
            write_hash(&state);
            show_message(preset.description);
        }
    })?;

    let a = app.clone();
    dom::on(ids::CSV_FILE, "change", move |_| {
        let app = a.clone();
        wasm_bindgen_futures::spawn_local(async move { load_csv(&app).await });
    })?;

    let a = app.clone();
    dom::on(ids::EXPORT_JSON, "click", move |_| {
        if let Some(session) = a.borrow().session() {
            export::download_text(
                "metrics.json",
                "application/json",
                &session.metrics_file().to_json(),
            );
        }
    })?;
    let a = app.clone();
    dom::on(ids::EXPORT_CSV, "click", move |_| {
        if let Some(session) = a.borrow().session() {
            export::download_text("metrics.csv", "text/csv", &session.metrics_file().to_csv());
        }
    })?;
    export::wire_png_buttons()?;
    Ok(())
}

fn on_setting_changed(app: &Shared, id: &str) {
    let current = app.borrow().state.clone();
    let next = match read_controls(&current) {
        Ok(next) => next,
        Err(problem) => {
            show_message(&format!(
                "{}. The previous value is kept.",
                capitalise(&problem)
            ));
            write_controls(&current);
            return;
        }
    };
    if next.config.data.kind == DatasetKind::Csv && app.borrow().csv.is_none() {
        show_message("Upload a CSV file first (Data → Upload CSV).");
        write_controls(&current);
        return;
    }
    show_message("");
    write_hash(&next);
    apply_large_text(next.large_text);
    show_estimator_note(&next);
    show_relevant_controls(&next);

    let mut a = app.borrow_mut();
    a.state = next.clone();
    if !LIVE.contains(&id) || (id == ids::MODE && next.compare) {
        a.push(Action::Rebuild);
    } else if id == ids::MODE {
        a.push(Action::SetMode(next.config.train.mode));
    } else if id == ids::LEARNING_RATE {
        a.push(Action::SetLearningRate(next.config.train.learning_rate));
    } else if id == ids::LARGE_TEXT {
        a.push(Action::Redraw);
    } else if id == ids::BACKEND {
        drop(a);
        dom::set_text(ids::BACKEND_STATUS, "Checking the backend…");
        app::look_for_gpu(app.clone(), next.backend);
    }
}

fn change_depth(app: &Shared, deeper: bool) {
    let state = {
        let mut a = app.borrow_mut();
        let widths = &mut a.state.config.model.hidden_widths;
        if deeper {
            let width = widths.last().copied().unwrap_or(6);
            widths.push(width);
        } else if widths.len() > 1 {
            widths.pop();
        }
        if let Err(problem) = a.state.config.model.validate() {
            if deeper {
                a.state.config.model.hidden_widths.pop();
            }
            drop(a);
            show_message(&capitalise(&problem));
            return;
        }
        a.push(Action::Rebuild);
        a.state.clone()
    };
    write_controls(&state);
    write_hash(&state);
}

/// Reads the chosen file; a parse error is shown and changes nothing.
async fn load_csv(app: &Shared) {
    let Ok(input) = by_id::<web_sys::HtmlInputElement>(ids::CSV_FILE) else {
        return;
    };
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let name = file.name();
    let text = match JsFuture::from(file.text()).await {
        Ok(text) => text.as_string().unwrap_or_default(),
        Err(_) => {
            show_message(&format!("Could not read {name}."));
            return;
        }
    };
    input.set_value("");
    match data::parse_csv(&text) {
        Ok(dataset) => {
            let summary = format!(
                "Loaded {name}: {} rows, {} features, {} classes.",
                dataset.len(),
                dataset.num_features,
                dataset.num_classes
            );
            let state = {
                let mut a = app.borrow_mut();
                a.csv = Some(dataset);
                a.state.config.data.kind = DatasetKind::Csv;
                a.push(Action::Rebuild);
                a.state.clone()
            };
            write_controls(&state);
            write_hash(&state);
            show_message(&summary);
        }
        Err(error) => show_message(&format!(
            "{name} was not loaded: {error}. The current data and history are kept."
        )),
    }
}

pub fn show_running(running: bool) {
    dom::set_text(ids::PLAY, if running { "❚❚ Pause" } else { "▶ Play" });
}

/// Epoch counter, stage and latest accuracies.
pub fn show_progress(session: &Session) {
    dom::set_text(ids::EPOCH, &session.epoch().to_string());
    let stage = session
        .runs()
        .first()
        .filter(|run| run.trainer.mode() == Mode::LayerwiseSeq)
        .map(|run| match run.trainer.stage() {
            crate::train::Stage::Layer(l) => format!("(training layer {})", l + 1),
            crate::train::Stage::Classifier => "(training the classifier)".to_string(),
        })
        .unwrap_or_default();
    dom::set_text(ids::STAGE, &stage);
    let accuracy: Vec<String> = session
        .histories()
        .iter()
        .filter_map(|h| {
            h.last()
                .map(|s| format!("{}: test {:.1} %", h.name, s.test_accuracy * 100.0))
        })
        .collect();
    dom::set_text(ids::ACCURACY, &accuracy.join(" · "));
}

fn apply_large_text(large: bool) {
    if let Some(root) = dom::document().ok().and_then(|d| d.document_element()) {
        let _ = root.class_list().toggle_with_force("large", large);
    }
}

fn show_estimator_note(state: &PageState) {
    let note = match state.config.hsic.estimator {
        Estimator::Paper => {
            "Shown: the paper's nHSIC, tr(R_A R_B) — not bounded by 1; for labels it tops out near classes − 1."
        }
        Estimator::Cka => "Shown: centred kernel alignment (CKA), between 0 and 1.",
        Estimator::Hsic => "Shown: plain biased HSIC, tr(KHLH)/(m−1)² — unnormalised.",
    };
    dom::set_text(ids::ESTIMATOR_NOTE, note);
}
