"""A county reviewer's folder of drafts for tests/test_return_notes.py and tests/test_baseline.py:
44 drafts in mixed formats and encodings —

- 乡镇/: 36 drafts from bench/make_drafts.py (UTF-8, UTF-8 with BOM, GB18030 .txt and, about a
  third, .docx);
- 种子/: the five seeds as .md;
- 甲镇/报告.docx, 乙镇/报告.docx (two drafts of one name in two folders) and 甲镇/报告.txt
  (a text draft of the same name beside a Word one).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from util import ROOT, SEEDS, seed_text


def _bench_module(name: str):
    """bench/NAME.py, loaded from its file: bench/ is not put on sys.path (its office.py would
    shadow tests/office.py)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module         # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


_drafts = _bench_module("make_drafts")
make_drafts, _write_docx = _drafts.make_drafts, _drafts._write_docx

N_MADE = 36


def build(folder: Path) -> dict[str, str]:
    """Write the drafts; {key (path relative to folder): encoding or "docx"}."""
    drafts = make_drafts(folder / "乡镇", N_MADE, docx_share=0.3)
    out = {d.path.relative_to(folder).as_posix(): d.encoding for d in drafts}
    (folder / "种子").mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        dest = folder / "种子" / (seed.stem + ".md")
        shutil.copyfile(seed, dest)
        out[dest.relative_to(folder).as_posix()] = "utf-8"
    for town, prefix in (("甲镇", "003"), ("乙镇", "004")):
        (folder / town).mkdir()
        _write_docx(seed_text(prefix), folder / town / "报告.docx")
        out[f"{town}/报告.docx"] = "docx"
    (folder / "甲镇" / "报告.txt").write_text(seed_text("002"), encoding="utf-8")
    out["甲镇/报告.txt"] = "utf-8"
    return out
