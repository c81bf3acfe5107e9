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
