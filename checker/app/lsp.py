"""`fzlint lsp`: a language server (pygls) that checks .txt/.md drafts as they are typed.

On open and on every change the document is checked with the same Runner as `fzlint check` (so
`.fzlint.yaml` / `[tool.fzlint]` next to the file apply) and the findings are published as
diagnostics: rule id as the code, severity, the Chinese message, related places.  A finding's safe
fix is a preferred quick fix (code action) and is part of the one action that applies all of
them (chosen as --fix chooses: checker.app.fixer.choose_fixes); its suggestions are quick fixes
too, titled "建议…", never preferred and never in "fix all".

Positions: fzlint counts code points; LSP counts UTF-16 code units unless the client negotiated
another encoding, so every column goes through the document's position codec (a character
outside the BMP, like 𠮷, is two UTF-16 units).  pygls is an optional dependency
(`pip install 'fzlint[lsp]'`); nothing else imports this module.

Typing fast: a change only (re)starts a short timer (DEBOUNCE); when the document has been quiet
that long its latest text is checked, in a worker thread so that the server keeps reading
messages.  One check runs at a time; a result is published only if the document has not changed
since that text was taken (generation counter), so diagnostics are never older than the latest
version, and a burst of edits costs one check, not one per keystroke.

Reading messages: the server reads its own frames (FzlintServer.start_io) instead of pygls's
loop, which went deaf after one bad Content-Length, died on a huge one and let a request with
invalid params go unanswered.  Here a header block without a usable Content-Length, or one
over MAX_MESSAGE bytes, is answered with a JSON-RPC error and the stream is scanned for the next
"Content-Length: N" header line (a JSON body cannot hold a raw line break inside a string, so a
line ending in that header is where a frame starts); a body that is not JSON gets a parse error;
a request whose params do not fit its method gets an "invalid params" error with its id.  Every
such event is one line on stderr, and the server goes on serving.

Files: the server reads a file from disk only for a didSave of a document that is not open,
through the same bounded, non-blocking read as `fzlint check` (a FIFO is refused, not waited on).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from checker import __version__
from checker.app.config import ConfigError
from checker.app.fixer import choose_fixes
from checker.engine.apply import RuleError, sort_findings
from checker.model.findings import Fix
from checker.engine.packs import PackError
from checker.app.runner import Options, Runner
from checker.errors import one_line
from checker.readers import InputError

SUFFIXES = (".txt", ".md")
LANGUAGES = ("plaintext", "markdown", "text")  # for documents without a file name (untitled)
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
FIX_ALL = "source.fixAll.fzlint"
DEBOUNCE = 0.3                       # seconds without edits before a changed draft is checked
MAX_MESSAGE = 64 * 1024 * 1024       # bytes of one message: a 20 MB draft, JSON-escaped, fits
MAX_HEADER_LINE = 8192               # bytes of one header line read at a time

PARSE_ERROR, INVALID_REQUEST, INTERNAL_ERROR = -32700, -32600, -32603

log = logging.getLogger("fzlint.lsp")


class FzlintServer(LanguageServer):
    def __init__(self):
        super().__init__("fzlint", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.runner = Runner(Options())
        # uri -> (generation, [(diagnostic, edit)]) of the last diagnostics published
        self.fixes: dict[str, tuple[int, list[tuple[lsp.Diagnostic, lsp.TextEdit]]]] = {}
        self.reported: set[str] = set()  # error messages already shown to the user
        self.generation: dict[str, int] = {}   # uri -> bumped on every open, change and close
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.waiting: set[str] = set()   # due for a check while another one runs
        self.busy = False                # a check is running in the worker thread
        self.saved: set[str] = set()     # saved while not open: checked from the file on disk
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fzlint-check")

    # --- reading messages ---------------------------------------------------------------
    def start_io(self, stdin=None, stdout=None):
        """Serve over stdin/stdout with fzlint's own framing (see the module docstring)."""
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(self._serve(stdin or sys.stdin.buffer))
        except BrokenPipeError:
            log.error("fzlint lsp: 与编辑器的连接已断开，退出")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.checks.shutdown(wait=False, cancel_futures=True)
            self.shutdown()

    async def _serve(self, stdin) -> None:
        """Frames are read in a thread of their own (blocking reads, no hop to the event loop
        per line); each body is handed to the loop, in order, to be dispatched there."""
        loop = asyncio.get_running_loop()
        ended = loop.create_future()

        def on_loop(fn, *args):
            try:
                loop.call_soon_threadsafe(fn, *args)
            except RuntimeError:     # the loop is closed: the server is exiting
                pass

        def pump():
            try:
                try:
                    source = _Input(stdin.fileno())
                except (AttributeError, OSError, ValueError):   # no descriptor (a test's stream)
                    source = stdin
                for body in _frames(source, lambda what: on_loop(self._framing_error, what)):
                    on_loop(self._dispatch, body)
            except Exception as err:   # the input itself failed (EBADF, EIO)
                log.error("fzlint lsp: 无法读取标准输入（%s），退出", err)
            finally:
                on_loop(lambda: ended.done() or ended.set_result(None))

        threading.Thread(target=pump, name="fzlint-lsp-reader", daemon=True).start()
        await ended                  # end of input: the editor has gone

    def _framing_error(self, what: str) -> None:
        log.warning("fzlint lsp: %s，已跳到下一条消息", what)
        self._answer_error(None, PARSE_ERROR, what)

    def _answer_error(self, msg_id, code: int, message: str) -> None:
        """A JSON-RPC error response (id null when the request's id could not be read).  The
        dict is sent as it is: pygls's own response class would drop a null id."""
        self.protocol._send_data({"jsonrpc": "2.0", "id": msg_id,
                                  "error": {"code": code, "message": message}})

    def _dispatch(self, body: bytes) -> None:
        """One message: parsed, checked against its method's types, then handed to pygls."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as err:
            what = f"消息不是有效的 JSON（{type(err).__name__}）"
            log.warning("fzlint lsp: %s", what)
            self._answer_error(None, PARSE_ERROR, what)
            return
        if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
            msg_id = _request_id(data)
            if isinstance(data, dict) and "method" not in data and "id" in data:
                log.warning("fzlint lsp: 收到无效的应答，已忽略")   # a response: never answered
                return
            log.warning("fzlint lsp: 收到无效的 JSON-RPC 消息，已忽略")
            self._answer_error(msg_id, INVALID_REQUEST, "Invalid Request")
            return
        try:
            message = self.protocol.structure_message(data)
        except Exception as err:   # JsonRpcInvalidParams and the like, from cattrs
            method = data.get("method")
            log.warning("fzlint lsp: %s 的参数无效，%s", method or "应答",
                        "已回复错误" if "id" in data and method else "已忽略")
            if "id" in data and isinstance(method, str):
                code = err.code if isinstance(err, JsonRpcException) else INTERNAL_ERROR
                self._answer_error(_request_id(data), code,
                                   f"{getattr(err, 'message', '') or 'Invalid Params'}: {method}")
            return
        try:
            self.protocol.handle_message(message)
        except Exception as err:   # pygls answers requests itself; this is a bug of ours or its
            log.error("fzlint lsp: 处理 %s 时出错：%s: %s", data.get("method"),
                      type(err).__name__, err)


def _request_id(data):
    """The id of a request, if it is one JSON-RPC allows (a string or a number), else None."""
    if isinstance(data, dict):
        msg_id = data.get("id")
        if isinstance(msg_id, (str, int)) and not isinstance(msg_id, bool):
            return msg_id
    return None


_HEADER = re.compile(rb"([!-9;-~]+):[ \t]*(.*?)[ \t]*\r?\n")
_LENGTH_AT_END = re.compile(rb"Content-Length:[ \t]*(\d+)[ \t]*\r?\n\Z", re.IGNORECASE)


class _Input:
    """readline(limit) and read(n) straight from a file descriptor.  The reader thread may be
    blocked in a read when the server exits; a buffered file object would then hold its lock,
    and the interpreter aborts at shutdown waiting for it."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buf = bytearray()
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def _take(self, n: int) -> bytes:
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def readline(self, limit: int) -> bytes:
        start = 0
        while True:
            i = self.buf.find(b"\n", start, limit)
            if i >= 0:
                return self._take(i + 1)
            if len(self.buf) >= limit:
                return self._take(limit)
            start = len(self.buf)
            if not self._fill():
                return self._take(limit)

    def read(self, n: int) -> bytes:
        while len(self.buf) < n and self._fill():
            pass
        return self._take(n)


