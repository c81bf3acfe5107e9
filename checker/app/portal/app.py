"""The portal's web application (Flask): pages, forms and downloads.  Everything the checks
find comes from the worker pool (checker.app.portal.jobs), everything recorded from the store
(checker.app.portal.store); this module decides who may see what.

Security, as the README's 门户 section states it: passwords hashed with scrypt; a session is a
random token in an HttpOnly, SameSite=Strict cookie (Secure when served over TLS); every POST
carries the session's CSRF token (the login form a pre-session one); failed logins are limited
per account and per address; a township reaches only its own uploads (any other id answers 404,
as an unknown one does); uploads are stored under random names; every response carries a
Content-Security-Policy that loads nothing from outside the machine; logins, uploads, downloads
and the reviewer's changes go to the audit log."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import time
import zipfile

from flask import Flask, Response, abort, g, redirect, render_template, request, send_file
from jinja2 import DictLoader
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from checker.app.portal import security
from checker.app.portal.jobs import stored_name
from checker.app.portal.templates import CSS, TEMPLATES

COOKIE = "fzlint_session"
PRE_COOKIE = "fzlint_login"
SESSION_IDLE = 8 * 3600            # a session unused this long must log in again
FORM_SLACK = 256 * 1024            # the multipart envelope and the form's other fields
STATUS_ZH = {"queued": "排队中", "checking": "检查中", "done": "已检查", "failed": "未能检查",
             "deleted": "已删除"}
ROUND_ZH = {"open": "开放中", "closed": "已关闭", "archived": "已归档"}
LEVELS = [("error", "错误"), ("warning", "警告及以上"), ("info", "提示及以上"), ("never", "（从不退回）")]
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def create_app(store, checker, max_bytes: int, secure_cookies: bool = False,
               rate_limit: security.RateLimit | None = None) -> Flask:
    from checker.readers import DOCX_FILE_FACTOR
    from checker.reports import html as html_report
    app = Flask(__name__)
    app.jinja_loader = DictLoader(TEMPLATES)
    upload_limit = max_bytes * DOCX_FILE_FACTOR
    app.config["MAX_CONTENT_LENGTH"] = upload_limit + FORM_SLACK
    limiter = rate_limit or security.RateLimit()       # per account: 5 failures in 5 minutes
    per_address = security.RateLimit(attempts=30)       # per address: a shared office machine
    report_csp = (f"default-src 'none'; style-src 'self' {_sha(html_report.CSS)}; "
                  f"script-src {_sha(html_report.SCRIPT)}; img-src 'self'; form-action 'self'; "
                  "base-uri 'none'; frame-ancestors 'none'")
    limit_mb = upload_limit // (1024 * 1024)

    @app.template_filter("when")
    def _when(t):
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else ""

    app.jinja_env.filters["status_zh"] = lambda s: STATUS_ZH.get(s, s)
    app.jinja_env.filters["round_zh"] = lambda s: ROUND_ZH.get(s, s)

    def ip() -> str:
        return request.remote_addr or ""

    def audit(action: str, detail: str = "") -> None:
        user = getattr(g, "user", None)
        store.audit(user.name if user else None, action, detail, ip())

    def page(name: str, status: int = 200, **kw):
        kw.setdefault("user", getattr(g, "user", None))
        kw.setdefault("csrf", getattr(g, "csrf", ""))
        kw.setdefault("message", None)
        kw.setdefault("refresh", None)
        kw.setdefault("title", "审核平台")
        return render_template(name, **kw), status

    def error_page(status: int, heading: str):
        return page("error.html", status, heading=heading, title=heading)

    # --- sessions and CSRF ------------------------------------------------------------------
    @app.before_request
    def _load_session():
        g.user, g.csrf, g.token = None, "", None
        token = request.cookies.get(COOKIE)
        if token:
            found = store.session(security.token_hash(token))
            if found:
                user, csrf, seen = found
                if time.time() - seen > SESSION_IDLE:
                    store.drop_session(security.token_hash(token))
                else:
                    g.user, g.csrf, g.token = user, csrf, token
                    store.touch_session(security.token_hash(token))
        if request.method == "POST" and request.endpoint != "login":
            if g.user is None:
                return error_page(403, "请先登录")
            if not security.same(request.form.get("csrf"), g.csrf):
                audit("csrf-refused", request.path)
                return error_page(403, "请求缺少有效的安全令牌（CSRF），已拒绝；请刷新页面后重试")

    @app.after_request
    def _headers(resp: Response):
        resp.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.path != "/static/portal.css":
            resp.headers["Cache-Control"] = "no-store"
        return resp

    def need(reviewer: bool | None = None):
        if g.user is None:
            abort(redirect("/login"))
        if reviewer is not None and g.user.reviewer != reviewer:
            abort(404)

    def set_cookie(resp, name, value, max_age=None):
        resp.set_cookie(name, value, max_age=max_age, httponly=True, samesite="Strict",
                        secure=secure_cookies or request.is_secure, path="/")

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(err):
        audit("upload-refused", f"超过 {limit_mb} MB")
        return error_page(413, f"文件太大：上传的草稿不能超过 {limit_mb} MB"
                               f"（文本文件 {max_bytes // (1024 * 1024)} MB），请压缩图片后重试")

    @app.errorhandler(HTTPException)
    def _http(err):
        if err.code == 404:
            return error_page(404, "没有这个页面或文件（或者您无权查看）")
        if err.code == 405:
            return error_page(405, "不支持这种请求")
        return error_page(err.code or 500, err.name)

    @app.errorhandler(Exception)
    def _bug(err):
        if os.environ.get("FZLINT_DEBUG"):
            raise err
        app.logger.error("internal error: %s: %s", type(err).__name__, err)
        return error_page(500, "服务器内部错误，请报告此问题")

    # --- pages ------------------------------------------------------------------------------
    @app.get("/static/portal.css")
    def css():
        return Response(CSS, mimetype="text/css")

    @app.get("/")
    def home():
        if g.user is None:
            return redirect("/login")
        return redirect("/r" if g.user.reviewer else "/t")

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            pre = security.new_token()
            body, status = page("login.html", csrf=pre, title="登录")
            resp = Response(body, status)
            set_cookie(resp, PRE_COOKIE, pre, max_age=3600)
            return resp
        if not security.same(request.form.get("csrf"), request.cookies.get(PRE_COOKIE)):
            audit("csrf-refused", "/login")
            return error_page(403, "登录表单已失效（缺少安全令牌），请刷新页面后重试")
        name = (request.form.get("name") or "").strip()[:80]
        keys = ("name:" + name, "ip:" + ip())
        wait = max(limiter.blocked(keys[0]), per_address.blocked(keys[1]))
        if wait:
            store.audit(name, "login-limited", "", ip())
            return error_page(429, f"登录失败次数过多，请 {int(wait // 60) + 1} 分钟后再试")
        user = store.user_by_name(name)
        ok = security.verify_password(request.form.get("password") or "",
                                      user.pw_hash if user else security.DUMMY_HASH)
        if not (user and ok):
            limiter.failed(keys[0])
            per_address.failed(keys[1])
            store.audit(name, "login-failed", "", ip())
            pre = security.new_token()
            body, status = page("login.html", 401, csrf=pre, message="账号或密码不对", title="登录")
            resp = Response(body, status)
            set_cookie(resp, PRE_COOKIE, pre, max_age=3600)
            return resp
        limiter.succeeded(keys[0])
        token = security.new_token()
        store.add_session(security.token_hash(token), user.id, security.new_token())
        store.audit(user.name, "login", "", ip())
        resp = redirect("/r" if user.reviewer else "/t", 303)
        set_cookie(resp, COOKIE, token)
        resp.delete_cookie(PRE_COOKIE, path="/")
        return resp

    @app.post("/logout")
    def logout():
        store.drop_session(security.token_hash(g.token))
        audit("logout")
        resp = redirect("/login", 303)
        resp.delete_cookie(COOKIE, path="/")
        return resp

    # --- the township's page ----------------------------------------------------------------
    def round_titles():
        return {r.id: r.title for r in store.rounds()}

    @app.get("/t")
    def township():
        need(reviewer=False)
        rounds = store.rounds()
        return page("township.html", open_rounds=[r for r in rounds if r.status == "open"],
                    uploads=list(reversed(store.uploads(user_id=g.user.id))),
                    round_titles={r.id: r.title for r in rounds}, limit_mb=limit_mb,
                    title="我的草稿")

    @app.post("/upload")
    def upload():
        need(reviewer=False)
        try:
            rnd = store.round(int(request.form.get("round", "")))
        except ValueError:
            rnd = None
        if rnd is None or rnd.status != "open":
            return error_page(403, "这个轮次没有开放，不能上传")
        f = request.files.get("draft")
        if f is None or not f.filename:
            return error_page(400, "请选择要上传的草稿文件")
        client = os.path.basename(f.filename.replace("\\", "/"))[:200] or "草稿"
        stored = stored_name(client)
        if stored is None:
            return error_page(415, f"“{client}”不是能检查的草稿格式（可用：.docx .doc .wps .odt "
                                   ".rtf .pdf .txt .md）")
        path = os.path.join(checker.uploads_dir, stored)
        f.save(path)
        size = os.path.getsize(path)
        up = store.add_upload(g.user.id, rnd.id, client, stored, size)
        audit("upload", f"{client}（{size} 字节）→ {up.public_id}")
        checker.submit(up)
        return redirect(f"/d/{up.public_id}", 303)

    def visible(public_id: str):
        """The upload, if this user may see it; 404 otherwise (an id of another township's
        upload is answered as an unknown one)."""
        need()
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", public_id):
            abort(404)
        up = store.upload(public_id)
        if up is None or (not g.user.reviewer and up.user_id != g.user.id):
            if up is not None:
                audit("denied", public_id)
            abort(404)
        return up

    @app.get("/d/<public_id>")
    def draft(public_id):
        up = visible(public_id)
        back = f"/r/round/{up.round_id}" if g.user.reviewer else "/t"
        if up.status != "done" or not up.result or not up.result.get("report"):
            return page("waiting.html", upload=up, ahead=store.queued_before(up), back=back,
                        refresh=2 if up.status in ("queued", "checking") else None,
                        title=up.client_name)
        audit("view", public_id)
        path = os.path.join(checker.out_dir, up.result["report"])
        try:
            with open(path, encoding="utf-8") as fh:
                report = fh.read()
        except OSError:
            abort(404)
        bar = (render_template("bar.html", user=g.user, csrf=g.csrf)
               + render_template("draft_bar.html", upload=up, owner=store.user(up.user_id),
                                 row=up.result["row"], back=back))
        report, n = re.subn(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
                            '<link rel="stylesheet" href="/static/portal.css">', report, count=1)
        report, m = re.subn(r"<body>", lambda _: "<body>" + bar, report, count=1)
        if n != 1 or m != 1:       # the report's page changed shape: say so, never serve it raw
            raise RuntimeError("the HTML report's page has no security policy or body to wrap")
        resp = Response(report, mimetype="text/html")
        resp.headers["Content-Security-Policy"] = report_csp
        return resp

    @app.get("/d/<public_id>/annotated")
    def annotated(public_id):
        up = visible(public_id)
        if up.status != "done" or not up.result or not up.result.get("annotated"):
            abort(404)
        path = os.path.join(checker.out_dir, up.result["annotated"])
        if not os.path.isfile(path):
            abort(404)
        audit("download", public_id)
        stem = os.path.splitext(up.client_name)[0]
        return send_file(path, as_attachment=True, download_name=stem + ".fzlint.docx",
                         mimetype="application/vnd.openxmlformats-officedocument."
                                  "wordprocessingml.document")

    # --- the reviewer's pages ---------------------------------------------------------------
    def reviewer_page(message=None, **kw):
        rounds = store.rounds()
        counts: dict[int, int] = {}
        for u in store.uploads():
            counts[u.round_id] = counts.get(u.round_id, 0) + 1
        from checker.reports.sheet import CATEGORY_ZH
        verdict = store.setting("verdict", ["error", []])
        return page("reviewer.html", rounds=rounds, counts=counts,
                    categories=list(CATEGORY_ZH.items()),
                    townships=store.users("township"), levels=LEVELS, verdict=verdict,
                    retention=store.setting("retention_days", 0), message=message,
                    title="轮次与乡镇", **kw)

    @app.get("/r")
    def reviewer():
        need(reviewer=True)
        return reviewer_page()

    @app.post("/r/rounds")
    def open_round():
        need(reviewer=True)
        title = " ".join((request.form.get("title") or "").split())[:60]
        if not title:
            return reviewer_page("请填写轮次名称")
        r = store.add_round(title)
        audit("round-open", f"{r.id} {title}")
        return redirect("/r", 303)

    @app.post("/r/round/<int:round_id>/<action>")
    def round_action(round_id, action):
        need(reviewer=True)
        r = store.round(round_id)
        if r is None or action not in ("close", "archive"):
            abort(404)
        if action == "close":
            store.set_round_status(r.id, "closed")
        else:
            for u in store.uploads(round_id=r.id):
                checker.delete_files(u)
            store.set_round_status(r.id, "archived")
        audit(f"round-{action}", f"{r.id} {r.title}")
        return redirect("/r", 303)

    @app.post("/r/users")
    def add_township():
        need(reviewer=True)
        name = (request.form.get("name") or "").strip()
        display = " ".join((request.form.get("display") or "").split())[:60]
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", name) or not display:
            return reviewer_page("账号只能用字母、数字和 _ . -（不超过 40 个），名称不能为空")
        if store.user_by_name(name):
            return reviewer_page(f"账号 {name} 已经存在")
        password = security.new_password()
        store.add_user(name, display, "township", security.hash_password(password))
        audit("user-add", f"{name} {display}")
        return reviewer_page(None, new_name=name, new_password=password)

    @app.post("/r/user/<int:user_id>/reset")
    def reset_password(user_id):
        need(reviewer=True)
        u = store.user(user_id)
        if u is None or u.reviewer:
            abort(404)
        password = security.new_password()
        store.set_password(u.id, security.hash_password(password))
        audit("user-reset", u.name)
        return reviewer_page(None, new_name=u.name, new_password=password)

    @app.post("/r/settings")
    def settings():
        need(reviewer=True)
        level = request.form.get("return_on", "error")
        if level not in dict(LEVELS):
            return reviewer_page("退回规则不对")
        try:
            days = int(request.form.get("retention", "0") or 0)
            if days < 0 or days > 3650:
                raise ValueError
        except ValueError:
            return reviewer_page("保存天数应为 0 到 3650 之间的整数")
        from checker.reports.sheet import CATEGORY_ZH
        cats = [c for c in request.form.getlist("return_categories") if c in CATEGORY_ZH]
        store.set_setting("verdict", [level, cats])
        store.set_setting("retention_days", days)
        audit("settings", f"return-on={level} return-categories={','.join(cats)} retention={days}")
        checker.purge()
        return reviewer_page("已保存（新的退回规则用于此后检查的草稿）")

    def round_lines(r):
        ups = [u for u in store.uploads(round_id=r.id)]
        lines = []
        for t in store.users("township"):
            mine = [u for u in ups if u.user_id == t.id]
            lines.append({"user": t, "last": mine[-1] if mine else None, "count": len(mine)})
        return lines

    @app.get("/r/round/<int:round_id>")
    def round_page(round_id):
        need(reviewer=True)
        r = store.round(round_id) or abort(404)
        lines = round_lines(r)
        users = {t.id: t.display for t in store.users("township")}
        names = {u.stored: users.get(u.user_id, "") for u in store.uploads(round_id=r.id)
                 if u.stored}
        pairs = []
        for line in lines:
            u = line["last"]
            for p in (u.result or {}).get("pairs", []) if u else []:
                msg = p["message"]
                for stored, who in names.items():
                    msg = msg.replace(stored, who)
                who = "、".join(names.get(o, o) for o in p.get("others", []))
                pairs.append({"township": line["user"].display, "where": p["where"],
                              "message": msg, "others": who})
        return page("round.html", round=r, table=lines, pairs=pairs, title=r.title)

    def done_rows(r):
        from checker.reports.sheet import Row
        rows = []
        for line in round_lines(r):
            u = line["last"]
            if u and u.status == "done" and u.result:
                row = Row(**u.result["row"])
                row.draft = f"{line['user'].display}/{u.client_name}"
                rows.append((line["user"], u, row))
        return rows

    @app.get("/r/round/<int:round_id>/sheet.xlsx")
    def round_sheet(round_id):
        need(reviewer=True)
        from checker.reports import sheet
        r = store.round(round_id) or abort(404)
        data = sheet.xlsx_bytes([row for _, _, row in done_rows(r)])
        audit("download-sheet", f"{r.id}")
        return send_file(io.BytesIO(data), as_attachment=True,
                         download_name=f"{r.title} 审核汇总表.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.get("/r/round/<int:round_id>/returns.zip")
    def round_returns(round_id):
        need(reviewer=True)
        from checker.reports.sheet import RETURN
        r = store.round(round_id) or abort(404)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for user, u, row in done_rows(r):
                if row.verdict != RETURN or not u.result.get("annotated"):
                    continue
                path = os.path.join(checker.out_dir, u.result["annotated"])
                if os.path.isfile(path):
                    stem = os.path.splitext(u.client_name)[0]
                    z.write(path, f"{_safe(user.display)}/{_safe(stem)}.fzlint.docx")
        audit("download-returns", f"{r.id}")
        return send_file(io.BytesIO(buf.getvalue()), as_attachment=True,
                         download_name=f"{r.title} 退改意见.zip", mimetype="application/zip")

    @app.get("/r/audit")
    def audit_page():
        need(reviewer=True)
        return page("audit.html", log=store.audit_log(), title="操作日志")

    return app


def _safe(name: str) -> str:
    """A name usable as one path component inside a zip."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return name[:80] or "_"
