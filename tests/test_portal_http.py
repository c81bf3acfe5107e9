"""`fzlint serve` over real HTTP: a real server on 127.0.0.1 (one for the module, started as a
subprocess with --max-size 1, so that the size limits are small), driven by a plain HTTP client.
Every point of the portal's security model is tried from outside: cookies, CSRF, rate limit,
owners, sizes, zip bombs, the Content-Security-Policy, hostile text, stored names, the audit
log; and the township's round trip (upload, findings, annotated copy, new/known/fixed)."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from portal_client import Server, comments_in, docx_bytes, round_ids, upload_id
from util import seed_text

MB = 1024 * 1024


def _new_password(text: str) -> str:
    m = re.search(r'class="pw">([^<]+)<', text)
    assert m, text[:800]
    return m.group(1)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    data = tmp_path_factory.mktemp("portal") / "data"
    server = Server(data, "--max-size", "1")
    try:
        assert server.password, "the first start prints the reviewer's one-time password"
        rev = server.client()
        assert rev.login("reviewer", server.password).status == 303
        token = rev.get("/r").csrf()
        assert rev.post("/r/rounds", {"csrf": token, "title": "2025年度 第一轮"}).status == 303
        rid = round_ids(rev.get("/r").text)[0]
        accounts = {}
        for name, display in (("jiazhen", "甲镇人民政府"), ("yixiang", "乙乡人民政府"),
                              ("bingzhen", "丙镇人民政府")):
            r = rev.post("/r/users", {"csrf": token, "name": name, "display": display})
            accounts[name] = _new_password(r.text)
        server.rid, server.accounts, server.rev = rid, accounts, rev
        yield server
    finally:
        server.stop()


def township(portal, name):
    c = portal.client()
    r = c.login(name, portal.accounts[name])
    assert r.status == 303 and r.header("Location").endswith("/t"), r.text[:300]
    return c


@pytest.fixture(scope="module")
def jia_draft(portal):
    """甲镇's checked upload of a seed report as .docx: (client, public id, draft page)."""
    c = township(portal, "jiazhen")
    pid = upload_id(c.upload("甲镇2025年法治政府建设情况报告.docx",
                             docx_bytes(seed_text("000")), portal.rid))
    page = c.wait_done(pid)
    assert page.status == 200 and 'id="download"' in page.text, page.text[:1500]
    return c, pid, page


# --- sessions, cookies, CSRF, rate limit ------------------------------------------------------

def test_session_cookie_is_httponly_and_samesite_strict(portal):
    c = portal.client()
    c.login("jiazhen", portal.accounts["jiazhen"])
    cookie = [s for s in c.set_cookies if s.startswith("fzlint_session=")]
    assert cookie, c.set_cookies
    assert "HttpOnly" in cookie[0] and "SameSite=Strict" in cookie[0]
    assert "Secure" not in cookie[0]         # plain HTTP on 127.0.0.1; --secure adds it


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(portal):
    rev = portal.rev
    before = rev.get("/r").text.count('href="/r/round/')
    for fields in ({"title": "伪造的轮次"}, {"title": "伪造的轮次", "csrf": "x" * 43}):
        r = rev.post("/r/rounds", fields)
        assert r.status == 403 and "CSRF" in r.text
    assert rev.get("/r").text.count('href="/r/round/') == before
    assert "伪造的轮次" not in rev.get("/r").text
    # a township's upload without the token is refused before anything is stored
    c = township(portal, "bingzhen")
    r = c.post("/upload", {"round": str(portal.rid)}, {"draft": ("a.txt", "测试".encode())})
    assert r.status == 403
    assert "a.txt" not in c.get("/t").text


def test_the_login_form_needs_its_own_token(portal):
    c = portal.client()
    r = c.post("/login", {"name": "jiazhen", "password": portal.accounts["jiazhen"]})
    assert r.status == 403 and "fzlint_session" not in c.cookies


def test_failed_logins_are_limited_per_account(portal):
    rev = portal.rev
    r = rev.post("/r/users", {"csrf": rev.get("/r").csrf(), "name": "dingcun",
                              "display": "丁村"})
    pw = _new_password(r.text)
    c = portal.client()
    for _ in range(5):
        assert c.login("dingcun", "wrong-password").status == 401
    r = c.login("dingcun", pw)          # the right password, but too many failures before it
    assert r.status == 429 and "分钟后再试" in r.text
    assert "fzlint_session" not in c.cookies
    # another account from the same machine still logs in
    assert township(portal, "yixiang").get("/t").status == 200


