"""`fzlint lsp` end to end: the test starts the real command as a subprocess and speaks the
Language Server Protocol to it over stdin/stdout as an editor does (Content-Length framed
JSON-RPC): initialize, didOpen → publishDiagnostics, codeAction → quick fix, didChange →
fresh diagnostics, didClose, shutdown/exit.  Nothing inside the server is called directly.

The draft has 𠮷 (outside the BMP: two UTF-16 code units) before a finding on the same line, so
the columns sent to the editor must be counted in UTF-16 units, not code points.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from util import ROOT, SEEDS, run_cli

# Rules limited by the workspace's .fzlint.yaml, so the server must read the config next to the
# file, and new rules elsewhere in the project do not change what this test expects.
CONFIG = "select: [FZ201, FZ204, FZ801]\n"
DRAFT = """马楼乡人民政府关于2024年度法治政府建设情况的报告
一、2024年度推进法治政府建设的主要举措和成效
（一）健全依法决策机制
𠮷村作出重大行政决策3项,均经过合法性审查。二是加强培训；三是完善制度。
（三）规范行政执法
"""


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def lsp_pos(text: str, needle: str, line: int | None = None) -> dict:
    """LSP position (0-based line, UTF-16 character) of the first needle in text."""
    lines = text.split("\n")
    for i, ln in enumerate(lines):
        if (line is None or i == line) and needle in ln:
            return {"line": i, "character": utf16(ln[:ln.index(needle)])}
    raise AssertionError(needle)


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (UTF-16 positions) the way an editor does, last first."""
    lines = text.split("\n")

    def offset(pos):
        ln = lines[pos["line"]]
        units, i = 0, 0
        while units < pos["character"]:
            units += utf16(ln[i])
            i += 1
        return sum(len(x) + 1 for x in lines[:pos["line"]]) + i

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                          e["range"]["start"]["character"]), reverse=True):
        s, t = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:s] + e["newText"] + text[t:]
    return text


class Client:
    """A minimal LSP client over a subprocess's pipes."""

    def __init__(self, args, cwd):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        env.pop("FZLINT_DEBUG", None)
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        self.pending: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode("ascii").partition(":")
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def send(self, msg: dict):
        body = json.dumps({"jsonrpc": "2.0", **msg}, ensure_ascii=False).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def _next(self, timeout=30):
        msg = self.inbox.get(timeout=timeout)
        assert msg is not None, "server closed its output: " + self.proc.stderr.read().decode()
        if "method" in msg and "id" in msg:  # a request from the server (e.g. registration)
            self.send({"id": msg["id"], "result": None})
            return self._next(timeout)
        return msg

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        while True:
            msg = self._next()
            if msg.get("id") == rid and "method" not in msg:
                assert "error" not in msg, msg
                return msg["result"]
            self.pending.append(msg)

    def wait(self, method, **match):
        """The next notification of this method whose params match (earlier ones are kept)."""
        for i, msg in enumerate(self.pending):
            if msg.get("method") == method and all(msg["params"].get(k) == v for k, v in match.items()):
                return self.pending.pop(i)["params"]
        while True:
            msg = self._next()
            if msg.get("method") == method and all(msg["params"].get(k) == v for k, v in match.items()):
                return msg["params"]
            self.pending.append(msg)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("ws")
    (ws / ".fzlint.yaml").write_text(CONFIG, encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def client(workspace):
    exe = Path(sys.executable).with_name("fzlint")
    assert exe.exists(), "the fzlint command is installed with the package"
    c = Client([str(exe), "lsp"], cwd=workspace)
    result = c.request("initialize", {
        "processId": os.getpid(), "rootUri": workspace.as_uri(),
        "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True},
                                          "codeAction": {"codeActionLiteralSupport": {
                                              "codeActionKind": {"valueSet": ["quickfix", "source"]}}}}}})
    c.initialize_result = result
    c.notify("initialized", {})
    yield c
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


def open_doc(client, path: Path, text: str, language="plaintext"):
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": path.as_uri(), "languageId": language, "version": 1, "text": text}})


def by_code(diags):
    out = {}
    for d in diags:
        out.setdefault(d["code"], []).append(d)
    return out


def test_initialize_announces_sync_and_code_actions(client):
    caps = client.initialize_result["capabilities"]
    assert client.initialize_result["serverInfo"]["name"] == "fzlint"
    assert caps["textDocumentSync"]["openClose"] is True
    assert caps["textDocumentSync"]["change"] in (1, 2)
    kinds = caps["codeActionProvider"]["codeActionKinds"]
    assert "quickfix" in kinds and "source.fixAll.fzlint" in kinds


