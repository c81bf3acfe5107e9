"""Where the time goes: CPU time per rule (and per step before the rules) over synthetic drafts.

    .venv/bin/python bench/rule_costs.py              # 200 drafts, top 25 rules
    .venv/bin/python bench/rule_costs.py -n 500 --top 40 --all-rules

Runs in this process on the working tree.  Steps: reading (bytes → text), the Document's
shared parts (lines, sentences, headings, normalized copy, metadata — each charged once,
before any rule), then each rule in engine order.  A rule that fills a per-document cache
(doc.cache, e.g. jieba words) is charged for it when it runs first; --order reverse shows
whether a cost moves with the order.  CPU time (time.process_time), so other programs on
the machine do not inflate it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from make_drafts import make_drafts  # noqa: E402

DOC_PARTS = ("line_starts", "lines", "paragraphs", "sentences", "headings", "sections",
             "normalized", "title_lines", "title", "addressee", "body", "year", "signature",
             "date")
CATEGORIES = ("structure", "numbering", "duplicate", "numbers", "consistency", "wording",
              "typo", "punctuation", "format")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=200, help="synthetic drafts (default 200)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--all-rules", action="store_true", help="default-off rules too")
    ap.add_argument("--order", choices=("engine", "reverse"), default="engine")
    ap.add_argument("--folder", help="use these drafts instead of synthetic ones")
    args = ap.parse_args(argv)

    from checker.model.document import Document
    from checker.app.runner import Options, Runner
    from checker import kinds
    import tempfile

    if args.folder:
        runner0 = Runner(Options(use_config=False))
        paths = runner0.expand([args.folder])
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory()
        paths = [str(d.path) for d in make_drafts(tmp.name, args.n, docx_share=0.05)]
    runner = Runner(Options(use_config=False,
                            extend_select=list(CATEGORIES) if args.all_rules else []))
    engine = runner.engine_for(runner.config_for(paths[0]))
    rules = list(engine.rules)
    if args.order == "reverse":
        rules.reverse()
    cost: dict[str, float] = defaultdict(float)
    total_bytes = 0
    runner.check_path(paths[0])        # load packs, kinds, jieba outside the timing
    for p in paths:
        t = time.process_time()
        src = runner.read(p)
        cost["(read)"] += time.process_time() - t
        total_bytes += len(src.text.encode("utf-8"))
        doc = Document(src.text, src.path, src.format)
        for part in DOC_PARTS:
            t = time.process_time()
            getattr(doc, part, None)
            cost[f"(doc.{part})"] += time.process_time() - t
        for rule in rules:
            t = time.process_time()
            list(kinds.load(rule.kind).check(doc, rule))
            cost[f"{rule.id} {rule.kind}"] += time.process_time() - t
    total = sum(cost.values())
    n = len(paths)
    print(f"{n} drafts, {total_bytes / 1e6:.2f} MB of text, {len(rules)} rules: "
          f"{total:.2f} CPU s = {total / n * 1000:.1f} ms per draft = "
          f"{total_bytes / 1e6 / total:.2f} MB per CPU-second")
    print(f"{'step':<40} {'ms/draft':>9} {'share':>6}")
    for name, c in sorted(cost.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{name:<40} {c / n * 1000:9.2f} {c / total:6.1%}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
