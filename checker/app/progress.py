"""The progress bar shown on standard error while a folder of drafts is being checked, only when
a person watches a terminal (nothing at all is written when standard error is not one).

One line, redrawn in place with a carriage return, never wider than the terminal less one column
(CJK characters counted as two columns, and the ambiguous ones such as … too: `width`), so that
it never wraps into a new line per redraw::

    正在检查 [########--------------]  17/44  剩余约 6 秒  马楼乡

- the name shown is the part of the file's path that differs between the drafts of the run
  (`distinct_names`): for 马楼乡2024年度法治政府建设情况报告.docx, 张官营镇2024年度…docx it is
  the township, not the tail every draft shares;
- the time left is shown only once the rate is known: after MIN_DONE drafts and MIN_SECONDS
  seconds measured from the end of the first draft (which also pays for loading the rules and
  starting the workers), at the rate of the last RATE_WINDOW drafts (a slow start, or a
  machine busy for a while, soon stops counting);
- the width is $COLUMNS when set, else the terminal's (asked again at every redraw, so a
  resized window is followed), else 80;
- at the end the line is erased, so what follows starts on a clean line; `clear()` erases it
  before the report itself is written to the same terminal, and the next step draws it again.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from collections import Counter, deque
from contextlib import contextmanager

from checker.errors import one_line


def width(s: str) -> int:
    """Columns a text takes, counted so as never to be too few: CJK and full-width characters
    take two, and so do the East Asian "ambiguous" ones (…, ·, —, ①), which a terminal with a
    Chinese font draws two columns wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in s)


PROGRESS_FORMATS = ("text", "html")   # formats read by people; machine formats get no bar
MIN_DONE = 5            # drafts done before the time left is estimated
MIN_SECONDS = 1.0       # … and seconds since the first one was done
RATE_WINDOW = 10        # the rate is that of the last drafts done (after the first)
REDRAW_EVERY = 0.05     # seconds between redraws (the last step is always drawn)
BAR_MAX = 30            # columns of the bar itself, at most
NAME_MAX = 24           # columns of the name, at most


def show_progress(n_files: int, fmt: str, stream=None) -> bool:
    """A progress bar only helps a person watching a terminal wait for several drafts."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return n_files > 1 and fmt in PROGRESS_FORMATS and bool(isatty and isatty())


def terminal_columns(stream) -> int:
    """Columns of the terminal: $COLUMNS when set (as shutil does), else the size of the
    terminal the stream writes to, else 80."""
    try:
        env = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        env = 0
    if env > 0:
        return env
    try:
        cols = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        cols = 0
    return cols if cols > 0 else 80


# --- the names shown ----------------------------------------------------------------------

_SEP = set("/\\_-—.·．、 ，,（）()【】[]《》<>")
_UNIT_END = set("省市县区旗乡镇道处局委办")


def _boundaries(name: str) -> list[int]:
    """Offsets where a name can be cut between words: around separators and digits, after a
    unit's last character (县, 乡, 镇 …) and before 关于 / 人民政府."""
    out = {0, len(name)}
    for i in range(1, len(name)):
        a, b = name[i - 1], name[i]
        digits = a.isdigit() != b.isdigit() and not (a.isascii() and b.isascii())
        if (a in _SEP or b in _SEP or digits or a in _UNIT_END
                or name.startswith(("关于", "人民政府"), i)):
            out.add(i)
    return sorted(out)