def test_passwords_are_stored_hashed_with_scrypt(portal):
    import sqlite3
    db = sqlite3.connect(portal.data / "portal.sqlite")
    rows = db.execute("SELECT name, pw_hash FROM users").fetchall()
    db.close()
    for name, pw_hash in rows:
        assert pw_hash.startswith("scrypt$")
        assert portal.accounts.get(name, portal.password) not in pw_hash


def test_pages_need_a_login_and_a_township_cannot_reach_the_reviewers_pages(portal):
    anon = portal.client()
    assert anon.get("/t").status == 302 and anon.get("/r").status == 302
    c = township(portal, "yixiang")
    for path in ("/r", f"/r/round/{portal.rid}", f"/r/round/{portal.rid}/sheet.xlsx",
                 f"/r/round/{portal.rid}/returns.zip", "/r/audit"):
        assert c.get(path).status == 404, path


# --- owners ----------------------------------------------------------------------------------

def test_a_township_cannot_reach_anothers_draft_or_copy(portal, jia_draft):
    _, pid, _ = jia_draft
    other = township(portal, "yixiang")
    for path in (f"/d/{pid}", f"/d/{pid}/annotated"):
        r = other.get(path)
        assert r.status == 404, path
        assert "甲镇" not in r.text
    assert "甲镇2025年" not in other.get("/t").text
    # an id changed by one character, and a file name in place of an id: unknown
    assert other.get(f"/d/{pid[:-1]}{'A' if pid[-1] != 'A' else 'B'}").status == 404
    assert other.get("/d/..%2F..%2Fportal.sqlite").status == 404
    # the reviewer sees it
    assert portal.rev.get(f"/d/{pid}").status == 200
    assert portal.rev.get(f"/d/{pid}/annotated").status == 200


# --- the township's round trip ---------------------------------------------------------------

def test_findings_page_highlights_findings_and_the_copy_has_one_comment_each(portal, jia_draft):
    c, pid, page = jia_draft
    n_findings = len(re.findall(r'<li class="finding ', page.text))
    assert n_findings > 0
    assert len(re.findall(r'<a class="hl sev-', page.text)) >= 1
    assert "甲镇2025年法治政府建设情况报告.docx" in page.text
    r = c.get(f"/d/{pid}/annotated")
    assert r.status == 200
    assert "attachment" in r.header("Content-Disposition")
    assert comments_in(r.body) == n_findings


def test_a_revised_upload_says_what_is_new_known_and_fixed(portal, jia_draft):
    c, _, first = jia_draft
    text = seed_text("000")
    lines = text.splitlines()
    # the revision: one paragraph's doubled punctuation fixed … and a new problem added
    revised = "\n".join(lines[:-1] + ["我们将在新的一年里继续努力努力，，推进法治政府建设。", lines[-1]])
    pid = upload_id(c.upload("甲镇报告（修改稿）.docx", docx_bytes(revised), portal.rid))
    page = c.wait_done(pid)
    m = re.search(r'id="baseline">新增 (\d+)，已知 (\d+)，已修正 (\d+)<', page.text)
    assert m, page.text[:1500]
    new, known, fixed = map(int, m.groups())
    assert new >= 1 and known >= 1
    n_first = len(re.findall(r'<li class="finding ', first.text))
    assert known + fixed >= 1 and known <= n_first


def test_hostile_draft_text_is_shown_as_text(portal):
    c = township(portal, "bingzhen")
    hostile = ("关于2025年法治政府建设情况的报告\n"
               "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"
               "一、主要举措和成效，，\n</div></section><style>body{display:none}</style>\n")
    pid = upload_id(c.upload('<b onmouseover="x">恶意.txt', hostile.encode(), portal.rid))
    page = c.wait_done(pid)
    assert page.status == 200, page.text[:800]
    assert "<script>document.title" not in page.text
    assert "<img src=x" not in page.text and "<style>body{display:none}" not in page.text
    assert "&lt;script&gt;document.title" in page.text
    assert '<b onmouseover' not in page.text and "&lt;b onmouseover" in page.text
    assert '<b onmouseover' not in c.get("/t").text


