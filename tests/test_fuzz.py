"""Fuzzing the readers, the rule-pack loader, every built-in rule and the CLI (hypothesis).

Each input must end in findings or in the one-line error fzlint reports (InputError,
PackError, RuleError in-process; exit 2 with one stderr line through the CLI) — never another
exception, a traceback or a hang — and the input file's bytes must not change.

The suite runs a bounded number of examples.  The long run (about 100 times as many):

    FZLINT_FUZZ=long .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider

and, with atheris installed (`.venv/bin/pip install atheris`), coverage-guided fuzzing of one
target until stopped (Ctrl-C) or for -runs=N inputs:

    .venv/bin/python tests/test_fuzz.py decode|docx|pack|text [-runs=100000]
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from util import run_cli, seed_text  # noqa: E402

from checker import kinds  # noqa: E402
from checker.text import matching
from checker.engine import packs
from checker.model.findings import CATEGORIES, SEVERITIES  # noqa: E402
from checker.engine.packs import PackError  # noqa: E402
from checker.readers import InputError, decode_text, read_path  # noqa: E402
from checker.app.runner import Options, Runner  # noqa: E402

LONG = os.environ.get("FZLINT_FUZZ") == "long"
SEEDS = ["000", "001", "002", "003", "004"]


def budget(n: int):
    """n examples in the suite, 100 × n in the long run."""
    return settings(max_examples=n * 100 if LONG else n, deadline=None,
                    suppress_health_check=list(HealthCheck))


_names = itertools.count()


def fresh(tmp: Path, suffix: str) -> Path:
    """A new file name each time (the pack cache keys on path and mtime)."""
    return tmp / f"f{next(_names)}{suffix}"


_every_rule = None


def every_rule() -> Runner:
    """One runner with every rule on (default-off ones too), shared by the examples."""
    global _every_rule
    if _every_rule is None:
        _every_rule = Runner(Options(use_config=False, extend_select=list(CATEGORIES)))
    return _every_rule


def assert_sound(result, text: str) -> None:
    """Findings that outputs can render: spans inside the text, known severities."""
    assert result.error is None
    n = len(text)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= n, f
        assert f.severity in SEVERITIES and f.category in CATEGORIES and f.message
        result.doc.position(f.start)
        for r in f.related:
            if r.start is not None and r.path is None:
                assert 0 <= r.start <= n, f
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= n, f


# --- readers ------------------------------------------------------------------------------------

@budget(200)
@given(st.binary(max_size=4096))
def test_random_bytes_decode_or_fail_in_one_line(data):
    try:
        src = decode_text("随机.txt", data)
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith("随机.txt: ")
        return
    assert src.text.strip() and "\r" not in src.text


def _encoded(seed: str, encoding: str) -> bytes:
    return seed_text(seed).encode(encoding)


@budget(60)
@given(seed=st.sampled_from(SEEDS),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-8-sig", "utf-16", "big5hkscs"]),
       cut=st.integers(1, 6000),
       flips=st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 255)), max_size=4))
def test_truncated_and_damaged_drafts_are_read_and_checked_or_refused(seed, encoding, cut,
                                                                       flips):
    try:
        data = bytearray(seed_text(seed)[:2000].encode(encoding, "replace")[:cut])
    except LookupError:
        return
    for pos, byte in flips:
        if data:
            data[pos % len(data)] = byte
    try:
        src = decode_text("草稿.txt", bytes(data))
    except InputError as err:
        assert "\n" not in str(err)
        return
    result = every_rule().check_source(src)
    assert_sound(result, src.text)


def _zip(members) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


_PART_NAMES = st.sampled_from(["[Content_Types].xml", "_rels/.rels", "word/document.xml",
                               "word/_rels/document.xml.rels", "word/styles.xml",
                               "docProps/core.xml", "word/media/image1.png"])
_MEMBER_NAMES = st.one_of(_PART_NAMES, st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\0/\\"),
    min_size=1, max_size=20))
_XMLISH = st.one_of(st.binary(max_size=300),
                    st.text(alphabet="<>/=\"' wpt:r法治。xmlns", max_size=300)
                    .map(lambda s: s.encode("utf-8")))


def _real_docx() -> bytes:
    import docx
    d = docx.Document()
    for line in seed_text("004").split("\n")[:12]:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


REAL_DOCX = _real_docx()


@budget(80)
@given(st.one_of(
    st.lists(st.tuples(_MEMBER_NAMES, _XMLISH), max_size=6).map(_zip),
    st.tuples(st.integers(0, len(REAL_DOCX)),
              st.lists(st.tuples(st.integers(0, len(REAL_DOCX) - 1), st.integers(0, 255)),
                       max_size=6))
    .map(lambda t: _damage(REAL_DOCX[:max(t[0], 1)], t[1])),
    st.binary(max_size=2000)))
@example(b"<!doctype html")   # Word's HTML saved as .docx: read by its content (LibreOffice)
def test_anything_named_docx_is_read_or_refused(tmp_path_factory, data):
    path = fresh(tmp_path_factory.getbasetemp(), ".docx")
    path.write_bytes(data)
    try:
        src = read_path(str(path))
    except InputError as err:
        assert "\n" not in str(err) and str(path) in str(err)
    else:
        # read by what it is, not by its name: a Word file, or Word's HTML/MHT ("doc")
        assert src.text.strip() and src.format in ("docx", "doc"), src.format
    assert path.read_bytes() == data


def _damage(data: bytes, flips) -> bytes:
    out = bytearray(data)
    for pos, byte in flips:
        if pos < len(out):
            out[pos] = byte
    return bytes(out)


# --- every built-in rule on odd text -------------------------------------------------------------

PIECES = ["一、", "二、", "十一、", "（一）", "（三）", "(2)", "1.", "2．", "3、", "（1）", "1）",
          "一是", "二是", "四是", "第一", "其中", "共", "全年", "同比增长", "下降", "12", "3.5",
          "100", "0", "1000000000000", "%", "％", "百分之", "万元", "亿元", "件", "次", "个", "人",
          "余", "多", "近", "约", "两", "十", "二十", "二〇二四", "2024", "2023年", "年度", "年",
          "月", "日", "，", "。", "；", "：", "、", "！", "？", "“", "”", "‘", "’", "\"", "'",
          "《", "》", "（", "）", "(", ")", "【", "】", ",", ".", ";", ":", " ", "\u3000", "\t",
          "\n", "\n\n", "法治政府建设", "情况报告", "人民政府", "乡", "镇", "街道", "县", "区",
          "马楼乡", "杂色镇", "主要举措和成效", "存在的不足和原因", "第一责任人", "下一步",
          "工作安排", "十九大", "二十大", "党的", "精神", "习近平法治思想", "行政复议", "执法",
          "进一度", "的的", "了了", "xx", "XX镇", "×××", "a", "Z", "\u200b", "\ufeff", "🙂",
          "\U00020000", "\u0301", "ǅ"]


@budget(300)
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
                 st.text(max_size=400)))
def test_every_rule_survives_odd_text(text):
    if not text.strip():
        return
    text = text.replace("\r", "\n")
    assert_sound(every_rule().check_text(text, "草稿.txt"), text)


@budget(80)
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_every_rule_survives_seeds_cut_and_spliced(seed, data):
    lines = seed_text(seed).split("\n")
    picks = data.draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=40))
    text = "\n".join(lines[i] for i in picks)
    cut = data.draw(st.integers(0, len(text)))
    text = text[:cut] + data.draw(st.sampled_from(PIECES)) + text[cut:]
    if text.strip():
        assert_sound(every_rule().check_text(text, "草稿.txt"), text)


# --- rule packs -------------------------------------------------------------------------------------

GOOD_RULE = {"id": "XC101", "kind": "existence", "category": "wording", "severity": "warning",
             "name": "模板占位符", "message": "模板占位符：{found}",
             "entries": [{"pattern": "XX镇"}],
             "explain": {"why": "没改完。", "bad": "XX镇", "good": "青山镇"}}

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.floats(allow_nan=False), st.text(max_size=30),
                     st.sampled_from(["(a+)+$", "[", "\\", "{found}", "{nope}", "XX", ".*",
                                      "required-section", "structure", "error"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)


@st.composite
def mutated_packs(draw) -> str:
    rule = dict(GOOD_RULE)
    kind = draw(st.sampled_from(kinds.available()))
    if draw(st.booleans()):
        rule["kind"] = kind
        for key in getattr(kinds.load(kind), "OPTIONS", {}):
            if draw(st.booleans()):
                rule[key] = draw(_values)
        if rule["kind"] != "existence":
            rule.pop("entries", None)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(sorted(rule) + ["bogus", "enabled"]))
        rule[key] = draw(_values)
    pack = {"pack": draw(st.sampled_from(["county", 7, None])), "rules": [rule]}
    if draw(st.booleans()):
        pack["extends"] = draw(st.sampled_from([[], "fazhi-annual-report", ["nope"], [1], "../x"]))
    return yaml.safe_dump(pack, allow_unicode=True)


@budget(150)
@given(st.one_of(mutated_packs(), st.text(max_size=300),
                 st.sampled_from(["pack: x\nrules: " + "[" * 3000 + "]" * 3000,
                                  "a: &a [1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                  "pack: x\nrules: [*b,*b,*b,*b,*b,*b,*b,*b]\n",
                                  "pack: x\nrules: !!python/object/apply:os.system [echo]\n",
                                  "\ufeffpack: x\nrules: []\n"])))
def test_rule_pack_loader_accepts_or_names_the_problem(tmp_path_factory, text):
    path = fresh(tmp_path_factory.getbasetemp(), ".yaml")
    path.write_text(text, encoding="utf-8")
    try:
        rs = packs.load([str(path)], builtin=False)
    except PackError as err:      # one line naming the pack (or the pack it extends)
        assert "\n" not in str(err)
        assert str(path) in str(err) or str(path.parent) in str(err), err
        return
    for rule in rs.rules.values():  # what loads is complete: a known kind, a message
        assert kinds.load(rule.kind) and isinstance(rule.message, str)
        assert rule.severity in SEVERITIES and rule.category in CATEGORIES


_EVIL = st.sampled_from(["(a+)+$", "(a|aa)+b", "(a|a?)+c", "(.*a){20}", "((a+)*)+d",
                         "(\\w+\\s?)+$", "([a-z]+)*=", "(x+x+)+y"])


@pytest.fixture
def quick_timeout(monkeypatch):
    monkeypatch.setattr(matching, "REGEX_TIMEOUT", 0.05)


@budget(12)
@given(pattern=_EVIL, n=st.integers(18, 40))
def test_backtracking_user_regex_is_reported_with_its_rule(tmp_path_factory, quick_timeout,
                                                            pattern, n):
    tmp = tmp_path_factory.getbasetemp()
    pack = fresh(tmp, ".yaml")
    rule = dict(GOOD_RULE, entries=[{"pattern": pattern}])
    pack.write_text(yaml.safe_dump({"pack": "county", "rules": [rule]}, allow_unicode=True),
                    encoding="utf-8")
    draft = fresh(tmp, ".txt")
    draft.write_text("青山镇2024年度法治政府建设情况报告\n" + "a" * n + "!\n", encoding="utf-8")
    runner = Runner(Options(use_config=False, rules=[str(pack)], select=["XC101"]))
    result = runner.check_path(str(draft))
    if result.error:
        assert "XC101" in result.error and "超时" in result.error and "\n" not in result.error


# --- the command line ---------------------------------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=400 if LONG else 6, deadline=None, suppress_health_check=list(HealthCheck))
@given(suffix=st.sampled_from([".txt", ".md", ".docx"]),
       data=st.one_of(st.binary(max_size=3000),
                      st.builds(lambda s, k: s.encode("gb18030")[:k],
                                st.sampled_from([seed_text(s) for s in SEEDS]),
                                st.integers(0, 12000)),
                      st.just(REAL_DOCX)))
def test_cli_ends_in_findings_or_one_line_and_exit_2(tmp_path_factory, suffix, data):
    path = fresh(tmp_path_factory.getbasetemp(), suffix)
    path.write_bytes(data)
    before = _sha(path)
    proc = run_cli("check", path, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode in (0, 1, 2)
    if proc.returncode == 2:
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fzlint: 错误："), proc.stderr
        assert "内部错误" not in lines[0]
    assert _sha(path) == before


# --- atheris (opt-in, coverage-guided) -------------------------------------------------------------------

def _atheris_main(argv) -> None:
    import atheris   # pip install atheris
    atheris.instrument_all()
    target = argv[1] if len(argv) > 1 else "decode"
    import tempfile
    tmp = Path(tempfile.mkdtemp(prefix="fzlint-fuzz-"))

    def one(data: bytes) -> None:
        if target == "decode":
            try:
                src = decode_text("x.txt", data)
            except InputError:
                return
            every_rule().check_source(src)
        elif target == "docx":
            path = fresh(tmp, ".docx")
            path.write_bytes(data)
            try:
                read_path(str(path))
            except InputError:
                pass
            path.unlink()
        elif target == "pack":
            path = fresh(tmp, ".yaml")
            path.write_bytes(data)
            try:
                packs.load([str(path)], builtin=False)
            except PackError:
                pass
            path.unlink()
        else:
            text = data.decode("utf-8", "replace")
            if text.strip():
                every_rule().check_text(text, "x.txt")

    atheris.Setup([argv[0], *argv[2:]], one)
    atheris.Fuzz()


if __name__ == "__main__":
    _atheris_main(sys.argv)