def _frames(stdin, report):
    """The bodies of the messages on the input stream, in order.  A header block without a
    usable Content-Length, or a line that is not a header, is reported (once) and skipped: the
    stream is scanned for the next line that ends in a Content-Length header."""
    length = None            # the Content-Length of a block found by scanning
    while True:
        found = _header_block(stdin, length, report)
        if found is None:
            return
        if isinstance(found, int):
            body = stdin.read(found)
            if len(body) < found:
                return
            yield body
            length = None
            continue
        length = _resync(stdin, found)
        if length is None:
            return


def _header_block(stdin, length: int | None, report):
    """Read one header block: its Content-Length (int), None at the end of the input, or the
    bytes (maybe empty) from which to look for the next frame when it is unusable."""
    problem = None
    while True:
        line = stdin.readline(MAX_HEADER_LINE)
        if not line:
            return None
        if line in (b"\r\n", b"\n"):                     # end of the header block
            if length is not None and problem is None:
                return length
            report(problem or "消息头中没有 Content-Length")
            return b""
        m = _HEADER.fullmatch(line)
        at_end = _LENGTH_AT_END.search(line)
        if m is None or (at_end is not None and at_end.start() > 0):
            # not a header, or the tail of a message read short glued to the next header
            report("消息头无法识别（上一条消息的 Content-Length 可能不对）")
            return line
        if m.group(1).lower() == b"content-length":
            value = m.group(2)
            if not value.isdigit():
                problem = f"Content-Length 无效（{value[:40].decode('ascii', 'replace')}）"
            elif int(value) > MAX_MESSAGE:
                problem = f"消息过大（Content-Length: {int(value)}，上限 {MAX_MESSAGE}）"
            else:
                length = int(value)


