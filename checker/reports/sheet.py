"""The reviewer's summary sheet: one row per draft — counts by level, tier and category, the
verdict 通过 / 退回修改, the top three substantive problems in words, and with a baseline the
new / known / fixed counts — written as a real .xlsx (openpyxl: frozen header row, a filter,
column widths fitted to Chinese text) and as CSV in UTF-8 with a BOM (Excel opens it as UTF-8).

`fzlint check 草稿/ --annotate -o 批注/` writes 批注/审核汇总表.xlsx and 批注/审核汇总表.csv;
`--sheet 文件.xlsx` writes the two anywhere (checker.app.cli).

Verdict (`Verdict`, set by the reviewer in the config's `verdict:` block): a draft is returned
(退回修改) when it has a finding at or above `return_on` (default error), or any finding in one
of `return_categories`, or could not be checked; otherwise it passes (通过).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field

from checker.errors import one_line
from checker.model.findings import CATEGORIES, SEVERITIES, FileResult

# TIERS: unify with model.findings (another change adds the same mapping there)
TIERS = {"structure": "实质问题", "numbering": "实质问题", "duplicate": "实质问题",
         "numbers": "实质问题", "consistency": "实质问题", "wording": "实质问题",
         "typo": "实质问题", "punctuation": "格式问题", "format": "格式问题"}
SUBSTANTIVE, FORMAL = "实质问题", "格式问题"
CATEGORY_ZH = {"structure": "结构", "numbering": "序号", "duplicate": "重复", "numbers": "数字",
               "consistency": "一致性", "wording": "用语", "typo": "错别字",
               "punctuation": "标点", "format": "格式"}
PASS, RETURN, FAILED = "通过", "退回修改", "无法检查"
TOP = 3                  # substantive problems named per draft
MAX_WIDTH = 60           # widest column, in Excel character units
SHEET_NAME = "审核汇总"


def tier(category: str) -> str:
    """实质问题 or 格式问题; a category of the county's own packs counts as substantive."""
    return TIERS.get(category, SUBSTANTIVE)


@dataclass(frozen=True)
class Verdict:
    return_on: str = "error"                 # error | warning | info | never
    return_categories: tuple[str, ...] = ()

    def judge(self, result: FileResult) -> tuple[str, str]:
        """(通过 / 退回修改 / 无法检查, why in words)."""
        if result.error:
            return FAILED, one_line(result.error)
        why = []
        if self.return_on != "never":
            floor = SEVERITIES.index(self.return_on)
            levels = [s for s in SEVERITIES[floor:][::-1]]
            n = sum(1 for f in result.findings if f.severity in levels)
            if n:
                names = "、".join(_LEVEL_ZH[s] for s in levels)
                why.append(f"{names} {n} 处")
        for cat in self.return_categories:
            n = sum(1 for f in result.findings if f.category == cat)
            if n:
                why.append(f"{CATEGORY_ZH.get(cat, cat)}问题 {n} 处")
        return (RETURN, "；".join(why)) if why else (PASS, "")


_LEVEL_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Row:
    draft: str                      # the draft's key (path relative to the folder)
    verdict: str
    why: str
    levels: dict = field(default_factory=dict)       # severity → count
    tiers: dict = field(default_factory=dict)        # 实质问题/格式问题 → count
    categories: dict = field(default_factory=dict)   # category → count
    top: list = field(default_factory=list)          # the top substantive problems, in words
    baseline: dict | None = None                     # new / known / fixed
    copy: str = ""                                    # the annotated copy written, if any


def row_for(result: FileResult, draft: str, verdict: Verdict, copy: str = "") -> Row:
    decision, why = verdict.judge(result)
    row = Row(draft, decision, why, copy=copy, baseline=result.baseline)
    for f in result.findings:
        row.levels[f.severity] = row.levels.get(f.severity, 0) + 1
        row.tiers[tier(f.category)] = row.tiers.get(tier(f.category), 0) + 1
        row.categories[f.category] = row.categories.get(f.category, 0) + 1
    row.top = top_problems(result)
    return row


