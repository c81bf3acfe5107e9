"""Review rounds: `fzlint check 草稿/ --write-baseline 第一轮.json`, then next round
`fzlint check 草稿/ --baseline 第一轮.json`.

A baseline is a JSON file that records, per draft (its path relative to the folder that was
checked, so that a copy of the folder for the next round matches), each finding as its rule and
a *fingerprint* of the text it points at — never its line number, so a paragraph inserted by
the township above it does not make an old finding look new:

    {"fzlint-baseline": 1, "version": "0.1.0",
     "drafts": {"甲镇/报告.docx": [
        {"rule": "FZ801", "fingerprint": "3f2a…", "line": 12, "excerpt": ",",
         "message": "…", "accepted": false}, …]}}

The fingerprint is a hash of the rule, the pointed-at characters and up to CONTEXT characters
either side of them within the same paragraph (spaces left out); a finding with no span (a
missing part) is fingerprinted by its rule and its message with the digits taken out.  `line`,
`excerpt` and `message` are there for the reader of the file only.

With a baseline each finding is marked "new" or "known" (Finding.extra["baseline"]), and each
draft counts how many of its baseline findings are gone ("fixed").  Equal fingerprints are
matched as many-to-many counts: two identical half-width commas in one sentence, one fixed,
give one known and one fixed.

A grouped finding (the common key `grouping`: "本段有 4 处半角标点") is its places: each place is
an entry of its own, matched on its own; the finding is known when all its places are, and a
place gone counts as fixed.

Accepting a finding: set "accepted": true on its entry in the baseline file (a grouped finding:
on the entries of all its places).  An accepted
finding is dropped from every output of a run with that baseline, does not count towards the
verdict, and stays accepted in a baseline written by that run (--write-baseline keeps accepted
entries, found again or not).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace

from checker.errors import OneLineError

FORMAT = 1
CONTEXT = 6              # characters of context either side of a finding's span
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


class BaselineError(OneLineError):
    """A baseline file that cannot be used (one line, names the file)."""


def fingerprint(text: str, rule: str, start: int, end: int, message: str = "") -> str:
    """The fingerprint of a finding on text[start:end] (see the module docstring)."""
    if start >= end:
        basis = "\x00" + _DIGITS.sub("#", message)
    else:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before = _SPACE.sub("", text[line_start:start])[-CONTEXT:]
        after = _SPACE.sub("", text[end:max(end, line_end)])[:CONTEXT]
        span = _SPACE.sub("", text[start:end])
        basis = f"{before}\x1f{span}\x1f{after}"
    return hashlib.sha1(f"{rule}\x1e{basis}".encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass
class DraftRound:
    """One draft's comparison with the baseline."""
    new: int = 0
    known: int = 0
    fixed: int = 0
    accepted: int = 0     # findings dropped because the baseline accepts them

    def as_dict(self) -> dict:
        return {"new": self.new, "known": self.known, "fixed": self.fixed,
                "accepted": self.accepted}


@dataclass
class Rounds:
    """Marks results against a baseline (`old`, may be None) and records the entries of the
    baseline to write.  `key_of(path)` gives a draft's key (relative path)."""
    old: dict | None
    key_of: object
    entries: dict = field(default_factory=dict)      # key → [entry tuple], for --write-baseline

    def apply(self, result):
        """Mark result's findings new/known (only with a baseline), drop the accepted ones,
        record the draft's entries; returns the result (changed in place)."""
        key = self.key_of(result.path)
        if result.error or result.doc is None:   # not read this round: keep what was known
            if key in (self.old or {}):
                self.entries[key] = [_as_tuple(e) for e in self.old[key]]
            return result
        text = result.doc.text
        old = (self.old or {}).get(key, [])
        accepted = Counter((e["rule"], e["fingerprint"]) for e in old if e.get("accepted"))
        pending = Counter((e["rule"], e["fingerprint"]) for e in old if not e.get("accepted"))
        counts = DraftRound()
        kept, entries = [], []
        for f in result.findings:
            # a grouped finding (the common key grouping) is its places: each is matched and
            # recorded on its own, so that fixing one comma of a paragraph leaves the others
            # known and counts one fixed
            places = [(f.rule, f.start, f.end)] + [
                (r.rule, r.start, r.end) for r in f.related
                if getattr(r, "rule", None) and r.start is not None and r.path is None]
            keys = [(rule, fingerprint(text, rule, s, e, f.message)) for rule, s, e in places]
            if all(accepted[k] > 0 for k in keys):   # accepted: stays silent
                counts.accepted += 1
                continue
            # tuples, rule and message interned: a batch of 10,000 drafts holds them all
            for (rule, s, e), k in zip(places, keys):
                entries.append((sys.intern(rule), k[1], result.doc.position(s)[0],
                                _excerpt(text, s, e), sys.intern(f.message)))
            if self.old is not None:
                known = all(pending[k] > 0 for k in keys)
                for k in keys:
                    if pending[k] > 0:
                        pending[k] -= 1
                mark = "known" if known else "new"
                if known:
                    counts.known += 1
                else:
                    counts.new += 1
                f = replace(f, extra={**f.extra, "baseline": mark})
            kept.append(f)
        counts.fixed = sum(n for n in pending.values() if n > 0)
        entries += [_as_tuple(e) for e in old if e.get("accepted")]   # accepted ones are kept
        result.findings = kept
        if self.old is not None:
            result.baseline = counts.as_dict()
        self.entries[key] = entries
        return result

    def apply_all(self, results):
        for r in results:
            yield self.apply(r)

    def write(self, path: str, version: str) -> None:
        # one finding a line: a reviewer finds it by its excerpt and flips "accepted"
        parts = [f'{{\n "fzlint-baseline": {FORMAT},\n "version": {json.dumps(version)},\n "drafts": {{']
        for i, (key, entries) in enumerate(sorted(self.entries.items())):
            lines = ",\n".join("   " + json.dumps(_as_dict(e), ensure_ascii=False)
                                for e in entries)
            parts.append(("," if i else "") + f"\n  {json.dumps(key, ensure_ascii=False)}: ["
                         + (f"\n{lines}\n  ]" if entries else "]"))
        parts.append("\n }\n}\n")
        text = "".join(parts)
        folder = os.path.dirname(os.path.abspath(path))
        try:
            fd, tmp = tempfile.mkstemp(prefix=".fzlint-baseline-", suffix=".tmp", dir=folder)
        except OSError as err:
            raise BaselineError(f"{path}: 无法写入基线文件（{err.strerror or err}）") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
            tmp = None
        except OSError as err:
            raise BaselineError(f"{path}: 无法写入基线文件（{err.strerror or err}）") from None
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


