"""Worst cases within the default limits: whole-process wall time and peak memory of
`fzlint check` on inputs that are valid but built to be expensive.

    .venv/bin/python bench/worst_cases.py                   # every case, 3 runs each
    .venv/bin/python bench/worst_cases.py --runs 1 --cases de,halfwidth
    .venv/bin/python bench/worst_cases.py --ref HEAD~3      # measure a git ref instead
    .venv/bin/python bench/worst_cases.py --baseline HEAD~3 --baseline-runs 1 --baseline-timeout 300
    .venv/bin/python bench/worst_cases.py --write           # … and the section in RESULTS.md

Cases (made once into --cache, deterministic), each as large as the default limits allow
(--max-text, 1 MB of text: checker.readers.source.MAX_TEXT; LIMIT below):
  report      LIMIT of report text: synthetic drafts (bench/make_drafts.py) one after another
              in one file, as a pasted compilation of many reports would be
  seed        LIMIT of report text: the longest seed repeated
  halfwidth   LIMIT of Chinese prose with half-width punctuation after every character
              (依,法;治:…): a finding every 4 bytes
  repeated    LIMIT of one sentence repeated on every line (every line a duplicate)
  de          '的' * 20,000 on one line (60 KB; one doubled character everywhere)
  docx        a .docx of short paragraphs, every one the same sentence, LIMIT of text
  over        a .docx of 200,000 such paragraphs (19 MB of text): refused, and how fast
  cross       `check --cross` on a folder of 3,000 synthetic drafts (each under the limit)

Each run is `fzlint check --format json --ignore FZ100 FILE` (output to /dev/null; every input
checked as a report, whether or not it looks like one) in a fresh process, timed
by run.py's `measure` (wall time, CPU time of the tree, max RSS of the largest process, peak
summed PSS of the process tree sampled every 20 ms); a run longer than --timeout is stopped
and shown as "> N s".  Figures are medians over --runs runs (memory: the largest).  The code
measured is a snapshot (run.py's `snapshot`), so edits made meanwhile do not leak in.  With
--baseline the two versions take turns run by run, so both meet the same machine load (on a
shared machine CPU seconds grow with the load too, not only wall time).

Targets (the robustness issue): every input within the default limits in ≤ 10 s and ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from make_drafts import draft_text, load_seeds  # noqa: E402
from run import (Sample, TreeMemory, Version, describe, drafts_folder, machine,  # noqa: E402
                 snapshot)

TARGET_S, TARGET_MB = 10.0, 1024
MARK_BEGIN = "<!-- worst-cases: written by bench/worst_cases.py -->"
MARK_END = "<!-- /worst-cases -->"
sys.path.insert(0, str(BENCH.parent))
from checker.readers.source import MAX_TEXT as LIMIT  # noqa: E402

SENTENCE = "镇司法所组织开展送法下乡活动，发放宣传资料，接受群众法律咨询。"


def _fill(path: Path, size: int, piece) -> Path:
    """Write pieces (a function of their number, giving text) until size bytes of UTF-8."""
    if path.exists() and path.stat().st_size > 0:
        return path
    out, n, i = [], 0, 0
    while n < size:
        t = piece(i)
        out.append(t)
        n += len(t.encode("utf-8"))
        i += 1
    data = "".join(out).encode("utf-8")[:size]
    data = data[:data.rfind(b"\n") + 1]
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def _docx(path: Path, paragraphs: int) -> Path:
    """A minimal .docx package of n identical paragraphs (written directly: python-docx takes
    minutes for 200,000 paragraphs)."""
    if path.exists():
        return path
    import zipfile
    para = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>"
    body = ("<w:p><w:r><w:t>青石镇2024年度法治政府建设情况报告</w:t></w:r></w:p>"
            + para * paragraphs)
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        "word/document.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body}</w:body>'
            '</w:document>',
    }
    tmp = path.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    tmp.replace(path)
    return path


def make_cases(cache: Path, only: set[str] | None) -> list[tuple[str, str, list[str], int]]:
    """(name, label, arguments after `check`, text bytes) of each case; inputs made once."""
    cache.mkdir(parents=True, exist_ok=True)
    cases = []

    def want(name):
        return only is None or name in only

    mb = LIMIT / 1048576
    if want("report"):
        seeds = load_seeds()
        p = _fill(cache / f"worst-report-{mb:g}mb.txt", LIMIT, lambda i: draft_text(seeds, i) + "\n")
        cases.append(("report", f"{mb:g} MB of report text (synthetic drafts in one file)", [p],
                      p.stat().st_size))
    if want("seed"):
        seed = next((BENCH.parent / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
        p = _fill(cache / f"worst-seed-{mb:g}mb.txt", LIMIT, lambda i: seed.rstrip("\n") + "\n")
        cases.append(("seed", f"{mb:g} MB of report text (one seed repeated)", [p],
                      p.stat().st_size))
    if want("halfwidth"):
        line = "依,法;治:政!府?建,设;" * 5 + "\n"
        p = _fill(cache / f"worst-halfwidth-{mb:g}mb.txt", LIMIT, lambda i: line)
        cases.append(("halfwidth", f"{mb:g} MB of half-width punctuation (a mark per character)",
                      [p], p.stat().st_size))
    if want("repeated"):
        p = _fill(cache / f"worst-repeated-{mb:g}mb.txt", LIMIT, lambda i: SENTENCE + "\n")
        cases.append(("repeated", f"{mb:g} MB of one repeated line", [p], p.stat().st_size))
    if want("de"):
        p = cache / "worst-de-20000.txt"
        if not p.exists():
            p.write_text("的" * 20000 + "\n", encoding="utf-8")
        cases.append(("de", "'的' × 20,000 (60 KB, one line)", [p], p.stat().st_size))
    per = len((SENTENCE + "\n").encode())
    if want("docx"):
        n = LIMIT // per - 1          # just under the limit (one paragraph less)
        p = _docx(cache / f"worst-{n}-paragraphs.docx", n)
        cases.append(("docx", f".docx of {n:,} identical paragraphs ({mb:g} MB of text)", [p],
                      n * per))
    if want("over"):
        p = _docx(cache / "worst-200k-paragraphs.docx", 200_000)
        cases.append(("over", ".docx of 200,000 paragraphs (19 MB of text: refused)", [p],
                      200_000 * per))
    if want("cross"):
        folder, nbytes = drafts_folder(cache, 3000, 0.05)
        cases.append(("cross", "--cross on 3,000 drafts", ["--cross", folder], nbytes))
    return cases


def measure(cmd: list[str], env: dict, cwd: Path, timeout: float) -> Sample | None:
    """One whole-process run (see run.measure); None when it ran past timeout (killed)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        mem = TreeMemory(proc.pid)
        mem.start()
        killed = threading.Event()

        def kill():
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - t0
        mem.stop()
        if killed.is_set():
            return None
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-2:]
            print(f"  exit {code}: {' | '.join(tail)}", file=sys.stderr)
    return Sample(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, mem.peak_kb / 1024, code)