def test_uploads_are_stored_under_random_names(portal):
    c = township(portal, "bingzhen")
    pid = upload_id(c.upload("../../../etc/报告.txt", "关于2025年法治政府建设情况的报告\n".encode(),
                             portal.rid))
    c.wait_done(pid)
    names = [p.name for p in (portal.data / "uploads").iterdir()]
    assert names and all(re.fullmatch(r"[0-9a-f]{32}\.(txt|docx|doc|wps|odt|rtf|pdf|md)", n)
                         for n in names), names
    assert not (portal.data.parent / "etc").exists()
    assert "报告.txt" in c.get("/t").text            # the clerk still sees the own name


def test_a_file_that_is_no_draft_format_is_refused(portal):
    c = township(portal, "bingzhen")
    r = c.upload("evil.exe", b"MZ\x90\x00", portal.rid)
    assert r.status == 415 and "不是能检查的草稿格式" in r.text


# --- hostile files ---------------------------------------------------------------------------

def test_oversize_upload_is_refused_with_413_and_a_message(portal):
    c = township(portal, "yixiang")
    r = c.upload("太大.docx", b"0" * (6 * MB), portal.rid)      # --max-size 1: Word 5 MB
    assert r.status == 413
    assert "文件太大" in r.text and "5 MB" in r.text
    assert r.header("Content-Security-Policy")
    assert c.get("/t").status == 200


def test_a_zip_bomb_gets_a_message_and_the_server_goes_on(portal):
    c = township(portal, "yixiang")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", b" " * (40 * MB))
    data = buf.getvalue()
    assert len(data) < MB
    pid = upload_id(c.upload("炸弹.docx", data, portal.rid))
    page = c.wait_done(pid)
    assert "未能检查" in page.text, page.text[:1000]
    assert re.search(r"解压|超过|过大|上限", page.text), page.text[:1000]
    assert portal.alive()
    # the next draft is checked as usual
    ok = upload_id(c.upload("乙乡报告.txt", seed_text("001").encode(), portal.rid))
    assert 'id="download"' in c.wait_done(ok).text


# --- headers ---------------------------------------------------------------------------------

def test_every_page_carries_a_csp_that_loads_nothing_from_outside(portal, jia_draft):
    c, pid, _ = jia_draft
    anon = portal.client()
    responses = [anon.get("/login"), anon.get("/static/portal.css"), anon.get("/nope"),
                 c.get("/t"), c.get(f"/d/{pid}"), c.get(f"/d/{pid}/annotated"),
                 portal.rev.get("/r"), portal.rev.get(f"/r/round/{portal.rid}"),
                 portal.rev.get("/r/audit")]
    for r in responses:
        csp = r.header("Content-Security-Policy")
        assert csp and "default-src 'none'" in csp, r.status
        assert "frame-ancestors 'none'" in csp
        assert not re.search(r"https?:|\*|unsafe-inline|unsafe-eval|data:", csp), csp
        assert r.header("X-Content-Type-Options") == "nosniff"
    page = c.get(f"/d/{pid}").text
    assert not re.search(r'(src|href)="(https?:)?//', page)


# --- the reviewer's desk ---------------------------------------------------------------------

def test_the_round_table_sheet_and_returns(portal, jia_draft):
    rev = portal.rev
    page = rev.get(f"/r/round/{portal.rid}").text
    rows = dict(re.findall(r'<tr data-township="([^"]+)">(.*?)</tr>', page, re.S))
    assert set(rows) >= {"jiazhen", "yixiang", "bingzhen"}
    assert "已报送" in rows["jiazhen"] and re.search(r"通过|退回修改", rows["jiazhen"])
    assert "未报送" in rows.get("dingcun", "未报送")
    sheet = rev.get(f"/r/round/{portal.rid}/sheet.xlsx")
    assert sheet.status == 200
    ws = openpyxl.load_workbook(io.BytesIO(sheet.body)).active
    drafts = [ws.cell(row=i, column=1).value for i in range(2, ws.max_row + 1)]
    assert any(d and d.startswith("甲镇人民政府/") for d in drafts), drafts
    z = zipfile.ZipFile(io.BytesIO(rev.get(f"/r/round/{portal.rid}/returns.zip").body))
    for name in z.namelist():
        assert name.endswith(".fzlint.docx") and not name.startswith(("/", ".."))


