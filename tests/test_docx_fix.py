"""`fzlint check 报告.docx --fix` and `--diff`: the safe fixes made in the Word file itself.

Each seed becomes a formatted .docx (office.build_docx: runs of a few characters, bold, red,
italic; a comment, tracked changes and a picture of its own) and is fixed by the real CLI.  The
fixed file has no fixable finding left and the text `--fix` gives for the seed as a text file;
every run keeps its w:rPr; every other member of the package is byte for byte what it was, in
the same order and with the same compression; in word/document.xml only w:t texts changed (and
paragraphs broken mid-sentence were joined); a second --fix changes nothing; a file saved while
fzlint checks it is not written; LibreOffice opens every fixed file.
"""

from __future__ import annotations

import difflib
import io
import zipfile

import pytest
from lxml import etree

import office
from checker.app import docx_fix
from checker.app.fixer import fix_path
from checker.app.runner import Options, Runner
from checker.model.findings import Fix
from checker.readers.docx_map import mapped_text as _plain  # what --annotate/--fix check
from office import w
from util import SEEDS, cli_json, run_cli, seed_text

SEED_IDS = sorted(p.name[:3] for p in SEEDS.iterdir() if p.suffix == ".txt")


@pytest.fixture(scope="session")
def soffice():
    try:
        return office.ensure_libreoffice()
    except office.OfficeUnavailable as err:
        pytest.fail(f"LibreOffice is needed for these tests: {err}")


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    """{seed: (bytes before, the fixed file, CLI stderr)}: one `--fix` run over the five."""
    folder = tmp_path_factory.mktemp("fix")
    paths = {s: office.build_docx(seed_text(s), folder / f"{s}.docx", extras=True, picture=True)
             for s in SEED_IDS}
    before = {s: p.read_bytes() for s, p in paths.items()}
    proc = run_cli("check", "--no-config", "--fix", folder, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    return {s: (before[s], p, proc.stderr) for s, p in paths.items()}


def _text(data: bytes) -> str:
    return _plain(data)


def _fixed_txt(seed, tmp_path, text: str | None = None) -> str:
    txt = tmp_path / f"{seed}.txt"
    txt.write_text(seed_text(seed) if text is None else text, encoding="utf-8")
    run_cli("check", "--no-config", "--fix", txt)
    return txt.read_text(encoding="utf-8")


def _raw_members(data: bytes) -> list[tuple]:
    """(name, compression, CRC, compressed bytes) of each member, in the archive's order."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            head = data[info.header_offset:info.header_offset + 30]
            start = info.header_offset + 30 + int.from_bytes(head[26:28], "little") \
                + int.from_bytes(head[28:30], "little")
            out.append((info.filename, info.compress_type, info.CRC,
                        data[start:start + info.compress_size]))
    return out


# --- what --fix leaves ------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_IDS)
def test_the_fixed_file_has_nothing_left_to_fix(fixed, seed, tmp_path):
    before, path, err = fixed[seed]
    data = path.read_bytes()
    assert data != before and f"已修正 {path} 中的" in err
    report = cli_json(path, "--no-config")["files"][0]
    assert [f for f in report["findings"] if f["fix"]] == []
    # what the text draft of the text the reader read gets (the draft's own tracked insertion
    # read as accepted; the picture's paragraph is one more, empty line)
    read = _text(before)
    assert read.startswith(seed_text(seed).split("\n")[0] + "（初稿）") and read.endswith("\n")
    assert _text(data) == _fixed_txt(seed, tmp_path, read[:-1]) + "\n"


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_other_member_is_byte_identical(fixed, seed):
    before, path, _ = fixed[seed]
    old, new = _raw_members(before), _raw_members(path.read_bytes())
    assert [m[:2] for m in old] == [m[:2] for m in new]          # same order, same compression
    assert "word/media/image1.png" in [m[0] for m in old]
    for a, b in zip(old, new):
        if a[0] != "word/document.xml":
            assert a == b, a[0]
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None


def _runs(data: bytes) -> list[bytes]:
    """The serialised w:rPr of every run of the body, in order."""
    _, body = office.body_of(data)
    return [etree.tostring(r.find(w("rPr"))) if r.find(w("rPr")) is not None else b""
            for r in body.iter(w("r"))]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_run_keeps_its_formatting(fixed, seed):
    before, path, _ = fixed[seed]
    assert _runs(path.read_bytes()) == _runs(before)
    assert len(_runs(before)) > 100


def _skeleton(data: bytes) -> bytes:
    """word/document.xml with every w:t emptied and the paragraphs' order kept."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for t in root.iter(w("t")):
        t.text = ""
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize("seed", ["001", "002", "003", "004"])
def test_only_w_t_texts_change(fixed, seed):
    """No paragraph of these seeds is joined: the document is the same but for w:t texts."""
    before, path, _ = fixed[seed]
    assert _skeleton(path.read_bytes()) == _skeleton(before)


def test_a_sentence_broken_over_paragraphs_is_joined(fixed):
    """Seed 000 breaks sentences over paragraphs (FZ905): their runs move into the first
    paragraph, which keeps its properties; nothing else changes."""
    before, path, _ = fixed["000"]
    old, new = office.body_of(before)[1], office.body_of(path.read_bytes())[1]
    assert len(new.xpath("./w:p")) == len(old.xpath("./w:p")) - 4    # two joins, 3 → 1 each
    lines = _text(path.read_bytes()).split("\n")
    assert any(line.endswith("尊法学法守法用法的良好氛围。") for line in lines)
    assert "的良好氛围。" not in lines


def test_the_drafts_own_comment_revisions_and_picture_are_kept(fixed):
    import docx
    for seed, (before, path, _) in fixed.items():
        d = docx.Document(path)
        assert [(c.author, c.text) for c in d.comments] == [("审核人", "请核对单位全称")]
        body = d.element.body
        assert len(body.xpath(".//w:ins[@w:author='张三']")) == 1
        assert len(body.xpath(".//w:del[@w:author='张三']")) == 1
        assert len(d.inline_shapes) == 1


def test_a_second_fix_changes_nothing(fixed):
    folder = next(iter(fixed.values()))[1].parent
    data = {p: p.read_bytes() for p in folder.iterdir()}
    proc = run_cli("check", "--no-config", "--fix", folder, timeout=600)
    assert "已修正" not in proc.stderr
    assert {p: p.read_bytes() for p in folder.iterdir()} == data


def test_fixed_files_open_in_libreoffice(fixed, soffice, tmp_path):
    proc = office.to_pdf(soffice, [p for _, p, _ in fixed.values()], tmp_path / "pdf",
                         tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    for seed in SEED_IDS:
        pdf = tmp_path / "pdf" / f"{seed}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF") and office.pdf_comments(pdf) == 1


# --- --diff ----------------------------------------------------------------------------------
def test_diff_shows_the_paragraphs_and_writes_nothing(tmp_path):
    path = office.build_docx(seed_text("004"), tmp_path / "报告.docx")
    before = path.read_bytes()
    proc = run_cli("check", "--no-config", "--diff", path)
    assert proc.returncode == 1 and path.read_bytes() == before
    after = _fixed_txt("004", tmp_path)
    want = "".join(difflib.unified_diff(seed_text("004").splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=str(path), tofile=str(path)))
    assert proc.stdout == want
    assert "-马楼乡共聘用法律顾问" in proc.stdout and "受党委政府委托" in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["004.txt", "报告.docx"]


# --- safety ------------------------------------------------------------------------------------
def test_a_file_saved_during_the_check_is_not_written(tmp_path):
    path = office.build_docx(seed_text("004"), tmp_path / "报告.docx")
    runner = Runner(Options(use_config=False))
    real, calls = runner.check_source, []

    def check_and_save(src):
        if not calls:     # the clerk saves a new version in Word while fzlint checks
            office.build_docx(seed_text("004") + "\n新加的一段。", path)
        calls.append(1)
        return real(src)

    runner.check_source = check_and_save
    out = fix_path(runner, str(path), write=True)
    saved = path.read_bytes()
    assert not out.written and "检查期间文件被修改过" in out.note
    assert _text(saved).endswith("新加的一段。")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


def test_a_read_only_docx_is_not_written(tmp_path):
    import os
    path = office.build_docx(seed_text("004"), tmp_path / "报告.docx")
    os.chmod(path, 0o444)
    before = path.read_bytes()
    proc = run_cli("check", "--no-config", "--fix", path)
    assert path.read_bytes() == before and "只读" in proc.stderr


def test_edits_it_cannot_make_are_left_and_said(tmp_path):
    """An edit that inserts a paragraph break, or one on a paragraph whose text the map does not
    give, is not made; the others are."""
    path = office.build_docx("第一段,有逗号。\n第二段,也有。", tmp_path / "d.docx")
    data = path.read_bytes()
    text = _text(data)
    a, b = text.index(","), text.rindex(",")
    done = docx_fix.fix_package(data, text, [Fix(a, a + 1, "，"), Fix(b, b + 1, "\n")])
    assert done.applied == [Fix(a, a + 1, "，")] and done.skipped == [Fix(b, b + 1, "\n")]
    assert _text(done.data) == "第一段，有逗号。\n第二段,也有。"
    other = "第一段,有逗号。\n一、第二段,也有。"          # a reader that adds the list number
    done = docx_fix.fix_package(data, other, [Fix(a, a + 1, "，"), Fix(b + 2, b + 3, "，")])
    assert len(done.applied) == 1 and len(done.skipped) == 1
    with pytest.raises(docx_fix.DocxFixError):
        docx_fix.fix_package(data, "只有一段", [Fix(0, 1, "x")])


# --- the zip -----------------------------------------------------------------------------------
def _rezip(data: bytes, stored: bool, streamed: bool) -> bytes:
    """The package re-zipped: document.xml stored or deflated; written to a stream that cannot
    seek (so every member has a data descriptor) when `streamed`."""
    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.buf = bytearray()

        def writable(self):
            return True

        def write(self, b):
            self.buf += b
            return len(b)

    sink = Unseekable() if streamed else io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(sink, "w") as out:
        for info in src.infolist():
            kind = zipfile.ZIP_STORED if stored and info.filename == "word/document.xml" \
                else zipfile.ZIP_DEFLATED
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), src.read(info), kind)
        out.comment = b"fzlint test archive"
    return bytes(sink.buf) if streamed else sink.getvalue()


