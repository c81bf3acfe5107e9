"""Robustness of batch runs and of awkward inputs: worker processes give exactly the serial
output; folders with pipes, dangling or escaping links; Word files with tables, pictures and
footnotes; huge files, huge pictures, zip bombs and 1 MB lines.  Every bad case ends in one
line on stderr and exit 2, and no input file changes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import struct
import sys
import zipfile
import zlib

import pytest

from checker.app import parallel
from checker.app.runner import Options, Runner
from util import ROOT, run_cli, seed_path, seed_text

sys.path.insert(0, str(ROOT / "bench"))
from make_drafts import make_drafts  # noqa: E402

FORK = parallel._context().get_start_method() == "fork"


def sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def hashes(folder) -> dict:
    return {p: sha(p) for p in sorted(map(str, folder.rglob("*"))) if os.path.isfile(p)}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """24 synthetic drafts (some GB18030, CRLF, .docx) and two that cannot be read."""
    folder = tmp_path_factory.mktemp("drafts")
    make_drafts(folder, 24, docx_share=0.1)
    (folder / "00007_empty.txt").write_bytes(b"")
    (folder / "00013_binary.md").write_bytes(bytes(range(256)) * 8)
    return folder


# --- parallel = serial ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "text"])
def test_parallel_run_prints_exactly_what_a_serial_run_prints(drafts, fmt):
    before = hashes(drafts)
    serial = run_cli("check", drafts, "--format", fmt, "-j", "1")
    par = run_cli("check", drafts, "--format", fmt, "-j", "2")
    auto = run_cli("check", drafts, "--format", fmt)
    assert serial.returncode == 2                      # the two unreadable files
    for other in (par, auto):
        assert other.returncode == serial.returncode
        assert other.stdout == serial.stdout
        assert other.stderr == serial.stderr
    if fmt == "json":
        data = json.loads(serial.stdout)
        assert len(data["files"]) == 26 and data["summary"]["failed"] == 2
        assert sum(len(f["findings"]) for f in data["files"]) > 26
    assert hashes(drafts) == before


def _paths(drafts):
    return Runner(Options(use_config=False)).expand([str(drafts)])


def _key(results):
    return [(r.path, r.error, r.findings, [r.doc.position(f.start) for f in r.findings]
             if r.doc else None) for r in results]


def test_standard_input_keeps_its_place_among_parallel_files(drafts):
    paths = _paths(drafts)
    order = paths[:5] + ["-"] + paths[5:]
    data = seed_path("002").read_bytes()
    runs = []
    for jobs in (1, 2):
        runner = Runner(Options(use_config=False))
        runs.append(list(parallel.check_all(runner, order, jobs, io.BytesIO(data), "草稿.txt")))
    assert _key(runs[0]) == _key(runs[1])
    assert runs[1][5].path == "草稿.txt" and runs[1][5].findings


def test_automatic_jobs_start_workers_only_for_many_files():
    assert parallel.choose_jobs(parallel.AUTO_MIN_FILES - 1) == 1
    assert parallel.choose_jobs(parallel.AUTO_MIN_FILES) == min(parallel.cores(),
                                                                 parallel.AUTO_MIN_FILES)
    assert parallel.choose_jobs(100, 1) == 1
    assert parallel.choose_jobs(3, 8) == 3                 # never more workers than files


class _FlakyWorkers(Runner):
    """A runner that misbehaves in worker processes only (inherited by fork)."""
    parent = os.getpid()
    mode = ""

    def check_path(self, path, stdin=None, stdin_name="<stdin>"):
        result = super().check_path(path, stdin, stdin_name)
        if os.getpid() != self.parent:
            if self.mode == "unpicklable" and path.endswith("3.txt"):
                result.findings.append(lambda: None)       # cannot be sent back
            if self.mode == "die" and "0001" in path:
                os._exit(3)                                # the worker dies
        return result


@pytest.mark.skipif(not FORK, reason="workers inherit the test's runner only with fork")
@pytest.mark.parametrize("mode", ["unpicklable", "die"])
def test_results_lost_by_a_worker_are_checked_again_here(drafts, mode):
    paths = _paths(drafts)
    expected = _key(parallel.check_all(Runner(Options(use_config=False)), paths, 1))
    flaky = _FlakyWorkers(Options(use_config=False))
    flaky.mode = mode
    got = list(parallel.check_all(flaky, paths, 2))
    assert _key(got) == expected


def test_light_document_gives_same_positions_and_pickles_small():
    text = seed_text("003")
    full = Runner(Options(use_config=False)).check_text(text, "a.txt")
    light = parallel.lighten(full)
    assert light.findings == full.findings and light.doc.source == full.doc.source
    assert not (set(vars(light.doc)) & parallel._derived_names(type(full.doc)))
    for f in full.findings:
        assert light.doc.position(f.start) == full.doc.position(f.start)
        assert light.doc.line_at(f.end).text == full.doc.line_at(f.end).text
    assert light.doc.headings == full.doc.headings          # rebuilt on demand
    size = len(pickle.dumps(parallel.lighten(full)))
    assert size < 4 * len(text.encode("utf-8")) < len(pickle.dumps(full))


# --- folders ----------------------------------------------------------------------------------

def test_folder_skips_pipes_dangling_and_escaping_links_with_warnings(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text("002"), encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text(seed_text("000"), encoding="utf-8")
    (folder / "escape.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")                       # opening it would block forever
    proc = run_cli("check", folder, "--format", "json", timeout=60)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert [f["path"].rsplit("/", 1)[-1] for f in data["files"]] == ["good.txt"]
    warnings = proc.stderr.strip().splitlines()
    assert len(warnings) == 3 and all(w.startswith("fzlint: 警告：") for w in warnings)
    for name in ("escape.txt", "dangling.txt", "pipe.txt"):
        assert sum(name in w for w in warnings) == 1, (name, warnings)
    followed = run_cli("check", folder, "--format", "json", "--follow-symlinks", timeout=60)
    names = [f["path"].rsplit("/", 1)[-1] for f in json.loads(followed.stdout)["files"]]
    assert names == ["escape.txt", "good.txt"]


# --- Word files ---------------------------------------------------------------------------------

def png(width=4, height=3, padding=0) -> bytes:
    """A valid PNG; `padding` random bytes in a private chunk make it as large as wanted."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if padding:
        out += chunk(b"prVt", os.urandom(padding))
    return out + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


