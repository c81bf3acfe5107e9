"""Checking uploads in a bounded pool: two worker processes (a 2-core machine), fed by two
dispatcher threads, so that twenty townships uploading at once queue up and all get their
results while the server keeps answering pages.  The work in a worker is the CLI's own: the
runner reads the draft (every office format, the size and text limits, the zip and entity
guards), annotate.annotate_one writes the annotated .docx, the HTML report renders the page and
the sheet's row and verdict are the reviewer's desk's.  A worker that dies (a draft that kills
it) fails that upload only; the pool is rebuilt and the server goes on."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import secrets
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from checker.readers import SUFFIXES

WORKERS = 2
_runner = None            # one Runner per worker process (rules loaded once)


def _get_runner(max_bytes: int, max_text: int):
    global _runner
    if _runner is None or _runner.opts.max_bytes != max_bytes:
        from checker.app.runner import Options, Runner
        _runner = Runner(Options(max_bytes=max_bytes, max_text=max_text, use_config=False))
    return _runner


def check_upload(stored_path: str, out_dir: str, client_name: str, previous: list | None,
                 verdict: tuple, max_bytes: int, max_text: int, others: tuple = ()) -> dict:
    """In a worker process: check one stored draft, write its annotated copy and its report page
    into out_dir; what the portal records of it (a dict of plain values).  `others` are the
    stored paths of the other townships' last drafts of the round: the passages copied between
    them (FZ303, the CLI's --against) are recorded for the reviewer only, never shown on the
    township's page or copy (they would name another township's draft)."""
    from checker import __version__
    from checker.app import annotate, baseline
    from checker.reports import Context, html, sheet
    runner = _get_runner(max_bytes, max_text)
    stem = os.path.splitext(os.path.basename(stored_path))[0]
    rounds = baseline.Rounds(None if previous is None else {"draft": previous},
                             key_of=lambda p: "draft")
    dest = os.path.join(out_dir, stem + ".fzlint.docx")
    result, note = annotate.annotate_one(runner, stored_path, None, dest=dest,
                                         adjust=rounds.apply)
    if result.error:
        return {"error": result.error.replace(stored_path, client_name)}
    result.path = client_name                 # the page shows the clerk's own file name
    ctx = Context(__version__, rules=runner.ruleset().rules)
    page = html.render([result], ctx)
    report = stem + ".html"
    with open(os.path.join(out_dir, report), "w", encoding="utf-8") as fh:
        fh.write(page)
    annotated = os.path.basename(dest) if note is None and os.path.exists(dest) else None
    row = sheet.row_for(result, client_name, sheet.Verdict(*verdict),
                        copy=annotated and client_name)
    pairs = _pairs(runner, result, [p for p in others if os.path.isfile(p)])
    return {"pairs": pairs, "report": report, "annotated": annotated,
            "note": note.replace(stored_path, client_name) if note else None,
            "row": dataclasses.asdict(row), "findings": len(result.findings),
            "baseline": result.baseline, "not_report": result.not_report,
            "entries": [baseline._as_dict(e) for e in rounds.entries.get("draft", [])]}


def _pairs(runner, result, others: list[str]) -> list[dict]:
    """The draft's passages found again in the other drafts (FZ303), as the reviewer's rows."""
    if not others or result.doc is None or result.not_report:
        return []
    from checker.app import cross
    from checker.corpus.index import CorpusError
    from checker.reports import finding_dict
    before = set(map(id, result.findings))
    try:
        cross.add_findings(runner, [result], against=others)
    except CorpusError:
        return []
    unit = "段" if getattr(result.doc, "format", "text") != "text" else "行"
    out = []
    for f in result.findings:
        if id(f) in before or f.rule != "FZ303":
            continue
        d = finding_dict(result, f)
        message = f.message
        for o in others:            # the other draft by its stored name (the portal names it)
            message = message.replace(o, os.path.basename(o))
        out.append({"where": f"第 {d['line']} {unit}：{d['excerpt'][:60]}",
                    "message": message,
                    "others": sorted({os.path.basename(r["path"]) for r in d["related"]})})
    result.findings[:] = [f for f in result.findings if id(f) in before]
    return out


def stored_name(client_name: str) -> str | None:
    """A random name for an upload, keeping only its (known) extension; None for a file whose
    extension is not a draft format."""
    ext = os.path.splitext(client_name)[1].lower()
    if ext not in SUFFIXES:
        return None
    return secrets.token_hex(16) + ext


class Checker:
    """The bounded pool.  submit(upload) returns at once; the upload's status goes queued →
    checking → done/failed in the store."""

    def __init__(self, store, data_dir: str, max_bytes: int, max_text: int,
                 workers: int = WORKERS):
        self.store, self.data_dir = store, data_dir
        self.max_bytes, self.max_text, self.workers = max_bytes, max_text, workers
        self.uploads_dir = os.path.join(data_dir, "uploads")
        self.out_dir = os.path.join(data_dir, "out")
        os.makedirs(self.uploads_dir, exist_ok=True)
        os.makedirs(self.out_dir, exist_ok=True)
        self._lock = threading.Lock()
        self._procs = self._new_pool()
        self._threads = ThreadPoolExecutor(workers, thread_name_prefix="fzlint-check")

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def resume(self) -> None:
        """After a restart: check again what was queued or being checked when it stopped."""
        for up in self.store.uploads():
            if up.status in ("queued", "checking"):
                self.store.set_upload(up.id, status="queued")
                self.submit(up)

    def submit(self, upload) -> None:
        self._threads.submit(self._run, upload)

    def _previous(self, upload) -> list | None:
        """The baseline entries of this township's previous checked upload in the round."""
        prev = [u for u in self.store.uploads(upload.round_id, upload.user_id)
                if u.id < upload.id and u.status == "done" and u.result]
        return prev[-1].result.get("entries", []) if prev else None

    def _others(self, upload) -> tuple:
        """The stored paths of the other townships' last checked drafts of the round."""
        last: dict[int, str] = {}
        for u in self.store.uploads(upload.round_id):
            if u.user_id != upload.user_id and u.status == "done" and u.stored:
                last[u.user_id] = os.path.join(self.uploads_dir, u.stored)
        return tuple(last.values())

    def _run(self, upload) -> None:
        self.store.set_upload(upload.id, status="checking")
        verdict = tuple(self.store.setting("verdict", ["error", []]))
        verdict = (verdict[0], tuple(verdict[1]))
        args = (os.path.join(self.uploads_dir, upload.stored), self.out_dir, upload.client_name,
                self._previous(upload), verdict, self.max_bytes, self.max_text,
                self._others(upload))
        try:
            with self._lock:
                procs = self._procs
            out = procs.submit(check_upload, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._procs is procs:
                    self._procs = self._new_pool()
            out = {"error": f"{upload.client_name}: 检查这份草稿时检查进程意外退出，未能检查"
                            "（文件可能已损坏），请另存后重新上传"}
        except Exception as err:     # a bug: the upload fails, the server goes on
            out = {"error": f"{upload.client_name}: 检查时出现内部错误（{type(err).__name__}），"
                            "请报告此问题"}
        import time
        if "error" in out:
            self.store.set_upload(upload.id, status="failed", error=out["error"],
                                  finished=time.time())
        else:
            self.store.set_upload(upload.id, status="done", result=out, finished=time.time())

    def delete_files(self, upload) -> None:
        """Remove an upload's draft, page and annotated copy; the record stays (status
        deleted), so the round's table still says who submitted when."""
        names = [upload.stored] + [(upload.result or {}).get(k) for k in ("report", "annotated")]
        for folder, name in zip((self.uploads_dir, self.out_dir, self.out_dir), names):
            if name:
                try:
                    os.unlink(os.path.join(folder, name))
                except FileNotFoundError:
                    pass
        if upload.status != "deleted":
            self.store.set_upload(upload.id, status="deleted", stored=None)

    def purge(self) -> int:
        """Delete the drafts older than the reviewer's retention period (0: keep); how many."""
        import time
        days = self.store.setting("retention_days", 0) or 0
        if days <= 0:
            return 0
        cutoff = time.time() - days * 86400
        old = [u for u in self.store.uploads() if u.created < cutoff
               and u.status in ("done", "failed")]
        for u in old:
            self.delete_files(u)
        return len(old)

    def shutdown(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._procs.shutdown(wait=False, cancel_futures=True)