def test_diagnostics_on_open_with_utf16_columns_fix_and_change(client, workspace):
    path = workspace / "马楼乡报告.txt"
    uri = path.as_uri()
    open_doc(client, path, DRAFT)
    got = client.wait("textDocument/publishDiagnostics", uri=uri)
    assert got["version"] == 1
    diags = by_code(got["diagnostics"])
    assert set(diags) == {"FZ201", "FZ204", "FZ801"}
    for d in got["diagnostics"]:
        assert d["source"] == "fzlint" and d["message"]
    (comma,) = diags["FZ801"]
    assert comma["severity"] == 2 and "全角" in comma["message"]
    start = lsp_pos(DRAFT, ",")
    # 𠮷 is one code point but two UTF-16 units: column 12 in code points, 13 for the editor
    assert start == {"line": 3, "character": 13}
    assert comma["range"] == {"start": start, "end": {"line": 3, "character": 14}}
    (enum,) = diags["FZ204"]
    assert enum["range"]["start"] == lsp_pos(DRAFT, "二是")
    (heading,) = diags["FZ201"]
    assert heading["severity"] == 1
    assert heading["range"]["start"] == {"line": 4, "character": 0}
    (rel,) = heading["relatedInformation"]
    assert rel["location"]["uri"] == uri and rel["location"]["range"]["start"]["line"] == 2

    # The quick fix for the half-width comma, asked for at the comma as an editor does.
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": comma["range"],
        "context": {"diagnostics": [comma]}})
    quick = [a for a in actions if a["kind"] == "quickfix"]
    assert len(quick) == 1 and "FZ801" in quick[0]["title"]
    assert quick[0]["diagnostics"][0]["code"] == "FZ801"
    edits = quick[0]["edit"]["changes"][uri]
    assert edits == [{"range": comma["range"], "newText": "，"}]
    fixed = apply_edits(DRAFT, edits)
    assert "3项，均经过" in fixed and "," not in fixed
    # no fix offered where there is nothing to fix
    none_here = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": heading["range"],
        "context": {"diagnostics": [heading], "only": ["quickfix"]}})
    assert not none_here

    # The editor applies the fix and renumbers the heading: two incremental changes, positions
    # in UTF-16 units; the diagnostics that come back are for version 3 and drop both findings.
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": comma["range"], "text": "，"}]})
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"range": {"start": {"line": 4, "character": 1},
                                      "end": {"line": 4, "character": 2}}, "text": "二"}]})
    got = client.wait("textDocument/publishDiagnostics", uri=uri, version=3)
    assert set(by_code(got["diagnostics"])) == {"FZ204"}
    (enum,) = got["diagnostics"]
    assert enum["range"]["start"] == lsp_pos(fixed, "二是")

    client.pending.clear()  # version 2's diagnostics, superseded
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    got = client.wait("textDocument/publishDiagnostics", uri=uri)
    assert got["diagnostics"] == []


def test_markdown_is_checked_other_files_are_not_and_fix_all(client, workspace):
    other = workspace / "notes.py"
    open_doc(client, other, DRAFT, language="python")
    md = workspace / "二稿.md"
    text = DRAFT.replace("3项,均", "3项,均,").replace("（三）", "（二）")
    open_doc(client, md, text, language="markdown")
    got = client.wait("textDocument/publishDiagnostics", uri=md.as_uri())
    codes = sorted(d["code"] for d in got["diagnostics"])
    # the two half-width commas of one paragraph are one diagnostic (common key `grouping`)
    assert codes == ["FZ204", "FZ801"]
    (comma,) = [d for d in got["diagnostics"] if d["code"] == "FZ801"]
    assert "2 处" in comma["message"] and len(comma["relatedInformation"]) == 1
    # the .py file was opened first and handled in order: it got no diagnostics at all
    assert not [m for m in client.pending if m.get("params", {}).get("uri") == other.as_uri()]

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": md.as_uri()},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    (fix_all,) = actions
    assert fix_all["kind"] == "source.fixAll.fzlint"
    fixed = apply_edits(text, fix_all["edit"]["changes"][md.as_uri()])
    assert "3项，均，经过" in fixed and "," not in fixed


