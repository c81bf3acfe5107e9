"""A county folder for the pair overview (who copied whom), built for the tests.

42 drafts made from seeds/ by bench/cross_drafts.py's generator (a body name of its own, every
number changed, about seven in ten words replaced, paragraphs shuffled: drafts of one seed are
no copies of one another), written as .txt, .md and .docx in turn, plus:

- TEMPLATE: two paragraphs of the county's required wording in every draft (template
  boilerplate: it must make no pair);
- PLANTED: one paragraph pasted into four drafts (PLANTED_IN): the six pairs among them share it;
- a copied report: COPY is COPIED_FROM's text under another name, with a few edits (another
  body name, two numbers changed, one sentence reworded, one paragraph added);
- a cover note 说明.txt and a README.md, which are no reports.

``build(folder)`` returns {draft index: path}; ``names`` of the copied and planted drafts are
their paths' file names.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 42
FORMATS = ("txt", "md", "docx")
SALT = 13

TEMPLATE = [
    "按照县委全面依法治县委员会办公室的统一部署，本单位对照年度法治建设工作要点逐项梳理任务清单，"
    "明确责任领导和具体承办人员，建立工作台账，实行销号管理，确保各项任务按期保质完成。",
    "本单位坚持把法治建设纳入年度工作目标考核，与业务工作同部署、同推进、同考核，"
    "定期召开专题会议研究解决工作中的困难和问题，形成了主要领导亲自抓、分管领导具体抓的工作格局。",
]
PLANTED = ("创新推出法律明白人与网格员联动机制，在全部行政村设立法律服务工作室，由驻村法律顾问每月"
           "坐班两天，现场解答群众咨询、调处邻里纠纷、审查村规民约，群众足不出村就能找到法律帮助。")
PLANTED_IN = (4, 11, 19, 27)
COPIED_FROM, COPY = 7, 41

# the cover note and README of the county folder: no reports
from county_folder import COVER_NOTE, README  # noqa: E402


def _bench(name: str):
    """bench/NAME.py loaded from its file (bench/ is not put on sys.path)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _insert_after_first_body_line(text: str, paragraphs: list[str], at: int = 0) -> str:
    lines = text.split("\n")
    body = [i for i, ln in enumerate(lines) if len(ln.strip()) >= 30]
    k = body[min(at, len(body) - 1)] + 1 if body else len(lines)
    return "\n".join(lines[:k] + paragraphs + lines[k:])


def texts() -> tuple[list[str], list[str]]:
    """(text, body name) of the N drafts, with the template, the planted paragraph and the
    copy in place."""
    cross = _bench("cross_drafts")
    stock = cross._stock()
    seeds = [cross.Seed(p, stock) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    vocab = cross.vocabulary()
    made = [cross.make_draft(seeds, vocab, i, SALT) for i in range(N)]
    out, bodies = [], []
    for i, (text, body, _) in enumerate(made):
        text = _insert_after_first_body_line(text, TEMPLATE)
        if i in PLANTED_IN:
            text = _insert_after_first_body_line(text, [body + PLANTED], at=4 + i % 3)
        out.append(text)
        bodies.append(body)
    # the copied report: another township's draft under its own name, lightly edited
    src, body = out[COPIED_FROM], bodies[COPIED_FROM]
    new_body = bodies[COPY]
    copy = src.replace(body, new_body)
    copy = copy.replace("2", "3", 2)
    lines = copy.split("\n")
    long = [i for i, ln in enumerate(lines) if len(ln) >= 60]
    lines[long[len(long) // 2]] = "今年以来，" + new_body + "结合本地实际，认真抓好各项工作的落实。"
    lines.insert(long[-1], new_body + "今年还新建了村级法治文化广场两处，群众学法用法的氛围更加浓厚。")
    out[COPY] = "\n".join(lines)
    return out, bodies


def build(folder: Path) -> dict[int, Path]:
    docx = _bench("make_drafts")._write_docx
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    all_texts, bodies = texts()
    used = set()
    for i, (text, body) in enumerate(zip(all_texts, bodies)):
        while body in used:
            body += "二"
        used.add(body)
        ext = FORMATS[i % len(FORMATS)]
        path = folder / f"{body}2024年度法治政府建设情况报告.{ext}"
        if ext == "docx":
            docx(text, path)
        else:
            path.write_text(text, encoding="utf-8")
        paths[i] = path
    (folder / "说明.txt").write_text(COVER_NOTE, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")
    return paths


if __name__ == "__main__":      # python tests/pairs_folder.py DIR: build it to look at
    for i, p in build(Path(sys.argv[1])).items():
        print(i, p)
