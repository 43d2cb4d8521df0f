//! Headless Chromium driven over WebDriver (Debian's `chromium` + `chromium-driver`), for
//! end-to-end tests of the web client. Each [`Browser`] has its own chromedriver, its own
//! empty profile (so its own localStorage and service worker) and a fixed window size.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use fantoccini::actions::{InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

use crate::WAIT;

/// How often waits re-check the page.
const POLL: Duration = Duration::from_millis(50);

/// A phone's screen, in CSS pixels (touch).
pub const PHONE: (u32, u32) = (390, 844);
/// A tablet's screen, upright.
pub const TABLET: (u32, u32) = (1024, 1366);
/// A laptop's screen.
pub const DESKTOP: (u32, u32) = (1280, 800);

/// A workshop's three screens on the board at `page`: Fatima facilitating on a laptop (with
/// the facilitator key), Pia, a citizen, on a phone, and Sam, a nurse, on a tablet.
pub async fn workshop_of_three(page: &str, facilitator_key: &str) -> anyhow::Result<(Browser, Browser, Browser)> {
    let facilitator = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    let pia = Browser::start(PHONE.0, PHONE.1).await?;
    let sam = Browser::start(TABLET.0, TABLET.1).await?;
    facilitator.join_board(&format!("{page}#facilitator={facilitator_key}"), "Fatima", "professional").await?;
    pia.join_board(page, "Pia", "citizen").await?;
    sam.join_board(page, "Sam (nurse)", "professional").await?;
    Ok((facilitator, pia, sam))
}

/// Where a browser test keeps a screenshot for the README: `docs/screenshots/{name}`.
pub fn screenshot_path(name: &str) -> std::path::PathBuf {
    crate::tests_dir().join("../docs/screenshots").join(name)
}