def top_problems(result: FileResult, n: int = TOP) -> list[str]:
    """The n worst substantive findings, one per rule: errors first, then by category order
    (structure before numbers before wording …), then by place; each as "第 12 行：message"
    (段 for Word drafts, whose lines are paragraphs)."""
    if result.doc is None:
        return []
    order = {c: i for i, c in enumerate(CATEGORIES)}
    subst = [f for f in result.findings if tier(f.category) == SUBSTANTIVE]
    subst.sort(key=lambda f: (-SEVERITIES.index(f.severity), order.get(f.category, 99),
                              f.start))
    unit = "段" if getattr(result.doc, "format", "text") != "text" else "行"
    out, seen = [], set()
    for f in subst:
        if f.rule in seen:
            continue
        seen.add(f.rule)
        line = result.doc.position(f.start)[0]
        out.append(f"第 {line} {unit}：{f.message}")
        if len(out) == n:
            break
    return out


def header(rows: list[Row]) -> list[str]:
    cols = ["草稿", "结论", "退回理由", "错误", "警告", "提示", SUBSTANTIVE, FORMAL]
    cols += [CATEGORY_ZH[c] for c in CATEGORIES] + [c for c in _extra_categories(rows)]
    cols += ["主要问题"]
    if any(r.baseline is not None for r in rows):
        cols += ["新增", "已知", "已修正"]
    cols += ["批注副本"]
    return cols


def _extra_categories(rows: list[Row]) -> list[str]:
    return sorted({c for r in rows for c in r.categories if c not in CATEGORIES})


def table(rows: list[Row]) -> list[list]:
    """The sheet as a header row and one list of cells per draft (numbers as ints)."""
    extra = _extra_categories(rows)
    with_baseline = any(r.baseline is not None for r in rows)
    out = [header(rows)]
    for r in rows:
        cells = [r.draft, r.verdict, r.why]
        cells += [r.levels.get(s, 0) for s in ("error", "warning", "info")]
        cells += [r.tiers.get(SUBSTANTIVE, 0), r.tiers.get(FORMAL, 0)]
        cells += [r.categories.get(c, 0) for c in list(CATEGORIES) + extra]
        cells += ["\n".join(f"{i}. {t}" for i, t in enumerate(r.top, 1))]
        if with_baseline:
            b = r.baseline or {}
            cells += [b.get("new", ""), b.get("known", ""), b.get("fixed", "")]
        cells += [r.copy]
        if r.verdict == FAILED:   # no counts for a draft that could not be read
            cells[3:-1] = ["" if isinstance(c, int) else c for c in cells[3:-1]]
        out.append(cells)
    return out


def display_width(s: str) -> int:
    """Columns a text takes: 2 for each wide (CJK) character, 1 for the others; the widest
    line of a multi-line cell."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in str(s).split("\n")), default=0)


def xlsx_bytes(rows: list[Row]) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    data = table(rows)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET_NAME
    for cells in data:
        ws.append([ILLEGAL_CHARACTERS_RE.sub(" ", c) if isinstance(c, str) else c
                   for c in cells])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"      # a draft named "=1+1.txt" is text, never a formula
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=False)
    top_col = data[0].index("主要问题") + 1
    for r in range(2, len(data) + 1):
        ws.cell(r, top_col).alignment = Alignment(wrap_text=True, vertical="top")
        verdict = ws.cell(r, 2)
        if verdict.value == RETURN:
            verdict.font = Font(bold=True, color="C00000")
    for i, _ in enumerate(data[0], 1):
        widest = max(display_width(row[i - 1]) for row in data)
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, widest + 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(data[0]))}{len(data)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: list[Row]) -> str:
    """The sheet as CSV (the caller writes it as utf-8-sig).  A cell starting with = + - @ is
    prefixed with ' so that Excel shows it and never runs it as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for cells in table(rows):
        writer.writerow([("'" + c) if isinstance(c, str) and c[:1] in ("=", "+", "-", "@")
                         else c for c in cells])
    return out.getvalue()


def write(rows: list[Row], xlsx_path: str) -> tuple[str, str]:
    """Write the .xlsx and, beside it, the .csv of the same name; (xlsx path, csv path).
    OSError when a file cannot be written."""
    stem = xlsx_path[:-5] if xlsx_path.lower().endswith(".xlsx") else xlsx_path
    xlsx, csv_path = stem + ".xlsx", stem + ".csv"
    _atomic(xlsx, xlsx_bytes(rows))
    _atomic(csv_path, csv_text(rows).encode("utf-8-sig"))
    return xlsx, csv_path


def _atomic(path: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".fzlint-sheet-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
