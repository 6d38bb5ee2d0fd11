"""Drive the system's headless Chromium over the DevTools protocol (a pipe, stdlib only).

    with Browser.start(tmp_path) as b:
        page = b.open(html_file)              # waits for the load event
        page.eval("document.title")
        page.click(".node")                   # a real mouse click at the element's centre
        png = page.screenshot()

Nothing is downloaded: the browser is Debian's `chromium` (scripts/setup --dev installs it).
`browser_or_skip()` skips when it is missing, and fails in CI (tests/helpers/required.py). Each browser gets a
temporary profile, `--no-sandbox` (tests run as root in CI), and every wait has a timeout.
Console messages, exceptions and network requests are recorded per page.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import struct
import subprocess
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers.required import missing

TIMEOUT_S = 20.0
NAMES = ("chromium", "chromium-browser", "google-chrome")


def browser_or_skip() -> str:
    """The browser's path; skip the test without one (fail it in CI)."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return missing("headless Chromium is not installed (scripts/setup --dev installs it: apt-get install chromium)")


class ProtocolError(RuntimeError):
    pass


@dataclass
class Page:
    browser: Browser = field(repr=False)
    session: str
    console: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session)

    def eval(self, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its value (JSON-able); page errors raise."""
        out = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in out:
            raise ProtocolError(f"{expression!r} threw: {out['exceptionDetails']}")
        return out["result"].get("value")

    def click(self, selector: str, *, corner: bool = False) -> None:
        """Click the first element matching `selector` as a mouse would: at its centre, or 3 px inside its corner."""
        where = "[r.left + 3, r.top + 3]" if corner else "[r.left + r.width / 2, r.top + r.height / 2]"
        x, y = self.eval(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
            f" return {where}; }})()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def type_text(self, selector: str, text: str) -> None:
        """Focus `selector` and type `text`, then press Enter."""
        self.eval(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", text=text)
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13)

    def screenshot(self, scale: float = 1.0) -> bytes:
        """A PNG of the viewport; `scale` < 1 makes it smaller (quicker to decode)."""
        w, h = self.eval("[window.innerWidth, window.innerHeight]")
        clip = {"x": 0, "y": 0, "width": w, "height": h, "scale": scale}
        return base64.b64decode(self.send("Page.captureScreenshot", format="png", clip=clip)["data"])

    def errors(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and error log entries, as text."""
        out = [f"console.{c['type']}: {c.get('args')}" for c in self.console if c.get("type") in ("error", "warning")]
        out += [f"exception: {e.get('exceptionDetails', {}).get('text')} {e}" for e in self.exceptions]
        out += [f"log {e['entry'].get('level')}: {e['entry'].get('text')}" for e in self.log]
        return out


class Browser:
    """One headless Chromium process and its DevTools pipe (fd 3 in, fd 4 out)."""

    def __init__(self, proc: subprocess.Popen[bytes], to_browser: int, from_browser: int) -> None:
        self.proc = proc
        self._out = to_browser
        self._in = from_browser
        self._buf = b""
        self._next = 0
        self._pages: dict[str, Page] = {}
        self._events: list[dict[str, Any]] = []

    @classmethod
    @contextlib.contextmanager
    def start(cls, tmp: Path, *, width: int = 1280, height: int = 800) -> Iterator[Browser]:
        exe = browser_or_skip()
        profile = tmp / "chromium-profile"
        profile.mkdir(parents=True, exist_ok=True)
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()

        def fds() -> None:  # the child reads commands on fd 3 and writes answers on fd 4
            a, b = os.dup(to_r), os.dup(from_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        argv = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,  # noqa: PLW1509 - single-threaded test process; maps the pipe to fds 3 and 4
            pass_fds=(3, 4),
        )
        os.close(to_r)
        os.close(from_w)
        browser = cls(proc, to_w, from_r)
        try:
            yield browser
        finally:
            with contextlib.suppress(Exception):
                browser.send("Browser.close", {}, timeout=5)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            os.close(to_w)
            os.close(from_r)

    def send(
        self, method: str, params: dict[str, Any], *, session: str | None = None, timeout: float = TIMEOUT_S
    ) -> dict[str, Any]:
        """Send one command and wait for its answer (events that arrive meanwhile are recorded)."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._out, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline, f"an answer to {method}")
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise ProtocolError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self._event(reply)

    def wait_for(self, method: str, session: str, timeout: float = TIMEOUT_S) -> dict[str, Any]:
        """Wait for the event `method` of `session` (one already recorded counts)."""
        for i, ev in enumerate(self._events):
            if ev.get("method") == method and ev.get("sessionId") == session:
                return self._events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            ev = self._read(deadline, method)
            self._event(ev)
            if ev.get("method") == method and ev.get("sessionId") == session:
                self._events.remove(ev)
                return ev

    def open(self, path: Path) -> Page:
        """Open `path` in a new tab with console, network and log recording on; wait for its load event."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.send("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired", session)
        return page

    def _event(self, ev: dict[str, Any]) -> None:
        page = self._pages.get(ev.get("sessionId", ""))
        method, params = ev.get("method"), ev.get("params", {})
        if page is not None:
            if method == "Runtime.consoleAPICalled":
                page.console.append(params)
            elif method == "Runtime.exceptionThrown":
                page.exceptions.append(params)
            elif method == "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                page.log.append(params)
        self._events.append(ev)
        del self._events[:-200]  # only recent events are waited for

    def _read(self, deadline: float, what: str) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"the browser sent no {what} in {TIMEOUT_S} s")
            ready, _, _ = select.select([self._in], [], [], left)
            if ready:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise ProtocolError(f"the browser closed its pipe (exit {self.proc.poll()}) waiting for {what}")
                self._buf += chunk
        raw, _, self._buf = self._buf.partition(b"\0")
        return dict(json.loads(raw))


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes): width, height, pixels row by row."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and not interlace, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 4 if ctype == 6 else 3
    raw, stride = zlib.decompress(idat), width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    pixels = [tuple(r[x * bpp : x * bpp + 3]) for r in rows for x in range(width)]
    return width, height, pixels
