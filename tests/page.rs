//! End-to-end test of the real page: the release build in `dist/` (made by
//! `trunk build --release`; scripts/test.sh builds it first) is served on
//! loopback and driven in headless Chromium through chromedriver, once with
//! WebGPU enabled and once without. Screenshots go to
//! `target/page-screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Kills a helper process when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn dist_dir() -> PathBuf {
    let dist = std::env::var("INFOPLANE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(ROOT).join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: run `trunk build --release` first (scripts/test.sh does)",
        dist.display()
    );
    dist
}

async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "{what} did not start on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A static server for `dist/` and a chromedriver, both on loopback.
async fn start_servers() -> (Guard, Guard, u16, u16) {
    let http_port = free_port();
    let server = Command::new("python3")
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &http_port.to_string(),
            "--directory",
        ])
        .arg(dist_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 serves dist/");
    let driver_port = free_port();
    let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let driver = Command::new(&chromedriver)
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {chromedriver}: {e} (scripts/setup.sh installs it)")
        });
    let (server, driver) = (Guard(server), Guard(driver));
    wait_for_port(http_port, "the static server").await;
    wait_for_port(driver_port, "chromedriver").await;
    (server, driver, http_port, driver_port)
}

/// A browser session with the Chromium flags of `webdriver_json`.
async fn browser(driver_port: u16, webdriver_json: &str) -> Client {
    let text =
        std::fs::read_to_string(Path::new(ROOT).join(webdriver_json)).expect("webdriver config");
    let config: Value = serde_json::from_str(&text).expect("webdriver config is JSON");
    let mut options = config["goog:chromeOptions"].clone();
    let user_data = std::env::temp_dir().join(format!(
        "infoplane-chrome-{}-{driver_port}",
        std::process::id()
    ));
    options["args"]
        .as_array_mut()
        .expect("args")
        .push(json!(format!("--user-data-dir={}", user_data.display())));
    options["args"]
        .as_array_mut()
        .expect("args")
        .push(json!("--window-size=1280,1700"));
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("chromedriver session")
}

async fn text(client: &Client, id: &str) -> String {
    client
        .find(Locator::Id(id))
        .await
        .expect(id)
        .text()
        .await
        .unwrap_or_default()
}

