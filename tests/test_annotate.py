"""`fzlint check 报告.docx --annotate`: the annotated copy 报告.fzlint.docx, through the real CLI,
python-docx and a real LibreOffice.

Each seed becomes a formatted .docx (office.build_docx: runs of a few characters, bold, red,
italic; a comment and tracked changes of its own).  Its annotated copy must open in LibreOffice
(converted to PDF, a page rendered to PNG); hold one comment by fzlint per finding, anchored on
exactly the finding's span; keep every character's formatting; keep the draft's own comment and
revisions; and, once its revisions are accepted (by hand on the XML, and by LibreOffice), give
the text `--fix` gives, with no safe-fixable finding left.  The original's bytes never change.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest

import office
from checker.app.annotate import annotate_one
from checker.app.runner import Options, Runner
from checker.model.document import Document
from checker.model.findings import FileResult, Finding, Fix
from checker.reports.annotated_docx import comment_order
from checker.readers import Source
from checker.readers.docx_map import mapped_text as _plain  # what --annotate/--fix check
from checker.reports import excerpt
from checker.reports.annotated_docx import annotate
from office import w
from util import SEEDS, check_file, cli_json, run_cli, seed_text

SEED_IDS = sorted(p.name[:3] for p in SEEDS.iterdir() if p.suffix == ".txt")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="session")
def soffice():
    try:
        return office.ensure_libreoffice()
    except office.OfficeUnavailable as err:
        pytest.fail(f"LibreOffice is needed for these tests: {err}")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """{seed: (original path, its bytes before, the annotated copy, CLI stderr)}, made by one
    run of the real CLI over a folder of the five drafts."""
    folder = tmp_path_factory.mktemp("drafts")
    paths = {s: office.build_docx(seed_text(s), folder / f"{s}报告.docx", extras=True)
             for s in SEED_IDS}
    before = {s: p.read_bytes() for s, p in paths.items()}
    proc = run_cli("check", "--no-config", "--annotate", folder, timeout=600)
    assert proc.returncode == 1, proc.stderr
    return {s: (p, before[s], folder / f"{s}报告.fzlint.docx", proc.stderr)
            for s, p in paths.items()}


def _findings(path):
    """The findings --annotate writes into the copy: those of the plain paragraph text."""
    from checker.readers import read_path
    with open(path, "rb") as fh:
        text = _plain(fh.read())
    revisions = read_path(str(path)).revisions       # the draft's own tracked changes (FZ911)
    result = Runner(Options(use_config=False)).check_source(
        Source(str(path), text, "docx", "docx", revisions=revisions))
    assert result.error is None
    return result


def _mine(document):
    return [c for c in document.comments if c.author == "fzlint"]


# --- the original, the copy's name and place -------------------------------------------------
def test_the_original_is_never_touched_and_each_copy_is_announced(drafts):
    for seed, (path, before, copy, err) in drafts.items():
        assert path.read_bytes() == before
        assert copy.is_file()
        assert f"已生成批注副本 {copy}" in err
    folder = next(iter(drafts.values()))[0].parent
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"{s}报告.docx" for s in SEED_IDS]
                           + [f"{s}报告.fzlint.docx" for s in SEED_IDS])


def test_a_folder_check_skips_the_annotated_copies(drafts):
    folder = next(iter(drafts.values()))[0].parent
    data = cli_json(folder, "--no-config")
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in data["files"]) == \
        sorted(f"{s}报告.docx" for s in SEED_IDS)


def test_output_folder_takes_the_copies(tmp_path):
    draft = office.build_docx(seed_text("004"), tmp_path / "报告.docx")
    out = tmp_path / "批注"
    proc = run_cli("check", "--no-config", "--annotate", draft, "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert [p.name for p in out.iterdir()] == ["报告.fzlint.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["批注", "报告.docx"]
    assert "FZ701" in proc.stdout                  # the findings still go to stdout


def test_text_drafts_get_a_docx_built_from_their_text(tmp_path):
    draft = tmp_path / "报告.txt"
    draft.write_text(seed_text("004"), encoding="utf-8")
    proc = run_cli("check", "--no-config", "--annotate", draft)
    assert proc.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.fzlint.docx", "报告.txt"]
    copy = tmp_path / "报告.fzlint.docx"
    assert _plain(copy.read_bytes()).count("\n") == seed_text("004").count("\n")
    assert f"已生成批注副本 {copy}" in proc.stderr


def test_annotate_with_fix_is_a_usage_error(tmp_path):
    draft = office.build_docx(seed_text("004"), tmp_path / "报告.docx")
    before = draft.read_bytes()
    proc = run_cli("check", "--no-config", "--annotate", "--fix", draft)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "--annotate 不能与 --fix" in proc.stderr
    assert draft.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


def test_a_file_saved_during_the_check_gets_no_copy(tmp_path):
    draft = office.build_docx(seed_text("004"), tmp_path / "报告.docx")
    runner = Runner(Options(use_config=False))
    real, calls = runner.check_source, []

    def check_and_save(src):
        if not calls:     # the clerk saves a new version while fzlint checks the old one
            office.build_docx(seed_text("004") + "\n新加的一段。", draft)
        calls.append(1)
        return real(src)

    runner.check_source = check_and_save
    result, note = annotate_one(runner, str(draft), None)
    assert result.findings and "检查期间文件被修改过，未生成批注副本" in note
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


# --- LibreOffice opens every copy ---------------------------------------------------------
def test_each_copy_opens_in_libreoffice(drafts, soffice, tmp_path):
    pdfs = tmp_path / "pdf"
    proc = office.to_pdf(soffice, [c for _, _, c, _ in drafts.values()], pdfs,
                         tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    import docx
    for seed, (_, _, copy, _) in drafts.items():
        pdf = pdfs / f"{seed}报告.fzlint.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), proc.stdout
        # LibreOffice sees every comment: fzlint's and the draft's own
        assert office.pdf_comments(pdf) == len(docx.Document(copy).comments) > 1
    png = office.render_png(pdfs / "004报告.fzlint.pdf", tmp_path / "page1", dpi=80)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20000


# --- the comments -------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_IDS)
def test_one_comment_per_finding_anchored_on_its_span(drafts, seed):
    import docx
    path, _, copy, _ = drafts[seed]
    result = _findings(path)
    data = copy.read_bytes()
    comments = _mine(docx.Document(io.BytesIO(data)))
    assert len(comments) == len(result.findings) > 0
    anchors = office.anchored_texts(data)
    for f, c in zip(comment_order(result.findings), comments):
        span = result.doc.text[f.start:f.end] if f.start < f.end else result.doc.line_at(f.start).text
        assert anchors[str(c.comment_id)] == span, (f.rule, f.message)
        shown = span.replace("\n", "⏎")
        assert excerpt(result.doc, f) == (shown if len(shown) <= 80 else shown[:79] + "…")
        text = c.text
        assert text.startswith(f.message) and f.rule in text, text
        assert c.initials == "fz" and c.timestamp is not None
        if f.fix is not None:
            assert "建议：" in text and "已标为修订" in text, text


def test_comment_texts_name_the_fix_and_the_related_place(drafts):
    import docx
    path, _, copy, _ = drafts["002"]
    result = _findings(path)
    comments = _mine(docx.Document(copy))
    by_rule = {}
    for f, c in zip(comment_order(result.findings), comments):
        by_rule.setdefault(f.rule, c.text)
    assert "另见第 11 段" in by_rule["FZ301"] and "较早出现的相同的文字" in by_rule["FZ301"]
    assert "另见第" in by_rule["FZ201"]
    assert "建议：删去“[bookmark: _GoBack]”（已标为修订" in by_rule["FZ901"]
    path, _, copy, _ = drafts["004"]
    comments = {f.rule: c.text for f, c in zip(comment_order(_findings(path).findings),
                                                 _mine(docx.Document(copy)))}
    assert "建议：“汇报如下”改为“报告如下”（已标为修订，可接受或拒绝）" in comments["FZ604"]
    assert "规则：FZ701（错误，实质问题）" in comments["FZ701"]


def test_the_drafts_own_comment_and_revisions_are_kept(drafts):
    import docx
    for seed, (path, before, copy, _) in drafts.items():
        data = copy.read_bytes()
        d = docx.Document(io.BytesIO(data))
        (own,) = [c for c in d.comments if c.author == "审核人"]
        assert own.text == "请核对单位全称"
        assert office.anchored_texts(data)[str(own.comment_id)] == seed_text(seed).split("\n")[0]
        body = d.element.body
        (ins,) = body.xpath(".//w:ins[@w:author='张三']")
        (dele,) = body.xpath(".//w:del[@w:author='张三']")
        assert [t.text for t in ins.iter(w("t"))] == ["（初稿）"]
        assert [t.text for t in dele.iter(w("delText"))] == ["草案"]


# --- the tracked changes -----------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_IDS)
def test_accepting_the_revisions_leaves_nothing_to_fix(drafts, seed, tmp_path):
    path, _, copy, _ = drafts[seed]
    data = copy.read_bytes()
    _, body = office.body_of(data)
    marks = body.xpath(".//w:ins[@w:author='fzlint'] | .//w:del[@w:author='fzlint']")
    if any(f.fix for f in _findings(path).findings):
        assert marks
    assert all(ISO.match(m.get(w("date"))) and m.get(w("id")) for m in marks)
    accepted = office.accept_all(data, author="fzlint")
    src = Source("accepted.docx", _plain(accepted), "docx", "docx")
    runner = Runner(Options(use_config=False))
    assert [f for f in runner.check_source(src).findings if f.fix] == []
    # the same text as `fzlint check --fix` gives for the draft's text (the seed, the draft's
    # own tracked insertion read as accepted, as the reader reads it) as a text file
    read = _plain(path.read_bytes())
    assert read.startswith(seed_text(seed).split("\n")[0] + "（初稿）")
    txt = tmp_path / "seed.txt"
    txt.write_text(read, encoding="utf-8")
    run_cli("check", "--no-config", "--fix", txt)
    assert src.text == txt.read_text(encoding="utf-8")
    # rejecting them all gives back the draft as it was
    rejected = _reject_all(data)
    assert _plain(rejected) == read


def _reject_all(data: bytes) -> bytes:
    """Reject fzlint's tracked changes: w:ins goes, w:del is unwrapped (delText back to t)."""
    d, body = office.body_of(data)
    for ins in body.xpath(".//w:ins[@w:author='fzlint'][not(ancestor::w:rPr)]"):
        ins.getparent().remove(ins)
    for de in body.xpath(".//w:del[@w:author='fzlint']"):
        if de.getparent().tag == w("rPr"):
            de.getparent().remove(de)
            continue
        for t in de.iter(w("delText")):
            t.tag = w("t")
        for child in list(de):
            de.addprevious(child)
        de.getparent().remove(de)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_libreoffice_accepts_them_all_to_the_same_text(drafts, soffice, tmp_path):
    """LibreOffice's own Accept All (headless, through UNO) on the copies' tracked changes."""
    bare = tmp_path / "bare"
    bare.mkdir()
    for seed in SEED_IDS:
        (bare / f"{seed}.docx").write_bytes(office.strip_comments(drafts[seed][2].read_bytes()))
    out = tmp_path / "accepted"
    out.mkdir()
    counts = office.libreoffice_accept_all(sorted(bare.iterdir()), out, tmp_path / "profile")
    assert sorted(counts) == [f"{s}.docx" for s in SEED_IDS]
    for seed in SEED_IDS:
        before, after = counts[f"{seed}.docx"]
        assert before > 0 and after == 0
        by_lo = _plain((out / f"{seed}.docx").read_bytes())
        by_hand = _plain(office.accept_all(drafts[seed][2].read_bytes()))
        assert by_lo == by_hand     # 张三's revisions accepted too: the title gains （初稿）
        assert by_lo.split("\n")[0] == seed_text(seed).split("\n")[0] + "（初稿）"