FOOTNOTES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:footnote w:id="1"><w:p><w:r><w:t>脚注：数据来源于县统计局。</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')


def word_file(path, text, table=False, picture=0, footnote=False):
    import docx
    from docx.shared import Cm
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    if table:
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "项目", "数量"
        t.cell(1, 0).text, t.cell(1, 1).text = "行政复议案件", "12件"
    if picture is not None and picture is not False:
        d.add_picture(io.BytesIO(png(padding=picture)), width=Cm(4))
    d.save(str(path))
    if footnote:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["word/footnotes.xml"] = FOOTNOTES.encode("utf-8")
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats'
            b'.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
            b"</Relationships>")
        body = parts["word/document.xml"]
        at = body.index(b"</w:p>")
        parts["word/document.xml"] = (body[:at] + b'<w:r><w:footnoteReference w:id="1"/></w:r>'
                                      + body[at:])
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)


def _found(proc):
    data = json.loads(proc.stdout)
    return {(f["rule"], f["line"], f["column"]) for f in data["files"][0]["findings"]}


def test_word_file_with_table_picture_and_footnote_is_checked_like_a_plain_one(tmp_path):
    text = seed_text("001")
    plain, rich = tmp_path / "plain.docx", tmp_path / "rich.docx"
    word_file(plain, text, picture=None)
    word_file(rich, text, table=True, picture=0, footnote=True)
    before = sha(rich)
    a = run_cli("check", plain, "--format", "json")
    b = run_cli("check", rich, "--format", "json")
    assert a.returncode == b.returncode == 1, b.stderr
    assert _found(a) and _found(a) <= _found(b)
    assert sha(rich) == before


