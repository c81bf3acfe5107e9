"""A real headless browser for the tests: find Debian's Chromium (installing it, and a Chinese
font for screenshots, with apt-get when missing) and drive it from the command line.

Two ways to look at a page, both after its scripts have run in the browser:
``dump_dom`` returns the live DOM serialised as HTML (parse it with lxml, query it by CSS
selector), ``screenshot`` writes a PNG.  ``ensure_chromium`` raises BrowserUnavailable when the
browser cannot be had, and the tests turn that into a failure, never a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
PACKAGES = ("chromium", "fonts-wqy-microhei")   # the browser, and a font with Chinese glyphs

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio",
         "--hide-scrollbars", "--force-device-scale-factor=1")


class BrowserUnavailable(RuntimeError):
    """Chromium is missing and could not be installed."""


def find_chromium() -> str | None:
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _has_chinese_font() -> bool:
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=60).stdout
        return bool(out.strip())
    fonts = Path("/usr/share/fonts")
    return fonts.is_dir() and any(
        re.search(r"wqy|cjk|droidsansfallback|arphic|uming|ukai", p.name, re.I)
        for p in fonts.rglob("*") if p.is_file())


def _apt_install(packages) -> None:
    if os.geteuid() != 0:
        raise BrowserUnavailable(f"需要 {' '.join(packages)}，但不是 root，无法用 apt-get 安装")
    if not shutil.which("apt-get"):
        raise BrowserUnavailable(f"需要 {' '.join(packages)}，但这台机器没有 apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"],
                ["apt-get", "install", "-y", "--no-install-recommends",
                 "-o", "DPkg::Lock::Timeout=300", *packages]):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise BrowserUnavailable(f"{' '.join(cmd)} 失败（{proc.returncode}）：{' / '.join(tail)}")


def ensure_chromium() -> str:
    """The path of a working Chromium, installing it (and a Chinese font) when missing."""
    missing = []
    if find_chromium() is None:
        missing.append(PACKAGES[0])
    if not _has_chinese_font():
        missing.append(PACKAGES[1])
    if missing:
        _apt_install(missing)
    path = find_chromium()
    if path is None:
        raise BrowserUnavailable("安装后仍找不到 chromium")
    proc = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise BrowserUnavailable(f"{path} --version 失败：{proc.stderr.strip()[-200:]}")
    return path


class Chromium:
    """One headless Chromium binary; every call starts a fresh browser with its own profile."""

    def __init__(self, path: str, workdir: Path):
        self.path = path
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)

    def _run(self, args, timeout: int) -> subprocess.CompletedProcess:
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.workdir)
        try:
            proc = subprocess.run([self.path, *FLAGS, f"--user-data-dir={profile}", *args],
                                  capture_output=True, timeout=timeout)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        if proc.returncode != 0:
            raise AssertionError(f"chromium exited {proc.returncode}: "
                                 f"{proc.stderr.decode('utf-8', 'replace')[-800:]}")
        return proc

    def dump_dom(self, url: str, timeout: int = 120) -> str:
        """The DOM after the page has loaded and its scripts have run, as HTML."""
        proc = self._run(["--virtual-time-budget=2000", "--dump-dom", url], timeout)
        return proc.stdout.decode("utf-8")

    def screenshot(self, url: str, png: Path, width: int = 1400, height: int = 1000,
                   timeout: int = 120) -> Path:
        png = Path(png)
        self._run([f"--window-size={width},{height}", f"--screenshot={png}", url], timeout)
        if not png.exists() or png.stat().st_size == 0:
            raise AssertionError(f"chromium wrote no screenshot to {png}")
        return png


def file_url(path: Path, fragment: str = "") -> str:
    url = Path(path).resolve().as_uri()
    return url + ("#" + fragment if fragment else "")