# --- formatting ----------------------------------------------------------------------------------
def _char_formats(data: bytes) -> list[list[bytes]]:
    """Per paragraph, the serialised w:rPr of the run of each original character (in the copy:
    w:t and w:delText outside fzlint's w:ins; the draft's own revisions and the comment
    reference runs are left out)."""
    from lxml import etree
    _, body = office.body_of(data)
    out = []
    for p in body.iterchildren(w("p")):
        row = []
        for r in p.iter(w("r")):
            if any(a.tag in (w("ins"),) or a.tag == w("del") and a.get(w("author")) != "fzlint"
                   for a in r.iterancestors()):
                continue
            rpr = r.find(w("rPr"))
            key = etree.tostring(rpr) if rpr is not None else b""
            for t in r.iter(w("t"), w("delText")):
                row.extend([key] * len(t.text or ""))
        out.append(row)
    return out


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_character_keeps_its_formatting(drafts, seed):
    path, before, copy, _ = drafts[seed]
    data = copy.read_bytes()
    assert _char_formats(data) == _char_formats(before)
    # runs really were split: the copy has more runs than the draft
    assert len(office.body_of(data)[1].xpath(".//w:r")) > len(office.body_of(before)[1].xpath(".//w:r"))
    # an inserted run takes the formatting of the first character it replaces
    _, body = office.body_of(data)
    for ins in body.xpath(".//w:ins[@w:author='fzlint']"):
        prev = ins.getprevious()
        if prev is not None and prev.tag == w("del"):
            new_rpr = ins.find(w("r")).find(w("rPr"))
            old_rpr = prev.find(w("r")).find(w("rPr"))
            from lxml import etree
            assert (etree.tostring(new_rpr) if new_rpr is not None else b"") == \
                (etree.tostring(old_rpr) if old_rpr is not None else b"")


