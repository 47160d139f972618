//! The page's single owner of mutable state and its one frame loop.
//!
//! Event handlers never touch the session: they edit the settings and queue
//! an [`Action`]. One `requestAnimationFrame` loop starts at most one
//! asynchronous work task at a time (`busy`), which takes the session out,
//! applies the queued actions, then either draws one part of the panels
//! that are due or trains for a few milliseconds (taking a snapshot when
//! one is due), and puts the session back. So two training loops can never
//! run at once and no borrow is held across an `await`.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Device;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::data::{Dataset, DatasetKind};
use crate::page_state::PageState;
use crate::session::{Session, SessionError};
use crate::train::Mode;

use super::dom::{self, now_ms};
use super::gpu;
use super::{controls, ids, render};

/// Milliseconds of training per frame before yielding to the browser.
const FRAME_BUDGET_MS: f64 = 12.0;

/// The User Timing measure around each snapshot taken while training
/// (forward pass on the evaluation set, read-back, nHSIC of every layer,
/// accuracies); `bench/page_bench.py` reads it.
pub const SNAPSHOT_MEASURE: &str = "infoplane:snapshot";

/// What the work task must do next time it runs.
pub enum Action {
    /// Start again from the current settings (new data, new weights).
    Rebuild,
    /// Train up to the next snapshot, then stop.
    Step,
    /// Continue from the current weights in another mode.
    SetMode(Mode),
    SetLearningRate(f64),
    /// Draw again (e.g. after the text size changed).
    Redraw,
}

/// The panels drawn in one frame. A snapshot's redraw is spread over the
/// frames after it, so that no frame (training, snapshot or drawing) runs
/// long enough to stall the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DrawPart {
    /// Information plane, layer profile, loss and accuracy.
    Plots,
    /// Decision boundary and layer representations (forward passes, PCA).
    DataPanels,
}

pub struct App {
    pub state: PageState,
    session: Option<Session>,
    /// The last successfully parsed CSV upload.
    pub csv: Option<Dataset>,
    device: Device,
    is_gpu: bool,
    pub running: bool,
    /// Training towards the next snapshot after a Step press.
    stepping: bool,
    busy: bool,
    /// The message line shows why the last rebuild failed; the next
    /// successful one clears it (and only that message: a preset's
    /// description or a bad link's notice must outlive the rebuild).
    start_failed: bool,
    pending: Vec<Action>,
    /// Panels to draw in the coming frames, one part per frame.
    draws_due: Vec<DrawPart>,
}

pub type Shared = Rc<RefCell<App>>;

impl App {
    /// Queues `action`. A rebuild already queued is not queued again: every
    /// rebuild reads the settings when it runs, so a second one in the same
    /// batch would only repeat the first, or, after the first was refused and
    /// put the previous settings back, rebuild those and clear the message
    /// that says why the change was refused.
    pub fn push(&mut self, action: Action) {
        if matches!(action, Action::Rebuild)
            && self.pending.iter().any(|a| matches!(a, Action::Rebuild))
        {
            return;
        }
        self.pending.push(action);
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }
}

/// Starts the page: reads the hash, wires the controls, builds the first
/// session on the CPU, then looks for WebGPU in the background.
pub async fn start() -> Result<(), JsValue> {
    let (state, hash_problem) = controls::state_from_hash();
    let app: Shared = Rc::new(RefCell::new(App {
        state,
        session: None,
        csv: None,
        device: crate::backend::cpu_device(),
        is_gpu: false,
        running: false,
        stepping: false,
        busy: false,
        start_failed: false,
        pending: vec![Action::Rebuild],
        draws_due: Vec::new(),
    }));
    controls::write_controls(&app.borrow().state);
    controls::wire(&app)?;
    dom::set_text(ids::STATUS, "");
    if let Some(problem) = hash_problem {
        show_message(&format!("{problem}. Using the default settings instead."));
    }
    dom::set_text(
        ids::BACKEND_STATUS,
        "Checking WebGPU… (the CPU backend runs meanwhile)",
    );
    request_frame(app.clone())?;

    let choice = app.borrow().state.backend;
    look_for_gpu(app, choice);
    Ok(())
}

/// Chooses the device in the background. The next rebuild uses it; when
/// nothing has been trained yet the rebuild happens at once.
pub fn look_for_gpu(app: Shared, choice: crate::backend::BackendChoice) {
    wasm_bindgen_futures::spawn_local(async move {
        let chosen = gpu::choose(choice).await;
        dom::set_text(ids::BACKEND_STATUS, &chosen.description);
        let mut app = app.borrow_mut();
        if chosen.is_gpu == app.is_gpu {
            return;
        }
        app.device = chosen.device;
        app.is_gpu = chosen.is_gpu;
        let untouched = app.session.as_ref().is_none_or(|s| s.epoch() == 0) && !app.running;
        if untouched {
            app.push(Action::Rebuild);
        } else {
            drop(app);
            show_message("The new backend is used from the next Reset.");
        }
    });
}