def test_the_audit_log_has_logins_uploads_downloads_and_refusals(portal, jia_draft):
    log = portal.rev.get("/r/audit").text
    for action in ("login", "login-failed", "upload", "download", "csrf-refused", "denied",
                   "round-open", "user-add"):
        assert f"<td>{action}</td>" in log, action


def test_closed_round_refuses_uploads_and_archive_deletes_the_drafts(portal):
    rev = portal.rev
    token = rev.get("/r").csrf()
    rev.post("/r/rounds", {"csrf": token, "title": "试用轮"})
    rid = max(round_ids(rev.get("/r").text))
    c = township(portal, "yixiang")
    pid = upload_id(c.upload("试用.txt", seed_text("002").encode(), rid))
    c.wait_done(pid)
    assert rev.post(f"/r/round/{rid}/close", {"csrf": token}).status == 303
    r = c.upload("晚到.txt", "关于2025年法治政府建设情况的报告\n".encode(), rid)
    assert r.status == 403 and "没有开放" in r.text
    before = set((portal.data / "uploads").iterdir())
    assert rev.post(f"/r/round/{rid}/archive", {"csrf": token}).status == 303
    gone = before - set((portal.data / "uploads").iterdir())
    assert len(gone) == 1
    assert c.get(f"/d/{pid}/annotated").status == 404
    assert "已按保存期限删除" in c.get(f"/d/{pid}").text


# --- copied passages across the round ---------------------------------------------------------

COPIED = ("今年我镇在全县率先建成“村居法律顾问驿站”十二处，组织律师和基层法律服务工作者"
          "每月两次进村坐班，现场解答群众在土地承包、邻里纠纷和务工欠薪方面的法律咨询。")


def _report(own: str) -> str:
    return ("关于2025年法治政府建设情况的报告\n一、主要举措和成效\n" + own + "\n" + COPIED
            + "\n二、存在的不足和原因\n基层法治力量仍然薄弱。\n")


def test_a_passage_copied_between_townships_is_shown_to_the_reviewer_only(portal):
    first = township(portal, "bingzhen")
    a = upload_id(first.upload("丙镇报告.txt", _report("丙镇完善了行政执法公示制度。").encode(),
                               portal.rid))
    first.wait_done(a)
    second = township(portal, "yixiang")
    b = upload_id(second.upload("乙乡报告.txt",
                                _report("乙乡开展了合法性审查培训两次。").encode(), portal.rid))
    page = second.wait_done(b)
    assert "FZ303" not in page.text and "丙镇" not in page.text   # not on the township's page
    table = portal.rev.get(f"/r/round/{portal.rid}").text
    pairs = re.findall(r'<tr class="pair"><td>([^<]*)</td><td>([^<]*)</td>'
                       r'<td class="others">([^<]*)</td><td>([^<]*)</td>', table)
    mine = [p for p in pairs if p[0] == "乙乡人民政府"]
    assert mine, table[-3000:]
    assert "丙镇人民政府" in mine[0][2] and "村居法律顾问驿站" in mine[0][1]
    assert not re.search(r"[0-9a-f]{32}", mine[0][3]), mine[0][3]   # no stored names shown
    # a passage only one township wrote is no pair
    assert not any("合法性审查培训" in p[1] for p in pairs)


# --- the pass/return rule --------------------------------------------------------------------

def test_the_reviewers_return_rule_decides_the_verdict_of_later_checks(portal):
    rev = portal.rev
    token = rev.get("/r").csrf()
    text = ("关于2025年法治政府建设情况的报告\n一、主要举措和成效\n我们完善了行政执法公示制度。\n")
    c = township(portal, "jiazhen")
    verdicts = {}
    try:
        for key, fields in (("never", {"return_on": "never"}),
                            ("structure", {"return_on": "never", "return_categories": "structure"})):
            r = rev.post("/r/settings", {"csrf": token, "retention": "0", **fields})
            assert r.status == 200 and "已保存" in r.text
            page = c.wait_done(upload_id(c.upload(f"{key}.txt", text.encode(), portal.rid)))
            verdicts[key] = re.search(r'id="verdict">([^<]+)<', page.text).group(1)
            verdicts[key + "-why"] = page.text
    finally:
        rev.post("/r/settings", {"csrf": token, "retention": "0", "return_on": "error"})
    assert verdicts["never"] == "通过"                     # nothing returns a draft
    assert verdicts["structure"] == "退回修改"             # its missing parts are structure
    assert "结构问题" in verdicts["structure-why"]