def _resync(stdin, line: bytes) -> int | None:
    """Scan for a line that ends in a usable Content-Length header and give its value (the
    rest of its block follows); None at the end of the input."""
    carry = b""
    while True:
        if line:
            m = _LENGTH_AT_END.search(carry + line)
            if m is not None and int(m.group(1)) <= MAX_MESSAGE:
                return int(m.group(1))
            # a header split over two reads (a long line) is found with the carry
            carry = b"" if line.endswith(b"\n") else (carry + line)[-64:]
        line = stdin.readline(MAX_HEADER_LINE)
        if not line:
            return None


server = FzlintServer()


def wanted(uri: str, language_id: str | None) -> bool:
    path = to_fs_path(uri)
    if path:
        return path.lower().endswith(SUFFIXES)
    return (language_id or "") in LANGUAGES


def _converter(doc, codec):
    """Turn a code-point offset of the checked text into an LSP Position (client units)."""

    def position(offset: int) -> lsp.Position:
        line, col = doc.position(offset)
        prefix = doc.lines[line - 1].text[:col - 1]
        return lsp.Position(line=line - 1, character=codec.client_num_units(prefix))

    def span(start: int, end: int) -> lsp.Range:
        return lsp.Range(start=position(start), end=position(max(start, end)))

    return span


