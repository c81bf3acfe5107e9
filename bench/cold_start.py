"""Cold start: `fzlint check` of one seed in a fresh process (the pre-commit hook), this version
against another (default: main), runs interleaved, medians; and where the time goes inside one
cold process (Python and imports, loading the packs, the first check).

    .venv/bin/python bench/cold_start.py                   # working tree vs main, 9 runs each
    .venv/bin/python bench/cold_start.py --baseline HEAD~3 --runs 15
    .venv/bin/python bench/cold_start.py --write           # … and the section of RESULTS.md

Both versions are snapshots (bench/run.py's `snapshot`: checker/ and rules/ copied to a
temporary folder, run with PYTHONPATH), each run once untimed first so .pyc files exist —
PYTHONDONTWRITEBYTECODE is removed from the environment of the runs: an installed fzlint has its
.pyc files, and without them each cold start recompiles about 50 modules (≈ 0.1 s more).  The
two versions alternate run by run, so a change in the machine's load falls on both.  Target
(issue 15): ≤ 0.2 s.  Exit status 1 when the two versions' JSON output on the seed differs
(expected when the baseline's rules find other things; a speed-only change must give 0).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import REPO, SEED, Version, describe, measure, snapshot  # noqa: E402

TARGET_S = 0.2
MARK_BEGIN = "<!-- cold_start.py: begin -->"
MARK_END = "<!-- cold_start.py: end -->"

PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
from checker.app.runner import Options, Runner
t1 = time.perf_counter()
r = Runner(Options(use_config=False))
r.engine_for(r.config_for(sys.argv[1]))
t2 = time.perf_counter()
res = r.check_path(sys.argv[1])
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "check": t3 - t2,
                  "findings": len(res.findings)}))
"""


def _version(root: Path, label: str) -> Version:
    v = Version(root, label)
    v.env.pop("PYTHONDONTWRITEBYTECODE", None)
    return v


def phases(v: Version, seed: Path, runs: int) -> dict:
    got = []
    for _ in range(runs):
        out = subprocess.run([v.python, "-c", PHASES, str(seed)], env=v.env, cwd=seed.parent,
                             capture_output=True, text=True, check=True)
        got.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {k: statistics.median(g[k] for g in got) for k in ("import", "load", "check")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", default="main", help="git ref to compare with (default main)")
    ap.add_argument("--runs", type=int, default=9, help="timed runs of each version (default 9)")
    ap.add_argument("--write", action="store_true", help="write the section of bench/RESULTS.md")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="fzlint-cold-") as tmp:
        work = Path(tmp)
        seed = work / "seed.txt"
        seed.write_bytes(next((REPO / "seeds").glob(SEED + "_*.txt")).read_bytes())
        cur_label, base_label = describe(None), describe(args.baseline)
        cur = _version(snapshot(work / "cur", None), cur_label)
        base = _version(snapshot(work / "base", args.baseline), base_label)
        load_before = os.getloadavg()[0]
        samples: dict[str, list] = {"cur": [], "base": []}
        outputs = {}
        for name, v in (("cur", cur), ("base", base)):
            measure(v.cli("check", seed), v.env, work)               # untimed: .pyc, jieba cache
            outputs[name] = subprocess.run(v.cli("check", seed, "--format", "json"), env=v.env,
                                           cwd=work, capture_output=True).stdout
        for _ in range(args.runs):
            for name, v in (("cur", cur), ("base", base)):
                samples[name].append(measure(v.cli("check", seed), v.env, work))
        inside = {name: phases(v, seed, max(3, args.runs // 2))
                  for name, v in (("cur", cur), ("base", base))}
        load_after = os.getloadavg()[0]

    def med(name, key):
        return statistics.median(getattr(s, key) for s in samples[name])

    rows = ["| version | wall (median) | min – max | CPU s | imports | packs | first check "
            "| largest process |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, label in (("cur", cur_label), ("base", base_label)):
        walls = [s.wall for s in samples[name]]
        p = inside[name]
        rows.append(f"| {label} | {med(name, 'wall'):.3f} s | {min(walls):.3f} – {max(walls):.3f} "
                    f"| {med(name, 'cpu'):.2f} | {p['import'] * 1000:.0f} ms | "
                    f"{p['load'] * 1000:.0f} ms | {p['check'] * 1000:.0f} ms | "
                    f"{max(s.max_rss_mb for s in samples[name]):.0f} MB |")
    ratio = med("cur", "wall") / med("base", "wall")
    cpu_ratio = med("cur", "cpu") / med("base", "cpu")
    same = outputs["cur"] == outputs["base"]
    met = med("cur", "wall") <= TARGET_S
    text = "\n".join(rows + [
        "",
        f"This version ÷ {base_label}: wall ×{ratio:.2f}, CPU ×{cpu_ratio:.2f}. "
        f"JSON output of the two on the seed: {'byte-identical' if same else 'DIFFERENT'}. "
        f"Target ≤ {TARGET_S} s (issue 15): {'met' if met else 'NOT met'}.",
        "",
        "imports / packs / first check: medians inside one cold process (`Runner` imported, "
        "the packs loaded, the seed checked); the whole process adds Python's own start-up "
        "(≈ 20 ms) and the output."])
    print(text)
    if args.write:
        write_section({"date": datetime.datetime.now(datetime.timezone.utc)
                       .strftime("%Y-%m-%d %H:%M UTC"), "runs": args.runs,
                       "load": (load_before, load_after), "cores": os.cpu_count()}, text)
    return 0 if same else 1


def write_section(meta: dict, text: str) -> None:
    md = BENCH / "RESULTS.md"
    old = md.read_text(encoding="utf-8") if md.exists() else ""
    section = "\n".join([
        MARK_BEGIN,
        "### Cold start against the previous version (`bench/cold_start.py`)",
        "",
        f"Measured on {meta['date']}, {meta['runs']} runs of each version, interleaved; "
        f"{meta['cores']} cores, load average (1 min) before/after {meta['load'][0]:.2f} / "
        f"{meta['load'][1]:.2f}; `fzlint check` of the longest seed, default rules, .pyc files "
        "present.",
        "",
        text,
        MARK_END])
    if MARK_BEGIN in old and MARK_END in old:
        a, b = old.index(MARK_BEGIN), old.index(MARK_END) + len(MARK_END)
        new = old[:a] + section + old[b:]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    md.write_text(new, encoding="utf-8")
    print(f"wrote the cold-start section of {md}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