_FIELDS = ("rule", "fingerprint", "line", "excerpt", "message", "accepted")


def _as_tuple(entry: dict) -> tuple:
    """An entry read from a baseline file as it is kept until written again."""
    return (entry["rule"], entry["fingerprint"], entry.get("line"), entry.get("excerpt", ""),
            entry.get("message", ""), bool(entry.get("accepted", False)))


def _as_dict(entry: tuple) -> dict:
    return dict(zip(_FIELDS, entry if len(entry) == 6 else entry + (False,)))


def _excerpt(text: str, start: int, end: int, limit: int = 40) -> str:
    if start >= end:
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", start)
        start, end = a, (len(text) if b < 0 else b)
    s = text[start:end].replace("\n", "⏎")
    return s if len(s) <= limit else s[:limit - 1] + "…"


def load(path: str) -> dict:
    """{draft key: [entry]} of a baseline file; BaselineError (one line) when it is unusable."""
    from checker.readers.source import FileTooLarge, NotRegularFile, read_regular
    try:
        raw = read_regular(path, MAX_BASELINE_BYTES)[0]
    except FileNotFoundError:
        raise BaselineError(f"{path}: 基线文件不存在（先用 --write-baseline 生成）") from None
    except IsADirectoryError:
        raise BaselineError(f"{path}: 是文件夹，不是基线文件") from None
    except NotRegularFile:
        raise BaselineError(f"{path}: 不是普通文件，不能作为基线文件读取") from None
    except FileTooLarge:
        raise BaselineError(f"{path}: 基线文件过大（超过 {MAX_BASELINE_BYTES // 1048576} MB）") from None
    except OSError as err:
        raise BaselineError(f"{path}: 无法读取基线文件（{err.strerror or err}）") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: 不是基线文件（不是 UTF-8 文本）") from None
    except ValueError as err:
        raise BaselineError(f"{path}: 基线文件不是合法的 JSON（第 {getattr(err, 'lineno', '?')} 行）") from None
    except RecursionError:
        raise BaselineError(f"{path}: 基线文件嵌套过深") from None
    if not isinstance(data, dict) or "fzlint-baseline" not in data:
        raise BaselineError(f"{path}: 不是 fzlint 基线文件（没有 \"fzlint-baseline\" 标记）")
    if data["fzlint-baseline"] != FORMAT:
        raise BaselineError(f"{path}: 基线文件格式 {data['fzlint-baseline']!r} 不受支持（应为 {FORMAT}）")
    drafts = data.get("drafts")
    if not isinstance(drafts, dict):
        raise BaselineError(f"{path}: drafts: 应为 {{草稿路径: [问题…]}}")
    for key, entries in drafts.items():
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: drafts.{key}: 应为问题列表")
        for i, e in enumerate(entries):
            if not (isinstance(e, dict) and isinstance(e.get("rule"), str)
                    and isinstance(e.get("fingerprint"), str)):
                raise BaselineError(f"{path}: drafts.{key}[{i}]: 每个问题应有 rule 和 fingerprint")
            if not isinstance(e.get("accepted", False), bool):
                raise BaselineError(f"{path}: drafts.{key}[{i}].accepted: 应为 true 或 false")
    return drafts


def key_function(args):
    """key_of(path) for the drafts found from the command-line `args`: the path relative to the
    folder given, prefixed by that folder's name when several inputs were given; a file given
    by itself is its name (prefixed likewise).  Forward slashes on every system."""
    roots = [os.path.abspath(a) for a in args if a != "-" and os.path.isdir(a)]
    many = len(args) > 1

    def key_of(path: str) -> str:
        if path in ("-", "<stdin>"):
            return path
        full = os.path.abspath(path)
        for root in roots:
            if full.startswith(root.rstrip(os.sep) + os.sep):
                rel = os.path.relpath(full, root)
                if many:
                    rel = os.path.join(os.path.basename(root) or root, rel)
                return rel.replace(os.sep, "/")
        return os.path.basename(full)
    return key_of