@dataclass(frozen=True)
class _Job:
    """What one check needs, taken on the event loop: the worker thread touches no pygls state."""
    uri: str
    generation: int
    version: int | None
    text: str | None       # None: the file on disk (a didSave of a document that is not open)
    codec: object          # the client's position codec


def _check(ls: FzlintServer, job: _Job):
    """(diagnostics, fixes, messages to show) for a job; runs in the worker thread."""
    path = to_fs_path(job.uri) or os.path.join(os.getcwd(), "untitled.txt")
    try:
        text = job.text
        if text is None:
            text = ls.runner.read(path).text      # bounded and non-blocking: a FIFO is refused
        return (*_diagnostics(ls, job.uri, path, text, job.codec), [])
    except (InputError, PackError, ConfigError, RuleError) as err:
        return [], [], [f"fzlint：{err}"]
    except Exception as err:  # a bug in a rule must not take the editor's server down
        log.error("fzlint lsp: 检查 %s 时出错：%s: %s", path, type(err).__name__, err)
        return [], [], [f"fzlint 内部错误：{type(err).__name__}: {err}"]


def _cross_findings(ls: FzlintServer, result, path: str) -> list:
    """FZ303 in the editor: the draft against the index named by its config's `index:` key
    (searched read-only; the draft itself, if indexed, is not compared with itself)."""
    cfg = ls.runner.config_for(path)
    if not cfg.index or not os.path.isfile(cfg.index):
        return []
    from checker.corpus.index import Corpus, CorpusError
    try:
        corpus = Corpus(cfg.index)
    except CorpusError as err:
        raise ConfigError(str(err)) from None
    try:
        per_path = {pat: list(sel) for pat, sel in cfg.per_path_ignores}
        others = corpus.others_than(os.path.realpath(path))
        return ls.runner.engine_for(cfg).check_others(result.doc, others, per_path,
                                                      os.path.abspath(path))
    finally:
        corpus.close()


def _diagnostics(ls: FzlintServer, uri: str, path: str, text: str, codec):
    """Check a text: its diagnostics and its fixes [(diagnostic, edit)]."""
    # Editors keep the file's own line endings; fzlint works on "\n" lines.  Lines and the
    # columns inside them are the same either way, so positions carry over unchanged.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return [], []
    result = ls.runner.check_text(text, path)
    cross = _cross_findings(ls, result, path)
    if cross:
        result.findings[:] = sort_findings(result.findings + cross)
    span = _converter(result.doc, codec)
    out, fixes = [], []
    for f in result.findings:
        related = []
        for rel in f.related:
            if rel.start is not None and rel.path in (None, path, result.path):
                loc = lsp.Location(uri=uri, range=span(rel.start, rel.end if rel.end is not None
                                                       else rel.start))
            else:
                other = rel.path or path
                pos = lsp.Position(line=max(0, (rel.line or 1) - 1),
                                   character=max(0, (rel.column or 1) - 1))
                loc = lsp.Location(uri=from_fs_path(os.path.abspath(other)) or other,
                                   range=lsp.Range(start=pos, end=pos))
            related.append(lsp.DiagnosticRelatedInformation(location=loc, message=rel.message))
        diag = lsp.Diagnostic(range=span(f.start, f.end), severity=SEVERITY[f.severity],
                              code=f.rule, source="fzlint", message=f.message,
                              related_information=related or None,
                              data={"category": f.category,
                                    "fix": f.fix.replacement if f.fix else None})
        out.append(diag)
        # every safe fix of a grouped finding (engine.grouping), then the suggestions
        for edit, safe in [(x, True) for x in f.safe_fixes] + \
                [(sg, False) for sg in f.suggestions]:
            fixes.append(Edit(diag, lsp.TextEdit(range=span(edit.start, edit.end),
                                                 new_text=edit.replacement), safe, edit))
    return out, fixes


def _tell(ls: FzlintServer, message: str) -> None:
    """Show a problem with the rules or config once (not on every keystroke)."""
    if message not in ls.reported:
        ls.reported.add(message)
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))


