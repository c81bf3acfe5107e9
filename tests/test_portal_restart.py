"""`fzlint serve` across a restart, and its start-up errors: stopping and starting again on the
same data folder keeps accounts, rounds, uploads and copies (no second reviewer password); a
data folder that cannot be used or a port that is taken is one line and exit 2."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

from portal_client import Server, comments_in, round_ids, upload_id
from util import seed_text


def test_a_restart_keeps_everything(tmp_path):
    data = tmp_path / "data"
    first = Server(data)
    try:
        password = first.password
        rev = first.client()
        rev.login("reviewer", password)
        token = rev.get("/r").csrf()
        rev.post("/r/rounds", {"csrf": token, "title": "2025年度 第一轮"})
        rid = round_ids(rev.get("/r").text)[0]
        r = rev.post("/r/users", {"csrf": token, "name": "jiazhen", "display": "甲镇"})
        jia = re.search(r'class="pw">([^<]+)<', r.text).group(1)
        c = first.client()
        c.login("jiazhen", jia)
        pid = upload_id(c.upload("甲镇.txt", seed_text("003").encode(), rid))
        n = len(re.findall(r'<li class="finding ', c.wait_done(pid).text))
    finally:
        first.stop()
    second = Server(data, "--secure")       # as behind a TLS proxy: Secure cookies
    try:
        assert second.password is None          # the reviewer exists: no new password
        c = second.client()
        assert c.login("jiazhen", jia).status == 303
        cookie = [s for s in c.set_cookies if s.startswith("fzlint_session=")][0]
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert "甲镇.txt" in c.get("/t").text
        assert len(re.findall(r'<li class="finding ', c.get(f"/d/{pid}").text)) == n
        assert comments_in(c.get(f"/d/{pid}/annotated").body) == n
        rev = second.client()
        assert rev.login("reviewer", password).status == 303
        assert "2025年度 第一轮" in rev.get("/r").text
    finally:
        second.stop()


def _serve(*args):
    return subprocess.run([sys.executable, "-m", "checker", "serve", *args],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_a_data_folder_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    f = tmp_path / "not-a-folder"
    f.write_text("x")
    proc = _serve("--data", str(f / "sub"), "--port", "0")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "数据文件夹" in lines[0] and "Traceback" not in proc.stderr


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = _serve("--data", str(tmp_path / "d"), "--port", str(port))
    assert proc.returncode == 2
    err = [l for l in proc.stderr.strip().splitlines() if "初始密码" not in l]
    assert len(err) == 1 and f"127.0.0.1:{port}" in err[0] and "Traceback" not in proc.stderr


def test_init_without_a_terminal_is_one_line_and_exit_2(tmp_path):
    proc = _serve("--init", "--data", str(tmp_path / "d"), "--port", "0")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--init" in lines[0]
