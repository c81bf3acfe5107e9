"""The patterns of fzlint's own packs are compiled on first use; a user's pack is compiled (and so
checked) while it loads (checker.ruleset.schema.lazy_regexes, checker.engine.packs)."""

from __future__ import annotations

import dataclasses
import pickle
import shutil

import pytest
import regex

from checker.engine import packs
from checker.ruleset.schema import LazyRegex, PackError
from util import ROOT, SEEDS, run_cli

CLEAN = ROOT / "tests" / "drafts" / "clean_2024.txt"

USER_PACK = """\
pack: county
{extends}rules:
  - id: XC701
    kind: substitution
    category: wording
    severity: warning
    message: 应为“{{use}}”
    entries:
      - pattern: '{pattern}'
        use: 进一步
"""


def _patterns(obj, seen=None):
    """Every pattern object (compiled or LazyRegex) reachable from a rule's options and common
    keys: dicts, lists, tuples, dataclasses (entries, unless, scope)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, (LazyRegex, regex.Pattern)):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _patterns(v, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from _patterns(v, seen)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _patterns(getattr(obj, f.name), seen)


def _all_patterns(ruleset):
    return [p for rule in ruleset.rules.values() for p in _patterns(rule)]


@pytest.fixture
def fresh(monkeypatch):
    """packs.load without the per-process cache (other tests may have used the patterns)."""
    monkeypatch.setattr(packs, "_cache", {})
    return packs.load


def test_builtin_patterns_are_not_compiled_at_load(fresh):
    found = _all_patterns(fresh())
    lazy = [p for p in found if isinstance(p, LazyRegex)]
    assert len(lazy) > 300, len(lazy)                 # the word lists, unless, scope, options
    compiled = [p for p in lazy if p.is_compiled]
    # only those whose named groups a kind checks while loading
    assert len(compiled) <= 0.1 * len(lazy), [p.pattern for p in compiled]
    # and the few a kind builds itself in prepare() (inner-space, doubled-word)
    assert len([p for p in found if isinstance(p, regex.Pattern)]) <= 10


def test_every_builtin_pattern_compiles(fresh):
    """A broken pattern in a shipped pack is not caught at load any more: it is caught here."""
    bad = []
    for p in _all_patterns(fresh()):
        try:
            p.compiled() if isinstance(p, LazyRegex) else p
        except Exception as err:                     # noqa: BLE001 - listed, then failed
            bad.append(f"{p.pattern!r}: {err}")
    assert not bad


def test_checking_compiles_only_what_it_uses(fresh):
    """Laziness observable: after checking a draft, most word-list patterns are still not
    compiled (an entry whose characters the draft lacks is never searched)."""
    from checker.app.runner import Options, Runner
    ruleset = fresh()
    runner = Runner(Options(use_config=False))
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_text(encoding="utf-8")
    result = runner.check_text(text, "draft.txt")
    assert result.findings
    lazy = [p for p in _all_patterns(ruleset) if isinstance(p, LazyRegex)]
    used = [p for p in lazy if p.is_compiled]
    assert 0 < len(used) < len(lazy) / 2, (len(used), len(lazy))


def test_lazy_and_eager_builtin_packs_find_the_same(fresh, monkeypatch):
    """The same findings on every seed whether the shipped packs compile at load or lazily."""
    from checker.app.runner import Options, Runner

    def run():
        r = Runner(Options(use_config=False))
        return [[(f.rule, f.start, f.end, f.message, f.severity)
                 for f in r.check_text(p.read_text(encoding="utf-8"), p.name).findings]
                for p in sorted(SEEDS.glob("*.txt"))]

    lazy = run()
    monkeypatch.setattr(packs, "_cache", {})
    monkeypatch.setattr(packs, "_is_builtin", lambda real: False)
    eager_set = packs.load()
    assert not [p for p in _all_patterns(eager_set) if isinstance(p, LazyRegex)]
    assert run() == lazy
    assert sum(map(len, lazy)) > 50


def _user_pack(tmp_path, pattern, extends=""):
    pack = tmp_path / "county.yaml"
    pack.write_text(USER_PACK.format(pattern=pattern, extends=extends), encoding="utf-8")
    return pack


def test_user_pack_patterns_compiled_at_load(tmp_path, fresh):
    pack = _user_pack(tmp_path, "进一度(?=[加提推])")
    rs = fresh([str(pack)], builtin=False)
    (entry,) = rs.rules["XC701"]["entries"]
    assert isinstance(entry.pattern, regex.Pattern)


@pytest.mark.parametrize("extends", ["", "extends: [typos]\n"])
def test_bad_pattern_in_user_pack_refused_at_load(tmp_path, extends):
    """A pattern like the shipped ones, broken, in a user's pack (alone, or extending a shipped
    pack whose own patterns load lazily): one line naming the file and line, exit 2."""
    pack = _user_pack(tmp_path, "进一度(?=[加提推]", extends)
    proc = run_cli("check", CLEAN, "--rules", pack)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "county.yaml:" in lines[0] and "正则表达式无效" in lines[0], lines
    assert "Traceback" not in proc.stderr


def test_copy_of_a_shipped_pack_is_a_user_pack(tmp_path, fresh):
    """Near miss: the same file outside fzlint's rules folder is compiled at load, so a
    mistake made while editing the copy is refused at load."""
    copy = tmp_path / "typos.yaml"
    shutil.copy(packs.builtin_dir() / "typos.yaml", copy)
    rs = fresh([str(copy)], builtin=False)
    found = _all_patterns(rs)
    assert found and not [p for p in found if isinstance(p, LazyRegex)]
    text = copy.read_text(encoding="utf-8")
    broken = text.replace("- pattern: '进一度(?=", "- pattern: '进一度((?=", 1)
    assert broken != text
    copy.write_text(broken, encoding="utf-8")
    with pytest.raises(PackError, match=r"typos\.yaml:\d+: .*正则表达式无效"):
        fresh([str(copy)], builtin=False)


def test_lazy_regex_stands_for_the_compiled_pattern():
    text = "进一度加大力度，进一度降低"
    lazy, rx = LazyRegex(r"进一度(?P<v>[加提])"), regex.compile(r"进一度(?P<v>[加提])")
    assert lazy.pattern == rx.pattern and not lazy.is_compiled
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert lazy.is_compiled and lazy.groupindex == rx.groupindex
    assert lazy.search(text, 3) is None and lazy.sub("X", text) == rx.sub("X", text)
    assert lazy == rx and lazy == LazyRegex(rx.pattern) and lazy != LazyRegex("进一步")
    back = pickle.loads(pickle.dumps(lazy))
    assert isinstance(back, LazyRegex) and not back.is_compiled and back == lazy
    with pytest.raises(regex.error):
        LazyRegex("进一度(").search(text)           # a broken one fails when first used


# --- the prefilter of the word-list kinds (checker.kinds._entries.matches) ----------------------

def _entries_of(patterns, lazy=True):
    from checker.kinds import _entries
    from checker.ruleset.schema import lazy_regexes
    with lazy_regexes(lazy):
        return _entries.parse({"entries": [{"pattern": p} for p in patterns]})


def _doc(text):
    from checker.model.document import Document
    return Document(text, "draft.txt", "text")


def test_entry_that_cannot_match_is_neither_searched_nor_compiled():
    from checker.kinds import _entries
    doc = _doc("一、工作情况\n我们布置了工作，公署旧址得到修缮。落实上级部署。\n")
    absent, apart, present = _entries_of(["复盖", "布署", "部署"])   # 复盖 absent; 布…署 apart
    assert not list(_entries.matches(doc, absent)) and not absent.pattern.is_compiled
    assert not list(_entries.matches(doc, apart)) and not apart.pattern.is_compiled
    assert [m.group() for *_, m in _entries.matches(doc, present)] == ["部署"]
    assert present.pattern.is_compiled


@pytest.mark.parametrize("pattern, text", [
    ("(?i:ab)c", "本单位ABc系统"),                   # case-insensitive literals
    ("(?i)abc", "本单位ABC系统"),
    ("(?:进一度){s<=1}", "进二度加大力度"),           # regex's fuzzy matching
    ("[[:digit:]]次", "开展3次"),                     # a POSIX class (Python reads a nested set)
    ("显(?:著)?着", "成效显着"),                      # an optional part
    ("(?<=全)复盖", "实现全复盖"),                    # a lookbehind's characters
])
def test_prefilter_never_skips_a_pattern_that_matches(pattern, text):
    """Near miss of the prefilter: whatever Python's parser misreads is searched anyway."""
    from checker.kinds import _entries
    (lazy,), (eager,) = _entries_of([pattern]), _entries_of([pattern], lazy=False)
    doc = _doc(f"一、工作情况\n{text}。\n")
    got = [m.group() for *_, m in _entries.matches(doc, lazy)]
    assert got and got == [m.group() for m in eager.pattern.finditer(doc.normalized.text)]


