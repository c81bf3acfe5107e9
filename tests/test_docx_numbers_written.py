"""--annotate and --fix on a .docx with automatic numbering: the numbers Word shows
(numbering.xml) are part of the text these writing paths check (checker.readers.wordml
.paragraph_labels → checker.readers.docx_map), so their findings are those of `fzlint check`;
a finding on a number anchors its comment on the paragraph, and its fix — there is no run to
change — is left to the comment."""

from __future__ import annotations

import io
import json

import docx

import office_files as of
from util import run_cli

TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告"


def _numbered(path, top_text="%1、"):
    a = of.abstract(0, of.lvl(0, "chineseCounting", top_text),
                    of.lvl(1, "chineseCounting", "（%2）"))
    body = [of.p(TITLE),
            of.p("推进法治政府建设的主要举措和成效", num=1),
            of.p("健全制度", num=1, ilvl=1),
            of.p("全年开展普法活动4余次,发放资料。"),
            of.p("存在的不足和原因", num=1), of.p("队伍建设有待加强，原因是培训不够。"),
            of.p("党政主要负责人履行推进法治建设第一责任人职责情况", num=1),
            of.p("主要负责人认真履职。"),
            of.p("下一年度主要安排", num=1), of.p("继续推进。"),
            of.p("青山镇人民政府"), of.p("2025年1月10日")]
    path.write_bytes(of.package("".join(body), of.numbering(a, of.num(1, 0))))
    return path


def _json(*args):
    proc = run_cli("check", "--no-config", "--format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["files"][0]["findings"]


def test_the_annotated_copy_has_the_findings_of_check_numbers_included(tmp_path):
    draft = _numbered(tmp_path / "报告.docx", top_text="%1.")     # "一." : FZ205 on the number
    found = _json(draft)
    assert ("FZ205", 2) in {(f["rule"], f["line"]) for f in found}
    proc = run_cli("check", "--no-config", "--annotate", draft)
    assert proc.returncode == 1, proc.stderr
    copy = docx.Document(str(tmp_path / "报告.fzlint.docx"))
    mine = [c for c in copy.comments if c.author == "fzlint"]
    assert len(mine) == len(found)
    assert sum("FZ205" in c.text for c in mine) == sum(f["rule"] == "FZ205" for f in found)
    # the numbers are still automatic in the copy: no text "一." was written into the runs
    assert not any(p.text.startswith("一.") for p in copy.paragraphs)


def test_fix_keeps_the_numbering_and_fixes_the_runs(tmp_path):
    draft = _numbered(tmp_path / "报告.docx")
    before = _json(draft)
    assert {(f["rule"], f["line"]) for f in before} >= {("FZ801", 4), ("FZ404", 4)}
    proc = run_cli("check", "--no-config", "--fix", draft)
    assert proc.returncode in (0, 1), proc.stderr
    after = {(f["rule"], f["line"]) for f in _json(draft)}
    assert ("FZ801", 4) not in after and ("FZ404", 4) in after     # 4余次 is only suggested
    d = docx.Document(io.BytesIO(draft.read_bytes()))
    assert d.paragraphs[3].text == "全年开展普法活动4余次，发放资料。"
    assert d.paragraphs[1].text == "推进法治政府建设的主要举措和成效"   # the number is not text
    assert d.paragraphs[1]._p.pPr.numPr is not None
