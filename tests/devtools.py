"""Headless Chromium driven through its DevTools protocol, for tests that need a session: log
in, fill forms, pick a file for an <input type=file>, follow redirects and a page that refreshes
itself, download, take screenshots.  The protocol runs over a pipe (--remote-debugging-pipe:
the browser reads commands on its fd 3 and answers on fd 4, NUL-separated JSON), so no port is
opened and no library is needed.  The browser is Debian's (tests/browser.py installs it)."""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import browser


class DevToolsError(AssertionError):
    pass


class Browser:
    def __init__(self, path: str, workdir: Path, width: int = 1400, height: int = 1000):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.profile = tempfile.mkdtemp(prefix="profile-", dir=self.workdir)
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds():                      # in the child: fd 3 reads commands, fd 4 answers
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)
        self.proc = subprocess.Popen(
            [path, *browser.FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self._next = 0
        self._answers: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target,
                                                           "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "DOM.enable"):
            self.send(domain, session=self.session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                         "deviceScaleFactor": 1,
                                                         "mobile": False}, session=self.session)
        self.downloads = self.workdir / "downloads"
        self.downloads.mkdir(exist_ok=True)
        self.send("Browser.setDownloadBehavior", {"behavior": "allow",
                                                  "downloadPath": str(self.downloads)})

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        q = self._answers.get(msg["id"])
                    if q is not None:
                        q.put(msg)
                else:
                    self.events.append(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60) -> dict:
        with self._lock:
            self._next += 1
            n = self._next
            q = self._answers[n] = queue.Queue()
        msg = {"id": n, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        try:
            answer = q.get(timeout=timeout)
        except queue.Empty:
            raise DevToolsError(f"no answer to {method} within {timeout} s") from None
        if "error" in answer:
            raise DevToolsError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    # --- the page ---
    def go(self, url: str) -> None:
        self.send("Page.navigate", {"url": url}, session=self.session)
        self.wait_for("document.readyState === 'complete'")

    def js(self, expression: str):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": True}, session=self.session)
        if "exceptionDetails" in r:
            raise DevToolsError(f"{expression}: {r['exceptionDetails'].get('text')}")
        return r["result"].get("value")

    def wait_for(self, condition: str, timeout: float = 90):
        """Until the expression is truthy on the current page (across navigations)."""
        end = time.monotonic() + timeout
        while True:
            try:
                value = self.js(f"(function(){{try{{return {condition};}}catch(e){{return null;}}}})()")
                if value:
                    return value
            except DevToolsError:
                pass           # the page is being replaced
            if time.monotonic() > end:
                raise DevToolsError(f"not true within {timeout} s: {condition}; page: "
                                    + str(self.js("location.href")))
            time.sleep(0.25)

    def fill(self, selector: str, value: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)}")

    def set_file(self, selector: str, path: Path) -> None:
        root = self.send("DOM.getDocument", session=self.session)["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector},
                         session=self.session)["nodeId"]
        if not node:
            raise DevToolsError(f"no {selector} on the page")
        self.send("DOM.setFileInputFiles", {"files": [str(path)], "nodeId": node},
                  session=self.session)

    def submit(self, form_selector: str) -> None:
        """Click the form's submit button (as a person does: the browser sends the form)."""
        self.js(f"document.querySelector({json.dumps(form_selector)})"
                ".querySelector('button[type=submit],button').click()")

    def screenshot(self, png: Path, full_page: bool = True) -> Path:
        params = {"format": "png", "captureBeyondViewport": full_page}
        data = self.send("Page.captureScreenshot", params, session=self.session)["data"]
        Path(png).write_bytes(base64.b64decode(data))
        return Path(png)

    def download(self, link_selector: str, timeout: float = 60) -> Path:
        before = set(self.downloads.iterdir())
        self.js(f"document.querySelector({json.dumps(link_selector)}).click()")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            new = [p for p in set(self.downloads.iterdir()) - before
                   if not p.name.endswith(".crdownload")]
            if new:
                time.sleep(0.2)
                return new[0]
            time.sleep(0.2)
        raise DevToolsError(f"nothing downloaded from {link_selector} within {timeout} s")

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (DevToolsError, OSError):
            pass
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(15)
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)
