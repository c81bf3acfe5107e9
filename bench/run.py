"""fzlint benchmark: whole-process timings of the cases that matter, medians of several runs.

    .venv/bin/python bench/run.py                    # all cases, print the table
    .venv/bin/python bench/run.py --write            # … and write bench/RESULTS.md + results.json
    .venv/bin/python bench/run.py --quick            # one run each, 100 and 1,000 drafts only
    .venv/bin/python bench/run.py --baseline HEAD~20 # also run that git ref; print ratios

Cases
  cold      `fzlint check` of the longest seed in a fresh process (the pre-commit hook):
            default rules, and every rule on (default-off ones too)
  warm      one draft checked inside a process that has already checked one (the editor):
            Runner.check_text on each seed, and a .docx seed through check_path
  batch     a folder of synthetic drafts (bench/make_drafts.py: 5 % .docx, 10 % GB18030),
            with automatic worker processes and with -j 1; then 100 → 10,000 drafts
  memory    peak memory of every case: the largest single process (max RSS) and the whole
            process tree (sum of PSS, sampled every 20 ms, so shared pages count once)

The code measured is a snapshot copied to a temporary folder before the first run (the working
tree by default, or a git ref with --ref), so edits made while the benchmark runs do not leak
into it; the cold cases run once untimed first (fills .pyc files and jieba's cache).  Throughput
counts the UTF-8 size of the drafts' text.  CPU seconds (user + sys of the whole process tree)
are shown too: unlike wall time they barely move when other programs share the machine.

Comparing versions: --baseline REF runs the same cases on a git ref (e.g. the last release)
and adds a ratio column (this version ÷ baseline; below 1 is faster or smaller).  Without
--baseline, the figures of the previous --write (bench/results.json) are the baseline.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_drafts import make_drafts  # noqa: E402

SEED = "003"                      # the longest seed report
CATEGORIES = ("structure", "numbering", "duplicate", "numbers", "consistency", "wording",
              "typo", "punctuation", "format")
TARGETS = {"cold": 0.5, "batch_mb_s": 2.0, "memory_10k_mb": 500}
ENTRY = "import sys; sys.argv[0] = 'fzlint'; from checker.app.cli import run; run()"


# --- measuring one process -------------------------------------------------------------------

@dataclass
class Sample:
    wall: float                 # seconds
    cpu: float                  # user + sys seconds, the process and its waited-for children
    max_rss_mb: float           # largest single process
    tree_mb: float              # peak sum of PSS over the process tree (sampled)
    status: int


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeMemory(threading.Thread):
    """Peak of the summed PSS of a process and its descendants (Linux /proc; 0 elsewhere)."""

    def __init__(self, pid: int, every: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            todo, total = [self.pid], 0
            while todo:
                p = todo.pop()
                total += _pss_kb(p)
                todo.extend(_children(p))
            self.peak_kb = max(self.peak_kb, total)
            self._done.wait(self.every)

    def stop(self):
        self._done.set()
        self.join()


def measure(cmd: list[str], env: dict, cwd: Path, stdout=subprocess.DEVNULL) -> Sample:
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=stdout, stderr=err)
        mem = TreeMemory(proc.pid)
        mem.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        mem.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        code = proc.returncode
        if code not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{' '.join(cmd[-6:])}: exit {code}: {' | '.join(tail)}")
    return Sample(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, mem.peak_kb / 1024, code)


@dataclass
class Case:
    name: str                   # key in results.json
    label: str                  # row label
    samples: list = field(default_factory=list)
    text_bytes: int = 0         # drafts' text checked per run (batch cases)
    files: int = 0
    note: str = ""

    def stat(self, key: str) -> float:
        return statistics.median(getattr(s, key) for s in self.samples)

    def summary(self) -> dict:
        d = {"label": self.label, "runs": len(self.samples), "files": self.files,
             "text_bytes": self.text_bytes, "note": self.note}
        if self.samples:
            walls = [s.wall for s in self.samples]
            d.update(wall=self.stat("wall"), wall_min=min(walls), wall_max=max(walls),
                     cpu=self.stat("cpu"), max_rss_mb=max(s.max_rss_mb for s in self.samples),
                     tree_mb=max(s.tree_mb for s in self.samples))
            if self.text_bytes:
                d["mb_s"] = self.text_bytes / 1e6 / d["wall"]
                d["mb_cpu_s"] = self.text_bytes / 1e6 / d["cpu"]
        return d


# --- the code under test -----------------------------------------------------------------------

def snapshot(dest: Path, ref: str | None) -> Path:
    """Copy checker/ and rules/ (the working tree, or a git ref) into dest; rules/ becomes
    checker/rules as in an installed package.  Returns dest (for PYTHONPATH)."""
    dest.mkdir(parents=True)
    if ref is None:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "checker", dest / "checker", ignore=ignore)
        shutil.copytree(REPO / "rules", dest / "rules", ignore=ignore)
    else:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "checker", "rules"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    if not (dest / "checker" / "rules").exists():
        shutil.copytree(dest / "rules", dest / "checker" / "rules")
    return dest


def describe(ref: str | None) -> str:
    def git(*a):
        return subprocess.run(["git", "-C", str(REPO), *a], capture_output=True,
                              text=True).stdout.strip()
    if ref is not None:
        return f"{ref} ({git('rev-parse', '--short', ref)})"
    dirty = git("status", "--porcelain", "--", "checker", "rules")
    return f"working tree at {git('rev-parse', '--short', 'HEAD')}" + (" + changes" if dirty else "")


class Version:
    """One version of fzlint to measure: a snapshot and the commands that run it."""

    def __init__(self, root: Path, label: str, python: str = sys.executable):
        self.root, self.label, self.python = root, label, python
        self.env = dict(os.environ, PYTHONPATH=str(root), NO_COLOR="1",
                        PYTHONIOENCODING="utf-8")
        self.env.pop("FZLINT_DEBUG", None)
        # cwd: `python -c` puts the current folder first on sys.path
        help_text = subprocess.run([python, "-c", ENTRY, "check", "--help"], env=self.env,
                                   cwd=root, capture_output=True, text=True).stdout
        self.has_jobs = "--jobs" in help_text

    def cli(self, *args) -> list[str]:
        return [self.python, "-c", ENTRY, *map(str, args)]


# --- the cases ------------------------------------------------------------------------------------

def _runs(case: Case, cmd, version: Version, cwd: Path, runs: int, log,
          warm_up: bool = True) -> Case:
    if warm_up:
        measure(cmd, version.env, cwd)                 # untimed: .pyc files, jieba's cache
    for _ in range(runs):
        case.samples.append(measure(cmd, version.env, cwd))
    log(case)
    return case


WARM_SCRIPT = r"""
import json, statistics, sys, time
t0 = time.perf_counter()
from checker.app.runner import Options, Runner
every = sys.argv[1] == "all"
cats = sys.argv[2].split(",")
repeat = int(sys.argv[3])
seeds, docx = sys.argv[4:-1], sys.argv[-1]
r = Runner(Options(extend_select=cats if every else []))
t1 = time.perf_counter()
first = r.check_path(seeds[0])
t2 = time.perf_counter()
texts = [(s, open(s, encoding="utf-8").read()) for s in seeds]
for s, t in texts:
    r.check_text(t, s)
