"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def nobody_tmp():
    """A fresh folder that the unprivileged user `nobody` can reach (tests that switch user with
    setpriv).  Not under pytest's own temp root: pytest keeps that 0700, and resets it so when
    another pytest session starts."""
    path = Path(tempfile.mkdtemp(prefix="fzlint-nobody-", dir="/tmp"))
    os.chmod(path, 0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
