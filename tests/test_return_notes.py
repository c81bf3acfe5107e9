"""Return notes (issue 13 item 3): `fzlint check 草稿/ --annotate -o 批注/` writes one annotated
.docx per draft — the annotated copy of a Word draft, a .docx built from the text of a .txt/.md
draft — named after the draft and kept in the draft's subfolder, and the summary sheet
批注/审核汇总表.xlsx + .csv: one row per draft with counts by level, tier and category, the
verdict from the reviewer's config, the top three substantive problems in words.

One real CLI run over a folder of 44 drafts in mixed formats (tests/review_folder.py); the .xlsx
is read back with openpyxl, the CSV decoded with its BOM.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import docx
import openpyxl
import pytest

import review_folder
from checker.app.runner import Options, Runner
from checker.readers.docx_map import mapped_text, w
from checker.reports import sheet
from util import run_cli, seed_text

SUBSTANTIVE = {"structure", "numbering", "duplicate", "numbers", "consistency", "wording", "typo"}
CATEGORY_COLUMNS = {"structure": "结构", "numbering": "序号", "duplicate": "重复",
                    "numbers": "数字", "consistency": "一致性", "wording": "用语",
                    "typo": "错别字", "punctuation": "标点", "format": "格式"}


@pytest.fixture(scope="module")
def round1(tmp_path_factory):
    base = tmp_path_factory.mktemp("review")
    folder, out = base / "草稿", base / "批注"
    kinds = review_folder.build(folder)
    proc = run_cli("check", "--no-config", folder, "--annotate", "-o", out, "-f", "json",
                   timeout=900)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    by_key = {f["path"][len(str(folder)) + 1:]: f for f in data["files"]}
    return folder, out, kinds, by_key, proc.stderr


def _rejected(data: bytes) -> str:
    """The text of an annotated copy with its tracked changes rejected: one line a paragraph,
    deleted text kept, inserted text left out."""
    body = docx.Document(io.BytesIO(data)).element.body
    lines = []
    for p in body.iter(w("p")):
        parts = []
        for el in p.iter(w("t"), w("delText"), w("tab")):
            if any(a.tag == w("ins") for a in el.iterancestors()):
                continue
            parts.append("\t" if el.tag == w("tab") else (el.text or ""))
        lines.append("".join(parts))
    return "\n".join(lines)


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], r)) for r in rows[1:]]


# --- one copy per draft ----------------------------------------------------------------------
def test_the_folder_has_over_forty_drafts_in_mixed_formats(round1):
    _, _, kinds, by_key, _ = round1
    assert len(kinds) >= 40 and set(by_key) == set(kinds)
    suffixes = Counter(k.rsplit(".", 1)[1] for k in kinds)
    assert suffixes["txt"] >= 10 and suffixes["docx"] >= 5 and suffixes["md"] == 5
    assert {"gb18030", "utf-8-sig", "utf-8", "docx"} <= set(kinds.values())


def test_one_annotated_docx_per_draft_named_after_it_in_its_subfolder(round1):
    folder, out, kinds, _, err = round1
    copies = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.fzlint.docx"))
    assert len(copies) == len(kinds) and err.count("已生成批注副本") == len(kinds)
    for key in kinds:
        stem = key.rsplit(".", 1)[0]
        assert f"{stem}.fzlint.docx" in copies or f"{key}.fzlint.docx" in copies, key
    # two drafts 报告.docx in two folders, and 报告.txt beside 报告.docx: none overwrites another
    assert {"甲镇/报告.fzlint.docx", "乙镇/报告.fzlint.docx", "甲镇/报告.txt.fzlint.docx"} <= set(copies)
    jia = mapped_text((out / "甲镇/报告.fzlint.docx").read_bytes())
    jia_txt = mapped_text((out / "甲镇/报告.txt.fzlint.docx").read_bytes())
    yi = mapped_text((out / "乙镇/报告.fzlint.docx").read_bytes())
    assert len({jia, jia_txt, yi}) == 3
    # nothing was written into the drafts' folder
    assert not list(folder.rglob("*.fzlint.docx"))


def test_a_text_draft_becomes_a_docx_of_its_lines_with_a_comment_per_finding(round1):
    folder, out, kinds, by_key, _ = round1
    runner = Runner(Options(use_config=False))
    text_keys = [k for k in kinds if not k.endswith(".docx")]
    assert any(kinds[k] == "gb18030" for k in text_keys)
    for key in text_keys:
        name = key.rsplit(".", 1)[0] + ".fzlint.docx"
        if key == "甲镇/报告.txt":
            name = key + ".fzlint.docx"
        data = (out / name).read_bytes()
        assert _rejected(data) == runner.read(str(folder / key)).text, key   # decoded text
        comments = [c for c in docx.Document(io.BytesIO(data)).comments if c.author == "fzlint"]
        assert len(comments) == len(by_key[key]["findings"]), key
        first = by_key[key]["findings"][0]["message"] if by_key[key]["findings"] else None
        assert first is None or any(c.text.startswith(first) for c in comments)


def _text_copies(round1):
    """(draft key, its copy) for a .md, a GB18030 .txt and a UTF-8 .txt draft."""
    _, out, kinds, _, _ = round1
    picked = []
    for want in ("md", "gb18030", "utf-8"):
        key = next(k for k in sorted(kinds) if (k.endswith(".md") if want == "md"
                                                 else kinds[k] == want and k.endswith(".txt")
                                                 and k != "甲镇/报告.txt"))
        picked.append((key, out / (key.rsplit(".", 1)[0] + ".fzlint.docx")))
    return picked


def test_accepting_a_text_copys_revisions_gives_what_fix_gives(round1, tmp_path):
    import office
    folder = round1[0]
    for key, copy in _text_copies(round1):
        fixed = tmp_path / key.replace("/", "_")
        fixed.write_bytes((folder / key).read_bytes())
        run_cli("check", "--no-config", "--fix", fixed)
        want = Runner(Options(use_config=False)).read(str(fixed)).text
        assert mapped_text(office.accept_all(copy.read_bytes())) == want, key


def test_text_copies_open_in_libreoffice_with_every_comment(round1, tmp_path):
    import office
    try:
        soffice = office.ensure_libreoffice()
    except office.OfficeUnavailable as err:
        pytest.fail(f"LibreOffice is needed for this test: {err}")
    copies = [c for _, c in _text_copies(round1)]
    pdfs = tmp_path / "pdf"
    proc = office.to_pdf(soffice, copies, pdfs, tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    for copy in copies:
        pdf = pdfs / (copy.name[:-len(".docx")] + ".pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
        assert office.pdf_comments(pdf) == len(docx.Document(str(copy)).comments) > 0


# --- the sheet -------------------------------------------------------------------------------
def test_the_xlsx_has_one_row_per_draft_with_its_counts(round1):
    _, out, kinds, by_key, err = round1
    assert "已生成审核汇总表" in err
    ws = openpyxl.load_workbook(out / "审核汇总表.xlsx").active
    head, rows = _rows(ws)
    assert head[:3] == ["草稿", "结论", "退回理由"] and head[-2:] == ["主要问题", "批注副本"]
    assert "新增" not in head                     # no baseline, no round columns
    assert sorted(r["草稿"] for r in rows) == sorted(kinds)
    for r in rows:
        found = by_key[r["草稿"]]["findings"]
        levels = Counter(f["severity"] for f in found)
        cats = Counter(f["category"] for f in found)
        assert (r["错误"], r["警告"], r["提示"]) == (levels["error"], levels["warning"],
                                                   levels["info"])
        for cat, col in CATEGORY_COLUMNS.items():
            assert r[col] == cats[cat], (r["草稿"], cat)
        subst = sum(n for c, n in cats.items() if c in SUBSTANTIVE)
        assert (r["实质问题"], r["格式问题"]) == (subst, len(found) - subst)
        # the default verdict: any error returns the draft
        assert r["结论"] == ("退回修改" if levels["error"] else "通过"), r["草稿"]
        assert bool(r["退回理由"]) == bool(levels["error"])
        copy = r["批注副本"]
        assert (out / copy).is_file() and copy.endswith(".fzlint.docx")
    verdicts = Counter(r["结论"] for r in rows)
    assert verdicts["通过"] and verdicts["退回修改"]        # the folder has both kinds


def test_the_top_problems_are_substantive_worst_first_in_words(round1):
    _, out, _, by_key, _ = round1
    _, rows = _rows(openpyxl.load_workbook(out / "审核汇总表.xlsx").active)
    rank = {"error": 2, "warning": 1, "info": 0}
    for r in rows:
        found = [f for f in by_key[r["草稿"]]["findings"] if f["category"] in SUBSTANTIVE]
        lines = (r["主要问题"] or "").split("\n") if r["主要问题"] else []
        assert len(lines) == min(3, len({f["rule"] for f in found})), r["草稿"]
        picked = []
        for i, line in enumerate(lines, 1):
            assert line.startswith(f"{i}. 第 ")
            where, message = line.split("：", 1)
            match = [f for f in found if f["message"] == message
                     and f"第 {f['line']} " in where]
            assert match, line
            picked.append(match[0])
        assert len({f["rule"] for f in picked}) == len(picked)        # one per rule
        levels = [rank[f["severity"]] for f in picked]
        assert levels == sorted(levels, reverse=True)
        if found and lines:      # nothing worse was left out
            assert rank[picked[0]["severity"]] == max(rank[f["severity"]] for f in found)


def test_the_xlsx_is_frozen_filtered_and_fitted_to_chinese_text(round1):
    _, out, kinds, _, _ = round1
    ws = openpyxl.load_workbook(out / "审核汇总表.xlsx").active
    assert ws.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(ws.max_column)
    assert ws.auto_filter.ref == f"A1:{last}{len(kinds) + 1}"
    widest_key = max(sheet.display_width(k) for k in kinds)
    assert ws.column_dimensions["A"].width >= widest_key      # CJK counts double
    assert widest_key > max(len(k) for k in kinds)
    assert ws.column_dimensions["B"].width >= sheet.display_width("退回修改")
    head = [c.value for c in ws[1]]
    top = openpyxl.utils.get_column_letter(head.index("主要问题") + 1)
    assert ws.column_dimensions[top].width <= sheet.MAX_WIDTH
    assert ws[f"{top}2"].alignment.wrap_text


def test_the_csv_has_a_bom_and_the_same_rows(round1):
    _, out, _, _, _ = round1
    raw = (out / "审核汇总表.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    ws = openpyxl.load_workbook(out / "审核汇总表.xlsx").active
    want = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    assert rows == want


# --- the verdict rule from the config; --sheet ---------------------------------------------
def test_the_reviewers_verdict_rule_comes_from_the_config(round1, tmp_path):
    folder, _, _, by_key, _ = round1
    cfg = tmp_path / "审核.yaml"
    cfg.write_text("verdict:\n  return-on: never\n  return-categories: [numbers, consistency]\n",
                   encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    proc = run_cli("check", "--config", cfg, folder / "种子", "--sheet", out, "-f", "concise")
    assert proc.returncode == 1, proc.stderr
    assert (tmp_path / "汇总.csv").is_file()
    _, rows = _rows(openpyxl.load_workbook(out).active)
    assert len(rows) == 5
    for r in rows:
        cats = Counter(f["category"] for f in by_key["种子/" + r["草稿"]]["findings"])
        returned = cats["numbers"] + cats["consistency"] > 0
        assert r["结论"] == ("退回修改" if returned else "通过"), r["草稿"]
        if returned:
            assert "数字问题" in r["退回理由"] or "一致性问题" in r["退回理由"]
        assert r["批注副本"] is None                   # no --annotate, no copies
    assert {r["结论"] for r in rows} == {"通过", "退回修改"}


@pytest.mark.parametrize("block, says", [
    ("verdict: [error]", "verdict: 应为"),
    ("verdict: {return-on: fatal}", "verdict.return-on"),
    ("verdict: {return-categories: [spelling]}", "未知的类别“spelling”"),
    ("verdict: {return_on: error}", "verdict.return_on: 未知的键"),
])
def test_a_bad_verdict_block_is_one_line_and_exit_2(tmp_path, block, says):
    cfg = tmp_path / ".fzlint.yaml"
    cfg.write_text(block + "\n", encoding="utf-8")
    draft = tmp_path / "报告.txt"
    draft.write_text("某镇2024年度法治政府建设情况报告\n", encoding="utf-8")
    proc = run_cli("check", draft)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert says in proc.stderr and "Traceback" not in proc.stderr


def test_cells_are_text_never_formulas_and_width_counts_cjk_double(tmp_path):
    rows = [sheet.Row("=1+1.txt", sheet.PASS, "", copy="@x.fzlint.docx"),
            sheet.Row("-报告.txt", sheet.RETURN, "错误 1 处", levels={"error": 1},
                      tiers={sheet.SUBSTANTIVE: 1}, categories={"structure": 1},
                      top=["第 1 行：缺少落款"])]
    xlsx, csv_path = sheet.write(rows, str(tmp_path / "表.xlsx"))
    ws = openpyxl.load_workbook(xlsx).active
    assert ws["A2"].value == "=1+1.txt" and ws["A2"].data_type == "s"
    text = open(csv_path, encoding="utf-8-sig").read()
    assert "'=1+1.txt" in text and "'-报告.txt" in text and "'@x.fzlint.docx" in text
    assert sheet.display_width("报告ab") == 6 and sheet.display_width("甲\nabcde") == 5
    _, got = _rows(ws)
    assert got[1]["结构"] == 1 and got[1]["主要问题"] == "1. 第 1 行：缺少落款"


def test_each_draft_is_judged_by_the_verdict_of_its_own_config(tmp_path):
    for town, block in (("宽松", "verdict: {return-on: never}\n"), ("严格", "verdict: {return-on: info}\n")):
        (tmp_path / town).mkdir()
        (tmp_path / town / ".fzlint.yaml").write_text(block, encoding="utf-8")
        (tmp_path / town / "报告.txt").write_text(seed_text("004"), encoding="utf-8")
    proc = run_cli("check", tmp_path / "宽松", tmp_path / "严格", "--sheet", tmp_path / "表.xlsx",
                   "-f", "concise")
    assert proc.returncode == 1, proc.stderr
    _, rows = _rows(openpyxl.load_workbook(tmp_path / "表.xlsx").active)
    got = {r["草稿"]: (r["结论"], r["退回理由"]) for r in rows}
    assert got["宽松/报告.txt"] == ("通过", None)
    assert got["严格/报告.txt"][0] == "退回修改" and "错误、警告、提示" in got["严格/报告.txt"][1]