def run_cases(versions, cases, work: Path) -> list[dict]:
    """versions: [(Version, runs, timeout)].  For each case the versions take turns run by
    run (A, B, A, B …), so that they meet the same machine load; a version's case stops at
    its first run past its timeout.  One {case: figures} per version."""
    outs = [{} for _ in versions]
    for name, label, args, nbytes in cases:
        samples = [[] for _ in versions]
        over = [False] * len(versions)
        for k in range(max(runs for _, runs, _ in versions)):
            for i, (version, runs, timeout) in enumerate(versions):
                if k >= runs or over[i]:
                    continue
                # --ignore FZ100: every input is checked as a report, whatever it looks like
                # (a file of punctuation would otherwise get FZ100 alone: no worst case at all)
                cmd = version.cli("check", "--no-config", "--format", "json", "--ignore", "FZ100",
                                  *args)
                s = measure(cmd, version.env, work, timeout)
                if s is None:
                    over[i] = True
                else:
                    samples[i].append(s)
        for i, (version, runs, timeout) in enumerate(versions):
            got = samples[i]
            r = {"label": label, "text_bytes": nbytes, "runs": len(got)}
            if over[i]:
                r["timeout"] = timeout
            if got:
                r.update(wall=statistics.median(s.wall for s in got),
                         wall_min=min(s.wall for s in got), wall_max=max(s.wall for s in got),
                         cpu=statistics.median(s.cpu for s in got),
                         tree_mb=max(s.tree_mb for s in got),
                         max_rss_mb=max(s.max_rss_mb for s in got), exit=got[-1].status)
            outs[i][name] = r
            print(f"{version.label}: {name}: " + (
                f"> {timeout:.0f} s" if not got else
                f"{r['wall']:.2f} s, cpu {r['cpu']:.2f} s, tree {r['tree_mb']:.0f} MB, "
                f"largest {r['max_rss_mb']:.0f} MB, exit {r['exit']}"
                + (f", then > {timeout:.0f} s" if over[i] else "")), file=sys.stderr, flush=True)
    return outs