# --- when to check: the latest text, after a quiet moment, one check at a time ----------------

def _open_doc(ls: FzlintServer, uri: str):
    return ls.workspace.text_documents.get(unquote(uri))


def _job(ls: FzlintServer, uri: str) -> _Job | None:
    """A check of the document's current text (or of the saved file), if it is a draft."""
    doc = _open_doc(ls, uri)
    generation = ls.generation.get(uri, 0)
    if doc is not None:
        if not wanted(uri, doc.language_id):
            return None
        return _Job(uri, generation, doc.version, doc.source, doc.position_codec)
    if uri in ls.saved and wanted(uri, None):
        return _Job(uri, generation, None, None, ls.workspace.position_codec)
    return None


def _changed(ls: FzlintServer, uri: str) -> None:
    """The text is new: results of checks already under way are dropped."""
    ls.generation[uri] = ls.generation.get(uri, 0) + 1


def _schedule(ls: FzlintServer, uri: str, delay: float) -> None:
    """Check the document `delay` seconds from now, unless it changes before then."""
    timer = ls.timers.pop(uri, None)
    if timer is not None:
        timer.cancel()
    ls.timers[uri] = asyncio.get_running_loop().call_later(delay, _due, ls, uri)


def _due(ls: FzlintServer, uri: str) -> None:
    ls.timers.pop(uri, None)
    if ls.busy:
        ls.waiting.add(uri)          # starts when the running check ends
        return
    job = _job(ls, uri)
    if job is None:
        return
    ls.busy = True
    loop = asyncio.get_running_loop()

    def back(fut):
        try:
            loop.call_soon_threadsafe(_checked, ls, job, fut)
        except RuntimeError:         # the server is exiting: nobody to tell
            pass

    ls.checks.submit(_check, ls, job).add_done_callback(back)


def _checked(ls: FzlintServer, job: _Job, fut) -> None:
    """On the event loop: publish a check's results if its text is still the latest."""
    ls.busy = False
    try:
        diags, fixes, messages = fut.result()
    except BaseException:            # cancelled at exit
        diags = None
    if diags is not None and ls.generation.get(job.uri, 0) == job.generation:
        for message in messages:
            _tell(ls, message)
        ls.fixes[job.uri] = (job.generation, fixes)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=job.uri, version=job.version, diagnostics=diags))
    while ls.waiting and not ls.busy:
        uri = ls.waiting.pop()
        if uri not in ls.timers:     # else it changed again: its own timer starts it
            _due(ls, uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FzlintServer, params: lsp.DidOpenTextDocumentParams):
    uri = params.text_document.uri
    ls.saved.discard(uri)
    _changed(ls, uri)
    _schedule(ls, uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FzlintServer, params: lsp.DidChangeTextDocumentParams):
    uri = params.text_document.uri
    _changed(ls, uri)
    _schedule(ls, uri, DEBOUNCE)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FzlintServer, params: lsp.DidSaveTextDocumentParams):
    uri = params.text_document.uri
    if _open_doc(ls, uri) is None:   # not open: the file is read from disk, safely
        ls.saved.add(uri)
        _changed(ls, uri)
    _schedule(ls, uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FzlintServer, params: lsp.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    _changed(ls, uri)
    timer = ls.timers.pop(uri, None)
    if timer is not None:
        timer.cancel()
    ls.waiting.discard(uri)
    ls.saved.discard(uri)
    ls.fixes.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


async def _current_fixes(ls: FzlintServer, uri: str) -> list:
    """The fixes of the document's current text: those published, or a check made now."""
    entry = ls.fixes.get(uri)
    if entry is not None and entry[0] == ls.generation.get(uri, 0):
        return entry[1]
    job = _job(ls, uri)
    if job is None:
        return []
    _, fixes, _ = await asyncio.get_running_loop().run_in_executor(ls.checks, _check, ls, job)
    if ls.generation.get(uri, 0) != job.generation:
        return []                    # edited meanwhile: these edits would land in the wrong place
    ls.fixes[uri] = (job.generation, fixes)
    return fixes


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def _overlaps(r: lsp.Range, s: lsp.Range) -> bool:
    return _before(r.start, s.end) and _before(s.start, r.end)


class Edit(NamedTuple):
    """A fix or a suggestion of a diagnostic, as an editor edit."""
    diag: lsp.Diagnostic
    edit: lsp.TextEdit
    safe: bool                     # a safe fix (also in "fix all"), or a suggestion
    fix: Fix


def _title(diag: lsp.Diagnostic, edit: lsp.TextEdit, safe: bool = True) -> str:
    lead = f"{diag.code}：" + ("" if safe else "建议")
    if edit.new_text:
        return f"{lead}改为“{edit.new_text}”"
    return f"{lead}删除"


def _wants(only, kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL],
                                      resolve_provider=False))
