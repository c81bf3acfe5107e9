"""The portal tests' tools: start a real `fzlint serve` on 127.0.0.1 at a free port in a
subprocess (one per test module), and a small HTTP client that keeps its cookies, reads the
CSRF token off each form and posts forms and files as a browser does."""

from __future__ import annotations

import http.client
import io
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from html import unescape
from pathlib import Path

START_TIMEOUT = 60


class Server:
    def __init__(self, data: Path, *args: str):
        self.data = Path(data)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.pop("FZLINT_DEBUG", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "serve", "--data", str(data), "--host", "127.0.0.1",
             "--port", "0", *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        self.password = None
        self.port = None
        started = threading.Event()

        def read():
            for line in self.proc.stdout:
                self.lines.append(line)
                m = re.search(r"初始密码（只显示这一次）：(\S+)", line)
                if m:
                    self.password = m.group(1)
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if m:
                    self.port = int(m.group(1))
                    started.set()
            started.set()
        threading.Thread(target=read, daemon=True).start()
        if not started.wait(START_TIMEOUT) or self.port is None:
            self.stop()
            raise AssertionError("fzlint serve did not start: " + "".join(self.lines)[-2000:])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(20)

    def client(self) -> "Client":
        return Client(self.port)


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def csrf(self) -> str:
        m = re.search(r'name="csrf" value="([^"]*)"', self.text)
        assert m, "no CSRF token on the page: " + self.text[:500]
        return unescape(m.group(1))


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None, timeout: float = 60) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for raw in resp.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(raw)
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0]
            if value == "" or "Max-Age=0" in raw or "1970" in raw:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return Response(resp.status, resp.headers, data)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Response:
        if files:
            body, ctype = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            ctype = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": ctype})

    def login(self, name: str, password: str) -> Response:
        token = self.get("/login").csrf()
        return self.post("/login", {"csrf": token, "name": name, "password": password})

    def token(self, path: str = "/") -> str:
        return self.get(path if path != "/" else self.home()).csrf()

    def home(self) -> str:
        r = self.get("/")
        return r.header("Location") or "/login"

    def upload(self, name: str, data: bytes, round_id: int) -> Response:
        token = self.get("/t").csrf()
        return self.post("/upload", {"csrf": token, "round": str(round_id)},
                         {"draft": (name, data)})

    def wait_done(self, public_id: str, timeout: float = 120) -> Response:
        end = time.monotonic() + timeout
        while True:
            r = self.get(f"/d/{public_id}")
            if r.status != 200 or 'id="state"' not in r.text or "未能检查" in r.text:
                return r
            if time.monotonic() > end:
                raise AssertionError(f"{public_id} not checked within {timeout} s")
            time.sleep(0.3)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----fzlint" + secrets.token_hex(8)
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                  f"{v}\r\n".encode())
    for k, (name, data) in files.items():
        # as a browser sends it: the name in UTF-8, quotes and line breaks percent-escaped
        quoted = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                  f'filename="{quoted}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def docx_bytes(text: str) -> bytes:
    """A Word draft with one paragraph per line of text (python-docx)."""
    import docx
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def comments_in(data: bytes) -> int:
    """How many Word comments a .docx carries (python-docx)."""
    import docx
    return len(list(docx.Document(io.BytesIO(data)).comments))


def upload_id(resp: Response) -> str:
    loc = resp.header("Location") or ""
    m = re.fullmatch(r"(?:http://[^/]+)?/d/([A-Za-z0-9_-]+)", loc)
    assert resp.status == 303 and m, (resp.status, loc, resp.text[:400])
    return m.group(1)


def round_ids(text: str) -> list[int]:
    return [int(x) for x in re.findall(r'href="/r/round/(\d+)"', text)]


def load(server: "Server", n: int = 20, text_of=None) -> dict:
    """n townships upload one .docx each at the same moment (one thread each, against this
    127.0.0.1 server only) and wait for their results; bounded: every wait has a deadline.
    Returns the seconds from each upload to its checked page, and what each township saw."""
    import statistics
    rev = server.client()
    assert rev.login("reviewer", server.password).status == 303
    token = rev.get("/r").csrf()
    rev.post("/r/rounds", {"csrf": token, "title": f"负载 {n}"})
    rid = max(round_ids(rev.get("/r").text))
    accounts = {}
    for i in range(n):
        r = rev.post("/r/users", {"csrf": token, "name": f"load{i:02d}", "display": f"负载乡{i:02d}"})
        accounts[f"load{i:02d}"] = re.search(r'class="pw">([^<]+)<', r.text).group(1)
    clients = {}
    for name, pw in accounts.items():
        c = server.client()
        assert c.login(name, pw).status == 303
        clients[name] = c
    start = threading.Barrier(n)
    out: dict = {}

    def one(i, name):
        c = clients[name]
        data = docx_bytes(text_of(i) if text_of else f"负载乡{i:02d}关于2025年法治政府建设情况的报告\n")
        start.wait(60)
        t0 = time.monotonic()
        pid = upload_id(c.upload(f"负载乡{i:02d}报告.docx", data, rid))
        page = c.wait_done(pid, timeout=600)
        out[name] = {"seconds": time.monotonic() - t0, "pid": pid, "ok": 'id="download"' in page.text,
                     "listed": re.findall(r'data-upload="([^"]+)"', c.get("/t").text)}
    threads = [threading.Thread(target=one, args=(i, name)) for i, name in enumerate(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(660)
    wall = time.monotonic() - t0
    secs = sorted(v["seconds"] for v in out.values())
    return {"results": out, "wall": wall, "median": statistics.median(secs) if secs else None,
            "max": secs[-1] if secs else None, "n": n}