def table(results: dict, baseline: dict | None, base_label: str) -> str:
    head = ("| case | input | wall (median) | min – max | CPU s | peak memory, tree | "
            "largest process | within 10 s / 1 GB |")
    rule = "|---|---:|---:|---:|---:|---:|---:|---|"
    if baseline:
        head += f" {base_label}: wall | CPU s | tree |"
        rule += "---:|---:|---:|"
    out = [head, rule]

    def cells(r):
        if not r or "wall" not in r:
            t = f"> {r['timeout']:.0f} s" if r and "timeout" in r else "–"
            return t, "", "", "", ""
        wall = f"{r['wall']:.2f} s" + (" (then > {:.0f} s)".format(r["timeout"])
                                        if "timeout" in r else "")
        return (wall, f"{r['wall_min']:.2f} – {r['wall_max']:.2f}", f"{r['cpu']:.2f}",
                f"{r['tree_mb']:.0f} MB", f"{r['max_rss_mb']:.0f} MB")

    for name, r in results.items():
        wall, rng, cpu, tree, rss = cells(r)
        expected = (2,) if name == "over" else (0, 1)     # "over" is to be refused, quickly
        ok = ("yes" if r.get("wall") is not None and "timeout" not in r and r["exit"] in expected
              and r["wall"] <= TARGET_S and r["tree_mb"] <= TARGET_MB else "**no**")
        row = (f"| {r['label']} | {r['text_bytes'] / 1e6:.2f} MB | {wall} | {rng} | {cpu} | "
               f"{tree} | {rss} | {ok} |")
        if baseline:
            b = baseline.get(name)
            bw, _, bc, bt, _ = cells(b)
            row += f" {bw} | {bc} | {bt} |"
        out.append(row)
    return "\n".join(out)


def write_section(meta: dict, text: str) -> None:
    md = BENCH / "RESULTS.md"
    old = md.read_text(encoding="utf-8") if md.exists() else ""
    section = "\n".join([
        MARK_BEGIN,
        "### Worst cases within the default limits (`bench/worst_cases.py`)",
        "",
        f"Measured on {meta['date']}: {meta['version']}; {meta['cores']} cores, load average "
        f"(1 min) before/after {meta['load_before']:.2f} / {meta['load_after']:.2f}. "
        f"Target: every input within the default limits (`--max-text` {LIMIT / 1048576:g} MB of text) "
        f"in ≤ {TARGET_S:.0f} s and ≤ 1 GB; an input over them is refused (exit 2) within the same.",
        "",
        text,
        MARK_END])
    if MARK_BEGIN in old and MARK_END in old:
        a = old.index(MARK_BEGIN)
        b = old.index(MARK_END) + len(MARK_END)
        new = old[:a] + section + old[b:]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    md.write_text(new, encoding="utf-8")
    print(f"wrote the worst-case section of {md}", file=sys.stderr)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per case (default 3)")
    ap.add_argument("--timeout", type=float, default=120, help="stop a run after this many "
                    "seconds (default 120)")
    ap.add_argument("--cases", help="comma-separated subset of: report, seed, halfwidth, "
                    "repeated, de, docx, over, cross")
    ap.add_argument("--ref", help="measure this git ref instead of the working tree")
    ap.add_argument("--baseline", help="git ref also measured, shown next to the figures")
    ap.add_argument("--baseline-runs", type=int, help="runs of the baseline (default --runs)")
    ap.add_argument("--baseline-timeout", type=float, help="timeout of the baseline's runs "
                    "(default --timeout)")
    ap.add_argument("--write", action="store_true", help="write the section of bench/RESULTS.md")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "fzlint-bench"),
                    help="where the inputs are kept between runs")
    args = ap.parse_args(argv)
    only = set(args.cases.split(",")) if args.cases else None
    cases = make_cases(Path(args.cache), only)
    meta = machine()
    with tempfile.TemporaryDirectory(prefix="fzlint-worst-") as tmp:
        tmp = Path(tmp)
        (tmp / "work").mkdir()
        cur = Version(snapshot(tmp / "current", args.ref), describe(args.ref))
        seed = next((BENCH.parent / "seeds").glob("*.txt"))
        subprocess.run(cur.cli("check", "--no-config", seed), env=cur.env, cwd=tmp / "work",
                       capture_output=True, timeout=args.timeout)  # warm-up: .pyc, jieba cache
        versions = [(cur, args.runs, args.timeout)]
        baseline, base_label = None, ""
        if args.baseline:
            base = Version(snapshot(tmp / "baseline", args.baseline), describe(args.baseline))
            versions.append((base, args.baseline_runs or args.runs,
                             args.baseline_timeout or args.timeout))
            base_label = args.baseline
        outs = run_cases(versions, cases, tmp / "work")
        results = outs[0]
        if args.baseline:
            baseline = outs[1]
    meta["load_after"] = os.getloadavg()[0]
    meta["version"] = cur.label
    text = table(results, baseline, base_label)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results,
                                               "baseline": baseline}, ensure_ascii=False,
                                              indent=1) + "\n", encoding="utf-8")
    if args.write:
        write_section(meta, text + (f"\n\nBaseline columns: {describe(args.baseline)}."
                                    if args.baseline else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