@pytest.mark.parametrize("stored,streamed", [(True, False), (False, True), (True, True)])
def test_a_member_is_replaced_in_any_zip(tmp_path, stored, streamed):
    path = office.build_docx(seed_text("004"), tmp_path / "d.docx", picture=True)
    data = _rezip(path.read_bytes(), stored, streamed)
    runner = Runner(Options(use_config=False))
    path.write_bytes(data)
    out = fix_path(runner, str(path), write=True)
    assert out.written
    new = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(new)) as z:
        assert z.testzip() is None and z.comment == b"fzlint test archive"
        assert z.getinfo("word/document.xml").compress_type == \
            (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    for a, b in zip(_raw_members(data), _raw_members(new)):
        if a[0] != "word/document.xml":
            assert a == b
    report = cli_json(path, "--no-config")["files"][0]
    assert [f for f in report["findings"] if f["fix"]] == []


def test_fixes_across_tabs_breaks_and_a_hyperlink(tmp_path):
    """Fixes that swallow a tab or a line break, inside a hyperlink, across runs, beside a
    carriage return in a w:t: the text is what the text draft gets, formatting and the
    hyperlink stay."""
    from checker.app.fixer import fix_text
    path = office.tricky_docx(tmp_path / "tricky.docx")
    before = path.read_bytes()
    runner = Runner(Options(use_config=False, select=["punctuation", "typo"]))
    result = runner.check_path(str(path))
    want = fix_text(runner, result.doc.source, result)[0]
    out = fix_path(runner, str(path), write=True)
    assert out.written and _text(path.read_bytes()) == want == out.after
    assert _runs(path.read_bytes()) == _runs(before)
    _, body = office.body_of(path.read_bytes())
    assert len(body.xpath(".//w:hyperlink/w:r")) == 1
    assert [f for f in runner.check_path(str(path)).findings if f.fix] == []
