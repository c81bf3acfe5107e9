"""Built-in packs come from the checkout or installation whose `checker` package runs: a second
source checkout run with `python -m checker` uses its own rules/, never the packs of the editable
install this suite's interpreter has."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from util import ROOT

ORIGINAL = "缺少“党政主要负责人履行推进法治建设第一责任人职责”情况"


def _explain(cwd, **env):
    full = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", **env)
    proc = subprocess.run([sys.executable, "-m", "checker", "explain", "FZ103"], cwd=cwd,
                          env=full, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _other_checkout(tmp_path):
    other = tmp_path / "another-checkout"
    other.mkdir()
    shutil.copytree(ROOT / "checker", other / "checker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", other / "rules")
    shutil.copy(ROOT / "pyproject.toml", other / "pyproject.toml")
    pack = other / "rules" / "fazhi-annual-report.yaml"
    text = pack.read_text(encoding="utf-8")
    assert ORIGINAL in text
    pack.write_text(text.replace(ORIGINAL, "另一份检出中的说法"), encoding="utf-8")
    return other


def test_a_source_checkout_uses_its_own_rules(tmp_path):
    other = _other_checkout(tmp_path)
    assert "另一份检出中的说法" in _explain(other)
    assert ORIGINAL in _explain(ROOT)


def test_the_package_on_the_path_brings_its_packs(tmp_path):
    other = _other_checkout(tmp_path)
    assert "另一份检出中的说法" in _explain(tmp_path, PYTHONPATH=str(other))