# --- places not in a run -------------------------------------------------------------------
def test_findings_without_a_span_or_off_the_map_anchor_on_their_paragraph(tmp_path):
    """A finding with no span, and one on a paragraph whose text the map does not give (as an
    automatic number the reader adds would be), are anchored on the whole paragraph; a fix
    there is left as a comment only."""
    import docx
    path = office.build_docx("某某镇人民政府\n一、主要举措\n工作扎实,成效明显。", tmp_path / "d.docx")
    data = path.read_bytes()
    # the reader of the future gives the list number "一、" of paragraph 3 as text: not in a run
    text = "某某镇人民政府\n一、主要举措\n一、工作扎实,成效明显。"
    doc = Document(text, str(path), "docx")
    comma = text.index(",")
    findings = [Finding("FZ111", "structure", "warning", "文末没有落款", len(text), len(text)),
                Finding("FZ801", "punctuation", "warning", "应使用全角“，”", comma, comma + 1,
                        fix=Fix(comma, comma + 1, "，")),
                Finding("FZ107", "structure", "info", "标题缺少年度", 0, 7)]
    made = annotate(data, FileResult(str(path), findings, doc), [Fix(comma, comma + 1, "，")],
                    when=datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc))
    assert (made.comments, made.revisions, made.on_paragraph) == (3, 0, 2)
    assert made.not_marked == [Fix(comma, comma + 1, "，")]
    anchors = office.anchored_texts(made.data)
    c111, c107, c801 = _mine(docx.Document(io.BytesIO(made.data)))   # 实质问题 first
    assert anchors[str(c111.comment_id)] == "工作扎实,成效明显。"
    assert anchors[str(c801.comment_id)] == "工作扎实,成效明显。"
    assert "未标为修订，请手工修改" in c801.text
    assert anchors[str(c107.comment_id)] == "某某镇人民政府"