def test_word_file_large_with_pictures_is_limited_by_its_text(tmp_path):
    big = tmp_path / "带照片.docx"
    word_file(big, seed_text("002"), picture=3 * 1024 * 1024)
    assert big.stat().st_size > 3 * 1024 * 1024
    ok = run_cli("check", big, "--max-size", "1", "--format", "json")
    assert ok.returncode == 1 and _found(ok), ok.stderr
    long_text = tmp_path / "长.docx"
    word_file(long_text, seed_text("002") * 160, picture=None)   # about 1.1 MB of text
    refused = run_cli("check", long_text, "--max-size", "1")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "文字过多" in refused.stderr


def test_zip_bomb_named_docx_is_refused_before_unpacking(tmp_path):
    bomb = tmp_path / "bomb.docx"
    word_file(bomb, "青山镇2024年度法治政府建设情况报告", picture=None)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/padding.xml", b"\0" * (12 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    before = sha(bomb)
    proc = run_cli("check", bomb, "--max-size", "1")
    assert proc.returncode == 2 and "解压后过大" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert sha(bomb) == before


# --- sizes --------------------------------------------------------------------------------------------

def test_fifty_megabytes_are_refused_in_one_line_from_file_and_stdin(tmp_path):
    huge = tmp_path / "粘贴.txt"
    block = seed_path("003").read_bytes()
    with open(huge, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    before = sha(huge)
    for args, stdin in (((huge,), None), (("-",), huge.read_bytes())):
        proc = run_cli("check", *args, input=stdin, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and "过大" in proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
    assert sha(huge) == before


def test_a_one_megabyte_line_is_checked(tmp_path):
    seed = seed_text("003")
    title, _, rest = seed.partition("\n")
    paragraph = rest.replace("\n", "")
    line = (paragraph * (1024 * 1024 // len(paragraph.encode("utf-8")) + 1))
    text = title + "\n" + line + "\n"
    assert len(line.encode("utf-8")) > 1024 * 1024
    result = Runner(Options(use_config=False, max_text=4 * 1024 * 1024)).check_text(text, "一行.txt")
    assert result.error is None and result.findings
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert result.doc.position(f.start)[0] in (1, 2)


def test_a_batch_keeps_one_copy_of_each_message(drafts):
    results = list(parallel.check_all(Runner(Options(use_config=False)), _paths(drafts), 2))
    findings = [f for r in results for f in r.findings]
    assert len(findings) > 100
    assert len({id(f.message) for f in findings}) == len({f.message for f in findings})


def test_a_bug_met_on_one_draft_fails_that_draft_only(drafts, monkeypatch):
    from checker.engine.apply import Engine
    real = Engine.check

    def buggy(self, doc, *a, **kw):
        if "00005" in doc.path:
            raise KeyError("十")
        return real(self, doc, *a, **kw)

    monkeypatch.setattr(Engine, "check", buggy)
    paths = _paths(drafts)
    results = list(parallel.check_all(Runner(Options(use_config=False)), paths, 1))
    failed = [r for r in results if r.error and "内部错误" in r.error]
    assert [r.path for r in failed] == [p for p in paths if "00005" in p]
    assert "KeyError" in failed[0].error and "\n" not in failed[0].error
    assert sum(1 for r in results if r.findings) >= len(paths) - 3
    monkeypatch.setenv("FZLINT_DEBUG", "1")
    with pytest.raises(KeyError):
        list(parallel.check_all(Runner(Options(use_config=False)), paths[:6], 1))


def test_huge_rule_pack_is_refused_before_parsing(tmp_path):
    from checker.engine import packs
    pack = tmp_path / "huge.yaml"
    entry = "  - {pattern: 违法违规行为, use: 违法行为}\n"
    pack.write_text("pack: huge\nrules:\n  - id: XC101\n    kind: substitution\n"
                    "    category: wording\n    severity: info\n    message: m\n    entries:\n"
                    + entry * (3 * 1024 * 1024 // len(entry.encode("utf-8"))), encoding="utf-8")
    with pytest.raises(packs.PackError, match="过大"):
        packs.load([str(pack)], builtin=False)