async fn value(client: &Client, id: &str) -> String {
    client
        .find(Locator::Id(id))
        .await
        .expect(id)
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Polls `probe` until it returns `Some`, or fails with `what`.
async fn eventually<T, F, Fut>(seconds: u64, what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {seconds} s waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn epoch(client: &Client) -> usize {
    text(client, "epoch").await.trim().parse().unwrap_or(0)
}

async fn click(client: &Client, id: &str) {
    client
        .find(Locator::Id(id))
        .await
        .expect(id)
        .click()
        .await
        .expect("click");
}

/// The page's message once it contains `needle`, waiting up to `secs`.
async fn message_containing(client: &Client, secs: u64, needle: &str) -> String {
    eventually(secs, &format!("a message with '{needle}'"), || async {
        let m = text(client, "message").await;
        m.contains(needle).then_some(m)
    })
    .await
}

/// Waits until the epoch counter moves past where it is now.
async fn training_goes_on(client: &Client, when: &str) {
    let before = epoch(client).await;
    eventually(240, &format!("training to go on {when}"), || async {
        (epoch(client).await > before).then_some(())
    })
    .await;
}

/// The ids of the sidebar controls whose labels are hidden, in page order.
async fn hidden_labels(client: &Client) -> Vec<String> {
    let ids = client
        .execute(
            "return [...document.querySelectorAll('label[hidden] [id]')].map(e => e.id);",
            vec![],
        )
        .await
        .expect("script runs");
    serde_json::from_value(ids).expect("a list of ids")
}

/// Sets a form control's value and fires `change`, as a user's edit does.
async fn set_control(client: &Client, id: &str, new_value: &str) {
    set_controls(client, &[(id, new_value)]).await;
}

/// Sets several controls in one script, so that no page work runs between
/// their change events.
async fn set_controls(client: &Client, changes: &[(&str, &str)]) {
    client
        .execute(
            "for (const [id, value] of arguments[0]) { \
               const e = document.getElementById(id); e.value = value; \
               e.dispatchEvent(new Event('change')); }",
            vec![json!(changes)],
        )
        .await
        .expect("set controls");
}

async fn screenshot(client: &Client, name: &str) {
    let dir = Path::new(ROOT).join("target/page-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// Pixels of the information-plane canvas close to each hidden layer's colour.
async fn layer_colour_pixels(client: &Client, layers: usize) -> Vec<u64> {
    let colours: Vec<[u8; 3]> = (0..layers)
        .map(|l| {
            let c = infoplane::plot::layer_color(l);
            [c.0, c.1, c.2]
        })
        .collect();
    let counts = client
        .execute(
            "const c = document.getElementById('canvas-info-plane');\
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;\
             return arguments[0].map(([r, g, b]) => { let n = 0;\
               for (let i = 0; i < d.length; i += 4) {\
                 if (Math.abs(d[i] - r) < 12 && Math.abs(d[i+1] - g) < 12 && Math.abs(d[i+2] - b) < 12) n++; }\
               return n; });",
            vec![json!(colours)],
        )
        .await
        .expect("read canvas");
    counts
        .as_array()
        .expect("counts")
        .iter()
        .map(|v| v.as_u64().unwrap_or(0))
        .collect()
}

/// Settings that train quickly even on software WebGPU.
fn small_run_hash(backend: &str) -> String {
    let state = json!({
        "config": {
            "data": {"kind": "circle", "num_samples": 120, "noise": 0.05, "train_frac": 0.7},
            "model": {"hidden_widths": [5, 4, 3], "activation": "tanh", "head": "linear"},
            "train": {"mode": "e2e", "optimizer": "adam", "learning_rate": 0.02, "batch_size": 0},
            "hsic": {"eval_samples": 32, "snapshot_every": 2},
            "seed": 3
        },
        "backend": backend,
        "speed": 2
    });
    format!("#state={}", urlencode(&state.to_string()))
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn run_page_checks(webdriver_json: &str, backend: &str, expected_backend: &str, tag: &str) {
    let (_server, _driver, http_port, driver_port) = start_servers().await;
    let client = browser(driver_port, webdriver_json).await;
    let base = format!("http://127.0.0.1:{http_port}/");

    // A link's hash applies its settings.
    client
        .goto(&format!("{base}{}", small_run_hash(backend)))
        .await
        .expect("open page");
    let backend_line = eventually(240, "the backend line", || async {
        let line = text(&client, "backend-status").await;
        line.starts_with("Backend:").then_some(line)
    })
    .await;
    assert!(
        backend_line.contains(expected_backend),
        "backend line: {backend_line}"
    );
    // plotters measures text with a span styled inline; a CSP that blocks
    // inline styles leaves every legend and label mis-sized.
    let font_size = client
        .execute(
            "const s = document.createElement('span'); \
             s.setAttribute('style', 'font-size: 37px'); return s.style.fontSize;",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(font_size, json!("37px"), "the CSP blocks inline styles");
    assert_eq!(value(&client, "hidden").await, "5,4,3");
    assert_eq!(value(&client, "dataset").await, "circle");
    assert_eq!(value(&client, "seed").await, "3");
    // Only the controls that act are shown: E2E on the circle uses no
    // auxiliary head, no stages and no spiral settings.
    assert_eq!(
        hidden_labels(&client).await,
        ["head", "epochs-per-stage", "spiral-classes", "spiral-turns"]
    );

    // Play advances the epoch counter and draws the layers.
    click(&client, "play").await;
    eventually(240, "epochs to advance", || async {
        (epoch(&client).await >= 6).then_some(())
    })
    .await;
    let pixels = eventually(60, "layer colours on the information plane", || async {
        let counts = layer_colour_pixels(&client, 3).await;
        counts.iter().all(|&n| n > 20).then_some(counts)
    })
    .await;
    assert_eq!(pixels.len(), 3);
    screenshot(&client, &format!("{tag}-e2e")).await;

    // Switching to layer-wise continues the same history.
    let before = epoch(&client).await;
    set_control(&client, "mode", "layerwise").await;
    eventually(240, "training to continue after the switch", || async {
        let line = text(&client, "accuracy").await;
        (epoch(&client).await >= before + 4 && line.contains("layerwise")).then_some(())
    })
    .await;
    screenshot(&client, &format!("{tag}-layerwise")).await;
    assert_eq!(
        hidden_labels(&client).await,
        ["epochs-per-stage", "spiral-classes", "spiral-turns"],
        "layer-wise training shows its head"
    );

    // Compare trains E2E and layer-wise side by side from one network.
    click(&client, "compare").await;
    eventually(240, "both runs to report", || async {
        let line = text(&client, "accuracy").await;
        (line.contains("e2e:") && line.contains("layerwise:") && epoch(&client).await >= 4)
            .then_some(())
    })
    .await;
    screenshot(&client, &format!("{tag}-compare")).await;

    // A malformed CSV is explained and changes nothing.
    let csv = std::env::temp_dir().join(format!("infoplane-bad-{tag}.csv"));
    std::fs::write(&csv, "x,y,label\n0.1,0.2,0\n0.3,oops,1\n").expect("write csv");
    client
        .find(Locator::Id("csv-file"))
        .await
        .expect("file input")
        .send_keys(csv.to_str().expect("utf-8 path"))
        .await
        .expect("upload");
    let message = message_containing(&client, 30, "line 3").await;
    assert!(message.contains("kept"), "{message}");
    assert_eq!(value(&client, "dataset").await, "circle");
    training_goes_on(&client, "after the bad upload").await;

    // Data that cannot be built (ten spiral arms in ten samples leave no
    // test part) is refused: the old run trains on, and the controls and
    // the link go back to the data it uses.
    // The three changes land in one batch of queued work, as when a user
    // edits quickly while a slow backend is busy.
    set_controls(
        &client,
        &[
            ("spiral-classes", "10"),
            ("samples", "10"),
            ("dataset", "spiral"),
        ],
    )
    .await;
    let message = message_containing(&client, 240, "Could not apply").await;
    assert!(message.contains("test part empty"), "{message}");
    assert_eq!(value(&client, "dataset").await, "circle");
    let hash = client
        .execute("return decodeURIComponent(location.hash);", vec![])
        .await
        .expect("script runs");
    assert!(
        hash.as_str()
            .is_some_and(|h| h.contains(r#""kind":"circle""#)),
        "the link keeps the data that runs: {hash}"
    );
    training_goes_on(&client, "after the refused change").await;

    // A diverging learning rate pauses with an explanation.
    set_control(&client, "optimizer", "sgd").await;
    set_control(&client, "learning-rate", "1e30").await;
    if !text(&client, "play").await.contains("Pause") {
        click(&client, "play").await;
    }
    let message = message_containing(&client, 240, "diverged").await;
    assert!(message.contains("learning rate"), "{message}");
    assert!(
        text(&client, "play").await.contains("Play"),
        "training must pause"
    );
    screenshot(&client, &format!("{tag}-diverged")).await;

    // A malformed hash falls back to the defaults with a message.
    client
        .goto(&format!("{base}#state=%7Bnot-json"))
        .await
        .expect("open page");
    client.refresh().await.expect("reload");
    let message = message_containing(&client, 120, "default settings").await;
    assert!(message.contains("could not be read"), "{message}");
    assert_eq!(value(&client, "hidden").await, "6,6,6,6,6");

    client.close().await.expect("close browser");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_trains_on_webgpu() {
    run_page_checks("webdriver.json", "gpu", "WebGPU", "webgpu").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_falls_back_to_cpu_without_webgpu() {
    run_page_checks(
        "webdriver-nogpu.json",
        "auto",
        "CPU — this browser offers no WebGPU",
        "cpu",
    )
    .await;
}
