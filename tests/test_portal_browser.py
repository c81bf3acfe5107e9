"""The portal in a real browser: Debian's headless Chromium (installed when missing; a browser
that cannot be had fails the test, never skips it), driven through DevTools, against a real
`fzlint serve` on 127.0.0.1.  A township clerk logs in, uploads a .docx, waits for the check,
sees the findings highlighted in the text (the report's script ran under the portal's policy)
and downloads the annotated copy (one Word comment per finding); the reviewer logs in and sees
the round's table.  Screenshots of both pages are written to the test's folder."""

from __future__ import annotations

import re

import pytest

import browser
from devtools import Browser
from portal_client import Server, comments_in, docx_bytes, round_ids, upload_id
from util import seed_text


@pytest.fixture(scope="module")
def chromium_path():
    try:
        return browser.ensure_chromium()
    except browser.BrowserUnavailable as err:
        pytest.fail(f"无法获得 Chromium：{err}")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("portal-browser") / "data")
    try:
        rev = server.client()
        rev.login("reviewer", server.password)
        token = rev.get("/r").csrf()
        rev.post("/r/rounds", {"csrf": token, "title": "2025年度 第一轮"})
        server.rid = round_ids(rev.get("/r").text)[0]
        r = rev.post("/r/users", {"csrf": token, "name": "jiazhen", "display": "甲镇人民政府"})
        server.jia = re.search(r'class="pw">([^<]+)<', r.text).group(1)
        server.others = {}
        for name, display in (("yixiang", "乙乡人民政府"), ("bingzhen", "丙镇人民政府"),
                              ("dingcun", "丁村")):
            r = rev.post("/r/users", {"csrf": token, "name": name, "display": display})
            server.others[name] = re.search(r'class="pw">([^<]+)<', r.text).group(1)
        yield server
    finally:
        server.stop()


COPIED = ("今年在全县率先建成“村居法律顾问驿站”十二处，组织律师和基层法律服务工作者"
          "每月两次进村坐班，现场解答群众在土地承包、邻里纠纷和务工欠薪方面的法律咨询。")


def _login(b: Browser, base: str, name: str, password: str) -> None:
    b.go(base + "/login")
    b.fill("input[name=name]", name)
    b.fill("input[name=password]", password)
    b.submit("#login")
    b.wait_for("location.pathname !== '/login' && document.readyState === 'complete'")


def test_township_uploads_sees_findings_downloads_copy_and_reviewer_sees_round(
        portal, chromium_path, tmp_path):
    base = f"http://127.0.0.1:{portal.port}"
    draft = tmp_path / "甲镇2025年法治政府建设情况报告.docx"
    draft.write_bytes(docx_bytes(seed_text("000")))
    b = Browser(chromium_path, tmp_path / "chromium")
    try:
        _login(b, base, "jiazhen", portal.jia)
        assert b.js("location.pathname") == "/t"
        # the portal's own stylesheet is applied (style-src 'self')
        assert b.js("getComputedStyle(document.getElementById('portal-bar'))"
                    ".backgroundColor") == "rgb(36, 65, 95)"
        b.set_file("#upload input[type=file]", draft)
        b.submit("#upload")
        b.wait_for("document.getElementById('download') !== null", timeout=120)
        # the findings, highlighted in place; the report's own script ran (its hash allowed)
        n = b.js("document.querySelectorAll('li.finding').length")
        marks = b.js("document.querySelectorAll('.hl').length")
        assert n > 0 and marks > 0
        assert b.js("document.documentElement.dataset.ready") == "1"
        assert b.js("getComputedStyle(document.querySelector('.hl')).backgroundColor") not in (
            "rgba(0, 0, 0, 0)", "transparent")
        assert "甲镇2025年法治政府建设情况报告.docx" in b.js("document.body.innerText")
        b.screenshot(tmp_path / "township.png", full_page=False)
        copy = b.download("#download")
        assert copy.name.endswith(".fzlint.docx")
        assert comments_in(copy.read_bytes()) == n
        # two other townships' drafts share a passage (a planted copied pair)
        for name in ("bingzhen", "yixiang"):
            c = portal.client()
            c.login(name, portal.others[name])
            text = (f"关于2025年法治政府建设情况的报告\n一、主要举措和成效\n{name}完善了公示制度。\n"
                    + COPIED + "\n二、存在的不足和原因\n基层法治力量仍然薄弱。\n")
            c.wait_done(upload_id(c.upload(f"{name}.txt", text.encode(), portal.rid)))
        # log out through the bar's form (CSRF token included), in as the reviewer
        b.submit("#portal-bar form")
        b.wait_for("location.pathname === '/login'")
        _login(b, base, "reviewer", portal.password)
        b.go(f"{base}/r/round/{portal.rid}")
        rows = b.js("Array.from(document.querySelectorAll('#round-table tbody tr'))"
                    ".map(function(tr){return [tr.dataset.township, tr.innerText];})")
        table = dict(rows)
        assert "已报送" in table["jiazhen"] and re.search(r"通过|退回修改", table["jiazhen"])
        assert "未报送" in table["dingcun"] and "已报送" in table["yixiang"]
        pairs = b.js("Array.from(document.querySelectorAll('#pairs tr.pair'))"
                     ".map(function(tr){return tr.innerText;})")
        assert any("乙乡人民政府" in p and "丙镇人民政府" in p and "法律顾问驿站" in p
                   for p in pairs), pairs
        b.screenshot(tmp_path / "reviewer.png", full_page=False)
    finally:
        b.close()
    print("screenshots:", tmp_path / "township.png", tmp_path / "reviewer.png")
