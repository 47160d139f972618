"""A small WebDriver (W3C, HTTP) client and the loopback servers the browser
benchmarks need, using only the Python standard library.

    with Servers(static_dir) as servers, Browser(servers.driver_port) as b:
        b.get(servers.url("index.html"))
        b.script("return 1 + 1")

Chromium runs headless with the flags of the repository's webdriver.json
(plus --enable-unsafe-webgpu unless gpu=False) and a throw-away profile.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")

# The network is closed: every background fetch Chromium would make is off.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
]
WEBGPU_FLAG = "--enable-unsafe-webgpu"


class WebDriverError(RuntimeError):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, what, timeout_secs=30):
    deadline = time.monotonic() + timeout_secs
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise WebDriverError(f"{what} did not start on port {port}")
            time.sleep(0.1)


class Servers:
    """`python3 -m http.server` on `static_dir` and a chromedriver, both on
    loopback; both are stopped on exit."""

    def __init__(self, static_dir):
        self.static_dir = static_dir
        self.http_port = free_port()
        self.driver_port = free_port()
        self.processes = []

    def __enter__(self):
        self.processes.append(subprocess.Popen(
            ["python3", "-m", "http.server", "--bind", "127.0.0.1", str(self.http_port),
             "--directory", self.static_dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        self.processes.append(subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.driver_port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        wait_for_port(self.http_port, "the static server")
        wait_for_port(self.driver_port, "chromedriver")
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def url(self, path=""):
        return f"http://127.0.0.1:{self.http_port}/{path}"


class Browser:
    """One Chromium session. `script` runs synchronous JavaScript (its
    `return` value comes back as JSON); `async_script` gets a callback as its
    last argument."""

    def __init__(self, driver_port, gpu=True, script_timeout_secs=600):
        self.base = f"http://127.0.0.1:{driver_port}"
        self.gpu = gpu
        self.script_timeout_secs = script_timeout_secs
        self.session = None
        self.profile = None

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="infoplane-bench-chrome-")
        args = CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}"]
        if self.gpu:
            args.append(WEBGPU_FLAG)
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
                    "timeouts": {"script": self.script_timeout_secs * 1000,
                                 "pageLoad": 300_000},
                }
            }
        }
        value = self._call("POST", "/session", caps)
        self.session = value["sessionId"]
        self.browser_version = value["capabilities"].get("browserVersion")
        return self

    def __exit__(self, *exc):
        if self.session:
            try:
                self._call("DELETE", f"/session/{self.session}")
            except (WebDriverError, OSError):
                pass
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _call(self, method, path, body=None, timeout_secs=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(
                request, timeout=timeout_secs or self.script_timeout_secs + 60
            ) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            raise WebDriverError(f"{method} {path}: HTTP {error.code}: {detail[:2000]}") from None

    def _session_call(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        self._session_call("POST", "/url", {"url": url})

    def script(self, source, *args):
        return self._session_call("POST", "/execute/sync", {"script": source, "args": list(args)})

    def async_script(self, source, *args):
        return self._session_call("POST", "/execute/async", {"script": source, "args": list(args)})

    def find(self, css):
        value = self._session_call("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(value.values()))

    def click(self, css):
        self._session_call("POST", f"/element/{self.find(css)}/click", {})

    def logs(self):
        """The browser console since the last call (chromedriver's legacy
        log endpoint; empty where it is not available)."""
        try:
            return self._session_call("POST", "/se/log", {"type": "browser"})
        except WebDriverError:
            return []

    def wait_until(self, source, timeout_secs, poll_secs=0.05, *args):
        """Polls the JavaScript expression-returning `source` until it returns
        a truthy value; returns that value, or raises after `timeout_secs`."""
        deadline = time.monotonic() + timeout_secs
        while True:
            value = self.script(source, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                raise WebDriverError(f"timed out after {timeout_secs} s waiting for: {source[:200]}")
            time.sleep(poll_secs)

    def screenshot(self, path):
        import base64
        png = self._session_call("GET", "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
