"""`fzlint lsp`: a language server (pygls) that checks .txt/.md drafts as they are typed.

On open and on every change the document is checked with the same Runner as `fzlint check` (so
`.fzlint.yaml` / `[tool.fzlint]` next to the file apply) and the findings are published as
diagnostics: rule id as the code, severity, the Chinese message, related places.  Findings with a
safe fix are offered as quick fixes (code actions), plus one action that applies all of them.

Positions: fzlint counts code points; LSP counts UTF-16 code units unless the client negotiated
another encoding, so every column goes through the document's position codec (a character
outside the BMP, like 𠮷, is two UTF-16 units).  pygls is an optional dependency
(`pip install 'fzlint[lsp]'`); nothing else imports this module.
"""

from __future__ import annotations

import logging
import os

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from checker import __version__
from checker.app.config import ConfigError
from checker.engine.apply import RuleError
from checker.engine.packs import PackError
from checker.app.runner import Options, Runner

SUFFIXES = (".txt", ".md")
LANGUAGES = ("plaintext", "markdown", "text")  # for documents without a file name (untitled)
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
FIX_ALL = "source.fixAll.fzlint"


class FzlintServer(LanguageServer):
    def __init__(self):
        super().__init__("fzlint", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.runner = Runner(Options())
        self.fixes: dict[str, list[tuple[lsp.Diagnostic, lsp.TextEdit]]] = {}
        self.reported: set[str] = set()  # error messages already shown to the user


server = FzlintServer()


def wanted(uri: str, language_id: str | None) -> bool:
    path = to_fs_path(uri)
    if path:
        return path.lower().endswith(SUFFIXES)
    return (language_id or "") in LANGUAGES


def _converter(doc, text_doc):
    """Turn a code-point offset of the checked text into an LSP Position (client units)."""
    codec = text_doc.position_codec

    def position(offset: int) -> lsp.Position:
        line, col = doc.position(offset)
        prefix = doc.lines[line - 1].text[:col - 1]
        return lsp.Position(line=line - 1, character=codec.client_num_units(prefix))

    def span(start: int, end: int) -> lsp.Range:
        return lsp.Range(start=position(start), end=position(max(start, end)))

    return span


def diagnostics_for(ls: FzlintServer, uri: str, text_doc) -> list[lsp.Diagnostic]:
    """Check a document; remember its fixes for code actions; return its diagnostics."""
    ls.fixes.pop(uri, None)
    # Editors keep the file's own line endings; fzlint works on "\n" lines.  Lines and the
    # columns inside them are the same either way, so positions carry over unchanged.
    text = text_doc.source.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return []
    path = to_fs_path(uri) or os.path.join(os.getcwd(), "untitled.txt")
    try:
        result = ls.runner.check_text(text, path)
    except (PackError, ConfigError, RuleError) as err:
        _tell(ls, f"fzlint：{err}")
        return []
    span = _converter(result.doc, text_doc)
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
        if f.fix is not None:
            fixes.append((diag, lsp.TextEdit(range=span(f.fix.start, f.fix.end),
                                             new_text=f.fix.replacement)))
    ls.fixes[uri] = fixes
    return out


def _tell(ls: FzlintServer, message: str) -> None:
    """Show a problem with the rules or config once (not on every keystroke)."""
    if message not in ls.reported:
        ls.reported.add(message)
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))


def publish(ls: FzlintServer, uri: str) -> None:
    text_doc = ls.workspace.get_text_document(uri)
    if not wanted(uri, text_doc.language_id):
        return
    try:
        diags = diagnostics_for(ls, uri, text_doc)
    except Exception as err:  # a bug in a rule must not take the editor's server down
        logging.getLogger(__name__).exception("check failed")
        _tell(ls, f"fzlint 内部错误：{type(err).__name__}: {err}")
        diags = []
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=uri, version=text_doc.version, diagnostics=diags))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FzlintServer, params: lsp.DidOpenTextDocumentParams):
    publish(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FzlintServer, params: lsp.DidChangeTextDocumentParams):
    publish(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FzlintServer, params: lsp.DidSaveTextDocumentParams):
    publish(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FzlintServer, params: lsp.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    ls.fixes.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def _overlaps(r: lsp.Range, s: lsp.Range) -> bool:
    return _before(r.start, s.end) and _before(s.start, r.end)


def _title(diag: lsp.Diagnostic, edit: lsp.TextEdit) -> str:
    if edit.new_text:
        return f"{diag.code}：改为“{edit.new_text}”"
    return f"{diag.code}：删除"


def _wants(only, kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL],
                                      resolve_provider=False))
def code_action(ls: FzlintServer, params: lsp.CodeActionParams):
    uri = params.text_document.uri
    fixes = ls.fixes.get(uri, [])
    only = params.context.only
    actions = []
    if _wants(only, lsp.CodeActionKind.QuickFix):
        for diag, edit in fixes:
            if _overlaps(diag.range, params.range):
                actions.append(lsp.CodeAction(
                    title=_title(diag, edit), kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diag], is_preferred=True,
                    edit=lsp.WorkspaceEdit(changes={uri: [edit]})))
    if fixes and _wants(only, FIX_ALL):
        chosen, last_end = [], None
        for diag, edit in sorted(fixes, key=lambda de: (de[1].range.start.line,
                                                        de[1].range.start.character)):
            if last_end is None or _before(last_end, edit.range.start):
                chosen.append((diag, edit))
                last_end = edit.range.end
            # an edit overlapping the previous one waits for the next round
        actions.append(lsp.CodeAction(
            title=f"fzlint：修正本文件中全部可自动修正的问题（{len(chosen)} 处）", kind=FIX_ALL,
            diagnostics=[d for d, _ in chosen],
            edit=lsp.WorkspaceEdit(changes={uri: [e for _, e in chosen]})))
    return actions or None


def serve() -> None:
    """Talk LSP over stdin/stdout until the client says exit."""
    server.start_io()
