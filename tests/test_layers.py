"""The package's layers (pyproject.toml [tool.importlinter]) hold: import-linter's contracts are
kept on the real tree, and a back-edge planted in a copy of it breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from util import ROOT

LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"]


def _lint(cwd, pythonpath):
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    return subprocess.run([*LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_layer_contracts_are_kept():
    proc = _lint(ROOT, ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "Contracts: 3 kept, 0 broken." in proc.stdout


def test_a_back_edge_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "checker", tmp_path / "checker",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    doc = tmp_path / "checker" / "model" / "document.py"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nfrom checker.reports import table  # noqa\n",
                   encoding="utf-8")
    proc = _lint(tmp_path, tmp_path)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "checker.model is not allowed to import checker.reports" in proc.stdout


def test_the_runner_importing_the_portal_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "checker", tmp_path / "checker",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    runner = tmp_path / "checker" / "app" / "runner.py"
    runner.write_text(runner.read_text(encoding="utf-8")
                      + "\nfrom checker.app.portal import jobs  # noqa\n", encoding="utf-8")
    proc = _lint(tmp_path, tmp_path)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "checker.app.runner is not allowed to import checker.app.portal" in proc.stdout
