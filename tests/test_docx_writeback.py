"""Issue 11: the writing paths (--annotate, --fix on a .docx) read what the checker reads.

The drafts are built here with python-docx and lxml: the closing (落款, 成文日期) in a text box
(wps:txbx in mc:AlternateContent with a v:textbox Fallback), half-width commas in a table cell,
a text box and a tracked insertion, a paragraph with an automatic number.  For each the
annotated copy holds the comment and the tracked change where the text stands, --fix makes the
change in place, and docx_map's text is the text `fzlint check` reads."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest

import office
from office import W, w
from util import cli_json, run_cli, seed_text

from checker.readers.docx import docx_from
from checker.readers.docx_map import document_map, mapped_text, parse_main

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = (f'xmlns:w="{W}" xmlns:mc="{MC}" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
CELL = "全年办理行政复议案件12件,办结率100%。"
BOX = "本镇共有行政执法人员36名,均持证上岗。"
INSERTED = "推进法治,宣传"


def _paras(lines) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>" for t in lines)


def _box_run(lines, box_id: int = 10) -> str:
    """A run holding a text box: the DrawingML Choice and its VML Fallback, same paragraphs."""
    content = f"<w:txbxContent>{_paras(lines)}</w:txbxContent>"
    return (f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:inline><wp:extent cx="3000000" cy="700000"/>'
            f'<wp:docPr id="{box_id}" name="文本框 {box_id}"/><a:graphic><a:graphicData '
            f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="3000000" cy="700000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            f'</a:prstGeom></wps:spPr><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
            f'</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape style="width:236pt;height:55pt">'
            f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>'
            f'</mc:AlternateContent></w:r>')


def _build(path, body_lines, box=None, cell=None, inserted=None, numbered=None):
    import docx
    from docx.oxml import parse_xml
    d = docx.Document()
    for line in body_lines:
        d.add_paragraph(line)
    if cell is not None:
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).paragraphs[0].add_run("复议")
        table.cell(0, 1).paragraphs[0].add_run(cell)
    if inserted is not None:
        p = d.add_paragraph("我镇")
        p._p.append(parse_xml(f'<w:ins xmlns:w="{W}" w:id="9001" w:author="张三" '
                              f'w:date="2024-12-01T08:00:00Z"><w:r><w:t>{inserted}</w:t></w:r>'
                              '</w:ins>'))
        p.add_run("工作。")
    if numbered is not None:
        d.add_paragraph(numbered, style="List Number")
    if box is not None:
        p = d.add_paragraph()
        p._p.append(parse_xml(_box_run(box)))
    d.save(path)
    return path


def _read(path) -> str:
    return docx_from(path.read_bytes(), str(path)).text


def _closing_split():
    lines = seed_text("000").rstrip("\n").split("\n")
    assert lines[-1] == "大李集镇人民政府 2025年1月2日"
    return lines[:-1], ["大李集镇人民政府", "2025年1月2日"]


def _comments(data: bytes) -> list[str]:
    import docx
    return [c.text for c in docx.Document(io.BytesIO(data)).comments if c.author == "fzlint"]


def _rules(report) -> set[str]:
    return {f["rule"] for f in report["files"][0]["findings"]}


# --- the closing in a text box --------------------------------------------------------------
def test_closing_in_a_text_box_is_no_missing_signature_in_the_annotated_copy(tmp_path):
    body, closing = _closing_split()
    boxed = _build(tmp_path / "boxed.docx", body, box=closing)
    bare = _build(tmp_path / "bare.docx", body)       # the near miss: no closing at all
    assert {"FZ111", "FZ112"} <= _rules(cli_json(bare, "--no-config"))
    before = boxed.read_bytes()
    report = cli_json(boxed, "--no-config", "--annotate")
    assert not {"FZ111", "FZ112"} & _rules(report)
    copy = tmp_path / "boxed.fzlint.docx"
    notes = _comments(copy.read_bytes())
    assert notes and not any("FZ111" in n or "FZ112" in n for n in notes)
    assert boxed.read_bytes() == before                  # the input is only read
    # the bare draft's copy does say so
    run_cli("check", "--no-config", "--annotate", bare)
    assert any("FZ111" in n for n in _comments((tmp_path / "bare.fzlint.docx").read_bytes()))


# --- commas in a table cell, a text box, a tracked insertion -----------------------------------
def _comma_draft(tmp_path):
    return _build(tmp_path / "commas.docx", ["某某镇2024年法治政府建设情况报告", "今年工作扎实。"],
                  box=[BOX], cell=CELL, inserted=INSERTED)


def _containers(el) -> set[str]:
    names = {a.tag.rsplit("}", 1)[1] for a in el.iterancestors()}
    return names & {"tc", "txbxContent", "ins", "Choice", "Fallback"}


def test_commas_in_cell_box_and_insertion_get_comment_and_tracked_change_in_place(tmp_path):
    path = _comma_draft(tmp_path)
    text = _read(path)
    assert CELL in text and BOX in text and "我镇" + INSERTED + "工作。" in text
    report = cli_json(path, "--no-config", "--annotate", "--select", "punctuation")
    commas = [f for f in report["files"][0]["findings"] if f["fix"]]
    assert len(commas) >= 3
    data = (tmp_path / "commas.fzlint.docx").read_bytes()
    _, root = parse_main(data)
    where = {}
    for p in root.iter(w("p")):
        starts = {e.get(w("id")) for e in p.iter(w("commentRangeStart"))}
        ends = {e.get(w("id")) for e in p.iter(w("commentRangeEnd"))}
        refs = {e.get(w("id")) for e in p.iter(w("commentReference"))}
        mine = [d for d in p.iter(w("del")) if d.get(w("author")) == "fzlint"]
        ins = [i for i in p.iter(w("ins")) if i.get(w("author")) == "fzlint"]
        if not mine:
            continue
        # the comment's range and its reference in the very paragraph of the change
        assert starts and starts == ends == refs, "".join(p.itertext())
        assert ["".join(t.text for t in d.iter(w("delText"))) for d in mine] == [","]
        assert ["".join(t.text for t in i.iter(w("t"))) for i in ins] == ["，"]
        key = frozenset(_containers(mine[0]))
        where[key] = "".join(t.text or "" for t in p.iter(w("t")) if t.getparent().getparent()
                             .tag != w("ins") or t.getparent().getparent().get(w("author")) != "fzlint")
    assert frozenset({"tc"}) in where
    assert frozenset({"txbxContent", "Choice"}) in where
    assert frozenset({"ins"}) in where
    assert "".join(_comments(data)).count("规则：") == len(report["files"][0]["findings"])
    # the draft's own insertion keeps its author; our deletion sits inside it
    theirs = [i for i in root.iter(w("ins")) if i.get(w("author")) == "张三"]
    assert len(theirs) == 1 and any(d.get(w("author")) == "fzlint" for d in theirs[0].iter(w("del")))


def test_fix_replaces_the_commas_in_place_and_the_file_rechecks_clean(tmp_path):
    path = _comma_draft(tmp_path)
    before = _read(path)
    proc = run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert proc.returncode in (0, 1), proc.stderr
    after = _read(path)
    assert CELL.replace(",", "，") in after and BOX.replace(",", "，") in after
    assert "我镇" + INSERTED.replace(",", "，") + "工作。" in after
    assert after == before.replace(",", "，")
    report = cli_json(path, "--no-config", "--select", "punctuation")
    assert [f for f in report["files"][0]["findings"] if f["fix"]] == []
    _, root = parse_main(path.read_bytes())
    ins = [i for i in root.iter(w("ins")) if i.get(w("author")) == "张三"]
    assert "".join(t.text for t in ins[0].iter(w("t"))) == INSERTED.replace(",", "，")
    # the VML Fallback of the box shows the fixed text too
    fallback = next(root.iter(f"{{{MC}}}Fallback"))
    assert "".join(t.text for t in fallback.iter(w("t"))) == BOX.replace(",", "，")
    assert list(root.iter(w("tc")))[1].xpath("string(.)") == CELL.replace(",", "，")


# --- automatic numbers ---------------------------------------------------------------------
def test_automatic_number_is_in_no_run_and_a_finding_after_it_is_anchored_exactly(tmp_path):
    path = _build(tmp_path / "num.docx", ["某某镇2024年法治政府建设情况报告"],
                  numbered="健全依法决策机制,规范重大行政决策程序。")
    data = path.read_bytes()
    maps = document_map(data, parse_main(data)[1])
    line = maps[-1]
    label = line.text[:line.text.index("健全")]
    assert label.strip(), line.text                      # the reader renders the number
    assert all(o is None for o in line.origins[:len(label)])
    assert all(o is not None for o in line.origins[len(label):])
    report = cli_json(path, "--no-config", "--annotate", "--select", "punctuation")
    assert any(f["fix"] for f in report["files"][0]["findings"])
    _, root = parse_main((tmp_path / "num.fzlint.docx").read_bytes())
    dels = [d for d in root.iter(w("del")) if d.get(w("author")) == "fzlint"]
    assert ["".join(t.text for t in d.iter(w("delText"))) for d in dels] == [","]


# --- one reading ----------------------------------------------------------------------------
def test_mapped_text_is_the_checkers_text_for_every_docx_of_the_tests(tmp_path):
    body, closing = _closing_split()
    files = [_build(tmp_path / "a.docx", body, box=closing), _comma_draft(tmp_path),
             _build(tmp_path / "n.docx", ["标题"], numbered="第一项,内容"),
             office.tricky_docx(tmp_path / "tricky.docx")]
    for k, seed in enumerate(("000", "001", "002", "003", "004")):
        files.append(office.build_docx(seed_text(seed), tmp_path / f"s{k}.docx", extras=True,
                                       picture=True))
    for f in files:
        assert mapped_text(f.read_bytes()) == _read(f), f.name


# --- LibreOffice opens the copy and holds the comments ------------------------------------------
def test_libreoffice_opens_comments_in_a_text_box_and_a_table_cell(tmp_path):
    try:
        soffice = office.ensure_libreoffice()
    except office.OfficeUnavailable as err:
        pytest.fail(f"LibreOffice is needed for this test: {err}")
    path = _comma_draft(tmp_path)
    run_cli("check", "--no-config", "--annotate", "--select", "punctuation", path)
    copy = tmp_path / "commas.fzlint.docx"
    n = len(_comments(copy.read_bytes()))
    out = tmp_path / "odt"
    proc = subprocess.run([soffice, f"-env:UserInstallation={office.profile_url(office.temp_profile())}",
                           "--headless", "--norestore", "--convert-to", "odt", "--outdir", str(out),
                           str(copy)], capture_output=True, text=True, timeout=300)
    odt = out / "commas.fzlint.odt"
    assert odt.is_file(), proc.stderr
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == n
    assert "fzlint" in content and "本镇共有行政执法人员36名" in content


# --- a span over paragraphs: one container, or anchored on its paragraph ------------------------
BROKEN = ["我镇扎实推进法治宣传教育，营造尊法学法守法", "用法的良好氛围。"]


def _join_draft(path, in_box: bool):
    import docx
    from docx.oxml import parse_xml
    d = docx.Document()
    d.add_paragraph("某镇2024年法治政府建设情况报告")
    d.add_paragraph("一、主要举措")
    if in_box:       # the sentence's end in a text box: the two paragraphs are not neighbours
        d.add_paragraph(BROKEN[0])
        d.add_paragraph()._p.append(parse_xml(_box_run(BROKEN[1:])))
    else:            # both halves in one table cell: neighbours in one container
        cell = d.add_table(rows=1, cols=1).cell(0, 0)
        cell.paragraphs[0].add_run(BROKEN[0])
        cell.add_paragraph(BROKEN[1])
    d.save(path)
    return path


@pytest.mark.parametrize("in_box", [False, True])
def test_a_join_is_made_only_between_neighbouring_paragraphs(tmp_path, in_box):
    path = _join_draft(tmp_path / "j.docx", in_box)
    assert "\n".join(BROKEN) in _read(path)
    report = cli_json(path, "--no-config", "--annotate", "--select", "FZ905")
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["FZ905"]
    _, root = parse_main((tmp_path / "j.fzlint.docx").read_bytes())
    mark_dels = root.xpath("//w:p/w:pPr/w:rPr/w:del", namespaces={"w": W})
    for p in root.iter(w("p")):     # every comment's range and reference within one w:p
        ids = [{e.get(w("id")) for e in p.iter(w(t))}
               for t in ("commentRangeStart", "commentRangeEnd", "commentReference")]
        assert ids[0] == ids[1] == ids[2]
    note = _comments((tmp_path / "j.fzlint.docx").read_bytes())[0]
    if in_box:
        assert mark_dels == [] and "未标为修订" in note
    else:
        assert len(mark_dels) == 1 and "已标为修订" in note
    proc = run_cli("check", "--no-config", "--fix", "--select", "FZ905", path)
    assert proc.returncode in (0, 1), proc.stderr
    joined = "".join(BROKEN) in _read(path)
    assert joined is (not in_box), proc.stderr