async def code_action(ls: FzlintServer, params: lsp.CodeActionParams):
    uri = params.text_document.uri
    fixes = await _current_fixes(ls, uri)
    only = params.context.only
    actions = []
    if _wants(only, lsp.CodeActionKind.QuickFix):
        by_diag: dict[int, list[Edit]] = {}
        for e in fixes:
            by_diag.setdefault(id(e.diag), []).append(e)
        for edits in by_diag.values():
            diag = edits[0].diag
            group = [e for e in edits if e.safe]
            if len(group) > 1:
                # a grouped finding: one action makes all its fixes, wherever the cursor is on
                # one of its places
                if not (_overlaps(diag.range, params.range)
                        or any(_overlaps(e.edit.range, params.range) for e in group)):
                    continue
                by_fix = {e.fix: e for e in group}
                chosen = [by_fix[f] for f in choose_fixes(by_fix)]
                actions.append(lsp.CodeAction(
                    title=f"{diag.code}：修正本条的全部 {len(chosen)} 处",
                    kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag], is_preferred=True,
                    edit=lsp.WorkspaceEdit(changes={uri: [e.edit for e in chosen]})))
                edits = [e for e in edits if not e.safe]
            for e in edits:
                if _overlaps(e.diag.range, params.range):
                    actions.append(lsp.CodeAction(
                        title=_title(e.diag, e.edit, e.safe), kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[e.diag], is_preferred=e.safe,
                        edit=lsp.WorkspaceEdit(changes={uri: [e.edit]})))
    safe = [e for e in fixes if e.safe]          # suggestions are never applied all at once
    if safe and _wants(only, FIX_ALL):
        # the same choice as --fix: non-overlapping, in text order (the rest wait a round)
        by_fix = {e.fix: e for e in safe}
        chosen = [by_fix[f] for f in choose_fixes(by_fix)]
        actions.append(lsp.CodeAction(
            title=f"fzlint：修正本文件中全部可自动修正的问题（{len(chosen)} 处）", kind=FIX_ALL,
            diagnostics=[e.diag for e in chosen],
            edit=lsp.WorkspaceEdit(changes={uri: [e.edit for e in chosen]})))
    return actions or None


class _OneLine(logging.Formatter):
    """Every log record is one line on stderr (the editor shows it in its log): the first line
    of the message, shortened, without the traceback (FZLINT_DEBUG=1 keeps them)."""

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().splitlines() or [""]
        return one_line(lines[0])[:300]


def _quiet_duplicates(record: logging.LogRecord) -> bool:
    # pygls's own report of params that do not fit, traceback and all; _dispatch reports it
    return not str(record.msg).startswith("Unable to deserialize message")


def _logging() -> None:
    root = logging.getLogger()
    if os.environ.get("FZLINT_DEBUG"):
        logging.basicConfig(level=logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    handler.addFilter(_quiet_duplicates)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def serve() -> None:
    """Talk LSP over stdin/stdout until the client says exit (or closes the input)."""
    _logging()
    server.start_io()
