"""The progress bar shown on standard error while a folder of drafts is being checked (click's
progressbar), only when a person watches a terminal."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from checker.errors import one_line
from checker.reports.table import fit_path
from checker.reports.text import width

PROGRESS_FORMATS = ("text", "html")   # formats read by people; machine formats get no bar


def show_progress(n_files: int, fmt: str, stream=None) -> bool:
    """A progress bar only helps a person watching a terminal wait for several drafts."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return n_files > 1 and fmt in PROGRESS_FORMATS and bool(isatty and isatty())


def _short(path) -> str:
    if not path:
        return ""
    name = one_line(str(path).replace("\\", "/").rsplit("/", 1)[-1])  # never raw on the terminal
    return name if width(name) <= 30 else fit_path(name, 30)


@contextmanager
def progress(items, show: bool, label: str = "正在检查"):
    """Iterate `items`, drawing click's progress bar on standard error when `show`.

    The bar steps after each item's work is done.  When the body ends normally the bar is shown
    complete, however the body pulled the items (a `zip` that stops before asking for the item
    after the last one never triggers click's final step)."""
    if not show:
        yield iter(items)
        return
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True,
                           show_percent=False, item_show_func=_short) as bar:
        yield bar
        if bar.length and bar.pos < bar.length:
            bar.current_item = None
            bar.update(bar.length - bar.pos)