def _shared_ends(stems: list[str], from_end: bool) -> list[str]:
    """The starts (or ends) that most of the names share — each at least half of them and at
    least two, so that a README or a cover note among the drafts does not hide what the drafts
    have in common —, longest first."""
    need = max(2, (len(stems) + 1) // 2)
    found: list[str] = []
    for n in range(1, max(len(s) for s in stems) + 1):
        counts = Counter(s[-n:] if from_end else s[:n] for s in stems if len(s) >= n)
        shared = [part for part, k in counts.items() if k >= need]
        if not shared:
            break
        found += shared
    return sorted(found, key=len, reverse=True)


def distinct_names(paths) -> dict[str, str]:
    """For each path, the part that differs between the paths given (the township in a folder
    of drafts named alike), cut at word boundaries: the start and the end that most paths share
    are left out (the extension never counts); a path that shares neither, or a single path,
    is shown by its file name."""
    full = [one_line(str(p).replace(os.sep, "/")) for p in paths]   # escaped, never raw
    stems = [os.path.splitext(f)[0] for f in full]     # .txt/.md/.docx: not what differs
    if len(set(stems)) < 2:
        return {str(p): _tail(f) for p, f in zip(paths, full)}
    heads = _shared_ends(stems, from_end=False)
    tails = _shared_ends(stems, from_end=True)
    out: dict[str, str] = {}
    for p, s, f in zip(paths, stems, full):
        pre = next((len(h) for h in heads if s.startswith(h)), 0)
        suf = next((len(t) for t in tails if s.endswith(t) and len(s) - len(t) >= pre), 0)
        if not pre and not suf or pre + suf >= len(s):
            out[str(p)] = _tail(f)
            continue
        cuts = _boundaries(s)
        a = max(c for c in cuts if c <= pre)
        b = min(c for c in cuts if c >= len(s) - suf)
        out[str(p)] = s[a:b].strip(" /_-.") or _tail(f)
    return out


def _tail(shown: str) -> str:
    return shown.rsplit("/", 1)[-1]


def _fit(text: str, limit: int) -> str:
    """The text cut to `limit` columns, keeping its start (… marks the cut)."""
    if width(text) <= limit:
        return text
    if limit < width("…"):
        return ""
    out = ""
    for ch in text:
        if width(out + ch) > limit - width("…"):
            break
        out += ch
    return out + "…"


def _duration(seconds: float) -> str:
    s = max(1, int(round(seconds)))
    if s < 60:
        return f"{s} 秒"
    m, s = divmod(s, 60)
    if m < 60:
        return f"{m} 分 {s:02d} 秒"
    h, m = divmod(m, 60)
    return f"{h} 小时 {m:02d} 分"


# --- the bar -------------------------------------------------------------------------------

class Bar:
    """A one-line progress bar over `total` drafts on a terminal stream."""

    def __init__(self, paths, stream, label: str = "正在检查", clock=time.monotonic):
        self.paths = [str(p) for p in paths]
        self.total = len(self.paths)
        self.names = distinct_names(self.paths)
        self.stream, self.label, self.clock = stream, label, clock
        self.pos = 0
        self.first_done: float | None = None
        self.times: deque = deque(maxlen=RATE_WINDOW + 1)   # (pos, when) of the last steps
        self.last_draw = float("-inf")
        self.drawn = 0             # columns of what is on the line now (0: nothing)

    def eta(self, now: float) -> float | None:
        """Seconds left, once the rate is known."""
        if self.first_done is None or self.pos < MIN_DONE or self.pos >= self.total:
            return None
        if now - self.first_done < MIN_SECONDS or len(self.times) < 2:
            return None
        (p0, t0), (p1, t1) = self.times[0], self.times[-1]
        if t1 <= t0:
            return None
        rate = (p1 - p0) / (t1 - t0)
        return (self.total - self.pos) / rate if rate > 0 else None

    def line(self, columns: int, now: float, current: str | None) -> str:
        """The line to draw, at most columns - 1 wide (the last column would wrap)."""
        limit = max(1, columns - 1)
        count = f"{self.pos:>{len(str(self.total))}}/{self.total}"
        left = self.eta(now)
        eta = f"剩余约 {_duration(left)}" if left is not None else ""
        name = one_line(self.names.get(current, "")) if current else ""
        fixed = [p for p in (self.label, count, eta) if p]
        room = limit - width("  ".join(fixed)) - 2 - 2   # the bar's brackets and a gap
        if name:
            room -= 2
        name_w = min(width(name), NAME_MAX, max(0, room - 10))
        bar_w = max(0, min(BAR_MAX, room - name_w))
        parts = [self.label]
        if bar_w >= 5:
            done = bar_w * self.pos // max(1, self.total)
            parts.append("[" + "#" * done + "-" * (bar_w - done) + "]")
        parts.append(count)
        if eta:
            parts.append(eta)
        if name and name_w >= min(4, width(name)):
            parts.append(_fit(name, name_w))
        return _fit("  ".join(parts), limit)

    def draw(self, current: str | None = None, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self.last_draw < REDRAW_EVERY:
            return
        self.last_draw = now
        text = self.line(terminal_columns(self.stream), now, current)
        pad = " " * max(0, self.drawn - width(text))      # cover what a longer line left
        self._write("\r" + text + pad)
        self.drawn = width(text)

    def step(self, current: str | None) -> None:
        """One more draft done: `current`, shown by the part of its name that differs."""
        self.pos = min(self.total, self.pos + 1)
        now = self.clock()
        if self.first_done is None:
            self.first_done = now
        self.times.append((self.pos, now))
        self.draw(current, force=self.pos >= self.total)

    def clear(self) -> None:
        """Erase the line (before other text is written to the terminal)."""
        if self.drawn:
            self._write("\r" + " " * self.drawn + "\r")
            self.drawn = 0
            self.last_draw = float("-inf")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):      # the terminal went away: the check goes on
            pass


class _Items:
    """The items, stepping the bar as they are taken: the caller takes item k once its work
    is done (zip(results, items)), so k + 1 are done then."""

    def __init__(self, items, bar: Bar | None):
        self._items, self._bar = list(items), bar

    def __iter__(self):
        for item in self._items:
            if self._bar is not None:
                self._bar.step(str(item))
            yield item

    def clear(self) -> None:
        """Erase the bar before other text goes to the terminal (drawn again at the next step)."""
        if self._bar is not None:
            self._bar.clear()


@contextmanager
def progress(items, show: bool, label: str = "正在检查", stream=None):
    """Iterate `items` (the paths being checked), drawing the bar on standard error when
    `show`: 0 done at once, one more each time an item is taken; erased when the body ends."""
    items = list(items)
    if not show:
        yield _Items(items, None)
        return
    bar = Bar(items, stream if stream is not None else sys.stderr, label)
    bar.draw(force=True)
    try:
        yield _Items(items, bar)
    finally:
        bar.clear()