fn request_frame(app: Shared) -> Result<(), JsValue> {
    let closure = Closure::once(move || frame(app));
    dom::window()?.request_animation_frame(closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

fn frame(app: Shared) {
    let start_work = {
        let mut a = app.borrow_mut();
        let due = !a.busy
            && (a.running || a.stepping || !a.pending.is_empty() || !a.draws_due.is_empty());
        if due {
            a.busy = true;
        }
        due
    };
    if start_work {
        let task_app = app.clone();
        wasm_bindgen_futures::spawn_local(async move {
            work(&task_app).await;
            task_app.borrow_mut().busy = false;
        });
    }
    if let Err(error) = request_frame(app) {
        log::error!("animation frame: {error:?}");
    }
}

/// One unit of work with the session taken out of the app.
async fn work(app: &Shared) {
    let (mut session, actions) = {
        let mut a = app.borrow_mut();
        (a.session.take(), std::mem::take(&mut a.pending))
    };

    let mut redraw = false;
    for action in actions {
        match action {
            Action::Rebuild => {
                if let Some(fresh) = build(app, session.as_ref()).await {
                    session = Some(fresh);
                    redraw = true;
                }
            }
            Action::Step => app.borrow_mut().stepping = true,
            Action::SetMode(mode) => {
                if let Some(session) = session.as_mut() {
                    session.set_mode(0, mode);
                }
            }
            Action::SetLearningRate(rate) => {
                if let Some(session) = session.as_mut() {
                    session.set_learning_rate(rate);
                }
            }
            Action::Redraw => redraw = true,
        }
    }

    if let Some(session) = session.as_mut() {
        let (running, stepping, speed, draw_part) = {
            let mut a = app.borrow_mut();
            let draw_part = (!redraw && !a.draws_due.is_empty()).then(|| a.draws_due.remove(0));
            (a.running, a.stepping, a.state.speed, draw_part)
        };
        if let Some(part) = draw_part {
            // A drawing frame: no training in it.
            let state = app.borrow().state.clone();
            let drawn = match part {
                DrawPart::Plots => render::draw_plots(session, &state),
                DrawPart::DataPanels => render::draw_data_panels(session, &state).await,
            };
            if let Err(error) = drawn {
                show_message(&format!("Drawing failed: {error}"));
            }
        } else if running || stepping {
            let speed = if stepping && !running {
                crate::page_state::MAX_SPEED
            } else {
                speed
            };
            match train_chunk(session, speed).await {
                Ok(snapshotted) => {
                    redraw |= snapshotted;
                    if snapshotted {
                        app.borrow_mut().stepping = false;
                    }
                }
                Err(error) => {
                    let mut a = app.borrow_mut();
                    a.running = false;
                    a.stepping = false;
                    drop(a);
                    controls::show_running(false);
                    show_message(&error.to_string());
                    redraw = true;
                }
            }
        }
        controls::show_progress(session);
        if redraw {
            app.borrow_mut().draws_due = vec![DrawPart::Plots, DrawPart::DataPanels];
        }
    }
    app.borrow_mut().session = session;
}

/// Trains up to `speed` epochs within the frame budget, stopping early at
/// a due snapshot, which it takes. Returns whether a snapshot was taken.
async fn train_chunk(session: &mut Session, speed: usize) -> Result<bool, SessionError> {
    let started_ms = now_ms();
    for _ in 0..speed {
        session.train_epoch();
        if session.snapshot_due() {
            dom::measured(SNAPSHOT_MEASURE, session.snapshot()).await?;
            return Ok(true);
        }
        if now_ms() - started_ms > FRAME_BUDGET_MS {
            break;
        }
    }
    // Bounds the work queued on a GPU to one frame's worth.
    session.flush().await?;
    Ok(false)
}

/// A new session from the current settings, with its first snapshot; on
/// failure the message is shown and `None` returned, so the caller keeps
/// the session (and history) it had, `current`, whose settings then go
/// back into the controls and the link so that they describe what runs.
async fn build(app: &Shared, current: Option<&Session>) -> Option<Session> {
    let (config, csv, device, compare) = {
        let a = app.borrow();
        let csv = (a.state.config.data.kind == DatasetKind::Csv)
            .then(|| a.csv.clone())
            .flatten();
        (
            a.state.config.clone(),
            csv,
            a.device.clone(),
            a.state.compare,
        )
    };
    if config.data.kind == DatasetKind::Csv && csv.is_none() {
        show_message("Upload a CSV file first (Data → Upload CSV).");
        return None;
    }
    let modes = modes_for(config.train.mode, compare);
    dom::set_text(ids::STATUS, "Preparing the data and the network…");
    let result = async {
        let mut session = Session::new(config, csv, &modes, device).await?;
        session.snapshot().await?;
        Ok::<_, SessionError>(session)
    }
    .await;
    dom::set_text(ids::STATUS, "");
    match result {
        Ok(session) => {
            if std::mem::take(&mut app.borrow_mut().start_failed) {
                show_message("");
            }
            Some(session)
        }
        Err(error) => {
            app.borrow_mut().start_failed = true;
            match current {
                Some(current) => {
                    keep_settings_of(app, current);
                    show_message(&format!(
                        "Could not apply the change ({error}); training goes on with the \
                         previous settings."
                    ));
                }
                None => show_message(&format!("Could not start: {error}")),
            }
            None
        }
    }
}

/// Puts the settings `session` was built with back into the page state, the
/// controls and the link. The mode and learning rate stay as they are: they
/// change live, without a rebuild.
fn keep_settings_of(app: &Shared, session: &Session) {
    let state = {
        let mut a = app.borrow_mut();
        let train = a.state.config.train.clone();
        a.state.config = session.config().clone();
        a.state.config.train.mode = train.mode;
        a.state.config.train.learning_rate = train.learning_rate;
        a.state.clone()
    };
    controls::write_controls(&state);
    controls::write_hash(&state);
}

/// The runs of a session: the chosen mode, or with Compare on, E2E beside
/// the chosen layer-wise variant (layer-wise when E2E is chosen).
pub fn modes_for(mode: Mode, compare: bool) -> Vec<Mode> {
    if !compare {
        return vec![mode];
    }
    let layerwise = if mode == Mode::E2e {
        Mode::Layerwise
    } else {
        mode
    };
    vec![Mode::E2e, layerwise]
}

pub fn show_message(text: &str) {
    dom::set_notice(ids::MESSAGE, text);
}
