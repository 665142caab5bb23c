"""A headless Chromium driven over the DevTools protocol, for tests (no extra dependency).

Chromium's ``--remote-debugging-pipe`` reads JSON commands on file descriptor 3 and
writes replies and events on 4, each message ending in a NUL byte.  :class:`Browser`
starts it with a throwaway profile, opens one page, and keeps every event it receives
(console messages, exceptions, log entries, network requests) for the test to inspect.
Debian's package (``apt-get install chromium``) is what ``.ci/run`` installs.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on PATH, or ``ESCALATION_CHROMIUM``."""
    named = os.environ.get("ESCALATION_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page, driven over a pipe."""

    def __init__(self, executable: str, *, timeout: float = 60.0):
        self.timeout = timeout
        self.events: list[dict] = []
        self._next = 0
        self._buffer = b""
        self._profile = tempfile.mkdtemp(prefix="escalation-chromium-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # copies above 10, so that dup2 onto 3 and 4 in the child never clobbers a source
        src_in = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        src_out = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)

        def child():
            os.dup2(src_in, 3)
            os.dup2(src_out, 4)

        self._log = open(Path(self._profile) / "chromium.log", "wb")
        try:
            self.process = subprocess.Popen(
                [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                 f"--user-data-dir={self._profile}", "--no-first-run", "--no-default-browser-check",
                 "--disable-extensions", "--disable-background-networking", "--disable-sync",
                 "--disable-component-update", "--disable-default-apps", "--mute-audio", "about:blank"],
                preexec_fn=child, close_fds=False, stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=self._log)
        finally:
            for fd in (to_child_r, from_child_w, src_in, src_out):
                os.close(fd)
        self._out = os.fdopen(to_child_w, "wb", buffering=0)
        self._in = os.fdopen(from_child_r, "rb", buffering=0)
        try:
            self.version = self.call("Browser.getVersion")["product"]
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        except Exception as exc:
            self.close()
            raise BrowserError(f"Chromium did not start: {exc}; {self.log_tail()}") from None

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = (Path(self._profile) / "chromium.log").read_text(errors="replace")
        except OSError:
            return ""
        return " | ".join([ln for ln in text.splitlines() if "dbus" not in ln][-lines:])

    # -- the protocol ------------------------------------------------------------------------
    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode("utf-8") + b"\0")
        return self._next

    def _receive(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._in], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._in.fileno(), 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, *, page: bool = False) -> dict:
        """Send a command (to the page's session with ``page=True``) and return its result."""
        wanted = self._send(method, params, self.session if page else None)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method: str) -> dict:
        """The first event named ``method`` (already received, or the next to come)."""
        for event in self.events:
            if event["method"] == method:
                return event
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if "method" in message:
                self.events.append(message)
                if message["method"] == method:
                    return message

    # -- what the tests use -----------------------------------------------------------------------
    def open(self, url: str, *, width: int, height: int, scale: float = 1.0, mobile: bool = False) -> None:
        """Load ``url`` in a viewport of ``width`` x ``height`` CSS pixels and wait for its load event."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", page=True)
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                         "deviceScaleFactor": scale, "mobile": mobile}, page=True)
        self.events.clear()
        self.call("Page.navigate", {"url": url}, page=True)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, page=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, full_page: bool = False) -> Path:
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.call("Page.captureScreenshot", params, page=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, log errors, and every request
        for something other than the page itself or an inline ``data:`` URI."""
        out = []
        page_url = None
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                out.append(f"console {params['type']}: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                out.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
            elif method == "Network.requestWillBeSent":
                url = params.get("request", {}).get("url", "")
                if page_url is None and params.get("type") == "Document":
                    page_url = url
                    continue
                if not url.startswith("data:") and url != page_url:
                    out.append(f"request: {url}")
            elif method == "Network.loadingFailed":
                out.append(f"failed to load: {params.get('errorText')}")
        return out

    def close(self) -> None:
        try:
            if getattr(self, "process", None) and self.process.poll() is None:
                try:
                    self._send("Browser.close", None, None)
                    self.process.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    self.process.kill()
                    self.process.wait(timeout=10)
        finally:
            for f in (getattr(self, "_out", None), getattr(self, "_in", None), self._log):
                try:
                    if f:
                        f.close()
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)
