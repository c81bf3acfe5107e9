"""Write tests/snapshots/findings.json: the JSON findings of every shipped rule on the seeds, the
test drafts, the clean corpus and each rule's explain examples (bad and good).

The refactor guard of tests/test_snapshot.py compares the current findings with this file.  A
change that fixes a bug regenerates it on purpose (`python tests/snapshots/make_snapshot.py`)
and names the findings before and after in its commit message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告"
FIELDS = ("rule", "severity", "message", "line", "column", "end_line", "end_column", "excerpt",
          "related", "fix", "suggestions", "count", "fixes")


def inputs():
    """(name, text, year) for every input of the snapshot, in a stable order."""
    for folder in ("seeds", "tests/drafts", "tests/clean"):
        for path in sorted((ROOT / folder).glob("*.txt")):
            yield f"{folder}/{path.name}", path.read_text(encoding="utf-8"), None
    from checker.app.runner import Runner, Options
    ruleset = Runner(Options(use_config=False)).ruleset()
    for rid in sorted(ruleset.rules):
        ex = ruleset.rules[rid].explain or {}
        for which in ("bad", "good"):
            if ex.get(which):
                yield f"explain/{rid}/{which}", ex[which], None
                yield f"explain/{rid}/{which}/titled", f"{TITLE}\n{ex[which]}\n", None


def snapshot() -> dict:
    from checker.reports import finding_dict
    from checker.app.runner import Options, Runner
    out = {}
    for name, text, year in inputs():
        runner = Runner(Options(use_config=False, year=year))
        result = runner.check_text(text, name)
        out[name] = [{k: v for k, v in finding_dict(result, f).items() if k in FIELDS}
                     for f in result.findings]
    return out


if __name__ == "__main__":
    (HERE / "findings.json").write_text(
        json.dumps(snapshot(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    print("wrote", HERE / "findings.json")
