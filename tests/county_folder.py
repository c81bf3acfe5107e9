"""A county reviewer's folder, built for the tests: drafts made from seeds/ by
bench/make_drafts.py in mixed formats (.txt, .md, .docx via python-docx), each named as the
townships name their files (马楼乡2024年度法治政府建设情况报告.docx: the township is the only
part of the name that differs), plus a cover note (报送说明.txt) and a README.md, which are no
reports."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COVER_NOTE = """关于报送2024年度法治政府建设情况报告的说明

县司法局：
　　按照县委依法治县办的通知要求，现将各乡镇2024年度报告汇总报送，请审阅。
　　联系人：王明，电话：0375-1234567。

县司法局法制股
2025年1月15日
"""

README = """# 各乡镇草稿

每个乡镇一个文件，文件名写乡镇名称。收齐后由法制股统一审核。
"""

FORMATS = ("txt", "md", "docx")


def build(folder: Path, n: int = 42) -> list[Path]:
    """Write n drafts, the cover note and the README into folder; the drafts' paths."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_drafts import _write_docx, draft_text, load_seeds
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from checker.model.document import Document
    folder.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds()
    drafts, used = [], set()
    for i in range(n):
        text = draft_text(seeds, i)
        town = Document(text).body or f"第{i}单位"
        while town in used:
            town += "二"
        used.add(town)
        ext = FORMATS[i % len(FORMATS)]
        path = folder / f"{town}2024年度法治政府建设情况报告.{ext}"
        if ext == "docx":
            _write_docx(text, path)
        else:
            path.write_text(text, encoding="utf-8")
        drafts.append(path)
    (folder / "报送说明.txt").write_text(COVER_NOTE, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")
    return drafts