/// One headless browser window.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium window of `width` × `height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> anyhow::Result<Self> {
        let port = crate::free_port()?;
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            // Its own process group, so that dropping the browser ends Chromium too, even
            // when a test fails before `quit`.
            .process_group(0)
            .spawn()
            .context("cannot start chromedriver (install Debian's chromium-driver; scripts/test.sh does)")?;
        let profile = tempfile::tempdir()?;
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities
            .insert("goog:chromeOptions".to_owned(), serde_json::json!({ "binary": chromium_binary(), "args": args }));
        let url = format!("http://127.0.0.1:{port}");
        let client = tokio::time::timeout(WAIT, async {
            loop {
                match ClientBuilder::new(HttpConnector::new()).capabilities(capabilities.clone()).connect(&url).await {
                    Ok(client) => return client,
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        })
        .await
        .context("chromedriver did not start a browser session")?;
        client.set_window_size(width, height).await.ok();
        Ok(Browser { client, driver, _profile: profile })
    }

    /// Opens a URL.
    pub async fn open(&self, url: &str) -> anyhow::Result<()> {
        self.client.goto(url).await.with_context(|| format!("open {url}"))
    }

    /// Opens a board page, introduces the person (name and perspective), and waits until
    /// the board is online.
    pub async fn join_board(&self, url: &str, name: &str, perspective: &str) -> anyhow::Result<()> {
        self.introduce(url, name, perspective).await?;
        self.wait_for("connection-state", |state| state == "Online").await?;
        Ok(())
    }

    /// Opens a board page and introduces the person (name and perspective), without waiting
    /// for what comes next (the board, or its waiting room).
    pub async fn introduce(&self, url: &str, name: &str, perspective: &str) -> anyhow::Result<()> {
        self.open(url).await?;
        self.type_into("gate-name", name).await?;
        self.click(&format!("gate-perspective-{perspective}")).await?;
        self.click("enter-board").await
    }

    /// Waits for the element with this `data-testid` and returns it.
    pub async fn find(&self, testid: &str) -> anyhow::Result<Element> {
        let selector = format!("[data-testid=\"{testid}\"]");
        let found = tokio::time::timeout(WAIT, async {
            loop {
                if let Ok(element) = self.client.find(Locator::Css(&selector)).await {
                    return element;
                }
                tokio::time::sleep(POLL).await;
            }
        });
        found.await.with_context(|| format!("no element [data-testid={testid}]"))
    }

    /// Every element whose `data-testid` starts with `prefix`.
    pub async fn find_all(&self, prefix: &str) -> anyhow::Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&format!("[data-testid^=\"{prefix}\"]"))).await?)
    }

    /// Clicks an element.
    ///
    /// The element is scrolled to the middle of the screen first, as a person would, so a
    /// sticky bar at the top does not take the click.
    pub async fn click(&self, testid: &str) -> anyhow::Result<()> {
        let element = self.find_centred(testid).await?;
        element.click().await.with_context(|| format!("click {testid}"))
    }

    /// Finds an element and scrolls it to the middle of the screen.
    async fn find_centred(&self, testid: &str) -> anyhow::Result<Element> {
        let element = self.find(testid).await?;
        self.centre(&element).await?;
        Ok(element)
    }

    /// Scrolls an element to the middle of the screen, clear of the bar at the top, as a
    /// person scrolls to what they are about to touch.
    pub async fn centre(&self, element: &Element) -> anyhow::Result<()> {
        let centre = "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'}); return true";
        self.client.execute(centre, vec![serde_json::to_value(element)?]).await?;
        Ok(())
    }

    /// Types into an element (at its current caret, after focusing it as a person would,
    /// with the element in the middle of the screen).
    pub async fn type_into(&self, testid: &str, text: &str) -> anyhow::Result<()> {
        let element = self.find_centred(testid).await?;
        element.click().await?;
        element.send_keys(text).await.with_context(|| format!("type into {testid}"))
    }

    /// Presses the keys of `text` one at a time into whatever has the focus (the caret stays
    /// where it is), waiting `pause()` after each key, as a person types.
    pub async fn press_keys(&self, text: &str, mut pause: impl FnMut() -> Duration) -> anyhow::Result<()> {
        for key in text.chars() {
            let press = KeyActions::new("keyboard".to_owned())
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
            self.client.perform_actions(press).await.with_context(|| format!("press {key:?}"))?;
            tokio::time::sleep(pause()).await;
        }
        Ok(())
    }

    /// Presses Ctrl (held) with `key`, e.g. Ctrl+Z.
    pub async fn press_with_ctrl(&self, key: char) -> anyhow::Result<()> {
        let control = char::from(fantoccini::key::Key::Control);
        let chord = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: control });
        self.client.perform_actions(chord).await.with_context(|| format!("press Ctrl+{key}"))
    }

    /// Focuses a text box and puts its caret at `offset` (UTF-16 units; past the end means
    /// the end).
    pub async fn put_caret(&self, testid: &str, offset: u32) -> anyhow::Result<()> {
        self.find(testid).await?.click().await?;
        let script = format!(
            "const t = document.querySelector('[data-testid=\"{testid}\"]'); t.focus(); \
             const at = Math.min({offset}, t.value.length); t.setSelectionRange(at, at); return true"
        );
        self.script(&script).await?;
        Ok(())
    }

    /// An input's or text area's current value.
    pub async fn value(&self, testid: &str) -> anyhow::Result<String> {
        Ok(self.find(testid).await?.prop("value").await?.unwrap_or_default())
    }

    /// An element's visible text.
    pub async fn text(&self, testid: &str) -> anyhow::Result<String> {
        Ok(self.find(testid).await?.text().await?)
    }

    /// Waits for a card whose text is `text` and returns its id (from its text box's
    /// `data-testid="card-text-<id>"`).
    pub async fn card_with_text(&self, text: &str) -> anyhow::Result<String> {
        let script = format!(
            "const t = [...document.querySelectorAll('textarea[data-testid^=card-text-]')].find(t => t.value === {text:?}); \
             return t ? t.dataset.testid.slice('card-text-'.length) : null"
        );
        let found = tokio::time::timeout(WAIT, async {
            loop {
                if let Ok(serde_json::Value::String(id)) = self.script(&script).await {
                    return id;
                }
                tokio::time::sleep(POLL).await;
            }
        });
        found.await.with_context(|| format!("no card with text {text:?}"))
    }

    /// Waits until `check` holds for the value (inputs) or text (other elements) of `testid`.
    pub async fn wait_for(&self, testid: &str, check: impl Fn(&str) -> bool) -> anyhow::Result<String> {
        let mut last = String::new();
        let waited = tokio::time::timeout(WAIT, async {
            loop {
                if let Ok(element) = self.find(testid).await {
                    // Text boxes and lists by their value; anything else (buttons too,
                    // whose value is empty) by its text.
                    let tag = element.tag_name().await.unwrap_or_default().to_ascii_lowercase();
                    let value = match element.prop("value").await {
                        Ok(Some(value)) if matches!(tag.as_str(), "input" | "textarea" | "select") => value,
                        _ => element.text().await.unwrap_or_default(),
                    };
                    if check(&value) {
                        return value;
                    }
                    last = value;
                }
                tokio::time::sleep(POLL).await;
            }
        })
        .await;
        waited.map_err(|_| anyhow::anyhow!("[data-testid={testid}] never matched; last seen {last:?}"))
    }

    /// Runs a script in the page and returns its JSON result.
    pub async fn script(&self, script: &str) -> anyhow::Result<serde_json::Value> {
        Ok(self.client.execute(script, Vec::new()).await?)
    }

    /// Waits until a script returns `true`.
    pub async fn wait_script(&self, script: &str) -> anyhow::Result<()> {
        tokio::time::timeout(WAIT, async {
            loop {
                if matches!(self.script(script).await, Ok(serde_json::Value::Bool(true))) {
                    return;
                }
                tokio::time::sleep(POLL).await;
            }
        })
        .await
        .with_context(|| format!("script never returned true: {script}"))
    }

    /// Drags an element by (`dx`, `dy`) CSS pixels with a mouse, as a person would.
    ///
    /// The press lands on the element's centre as the page draws it then, and fails
    /// loudly if something else is on top there, rather than dragging whatever is.
    pub async fn drag_by(&self, testid: &str, dx: f64, dy: f64) -> anyhow::Result<()> {
        let element = self.find(testid).await?;
        // Centre the middle of the path on screen, so that start and end are both in view.
        let aim = format!(
            "const element = arguments[0];
             element.scrollIntoView({{block: 'center', inline: 'center'}});
             window.scrollBy({}, {});
             const r = element.getBoundingClientRect();
             const x = Math.round(r.left + r.width / 2), y = Math.round(r.top + r.height / 2);
             const top = document.elementFromPoint(x, y);
             return [x, y, !!top && element.contains(top), top ? top.outerHTML.slice(0, 120) : ''];",
            dx / 2.0,
            dy / 2.0
        );
        let aimed = self.client.execute(&aim, vec![serde_json::to_value(&element)?]).await?;
        let (x, y, hit, covered_by): (f64, f64, bool, String) = serde_json::from_value(aimed)?;
        anyhow::ensure!(hit, "{testid} is covered at ({x}, {y}) by {covered_by}");
        let actions = MouseActions::new("mouse".to_owned())
            .then(PointerAction::MoveTo { duration: None, x, y })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(150)), x: dx / 2.0, y: dy / 2.0 })
            .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(150)), x: dx / 2.0, y: dy / 2.0 })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Saves a PNG screenshot of the window.
    pub async fn screenshot(&self, path: &Path) -> anyhow::Result<()> {
        let png = self.client.screenshot().await?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png)?;
        Ok(())
    }

    /// Reloads the page.
    pub async fn reload(&self) -> anyhow::Result<()> {
        Ok(self.client.refresh().await?)
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (for example
    /// `Emulation.setCPUThrottlingRate`, to behave like a slow phone).
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> anyhow::Result<serde_json::Value> {
        let command = CdpCommand { command: command.to_owned(), params };
        self.client.issue_cmd(command).await.context("CDP command")
    }

    /// Ends the session.
    pub async fn quit(self) -> anyhow::Result<()> {
        self.client.clone().close().await.ok();
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            // chromedriver leads the group; Chromium and its helpers are in it.
            std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .ok();
        }
    }
}

/// Debian's Chromium, wherever this machine has it.
pub fn chromium_binary() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|path| Path::new(path).exists())
        .unwrap_or("chromium")
}

/// chromedriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct CdpCommand {
    command: String,
    params: serde_json::Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (hyper::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.command, "params": self.params });
        (hyper::http::Method::POST, Some(body.to_string()))
    }
}