def test_required_text():
    from checker.kinds._entries import required_text
    assert required_text("(?<=全)复盖") == (frozenset("全复盖"), "复盖")
    assert required_text("峰桥经验|枫桥精验") == (frozenset("桥验"), "")
    assert required_text("进一度(?=[加提])") == (frozenset("进一度"), "进一度")
    for unknown in ("(?i:ab)c", "(?:进一度){e<=1}", "[[:alpha:]]度", r"a\p{Han}b"):
        assert required_text(unknown)[1] in ("", "c"), unknown
    assert required_text("(?i:ab)c") == (frozenset("c"), "c")


def test_a_user_entry_is_searched_even_when_it_cannot_match():
    """Near miss of the prefilter: a user's (compiled) pattern is searched anyway, so a
    catastrophic one fails every draft under the time limit, not only some
    (tests/test_resource_limits.py)."""
    from checker.kinds import _entries
    (entry,) = _entries_of(["复盖"], lazy=False)
    calls = []

    class Spy:
        pattern = entry.pattern.pattern

        def finditer(self, *a, **k):
            calls.append(a)
            return entry.pattern.finditer(*a, **k)

    spied = dataclasses.replace(entry, pattern=Spy())
    assert not list(_entries.matches(_doc("一、工作情况\n实现全覆盖。\n"), spied)) and calls