def test_a_grouped_finding_has_one_quick_fix_for_all_its_places(client, workspace):
    sub = workspace / "grouped"
    sub.mkdir(exist_ok=True)
    (sub / ".fzlint.yaml").write_text("select: [FZ801, FZ802]\n", encoding="utf-8")
    path = sub / "半角.txt"
    uri = path.as_uri()
    text = ("青山镇人民政府关于2024年度法治政府建设情况的报告\n"
            "全镇开展普法活动,覆盖村(社区)干部;群众满意。\n"
            "另一段只有一处,这里。\n")
    open_doc(client, path, text)
    got = client.wait("textDocument/publishDiagnostics", uri=uri)
    first, second = sorted(got["diagnostics"], key=lambda d: d["range"]["start"]["line"])
    assert "4 处" in first["message"] and len(first["relatedInformation"]) == 3
    assert second["message"] == "中文里应使用全角“，”，不用半角“,”"     # a group of one
    # the cursor on the last place of the group (the ";"), not on its first
    at = lsp_pos(text, ";", 1)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": at, "end": at},
        "context": {"diagnostics": [], "only": ["quickfix"]}})
    (all_here,) = actions
    assert "全部 4 处" in all_here["title"] and all_here["isPreferred"]
    fixed = apply_edits(text, all_here["edit"]["changes"][uri])
    assert "普法活动，覆盖村（社区）干部；群众" in fixed and "一处,这里" in fixed
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


def test_a_suggestion_is_a_quick_fix_but_never_part_of_fix_all(client, workspace):
    sub = workspace / "suggest"
    sub.mkdir(exist_ok=True)
    (sub / ".fzlint.yaml").write_text("select: [FZ702, FZ801]\n", encoding="utf-8")
    path = sub / "建议.txt"
    uri = path.as_uri()
    text = "青山镇人民政府关于2024年度法治政府建设情况的报告\n司法所荣获市级普法一等奖奖项,成效明显。\n"
    open_doc(client, path, text)
    got = client.wait("textDocument/publishDiagnostics", uri=uri)
    diags = by_code(got["diagnostics"])
    (double,) = diags["FZ702"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": double["range"],
        "context": {"diagnostics": [double], "only": ["quickfix"]}})
    (suggested,) = [a for a in actions if a["diagnostics"][0]["code"] == "FZ702"]
    assert "建议" in suggested["title"] and not suggested.get("isPreferred")
    assert apply_edits(text, suggested["edit"]["changes"][uri]).count("奖奖") == 0
    (fix_all,) = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    fixed = apply_edits(text, fix_all["edit"]["changes"][uri])
    assert "一等奖奖项" in fixed and "，成效" in fixed       # the safe fix only
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


def test_fz303_in_the_editor_when_the_config_names_an_index(client, workspace):
    """A county index built by `fzlint check --cross … --index`, named by the workspace's config
    (`index:`): a draft opened in the editor that copies an indexed draft's closing paragraph
    gets FZ303 pointing at that draft; a draft of its own words gets none."""
    sub = workspace / "county"
    sub.mkdir(exist_ok=True)
    drafts = sub / "drafts"
    drafts.mkdir(exist_ok=True)
    src = SEEDS / [p.name for p in SEEDS.iterdir() if p.name.startswith("000")][0]
    (drafts / "大李集镇.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_cli("check", "--no-config", "--select", "FZ303", "--cross", drafts,
                   "--index", sub / "county.sqlite")
    assert proc.returncode in (0, 1), proc.stderr
    (sub / ".fzlint.yaml").write_text("select: [FZ303]\nindex: county.sqlite\n", encoding="utf-8")
    closing = [ln for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()][-2]
    path = sub / "杂色镇.txt"
    text = "杂色镇2024年度法治政府建设情况报告\n" + closing + "\n"
    open_doc(client, path, text)
    got = client.wait("textDocument/publishDiagnostics", uri=path.as_uri())
    (copied,) = by_code(got["diagnostics"])["FZ303"]
    (rel,) = copied["relatedInformation"]
    assert rel["location"]["uri"].endswith("%E5%A4%A7%E6%9D%8E%E9%9B%86%E9%95%87.txt")
    own = sub / "青山镇.txt"
    open_doc(client, own, "青山镇2024年度法治政府建设情况报告\n全镇新建法治文化广场两处，聘请法律顾问覆盖全部行政村。\n")
    got = client.wait("textDocument/publishDiagnostics", uri=own.as_uri())
    assert got["diagnostics"] == []


def test_shutdown_and_exit(client):
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.proc.wait(timeout=20) == 0


def test_lsp_without_pygls_is_a_one_line_error():
    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['fzlint', 'lsp'];"
            "from checker.app.cli import run; run()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "pip install 'fzlint[lsp]'" in err
    assert "Traceback" not in err


def test_check_does_not_import_pygls(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "checker", "check",
                           "--no-config", str(draft)], capture_output=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 1
    imported = proc.stderr.decode("utf-8", "replace")
    assert "checker.reports" in imported  # the import log is there…
    assert "pygls" not in imported and "lsprotocol" not in imported  # …without the server