def test_a_tracked_change_is_dated_and_a_join_deletes_the_paragraph_marks(tmp_path):
    """A sentence broken over paragraphs (FZ905, as in seed 000): the fix joins them, the
    tracked change deletes the paragraph marks (LibreOffice accepts seed 000's above)."""
    path = office.build_docx("某镇2024年法治政府建设情况报告\n一、主要举措\n"
                             "我镇扎实推进法治宣传教育，营造尊法学法守法\n\n用法的良好氛围。",
                             tmp_path / "d.docx")
    result = check_file(path)
    runner = Runner(Options(use_config=False))
    from checker.app.fixer import fix_edits
    edits = fix_edits(runner, result.doc.source, result)[0]
    when = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.timezone.utc)
    made = annotate(path.read_bytes(), result, edits, when=when)
    _, body = office.body_of(made.data)
    marks = body.xpath("./w:p/w:pPr/w:rPr/w:del")
    assert [f.rule for f in result.findings if f.fix] == ["FZ905"]
    assert len(marks) == 2 and made.revisions == 1
    assert {(m.get(w("author")), m.get(w("date"))) for m in marks} == {("fzlint", "2025-03-01T09:30:00Z")}
    joined = _plain(office.accept_all(made.data))
    assert joined.split("\n")[2:] == ["我镇扎实推进法治宣传教育，营造尊法学法守法用法的良好氛围。"]
    assert _plain(_reject_all(made.data)) == result.doc.text


