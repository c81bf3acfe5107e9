"""The end-of-run table of a batch: how bad each draft is (worst first, counts by category).
Pure functions of the results; the progress bar is checker.app.progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from checker.errors import one_line
from checker.model.findings import CATEGORIES, FileResult
from checker.reports.text import width

CATEGORY_ZH = {"structure": "结构", "numbering": "序号", "duplicate": "重复", "numbers": "数字",
               "consistency": "一致", "wording": "用语", "typo": "错字", "punctuation": "标点",
               "format": "格式"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

PATH_WIDTH = 48                        # longest path shown in the table, in terminal columns


@dataclass
class Tally:
    """Counts for one draft."""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    categories: Counter = field(default_factory=Counter)
    failed: bool = False
    not_report: bool = False     # not a report at all (FZ100): listed apart, not ranked

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos

    def counts_at_least(self, severity: str) -> bool:
        """Whether this draft has a finding of this severity or a worse one."""
        order = ("info", "warning", "error")
        counts = {"info": self.infos, "warning": self.warnings, "error": self.errors}
        return any(counts[s] for s in order[order.index(severity):])

    def key(self) -> tuple:
        """Sort key, smallest = worst: drafts that could be checked first, most errors, then
        most warnings, then most notes."""
        return (self.failed, -self.errors, -self.warnings, -self.infos)


def tally(result: FileResult) -> Tally:
    t = Tally(failed=bool(result.error), not_report=result.not_report)
    for f in result.findings:
        if f.severity == "error":
            t.errors += 1
        elif f.severity == "warning":
            t.warnings += 1
        else:
            t.infos += 1
        t.categories[f.category] += 1
    return t


def worst_first(results: list[FileResult]) -> list[tuple[FileResult, Tally]]:
    """Each result with its tally, the draft needing most work first (ties by path); drafts
    that could not be checked come last."""
    pairs = [(r, tally(r)) for r in results]
    pairs.sort(key=lambda p: (p[1].key(), p[0].path))
    return pairs


def used_categories(tallies) -> list[str]:
    """Categories with at least one finding, in the documented order (unknown ones last)."""
    seen = Counter()
    for t in tallies:
        seen.update(t.categories)
    known = [c for c in CATEGORIES if seen[c]]
    return known + sorted(c for c in seen if c not in CATEGORIES and seen[c])


def fit_path(path: str, limit: int = PATH_WIDTH) -> str:
    """Keep the end of a long path (the file name matters most)."""
    if width(path) <= limit:
        return path
    out = ""
    for ch in reversed(path):
        if width(ch + out) > limit - 1:
            break
        out = ch + out
    return "…" + out


def _pad(s: str, w: int, right: bool = False) -> str:
    gap = " " * max(0, w - width(s))
    return gap + s if right else s + gap


def table(results: list[FileResult], color: bool = False) -> str:
    """The per-draft table: one row per draft, worst first, counts by severity and category,
    and a total row."""
    return table_of([(r, tally(r)) for r in results], color)


def table_of(pairs: list[tuple[FileResult, Tally]], color: bool = False) -> str:
    """The table from (result, tally) pairs; the results need only path and error, so a
    streaming run keeps just these."""
    apart = sorted(one_line(r.path) for r, t in pairs if t.not_report)
    pairs = sorted([p for p in pairs if not p[1].not_report], key=lambda p: (p[1].key(), p[0].path))
    cats = used_categories(t for _, t in pairs)
    heads = ["错误", "警告", "提示"] + [CATEGORY_ZH.get(c, c) for c in cats] + ["合计"]
    rows = []
    for r, t in pairs:
        if t.failed:
            rows.append((fit_path(one_line(r.path)), None, one_line(r.error)))
            continue
        nums = [t.errors, t.warnings, t.infos] + [t.categories[c] for c in cats] + [t.total]
        rows.append((fit_path(one_line(r.path)), nums, None))
    totals = [sum(t.errors for _, t in pairs), sum(t.warnings for _, t in pairs),
              sum(t.infos for _, t in pairs)]
    totals += [sum(t.categories[c] for _, t in pairs) for c in cats] + [sum(totals[:3])]
    label_total = f"合计（{len(pairs)} 份草稿）"
    name_w = max([width("草稿"), width(label_total)] + [width(r[0]) for r in rows])
    col_w = [max(width(h), len(str(n))) for h, n in zip(heads, totals)]

    red = (lambda s: s)
    if color:
        from colorama import Fore, Style
        red = (lambda s: f"{Fore.RED}{Style.BRIGHT}{s}{Style.RESET_ALL}")

    def line(name, cells):
        return "  ".join([_pad(name, name_w)] + cells).rstrip()

    out = ["各草稿问题统计（问题多的在前）：",
           line("草稿", [_pad(h, w, right=True) for h, w in zip(heads, col_w)])]
    rule = "-" * (name_w + sum(col_w) + 2 * len(col_w))
    out.append(rule)
    for name, nums, error in rows:
        if nums is None:
            out.append(line(name, [f"无法检查：{error}"]))
            continue
        cells = [_pad(str(n), w, right=True) for n, w in zip(nums, col_w)]
        if nums[0]:
            cells[0] = red(cells[0])
        out.append(line(name, cells))
    out.append(rule)
    out.append(line(label_total, [_pad(str(n), w, right=True) for n, w in zip(totals, col_w)]))
    if apart:
        out.append(f"不像法治政府建设年度报告，未按报告检查，不参与排序（{len(apart)} 个文件）：")
        out += [f"  {p}" for p in apart]
    return "\n".join(out) + "\n"
