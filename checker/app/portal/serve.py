"""Starting the portal: the data folder, the reviewer's account on first start, the worker pool
and the WSGI server (waitress)."""

from __future__ import annotations

import getpass
import os
import sys
import threading

from checker.errors import OneLineError

REVIEWER = "reviewer"
PURGE_EVERY = 3600          # seconds between retention sweeps


class ServeError(OneLineError):
    """A one-line reason the portal cannot start (exit 2)."""


def first_start(store, say, ask_password: bool = False) -> None:
    """Create the reviewer's account if there is none: a one-time password printed once, or
    (with --init) one typed twice at the terminal."""
    from checker.app.portal import security
    if store.users("reviewer"):
        if ask_password:
            raise ServeError("审核人账号已存在；如需重设密码，请删除数据文件夹中的 portal.sqlite 前先备份")
        return
    if ask_password:
        if not sys.stdin.isatty():
            raise ServeError("--init 需要在终端上输入审核人密码（没有可输入的终端）")
        try:
            pw = getpass.getpass("审核人密码（至少 10 个字符）：")
            again = getpass.getpass("再输入一次：")
        except (EOFError, OSError):
            raise ServeError("--init 需要在终端上输入审核人密码（没有可输入的终端）") from None
        if len(pw) < 10:
            raise ServeError("密码至少 10 个字符")
        if again != pw:
            raise ServeError("两次输入的密码不一致")
    else:
        pw = security.new_password()
    store.add_user(REVIEWER, "县司法局审核人", "reviewer", security.hash_password(pw))
    store.audit(None, "reviewer-created", REVIEWER)
    if not ask_password:
        say(f"已创建审核人账号 {REVIEWER}，初始密码（只显示这一次）：{pw}")


def serve(data_dir: str, host: str, port: int, max_bytes: int, max_text: int,
          init: bool = False, secure: bool = False, threads: int = 8, say=None) -> None:
    import waitress

    from checker.app.portal.app import FORM_SLACK, create_app
    from checker.app.portal.jobs import Checker
    from checker.app.portal.store import open_store
    from checker.readers import DOCX_FILE_FACTOR
    say = say or (lambda m: print(m, file=sys.stderr, flush=True))
    try:
        os.makedirs(data_dir, exist_ok=True)
        os.chmod(data_dir, 0o700)
        store = open_store(data_dir)
    except OSError as err:
        raise ServeError(f"{data_dir}: 无法使用数据文件夹（{err.strerror or err}）") from None
    except Exception as err:   # sqlite3.DatabaseError: not a database, locked, read-only
        raise ServeError(f"{data_dir}: 无法打开数据库（{err}）") from None
    first_start(store, say, init)
    checker = Checker(store, data_dir, max_bytes, max_text)
    checker.resume()
    checker.purge()
    stop = threading.Event()

    def sweep():
        while not stop.wait(PURGE_EVERY):
            checker.purge()
    threading.Thread(target=sweep, daemon=True, name="fzlint-retention").start()
    app = create_app(store, checker, max_bytes, secure_cookies=secure)
    try:
        server = waitress.create_server(
            app, host=host, port=port, threads=threads, ident="fzlint",
            # the app answers 413 with a message up to twice its limit; beyond that waitress does
            max_request_body_size=2 * (max_bytes * DOCX_FILE_FACTOR + FORM_SLACK),
            channel_timeout=120, connection_limit=200, clear_untrusted_proxy_headers=True)
    except OSError as err:
        checker.shutdown()
        raise ServeError(f"无法在 {host}:{port} 上启动（{err.strerror or err}）") from None
    say(f"fzlint 审核平台已启动：http://{host}:{server.effective_port}/ （数据在 {data_dir}；"
        "按 Ctrl-C 停止）")
    try:
        server.run()
    finally:
        stop.set()
        checker.shutdown()
