"""Whole-process start-up cost of word segmentation: compact dictionary vs jieba's default.

Each case is a fresh ``python -c`` subprocess, run several times after one
untimed warm-up run (which fills .pyc files and dictionary caches); the table
shows the median and the fastest wall-clock time per case.

    .venv/bin/python bench/jieba_init.py            # 7 runs per case
    .venv/bin/python bench/jieba_init.py --runs 15

The figures go into checker/data/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "003_963d346edc5b3a7d.txt"  # the longest seed report

READ_SEED = f"text = open({str(SEED)!r}, encoding='utf-8').read()\n"
JIEBA_QUIET = "import logging, jieba\njieba.setLogLevel(logging.CRITICAL)\n"

# (label, code, fresh cache dir per run?)
CASES = [
    ("python -c pass", "pass", False),
    ("import checker.text.segment", "import checker.text.segment", False),
    (
        "compact: first words(seed)",
        READ_SEED + "from checker.text.segment import words\nwords(text)",
        False,
    ),
    (
        "compact: first words(seed), no cache",
        READ_SEED + "from checker.text.segment import words\nwords(text)",
        True,
    ),
    (
        "compact: first tagged(seed)",
        READ_SEED + "from checker.text.segment import tagged\ntagged(text)",
        False,
    ),
    (
        "jieba default: first tokenize(seed)",
        READ_SEED + JIEBA_QUIET + "list(jieba.tokenize(text))",
        False,
    ),
    (
        "jieba default: first tokenize(seed), no cache",
        READ_SEED + JIEBA_QUIET + "import os\njieba.dt.tmp_dir = os.environ['FZLINT_CACHE_DIR']\n"
        "list(jieba.tokenize(text))",
        True,
    ),
    (
        "jieba default: first posseg.cut(seed)",
        READ_SEED + JIEBA_QUIET + "import jieba.posseg\nlist(jieba.posseg.cut(text))",
        False,
    ),
]


def run_once(code: str, fresh_cache: bool) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory(prefix="fzlint-bench-") as cache_dir:
        if fresh_cache:
            env["FZLINT_CACHE_DIR"] = cache_dir
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
    if proc.returncode != 0 or proc.stderr.strip():
        raise SystemExit(f"case failed or wrote to stderr:\n{code}\n---\n{proc.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]}, {args.runs} runs per case, text: {SEED.name} "
          f"({len(SEED.read_text(encoding='utf-8'))} chars)")
    width = max(len(label) for label, _, _ in CASES)
    print(f"{'case':<{width}}  median   fastest")
    for label, code, fresh in CASES:
        run_once(code, fresh)  # warm-up: .pyc files, shared caches
        times = [run_once(code, fresh) for _ in range(args.runs)]
        print(f"{label:<{width}}  {statistics.median(times):6.3f} s  {min(times):6.3f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
