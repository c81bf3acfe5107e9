"""Cross-draft duplicate search at scale: time and recall of planted copies for N drafts.

Generates N synthetic drafts from the five seeds and runs what ``fzlint check --cross`` runs
(checker.corpus.index: index every draft in a SQLite file, then ask for each draft which passages also
stand elsewhere), reporting drafts per second and the recall of the copies planted on purpose.

How the drafts are made (deterministic for a given N and --seed):
- each draft takes one seed's skeleton (title, headings, 落款) under a new body name (青石镇 …),
  its body paragraphs shuffled within each part, every number changed, and about 70 % of the
  words of each sentence replaced by other words of the same length from fzlint's dictionary,
  so that drafts of one seed are no longer copies of each other.  Stock phrases (the ignore list
  of rules/duplicates.yaml) are left alone: every draft has them, as real drafts do;
- in a fifth of the drafts a passage of another draft is planted: one to three sentences or a
  whole paragraph, half of them lightly edited (numbers changed, the source's name replaced by
  the target's, one word changed).  A planted copy is *recalled* when the target draft gets a
  finding over the planted text that names the source draft.

    .venv/bin/python bench/cross_drafts.py                 # N = 100, 1000, 10000
    .venv/bin/python bench/cross_drafts.py --sizes 100 1000

Timings exclude generating the drafts; they include building each Document (twice: once to
index it, once to search with it, as no draft is kept in memory), folding, sketching, writing the
index and searching it.  The figures go into README.md ("重复内容").
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import regex  # noqa: E402

from checker.corpus.index import Corpus  # noqa: E402
from checker.model.document import Document  # noqa: E402
from checker.engine.packs import load  # noqa: E402

NAME_CHARS = "青石河桥李王张刘陈杨黄赵周吴郑孙马朱胡林高何罗梁宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江薛雷侯龙史陶黎贺顾毛郝龚邵万严武戴莫孔汤东西南北新安平和兴隆丰泰宁康福寿山水沟湾坪岭庄营集店屯堡寨坡"
MUTATE = 0.7        # share of the words of a sentence replaced in every draft
PLANT = 0.2         # share of drafts that get a copied passage
_HAN = regex.compile(r"^\p{Han}+$")
_SENT = regex.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
_NUM = regex.compile(r"\d+")


class Seed:
    """A seed cut up for the generator: its lines, which are body paragraphs, its words."""

    def __init__(self, path: Path, stock: list[str]):
        from checker.text.segment import words
        self.text = path.read_text(encoding="utf-8")
        doc = Document(self.text, str(path))
        self.body = doc.body or "杂色镇"
        keep = set(doc.title_lines)
        if doc.signature:
            keep.add(doc.position(doc.signature[1])[0])
        if doc.date:
            keep.add(doc.position(doc.date.start)[0])
        heads = {h.line: h for h in doc.headings}
        self.lines = self.text.split("\n")
        # body paragraphs: not the title or 落款, and more than a heading
        self.body_lines = [i for i, ln in enumerate(self.lines)
                           if (i + 1) not in keep and len(ln.strip()) >= 30]
        # per body line: [(word, mutable)] covering the line
        self.tokens = {}
        for i in self.body_lines:
            line = self.lines[i]
            protected = set()
            h = heads.get(i + 1)
            if h is not None:   # a heading and its text on one line: the heading stays
                start = doc.lines[i].start
                protected.update(range(0, h.end - start))
            for phrase in stock + [self.body]:
                for m in regex.finditer(regex.escape(phrase), line):
                    protected.update(range(m.start(), m.end()))
            self.tokens[i] = [(w, bool(_HAN.match(w)) and 2 <= len(w) <= 4
                               and not protected & set(range(s, e)))
                              for w, s, e in words(line)]


def vocabulary() -> dict[int, list[str]]:
    by_len: dict[int, list[str]] = {2: [], 3: [], 4: []}
    for line in (REPO / "checker" / "data" / "dict.txt").read_text(encoding="utf-8").splitlines():
        w = line.split(" ", 1)[0]
        if len(w) in by_len and _HAN.match(w):
            by_len[len(w)].append(w)
    return by_len


def name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.choice(NAME_CHARS) for _ in range(rng.choice((2, 2, 3)))) + suffix


def renumber(text: str, rng: random.Random) -> str:
    return _NUM.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)


def make_draft(seeds, vocab, i: int, salt: int) -> tuple[str, str, list[str]]:
    """(text, body name, body paragraphs) of draft i."""
    rng = random.Random(f"cross:{salt}:{i}")
    seed = seeds[i % len(seeds)]
    body = name(rng, seed.body[-1] if seed.body[-1] in "乡镇" else "镇")
    lines = list(seed.lines)
    for k in seed.body_lines:
        out = []
        for w, mutable in seed.tokens[k]:
            if mutable and rng.random() < MUTATE:
                w = rng.choice(vocab[len(w)])
            out.append(w)
        lines[k] = renumber("".join(out), rng)
    # shuffle body paragraphs within each run between headings
    run: list[int] = []
    body_set = set(seed.body_lines)
    for k in range(len(lines) + 1):
        if k < len(lines) and k in body_set:
            run.append(k)
            continue
        if len(run) > 1:
            texts = [lines[j] for j in run]
            rng.shuffle(texts)
            for j, t in zip(run, texts):
                lines[j] = t
        run = []
    text = "\n".join(lines).replace(seed.body, body)
    return text, body, [lines[k].replace(seed.body, body) for k in seed.body_lines]


def plant(rng: random.Random, vocab, src_pars: list[str], src_body: str,
          dst_body: str) -> tuple[str, str]:
    """A passage of the source draft as it stands there, and as pasted into the target (maybe
    lightly edited)."""
    par = rng.choice([p for p in src_pars if len(p) >= 60] or src_pars)
    sents = [s for s in _SENT.findall(par) if s.strip()]
    if rng.random() < 0.3 or len(sents) <= 1:
        passage = par.strip()
    else:
        n = rng.randint(1, min(3, len(sents)))
        a = rng.randrange(len(sents) - n + 1)
        passage = "".join(sents[a:a + n]).strip()
        if len(passage) < 40 and a + n < len(sents):
            passage += sents[a + n]
    original = passage
    if rng.random() < 0.5:
        passage = renumber(passage, rng).replace(src_body, dst_body)
        words = [m for m in regex.finditer(r"\p{Han}{2}", passage)]
        if words:
            m = rng.choice(words)
            passage = passage[:m.start()] + rng.choice(vocab[2]) + passage[m.end():]
    return original, passage


def generate(n: int, salt: int = 0):
    stock = _stock()
    seeds = [Seed(p, stock) for p in sorted((REPO / "seeds").glob("*.txt"))]
    vocab = vocabulary()
    base = [make_draft(seeds, vocab, i, salt) for i in range(n)]
    texts = [t for t, _, _ in base]
    planted = []   # (target, source, passage as pasted, passage as in the source)
    rng = random.Random(f"plant:{salt}:{n}")
    for i in range(n):
        if n < 2 or rng.random() >= PLANT:
            continue
        j = rng.randrange(n - 1)
        j += j >= i
        original, passage = plant(rng, vocab, base[j][2], base[j][1], base[i][1])
        lines = texts[i].split("\n")
        seed = seeds[i % len(seeds)]
        at = rng.choice(seed.body_lines) + 1
        lines.insert(at, passage)
        texts[i] = "\n".join(lines)
        planted.append((i, j, passage, original))
    return texts, planted


def _stock() -> list[str]:
    import yaml
    data = yaml.safe_load((REPO / "rules" / "duplicates.yaml").read_text(encoding="utf-8"))
    return [p.replace("“", "").replace("”", "") for p in data["rules"][0]["ignore"]]


def run(n: int, salt: int = 0) -> dict:
    t0 = time.perf_counter()
    texts, planted = generate(n, salt)
    gen = time.perf_counter() - t0
    rule = load().rules["FZ303"]
    paths = [f"/bench/draft{i:05d}.txt" for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(os.path.join(tmp, "index.sqlite"))
        t1 = time.perf_counter()
        c1 = time.process_time()
        for path, text in zip(paths, texts):
            corpus.add(Document(text, path), path)
        corpus.commit()
        t2 = time.perf_counter()
        c2 = time.process_time()
        found = {}
        findings = 0
        for i, (path, text) in enumerate(zip(paths, texts)):
            shared = corpus.shared(Document(text, path), rule["threshold"], rule["min_chars"],
                                   rule["ignore"], path, rule["max_related"])
            found[i] = shared
            findings += len(shared)
        t3 = time.perf_counter()
        c3 = time.process_time()
        corpus.close()
        size = os.path.getsize(os.path.join(tmp, "index.sqlite"))
    hit = 0
    spans: dict[int, list] = {}   # where findings are expected: planted copies and their sources
    for i, j, passage, original in planted:
        s = texts[i].index(passage)
        e = s + len(passage)
        spans.setdefault(i, []).append((s, e))
        if original in texts[j]:
            s2 = texts[j].index(original)
            spans.setdefault(j, []).append((s2, s2 + len(original)))
        want = f"draft{j:05d}.txt"
        if any(sh.start < e and s < sh.end and any(o.path.endswith(want) for o in sh.others)
               for sh in found[i]):
            hit += 1
    unplanned = sum(1 for i, shs in found.items() for sh in shs
                    if not any(sh.start < e and s < sh.end for s, e in spans.get(i, ())))
    return {"n": n, "generate_s": gen, "index_s": t2 - t1, "search_s": t3 - t2,
            "total_s": t3 - t1, "drafts_per_s": n / (t3 - t1), "planted": len(planted),
            "cpu_index_s": c2 - c1, "cpu_search_s": c3 - c2, "cpu_s": c3 - c1,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "recall": hit / len(planted) if planted else 1.0, "findings": findings,
            "unplanned": unplanned,
            "index_mb": size / 1048576}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print("| drafts | index (s) | search (s) | total (s) | CPU (s) | drafts/s | ×time vs previous "
          "| planted | recall | findings | not planted | index MB | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    prev = None
    for n in args.sizes:
        r = run(n, args.seed)
        growth = (f"×{r['total_s'] / prev['total_s']:.1f} (CPU ×{r['cpu_s'] / prev['cpu_s']:.1f}) "
                  f"for ×{n / prev['n']:.0f}" if prev else "—")
        print(f"| {n:,} | {r['index_s']:.1f} | {r['search_s']:.1f} | {r['total_s']:.1f} | "
              f"{r['cpu_s']:.1f} | {r['drafts_per_s']:.0f} | {growth} | {r['planted']} | "
              f"{r['recall']:.3f} | {r['findings']} | {r['unplanned']} | {r['index_mb']:.1f} | "
              f"{r['rss_mb']:.0f} |", flush=True)
        prev = r


if __name__ == "__main__":
    main()