# --- the offset → run map ------------------------------------------------------------------
def test_the_map_gives_the_readers_text_and_the_copy_is_sound(tmp_path):
    import docx
    from checker.readers.docx_map import document_map
    path = office.tricky_docx(tmp_path / "tricky.docx")
    data = path.read_bytes()
    maps = document_map(data, docx.Document(path).element)
    assert "\n".join(m.text for m in maps) == _plain(data)
    # as the reader reads it: a tab is a space, the \\r in a w:t is dropped, a line break
    # between "," and a Chinese character is nothing, a newline in a w:t is a space
    assert maps[1].text == "我镇, 推进法治,宣传工作,成效-明显,党委政府 政府要求,，。"
    proc = run_cli("check", "--no-config", "--annotate", "--select", "punctuation,typo", path)
    copy = tmp_path / "tricky.fzlint.docx"
    assert proc.returncode == 1 and copy.is_file(), proc.stderr
    result = check_file(path, select=["punctuation", "typo"])
    copy_data = copy.read_bytes()
    anchors = office.anchored_texts(copy_data)
    comments = _mine(docx.Document(io.BytesIO(copy_data)))
    assert len(comments) == len(result.findings) >= 3     # the marks of a paragraph: one
    assert sum(f.count for f in result.findings) >= 5
    for f, c in zip(comment_order(result.findings), comments):
        assert anchors[str(c.comment_id)] == result.doc.text[f.start:f.end], f.rule
    accepted = _plain(office.accept_all(copy_data))
    runner = Runner(Options(use_config=False, select=["punctuation", "typo"]))
    from dataclasses import replace
    assert [f.rule for f in runner.check_source(replace(result.doc.source, text=accepted)).findings
            if f.fix] == []
    from checker.app.fixer import fix_text
    assert accepted == fix_text(runner, result.doc.source, result)[0]
    assert accepted.split("\n")[1] == "我镇，推进法治，宣传工作，成效-明显，党委政府要求，。"
    # the hyperlink's run was split inside the hyperlink and kept its colour
    _, body = office.body_of(copy_data)
    link_runs = body.xpath(".//w:hyperlink//w:r")
    assert len(link_runs) >= 3
    assert all(r.find(w("rPr")).find(w("color")).get(w("val")) == "0000FF" for r in link_runs)


def test_two_drafts_of_one_name_never_share_a_copy(tmp_path):
    for folder in ("甲镇", "乙镇"):
        (tmp_path / folder).mkdir()
        office.build_docx(seed_text("004"), tmp_path / folder / "报告.docx")
    out = tmp_path / "批注"
    proc = run_cli("check", "--no-config", "--annotate", tmp_path / "甲镇", tmp_path / "乙镇",
                   "-o", out)
    # each under its folder's name (two inputs: the folder's name heads each draft's path)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.docx")) == \
        ["乙镇/报告.fzlint.docx", "甲镇/报告.fzlint.docx"]
    assert proc.stderr.count("已生成批注副本") == 2