per = []
for _ in range(repeat):
    for s, t in texts:
        a = time.perf_counter(); r.check_text(t, s); per.append(time.perf_counter() - a)
r.check_path(docx)
per_docx = []
for _ in range(max(3, repeat // 2)):
    a = time.perf_counter(); r.check_path(docx); per_docx.append(time.perf_counter() - a)
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "warm": statistics.median(per),
                  "warm_max": max(per), "docx": statistics.median(per_docx),
                  "findings": len(first.findings), "rules": len(r.engine_for(r.config_for(seeds[0])).rules)}))
"""


def warm_case(version: Version, work: Path, seeds: list[Path], docx: Path, every: bool,
              repeat: int) -> dict:
    cmd = [version.python, "-c", WARM_SCRIPT, "all" if every else "default", ",".join(CATEGORIES),
           str(repeat), *map(str, seeds), str(docx)]
    out = subprocess.run(cmd, env=version.env, cwd=work, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"warm case failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def drafts_folder(cache: Path, n: int, docx_share: float) -> tuple[Path, int]:
    """A folder of n synthetic drafts (made once, reused); returns it and its text bytes."""
    gen = (BENCH / "make_drafts.py").stat()
    key = f"{n}-{docx_share}-{int(gen.st_mtime)}-{gen.st_size}"
    folder = cache / f"drafts-{n}"
    stamp = folder / ".made"
    if stamp.exists() and json.loads(stamp.read_text())["key"] == key:
        return folder, json.loads(stamp.read_text())["text_bytes"]
    shutil.rmtree(folder, ignore_errors=True)
    drafts = make_drafts(folder, n, docx_share=docx_share)
    total = sum(d.text_bytes for d in drafts)
    stamp.write_text(json.dumps({"key": key, "text_bytes": total}))
    return folder, total


def run_version(version: Version, work: Path, cache: Path, args, log) -> dict:
    results: dict[str, dict] = {}
    seed_src = next((REPO / "seeds").glob(SEED + "_*.txt"))
    seed = work / "seed.txt"
    shutil.copy(seed_src, seed)
    seeds = []
    for p in sorted((REPO / "seeds").glob("*.txt")):
        seeds.append(work / p.name)
        shutil.copy(p, seeds[-1])
    docx_seed = work / "seed.docx"
    if not docx_seed.exists():
        import docx
        d = docx.Document()
        for line in seed_src.read_text(encoding="utf-8").split("\n"):
            d.add_paragraph(line)
        d.save(str(docx_seed))
    every = ["--extend-select", ",".join(CATEGORIES)]

    def add(case: Case):
        results[case.name] = case.summary()

    add(_runs(Case("cold", "cold check, one seed (default rules)"),
              version.cli("check", seed, "--format", args.format), version, work, args.runs,
              log))
    add(_runs(Case("cold_all", "cold check, one seed (every rule on)"),
              version.cli("check", seed, "--format", args.format, *every), version, work,
              args.runs, log))
    for label, on in (("warm", False), ("warm_all", True)):
        w = warm_case(version, work, seeds, docx_seed, on, args.repeat)
        results[label] = {"label": f"warm check of one draft ({'every rule on' if on else 'default rules'})",
                          "wall": w["warm"], "wall_max": w["warm_max"], "docx": w["docx"],
                          "first": w["first"], "import": w["import"], "rules": w["rules"]}
        log(f"{label}: {w}")

    sizes = sorted(set(args.sizes))
    for n in sizes:
        folder, nbytes = drafts_folder(cache, n, args.docx_share)
        runs = args.batch_runs if n <= 1000 else max(1, min(args.batch_runs, 2))
        jobs_modes = [("auto", [])]
        if n == args.serial_at:
            jobs_modes.append(("j1", ["-j", "1"] if version.has_jobs else []))
        for mode, extra in jobs_modes:
            case = Case(f"batch_{n}_{mode}",
                        f"{n:,} drafts, " + ("automatic workers" if mode == "auto" else "-j 1"),
                        text_bytes=nbytes, files=n)
            cmd = version.cli("check", folder, "--format", args.format, *extra)
            add(_runs(case, cmd, version, work, runs, log, warm_up=False))
    return results


# --- reporting --------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        mem_gb = int(mem.split()[1]) / 1048576
    except (OSError, StopIteration):
        mem_gb = 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    return {"cpu": cpu, "cores": cores, "memory_gb": round(mem_gb, 1),
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(),
            "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "load_before": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def _ratio(cur: dict, base: dict | None, key: str = "wall") -> str:
    if not base or not base.get(key) or not cur.get(key):
        return ""
    return f"×{cur[key] / base[key]:.2f}"


def table(results: dict, baseline: dict | None, base_label: str) -> str:
    ratio_head = f" vs {base_label} |" if baseline else ""
    out = ["| case | wall (median) | min – max | CPU s | text MB/s | peak memory, tree | "
           "largest process |" + ratio_head,
           "|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if baseline else "")]
    for name, r in results.items():
        if name.startswith("warm"):
            continue
        mbs = f"{r['mb_s']:.2f}" if r.get("mb_s") else ""
        row = (f"| {r['label']} | {r['wall']:.3f} s | {r['wall_min']:.3f} – {r['wall_max']:.3f} | "
               f"{r['cpu']:.2f} | {mbs} | {r['tree_mb']:.0f} MB | {r['max_rss_mb']:.0f} MB |")
        if baseline:
            row += f" {_ratio(r, baseline.get(name))} |"
        out.append(row)
    out += ["", "| warm process (editor) | one draft, median | slowest | one .docx | first check after import | import |"
            + (f" vs {base_label} |" if baseline else ""),
            "|---|---:|---:|---:|---:|---:|" + ("---:|" if baseline else "")]
    for name in ("warm", "warm_all"):
        r = results.get(name)
        if not r:
            continue
        row = (f"| {r['label']}, {r['rules']} rules | {r['wall'] * 1000:.1f} ms | "
               f"{r['wall_max'] * 1000:.1f} ms | {r['docx'] * 1000:.1f} ms | "
               f"{r['first'] * 1000:.0f} ms | {r['import'] * 1000:.0f} ms |")
        if baseline:
            row += f" {_ratio(r, baseline.get(name))} |"
        out.append(row)
    return "\n".join(out)


def verdicts(results: dict, cores: int) -> list[str]:
    out = []
    cold = results.get("cold_all", results.get("cold"))
    if cold:
        ok = cold["wall"] <= TARGETS["cold"]
        out.append(f"- cold check of one draft, every rule on: {cold['wall']:.2f} s "
                   f"(target ≤ {TARGETS['cold']} s) — {'met' if ok else 'NOT met'}")
    batch = [r for k, r in results.items() if k.startswith("batch_") and k.endswith("_auto")
             and r["files"] >= 1000]
    if batch:
        best = max(batch, key=lambda r: r["files"])
        thousand = next((r for r in batch if r["files"] == 1000), best)
        ok = thousand["mb_s"] >= TARGETS["batch_mb_s"]
        out.append(f"- batch, {thousand['files']:,} drafts, {cores} cores: {thousand['mb_s']:.2f} MB/s "
                   f"(target ≥ {TARGETS['batch_mb_s']} MB/s) — {'met' if ok else 'NOT met'}; "
                   f"{thousand['mb_cpu_s']:.2f} MB per CPU-second")
        ok = best["tree_mb"] <= TARGETS["memory_10k_mb"]
        out.append(f"- memory, {best['files']:,} drafts: {best['tree_mb']:.0f} MB for the whole "
                   f"process tree (target ≤ {TARGETS['memory_10k_mb']} MB) — {'met' if ok else 'NOT met'}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="timed runs of the cold cases (default 7)")
    ap.add_argument("--batch-runs", type=int, default=3,
                    help="timed runs of each batch case (default 3; 2 above 1,000 drafts)")
    ap.add_argument("--repeat", type=int, default=20, help="warm checks per seed (default 20)")
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                    default=None, help="batch sizes (default 100,1000,3000,10000)")
    ap.add_argument("--serial-at", type=int, default=1000, help="size also run with -j 1")
    ap.add_argument("--docx-share", type=float, default=0.05)
    ap.add_argument("--format", default="text", help="output format of the runs (default text; "
                    "the output goes to /dev/null)")
    ap.add_argument("--ref", help="measure this git ref instead of the working tree")
    ap.add_argument("--baseline", help="git ref to compare with (ratios)")
    ap.add_argument("--quick", action="store_true", help="1 run each, 100 and 1,000 drafts")
    ap.add_argument("--write", action="store_true", help="write bench/RESULTS.md and results.json")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "fzlint-bench"),
                    help="where synthetic drafts are kept between runs")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs, args.batch_runs, args.repeat = 2, 1, 5
    if args.sizes is None:
        args.sizes = [100, 1000] if args.quick else [100, 1000, 3000, 10000]

    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    meta = machine()

    def log(x):
        if isinstance(x, Case):
            s = x.summary()
            extra = f", {s['mb_s']:.2f} MB/s" if s.get("mb_s") else ""
            x = (f"{x.label}: {s['wall']:.3f} s (cpu {s['cpu']:.2f} s, tree {s['tree_mb']:.0f} MB"
                 f"{extra})")
        print(x, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="fzlint-bench-") as tmp:
        tmp = Path(tmp)
        cur = Version(snapshot(tmp / "current", args.ref), describe(args.ref))
        print(f"measuring {cur.label}", file=sys.stderr)
        (tmp / "work").mkdir()
        results = run_version(cur, tmp / "work", cache, args, log)
        baseline, base_label = None, ""
        if args.baseline:
            base = Version(snapshot(tmp / "baseline", args.baseline), describe(args.baseline))
            print(f"measuring baseline {base.label}", file=sys.stderr)
            (tmp / "work-base").mkdir()
            baseline = run_version(base, tmp / "work-base", cache, args, log)
            base_label = args.baseline
        else:
            prev = BENCH / "results.json"
            if prev.exists():
                old = json.loads(prev.read_text(encoding="utf-8"))
                baseline, base_label = old.get("results"), "previous"
                meta["previous"] = f"{old['meta'].get('version', '?')}, {old['meta'].get('date', '?')}"
    meta["load_after"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    meta["version"] = cur.label
    text = table(results, baseline, base_label)
    lines = verdicts(results, meta["cores"])
    print(text)
    print("\n".join(lines))
    if args.write:
        write(meta, results, text, lines, base_label, baseline)
    return 0


def write(meta, results, text, lines, base_label, baseline) -> None:
    md = BENCH / "RESULTS.md"
    head = ["# Benchmark results", "",
            f"Measured by `bench/run.py` on {meta['date']}: {meta['version']}.", "",
            f"Machine: {meta['cpu']}, {meta['cores']} cores, {meta['memory_gb']} GB RAM, "
            f"{meta['os']}, Python {meta['python']}. "
            f"Load average (1 min) before/after: {meta['load_before']:.2f} / {meta['load_after']:.2f}.",
            ""]
    if baseline:
        head += [f"Ratios: this version ÷ {base_label}"
                 + (f" ({meta['previous']})" if meta.get("previous") else "")
                 + " for the median wall time (below 1 = faster).", ""]
    body = [text, "", "Targets:", *lines, ""]
    old = md.read_text(encoding="utf-8") if md.exists() else ""
    notes = ""
    marker = "<!-- notes: kept by bench/run.py -->"
    if marker in old:
        notes = old[old.index(marker):]
    md.write_text("\n".join(head + body) + "\n" + (notes or marker + "\n"), encoding="utf-8")
    (BENCH / "results.json").write_text(
        json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    print(f"wrote {md} and {BENCH / 'results.json'}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
