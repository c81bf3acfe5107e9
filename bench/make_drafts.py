"""Synthetic drafts for benchmarks: many plausible reports made from the five seeds.

Draft i depends only on (seed, i), so the first 100 drafts of a 10,000-draft folder are the same
files as a 100-draft folder.  Each draft is one seed with a new reporting body (杂色镇 → 青石镇
everywhere), a shifted report year, changed counts (全年召开会议10次 → 7次), and now and then a
dropped sentence, two paragraphs swapped, a paragraph borrowed from another seed (so drafts
share text, as real ones copied from each other do) or a longer report.  Files are written as
UTF-8, some as GB18030, UTF-8 with BOM or CRLF, and optionally some as .docx.

Importable (bench/ scripts have bench/ on sys.path; from the repo root use
``sys.path.insert(0, "bench")``)::

    from make_drafts import load_seeds, draft_text, make_drafts
    seeds = load_seeds()
    text = draft_text(seeds, 17)                  # one draft as a string
    drafts = make_drafts("/tmp/drafts", 1000)     # files; [Draft(path, text_bytes, encoding)]

Command line::

    .venv/bin/python bench/make_drafts.py OUT_DIR 1000 [--seed 0] [--docx-share 0.05]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "seeds"

# Characters for made-up place names (common in real township names).
NAME_CHARS = ("青石河桥李王张刘陈杨黄赵周吴郑孙马朱胡林高何罗梁宋唐许韩冯邓曹彭曾萧田董潘袁蔡"
              "蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
              "闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤东西南北新安平和兴隆丰泰宁康"
              "福寿山水沟湾坪岭庄营集店屯堡寨坡")
MEASURE = "项次件人个场份名条家户起元篇期批余"
_COUNT_RE = regex.compile(r"(?<![\d.．])(\d{1,4})(?=[" + MEASURE + r"%％])")
_YEAR_RE = regex.compile(r"(?<!\d)(20[0-3]\d)(?=[\s\u3000]*年)")
_SENT_RE = regex.compile(r"[^。！？；]*[。！？；]")


@dataclass(frozen=True)
class Seed:
    name: str
    text: str
    body: str          # 杂色镇
    year: int          # 2024
    lines: tuple       # the text's lines
    heading: tuple     # per line: is it a heading (or the title/blank)?


@dataclass(frozen=True)
class Draft:
    path: Path
    text_bytes: int    # size of the draft's text in UTF-8 (what "MB of drafts" counts)
    encoding: str      # utf-8, utf-8-sig, gb18030, docx


def load_seeds(folder: Path | str = SEEDS_DIR) -> list[Seed]:
    from checker.model.document import Document
    out = []
    for p in sorted(Path(folder).glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        doc = Document(text, str(p))
        heading_lines = {h.line for h in doc.headings} | set(doc.title_lines)
        lines = tuple(text.split("\n"))
        flags = tuple((i + 1) in heading_lines or len(ln.strip()) < 30
                      for i, ln in enumerate(lines))
        out.append(Seed(p.name, text, doc.body or "", doc.year or 2024, lines, flags))
    if not out:
        raise SystemExit(f"no seeds in {folder}")
    return out


def _place_name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.choice(NAME_CHARS) for _ in range(rng.choice((2, 2, 2, 3)))) + suffix


def _suffix(body: str) -> str:
    for s in ("街道办事处", "街道", "乡", "镇"):
        if body.endswith(s):
            return s
    return "镇"


def _rebody(text: str, old: str, new: str) -> str:
    return text.replace(old, new) if old else text


def _body_paragraphs(seed: Seed) -> list[int]:
    return [i for i, h in enumerate(seed.heading) if not h]


def _recount(par: str, rng: random.Random) -> str:
    def repl(m):
        n = int(m.group(1))
        lo, hi = max(1, n // 2), max(2, n * 2)
        if par[m.end():m.end() + 1] == "余" or n % 10 == 0:   # 10余次, 20场: keep round
            return str(max(10, rng.randint(lo, hi) // 10 * 10))
        return str(rng.randint(lo, hi))
    return _COUNT_RE.sub(repl, par)


def _drop_sentence(par: str, rng: random.Random) -> str:
    sents = _SENT_RE.findall(par)
    if len(sents) < 3:
        return par
    k = rng.randrange(1, len(sents))
    rest = par[sum(len(s) for s in sents):]
    return "".join(s for j, s in enumerate(sents) if j != k) + rest


def draft_text(seeds: list[Seed], i: int, seed: int = 0) -> str:
    """The text of synthetic draft number i (deterministic)."""
    rng = random.Random(f"fzlint-bench:{seed}:{i}")
    base = seeds[i % len(seeds)]
    body = _place_name(rng, _suffix(base.body))
    delta = rng.choice((-2, -1, 0, 0, 0, 1)) if base.year else 0
    lines = list(base.lines)
    body_pars = _body_paragraphs(base)

    for j in body_pars:
        r = rng.random()
        if r < 0.35:
            lines[j] = _recount(lines[j], rng)
        elif r < 0.50:
            lines[j] = _drop_sentence(lines[j], rng)
    if len(body_pars) > 3 and rng.random() < 0.15:
        k = rng.randrange(len(body_pars) - 1)
        a, b = body_pars[k], body_pars[k + 1]
        lines[a], lines[b] = lines[b], lines[a]
    borrowed = 1 if rng.random() < 0.15 else 0
    if rng.random() < 0.05:                       # a long report
        borrowed = rng.randint(6, 14)
    for _ in range(borrowed):
        other = rng.choice(seeds)
        pars = _body_paragraphs(other)
        if not pars or not body_pars:
            break
        par = _rebody(other.lines[rng.choice(pars)], other.body, body)
        at = rng.choice(body_pars) + 1
        lines.insert(at, par)
        body_pars = [p + 1 if p >= at else p for p in body_pars]

    text = _rebody("\n".join(lines), base.body, body)
    if delta:
        text = _YEAR_RE.sub(lambda m: str(int(m.group(1)) + delta), text)
    return text


def _write_docx(text: str, path: Path) -> None:
    import docx
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(str(path))


def make_drafts(out_dir: Path | str, n: int, seed: int = 0, gb18030_share: float = 0.10,
                bom_share: float = 0.03, crlf_share: float = 0.05, docx_share: float = 0.0,
                seeds: list[Seed] | None = None) -> list[Draft]:
    """Write n drafts into out_dir (created if needed); returns them in file-name order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    seeds = seeds or load_seeds()
    drafts = []
    for i in range(n):
        text = draft_text(seeds, i, seed)
        rng = random.Random(f"fzlint-bench-file:{seed}:{i}")
        name = f"{i:05d}_{text.split(chr(10), 1)[0].strip()[:12]}"
        name = regex.sub(r"[\s/\\:*?\"<>|]", "", name)
        r = rng.random()
        if r < docx_share:
            path, enc = out / f"{name}.docx", "docx"
            _write_docx(text, path)
        else:
            r = rng.random()
            if r < gb18030_share:
                enc, data = "gb18030", text.encode("gb18030")
            elif r < gb18030_share + bom_share:
                enc, data = "utf-8-sig", text.encode("utf-8-sig")
            else:
                enc = "utf-8"
                body = text.replace("\n", "\r\n") if rng.random() < crlf_share else text
                data = body.encode("utf-8")
            path = out / f"{name}.txt"
            path.write_bytes(data)
        drafts.append(Draft(path, len(text.encode("utf-8")), enc))
    return drafts


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--docx-share", type=float, default=0.0)
    ap.add_argument("--gb18030-share", type=float, default=0.10)
    args = ap.parse_args(argv)
    drafts = make_drafts(args.out_dir, args.n, seed=args.seed, docx_share=args.docx_share,
                         gb18030_share=args.gb18030_share)
    total = sum(d.text_bytes for d in drafts)
    print(f"{len(drafts)} drafts, {total / 1e6:.1f} MB of text, in {args.out_dir}")


if __name__ == "__main__":
    main()
