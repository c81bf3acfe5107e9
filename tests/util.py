"""Helpers shared by the tests: find seeds, check text in-process, run the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_path(prefix: str) -> Path:
    """seeds/002_….txt from "002"."""
    (match,) = [p for p in SEEDS.iterdir() if p.name.startswith(prefix)]
    return match


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def check_text(text: str, select=None, year=None, path: str = "draft.txt", rules=(),
               grouping: bool = False):
    """Findings for a text, in-process, with no config file: a FileResult.  Every hit is its
    own finding unless `grouping` (the common key `grouping`, on in the CLI: tests of what a
    rule finds see each hit; tests/test_grouping.py tests the grouping)."""
    from checker.app.runner import Options, Runner
    opts = Options(select=list(select) if select else None, year=year, use_config=False,
                   rules=list(rules), grouping=grouping)
    return Runner(opts).check_text(text, path)


def findings(text: str, select=None, year=None, **kw):
    """[(rule, line), …] for a text."""
    res = check_text(text, select=select, year=year, **kw)
    return [(f.rule, res.doc.position(f.start)[0]) for f in res.findings]


def check_file(path, select=None, year=None):
    from checker.app.runner import Options, Runner
    opts = Options(select=list(select) if select else None, year=year, use_config=False)
    return Runner(opts).check_path(str(path))


def run_cli(*args, input: bytes | str | None = None, cwd=None, env=None, timeout=120):
    """Run `python -m checker ARGS` as a subprocess: CompletedProcess with text stdout/stderr."""
    full_env = dict(os.environ)
    full_env.pop("FZLINT_DEBUG", None)
    full_env["NO_COLOR"] = "1"
    full_env["PYTHONIOENCODING"] = "utf-8"
    if env:
        full_env.update(env)
    if isinstance(input, str):
        input = input.encode("utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], input=input,
                          capture_output=True, cwd=cwd, env=full_env, timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def cli_json(*args, **kw):
    proc = run_cli("check", "--format", "json", *args, **kw)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)
