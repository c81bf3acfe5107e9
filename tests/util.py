"""Helpers shared by the tests: find seeds, check text in-process, run the real CLI."""

from __future__ import annotations

import functools
import json
import os
import shutil
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


NOBODY = 65534   # the unprivileged user the permission cases switch to (the suite runs as root)


def _setpriv(*args) -> list[str]:
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *args]


@functools.lru_cache(maxsize=1)
def nobody_python() -> tuple[str, dict]:
    """(interpreter, environment additions) with which `nobody` can run `python -m checker`.

    The checkout and its .venv are used as they are when `nobody` can reach them; a checkout
    in a folder only root may enter (CI may clone anywhere, e.g. under a 0700 mktemp folder) is
    copied once — the package, its rule packs, pyproject.toml and the venv's site-packages —
    into a folder of /tmp that `nobody` can read (removed when the session ends), run by the
    real interpreter behind the venv."""
    probe = [sys.executable, "-c", "import checker.app.cli, click, regex, yaml"]
    if subprocess.run(_setpriv(*probe), capture_output=True, cwd="/", timeout=120).returncode == 0:
        return sys.executable, {}
    import atexit
    import site
    import tempfile
    home = Path(tempfile.mkdtemp(prefix="fzlint-nobody-runtime-", dir="/tmp"))
    atexit.register(shutil.rmtree, home, True)
    os.chmod(home, 0o755)
    shutil.copytree(ROOT / "checker", home / "src" / "checker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", home / "src" / "rules")
    shutil.copy(ROOT / "pyproject.toml", home / "src")   # marks src/ as a checkout: rules/ used
    for folder in site.getsitepackages():
        shutil.copytree(folder, home / "site", dirs_exist_ok=True, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "__editable__*",
                                                      "_fzlint*.pth", "fzlint*.pth"))
    for p in home.rglob("*"):
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    python = os.path.realpath(sys.executable)
    extra = {"PYTHONPATH": f"{home / 'src'}{os.pathsep}{home / 'site'}"}
    ok = subprocess.run(_setpriv(python, *probe[1:]), capture_output=True, cwd="/",
                        env=dict(os.environ, **extra), timeout=120)
    assert ok.returncode == 0, (f"the unprivileged user cannot run {python} even from a copy in "
                                f"{home}: {ok.stderr.decode(errors='replace').strip()[-300:]}")
    return python, extra


def as_nobody(*args, env=None, text=False, **kw):
    """subprocess.run(ARGS) as `nobody`; an argument that is sys.executable is replaced by
    nobody_python()'s interpreter (and its environment added)."""
    assert os.geteuid() == 0, "these cases need root to switch to an unprivileged user"
    python, extra = nobody_python()
    args = [python if a == sys.executable else str(a) for a in args]
    full = dict(env if env is not None else os.environ)
    if extra:
        full["PYTHONPATH"] = extra["PYTHONPATH"]
    kw.setdefault("timeout", 120)
    return subprocess.run(_setpriv(*args), capture_output=True, env=full, text=text, **kw)
