"""Office formats: what a folder of .doc drafts (read through LibreOffice) and of PDFs costs.

    .venv/bin/python bench/office.py              # 50 .doc and 50 .pdf drafts
    .venv/bin/python bench/office.py -n 20 --runs 3

Setup (untimed): N synthetic drafts (bench/make_drafts.py) laid out as 公文 .docx
(tests/office_files.gongwen), converted by LibreOffice to Word 97 .doc and to PDF, one folder
each.  Timed, for each folder, median of --runs:

  cli        `python -m checker check --no-config -j 1 FOLDER` as a whole process
  in-process Runner.expand + check_path of every file: wall time, the share spent reading
             (LibreOffice conversion / PDF text), and how many times LibreOffice was started
             (one start for the whole folder is the design)

Per-draft figures are the totals divided by N.  LibreOffice's first start with a fresh profile
is part of every run (each run has its own profile, as a real run has).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from make_drafts import draft_text, load_seeds  # noqa: E402


def build(folder: Path, n: int) -> tuple[Path, Path]:
    import office_files as of
    from checker.readers.office import find_soffice
    soffice = find_soffice()
    if soffice is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    src = folder / "docx"
    src.mkdir(parents=True)
    seeds = load_seeds()
    docs = []
    for i in range(n):
        f = src / f"draft-{i:03d}.docx"
        f.write_bytes(of.gongwen(draft_text(seeds, i).split("\n"),
                                 header="法治政府建设年度报告（征求意见稿）"))
        docs.append(f)
    of.convert(soffice, docs, "doc:MS Word 97", folder / "doc", timeout=1800)
    of.convert(soffice, docs, "pdf", folder / "pdf", timeout=1800)
    return folder / "doc", folder / "pdf"


def cli_seconds(folder: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--no-config", "-j", "1",
                           "--format", "json", str(folder)], capture_output=True, env=env)
    took = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"fzlint failed on {folder}: {proc.stderr.decode()[-500:]}")
    return took


def in_process(folder: Path) -> dict:
    from checker.app.runner import Options, Runner
    from checker.readers import office, read_path
    starts = []
    real = office.convert_files

    def counting(soffice, jobs, outdir):
        starts.append(len(jobs))
        return real(soffice, jobs, outdir)

    office.convert_files = counting
    office._batch = office._Batch()
    try:
        runner = Runner(Options(use_config=False))
        t0 = time.perf_counter()
        files = runner.expand([str(folder)])
        reading = 0.0
        for f in files:
            r0 = time.perf_counter()
            src = read_path(f, runner.opts.max_bytes)
            reading += time.perf_counter() - r0
            runner.check_source(src)
        total = time.perf_counter() - t0
    finally:
        office.convert_files = real
    return {"files": len(files), "total": total, "reading": reading, "starts": len(starts)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=50, help="drafts per format (default 50)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fzlint-bench-office-"))
    try:
        t0 = time.perf_counter()
        doc_dir, pdf_dir = build(work, args.n)
        print(f"setup: {args.n} .docx → .doc and .pdf by LibreOffice in "
              f"{time.perf_counter() - t0:.1f} s")
        print(f"{'format':6} {'cli s':>7} {'ms/draft':>9} {'in-proc s':>10} {'reading s':>10} "
              f"{'ms/draft':>9} {'LO starts':>9}")
        for name, folder in ((".doc", doc_dir), (".pdf", pdf_dir)):
            cli = [cli_seconds(folder) for _ in range(args.runs)]
            inproc = [in_process(folder) for _ in range(args.runs)]
            n = inproc[0]["files"]
            c = statistics.median(cli)
            t = statistics.median(r["total"] for r in inproc)
            rd = statistics.median(r["reading"] for r in inproc)
            starts = max(r["starts"] for r in inproc)
            print(f"{name:6} {c:7.2f} {1000 * c / n:9.1f} {t:10.2f} {rd:10.2f} "
                  f"{1000 * t / n:9.1f} {starts:9d}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
