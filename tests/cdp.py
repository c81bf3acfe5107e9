"""Screenshots of a page *where a link lands*, through the DevTools protocol over a pipe.

``chromium --headless --screenshot=… URL#fragment`` always paints the top of the page's
viewport origin (a scrolled page comes out blank), so a deep link such as ``report.html#d24``
cannot be looked at that way.  Here Chromium runs with ``--remote-debugging-pipe`` (commands on
fd 3, answers on fd 4, NUL-separated JSON: no websocket library needed), navigates to the URL,
lets the browser scroll to the fragment as a person's browser does, then reports where the
target element is and captures the viewport as it is scrolled.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from browser import FLAGS


class _Pipe:
    def __init__(self, chromium: str, workdir: Path):
        self.profile = tempfile.mkdtemp(prefix="cdp-", dir=workdir)
        to_browser_r, self._w = os.pipe()
        self._r, from_browser_w = os.pipe()
        flags = [f for f in FLAGS if f != "--headless"] + ["--headless=new"]

        def fds():      # the browser's fd 3 reads commands, fd 4 writes answers
            r, w = os.dup(to_browser_r), os.dup(from_browser_w)   # either may be 3 or 4
            os.dup2(r, 3)
            os.dup2(w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [chromium, *flags, "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             "about:blank"], preexec_fn=fds, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, close_fds=False)   # close_fds would close fd 3 and 4
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise AssertionError("chromium did not answer in time")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise AssertionError("chromium closed the debugging pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        for i, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(i)
        while True:
            ev = self._read(deadline)
            if ev.get("method") == method:
                return ev
            self.events.append(ev)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        shutil.rmtree(self.profile, ignore_errors=True)


def land(chromium: str, workdir: Path, url: str, png: Path, width: int, height: int,
         settle: float = 1.5, probe: str | None = None) -> dict:
    """Open url (with its #fragment) at width×height CSS pixels, let it settle, write the
    viewport as it is scrolled to png; return {"scroll_y", "target_top", "target_id",
    "width", "scroll_width"}: where the fragment's element stands in the viewport — and, with
    probe (a JavaScript expression), "probe": its value (JSON-able) in the page."""
    pipe = _Pipe(chromium, Path(workdir))
    try:
        targets = pipe.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session = pipe.send("Target.attachToTarget",
                            {"targetId": page["targetId"], "flatten": True})["sessionId"]
        pipe.send("Page.enable", session=session)
        pipe.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": width < 600}, session=session)
        pipe.send("Page.navigate", {"url": url}, session=session)
        pipe.wait_event("Page.loadEventFired", timeout=120)
        time.sleep(settle)
        where = ("(function(){var id=decodeURIComponent(location.hash.slice(1));"
                 "var t=id?document.getElementById(id):null;"
                 "return JSON.stringify({scroll_y:scrollY,target_id:t?t.id:null,"
                 "target_top:t?t.getBoundingClientRect().top:null,width:innerWidth,"
                 "scroll_width:document.documentElement.scrollWidth});})()")
        found = pipe.send("Runtime.evaluate", {"expression": where, "returnByValue": True},
                          session=session)
        info = json.loads(found["result"]["value"])
        if probe:
            got = pipe.send("Runtime.evaluate", {"expression": f"JSON.stringify({probe})",
                                                 "returnByValue": True}, session=session)
            if "exceptionDetails" in got:
                raise AssertionError(f"probe failed: {got['exceptionDetails']}")
            info["probe"] = json.loads(got["result"]["value"])
        shot = pipe.send("Page.captureScreenshot", {"format": "png"}, session=session,
                         timeout=120)
        Path(png).write_bytes(base64.b64decode(shot["data"]))
        return info
    finally:
        pipe.close()
