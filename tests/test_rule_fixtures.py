"""One annotated fixture per shipped rule: tests/rules/FZxxx.txt.

Each fixture is a short draft (a township or department report fragment) whose lines carry
markers saying where its rule must fire and where it must stay silent.  The harness strips the
markers, checks the text in-process with only the fixture's rule selected, and compares the set
of (line, rule) found with the annotated set *exactly*: every expected finding present, no
unexpected finding on any line.

Annotation syntax
=================

Markers use the white square brackets ⟦ ⟧ (U+27E6, U+27E7), which never occur in a real report.

Trailing markers, at the end of a line (one or more; the marker and the blanks before it are
removed, so nothing before it moves)::

    全年开展普法宣传活动4余次。 ⟦FZ404⟧              the rule must report on this line
    全年开展普法宣传活动10余次。 ⟦ok FZ404⟧          near miss: the rule must NOT report here
    做到件件有落实。 ⟦known-false FZ702: 叠字⟧       it reports here but should not (known bug)
    推进政政府职能转变。 ⟦known-miss FZ702: …⟧       it should report here but does not

  * ``⟦FZ404⟧`` (or ``⟦FZ404, FZ405⟧``): a *true case*.  A finding "is on" the line of its start.
  * ``⟦ok FZ404⟧``: a *near miss*: text that looks like the defect but is the legitimate usage
    the rule must tolerate.  (Every unmarked line must be silent too; the marker says which
    lines are there on purpose, and every fixture needs at least one.)
  * ``⟦known-miss RULE: why⟧`` / ``⟦known-false RULE: why⟧``: the rule's current behaviour on
    this line is wrong (a miss / a false positive).  The line is left out of the exact
    comparison and becomes its own non-strict xfail test (test_known_wrong_behaviour), which
    XPASSes once the rule is fixed; then turn the marker into ``⟦RULE⟧`` / ``⟦ok RULE⟧``.
    The note after ``:`` is required.  Keep these rare and real.
  * A line holding nothing but a marker is an empty line with that expectation.
  * Markers may name other rules than the fixture's own: those rules are then checked (and
    compared exactly) as well.  ⟦ anywhere but at the end of a line is an error.

Directive lines, a line holding only the directive:

  * ``⟦year 2023⟧``: the report year (as ``--year``) for the document it is in, when the
    title does not give one.  The line is checked as an empty line, so lines do not move.
  * ``⟦revisions 3⟧``: the document is checked as a Word file whose reader found 3 tracked
    changes not yet accepted (Source.revisions; FZ911).  Checked as an empty line, like year.
  * ``⟦doc⟧`` (or ``⟦doc 说明⟧``): ends the current document and starts another.  Rules about
    a whole draft (a missing part, the signature, the signing date) need one draft that has
    the defect and one that has not; each document is checked on its own, and its line numbers
    are mapped back to the fixture's (a document starting after fixture line k has its line n
    at fixture line k + n).  The text before the first ``⟦doc⟧`` is the first document.
  * ``⟦other⟧`` (or ``⟦other 说明⟧``): the lines up to the next ``⟦doc⟧``/``⟦other⟧`` or the end
    are another draft, not checked but indexed for the cross-draft rule (FZ303), as if given
    with ``--against``.  No markers inside it.

Each document is checked as the text of its lines joined with "\\n" and ending with "\\n".
Trailing blanks of a marked line are removed with the marker; write no marker on a line whose
trailing blanks matter.

Adding a rule: add tests/rules/<id>.txt with at least one true case and one near miss
(test_every_shipped_rule_has_a_fixture fails until then); see README.md "给规则写测试样例".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checker.engine.packs import load

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "rules"
RULESET = load()
SHIPPED = sorted(RULESET.rules)

_MARK = r"⟦[^⟦⟧\n]*⟧"
_TRAILING = re.compile(rf"(?:[ \t\u3000]*{_MARK})+[ \t\u3000]*$")
_ONE = re.compile(r"⟦([^⟦⟧\n]*)⟧")
_RULE = re.compile(r"[A-Z]{2}\d{3}$")
KINDS = ("expect", "ok", "known-miss", "known-false")


class FixtureError(ValueError):
    pass


@dataclass(frozen=True)
class Mark:
    kind: str            # expect | ok | known-miss | known-false
    rule: str
    line: int            # 1-based line of the fixture file
    note: str = ""


@dataclass
class Doc:
    first: int                       # fixture line number of the document's first line
    lines: list[str] = field(default_factory=list)
    year: int | None = None
    revisions: int = 0               # tracked changes the reader found (⟦revisions N⟧)
    other: bool = False              # an --against draft, not checked

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def fixture_line(self, line: int) -> int:
        return self.first + line - 1


@dataclass
class Fixture:
    path: Path
    rule: str
    docs: list[Doc]
    marks: list[Mark]

    @property
    def checked(self) -> list[Doc]:
        return [d for d in self.docs if not d.other]

    @property
    def others(self) -> list[Doc]:
        return [d for d in self.docs if d.other]

    def rules(self) -> list[str]:
        return sorted({self.rule} | {m.rule for m in self.marks})

    def of(self, *kinds: str) -> set[tuple[int, str]]:
        return {(m.line, m.rule) for m in self.marks if m.kind in kinds}


def _split_note(body: str) -> tuple[str, str]:
    m = re.search("[:：]", body)
    return (body[:m.start()], body[m.end():]) if m else (body, "")


def _parse_mark(body: str, where: str) -> tuple[str, list[str], str]:
    head, note = _split_note(body)
    words = head.replace(",", " ").replace("，", " ").split()
    kind = "expect"
    if words and words[0] in KINDS[1:]:
        kind = words.pop(0)
    if not words or not all(_RULE.match(w) for w in words):
        raise FixtureError(f"{where}: marker ⟦{body}⟧ should be ⟦[ok|known-miss|known-false] "
                           "FZxxx[, FZyyy][: note]⟧")
    if kind.startswith("known") and not note.strip():
        raise FixtureError(f"{where}: ⟦{body}⟧ needs a note saying what is wrong (⟦{kind} "
                           f"{words[0]}: …⟧)")
    return kind, words, note.strip()


def parse(path: Path) -> Fixture:
    """Read a fixture: its documents (markers stripped, directive lines blanked) and marks."""
    rule = path.stem
    raw = path.read_text(encoding="utf-8").split("\n")
    if raw and raw[-1] == "":
        raw.pop()                     # the file's final newline ends the last line
    docs = [Doc(first=1)]
    marks: list[Mark] = []
    for n, line in enumerate(raw, 1):
        where = f"{path.name}:{n}"
        stripped = line.strip(" \t\u3000")
        directive = re.fullmatch(r"⟦(year|revisions|doc|other)(?:\s+([^⟦⟧]*))?⟧", stripped)
        if directive:
            word, arg = directive.group(1), (directive.group(2) or "").strip()
            if word == "year":
                if not re.fullmatch(r"(19|20)\d\d", arg):
                    raise FixtureError(f"{where}: ⟦year …⟧ needs a year, e.g. ⟦year 2023⟧")
                docs[-1].year = int(arg)
                docs[-1].lines.append("")
            elif word == "revisions":
                if not re.fullmatch(r"[1-9]\d*", arg):
                    raise FixtureError(f"{where}: ⟦revisions …⟧ needs a count, e.g. ⟦revisions 3⟧")
                docs[-1].revisions = int(arg)
                docs[-1].lines.append("")
            else:                     # empty documents (before a leading ⟦doc⟧) are dropped
                docs.append(Doc(first=n + 1, other=(word == "other")))
            continue
        m = _TRAILING.search(line)
        text = line[:m.start()] if m else line
        if "⟦" in text or "⟧" in text:
            raise FixtureError(f"{where}: a marker must stand at the end of the line")
        if m:
            if docs[-1].other:
                raise FixtureError(f"{where}: no markers inside an ⟦other⟧ draft")
            for body in _ONE.findall(m.group(0)):
                kind, rules, note = _parse_mark(body, where)
                marks.extend(Mark(kind, r, n, note) for r in rules)
        docs[-1].lines.append(text)
    docs = [d for d in docs if d.other or any(ln.strip() for ln in d.lines)]
    seen: dict[tuple[int, str], str] = {}
    for mk in marks:
        if mk.rule not in RULESET.rules:
            raise FixtureError(f"{path.name}:{mk.line}: {mk.rule} is not a shipped rule")
        key = (mk.line, mk.rule)
        if key in seen and seen[key] != mk.kind:
            raise FixtureError(f"{path.name}:{mk.line}: {mk.rule} marked both {seen[key]} "
                               f"and {mk.kind}")
        seen[key] = mk.kind
    return Fixture(path, rule, docs, marks)


def run(fx: Fixture) -> set[tuple[int, str]]:
    """(fixture line, rule) of every finding of the fixture's rules on its documents."""
    from checker.app.runner import Options, Runner
    found: set[tuple[int, str]] = set()
    rules = fx.rules()
    local = [r for r in rules if RULESET.rules[r].kind != "duplicate-across"]
    across = [RULESET.rules[r] for r in rules if RULESET.rules[r].kind == "duplicate-across"]
    for i, doc in enumerate(fx.checked):
        name = f"{fx.path.stem}-{i + 1}.txt"
        res = _check(Runner(Options(select=local or ["NONE"], year=doc.year, use_config=False)),
                     doc.text, name, doc.revisions)
        assert res.error is None, res.error
        found |= {(doc.fixture_line(res.doc.position(f.start)[0]), f.rule)
                  for f in res.findings if f.rule in local}
        # the other hits of a grouped finding (common key `grouping`) are on their own lines
        found |= {(doc.fixture_line(res.doc.position(r.start)[0]), r.rule)
                  for f in res.findings for r in f.related
                  if r.rule in local and r.start is not None}
        for rule in across:
            for sh in _shared(res.doc, fx.others, rule):
                found.add((doc.fixture_line(res.doc.position(sh.start)[0]), rule.id))
    return found


def _check(runner, text: str, name: str, revisions: int = 0):
    """Check text as a plain draft, or — with revisions — as the text a Word reader produced
    from a document holding that many unaccepted tracked changes."""
    if not revisions:
        return runner.check_text(text, name)
    from checker.readers import Source
    return runner.check_source(Source(name, text, "docx", "docx", revisions=revisions))


def _shared(doc, others: list[Doc], rule):
    """Passages of doc shared with the ⟦other⟧ drafts, as `--against` finds them."""
    from checker.corpus.index import Corpus
    from checker.model.document import Document
    corpus = Corpus(None)
    try:
        for j, other in enumerate(others):
            corpus.add(Document(other.text, f"other-{j + 1}.txt", "text"), f"/fixture/other-{j + 1}")
        corpus.commit()
        return corpus.shared(doc, rule["threshold"], rule["min_chars"], rule["ignore"], None,
                             rule["max_related"])
    finally:
        corpus.close()


# --- the fixtures ---------------------------------------------------------------------------

FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))
FIXTURE_IDS = [p.stem for p in FIXTURE_FILES]


def _fixture(rid: str) -> Fixture:
    return parse(FIXTURES / f"{rid}.txt")


def _where(fx: Fixture, keys) -> str:
    lines = {}
    for d in fx.docs:
        for k, ln in enumerate(d.lines):
            lines[d.first + k] = ln
    return "\n".join(f"  {fx.path.name}:{line}: {rule}  {lines.get(line, '')[:60]}"
                     for line, rule in sorted(keys))


@pytest.mark.parametrize("rid", FIXTURE_IDS)
def test_fixture(rid):
    fx = _fixture(rid)
    known = fx.of("known-miss", "known-false")
    found = run(fx) - known
    expected = fx.of("expect")
    near = fx.of("ok")
    problems = []
    if expected - found:
        problems.append("expected but not reported:\n" + _where(fx, expected - found))
    if found & near:
        problems.append("reported on a near-miss line (⟦ok⟧):\n" + _where(fx, found & near))
    if found - expected - near:
        problems.append("reported but not expected:\n" + _where(fx, found - expected - near))
    assert not problems, "\n".join(problems)


def test_every_shipped_rule_has_a_fixture():
    missing = [r for r in SHIPPED if not (FIXTURES / f"{r}.txt").exists()]
    assert not missing, f"rules without tests/rules/<id>.txt: {missing}"


def test_every_fixture_is_for_a_shipped_rule():
    stray = [p.name for p in FIXTURE_FILES if p.stem not in RULESET.rules]
    assert not stray, f"fixtures for unknown rules: {stray}"


@pytest.mark.parametrize("rid", FIXTURE_IDS)
def test_fixture_has_a_true_case_and_a_near_miss(rid):
    fx = _fixture(rid)
    own = {m.kind for m in fx.marks if m.rule == rid}
    assert "expect" in own, f"{rid}.txt has no ⟦{rid}⟧ line (a true case)"
    assert "ok" in own, f"{rid}.txt has no ⟦ok {rid}⟧ line (a near miss)"
    assert fx.checked, f"{rid}.txt has no document to check"


@pytest.mark.parametrize("rid", FIXTURE_IDS)
def test_stripping_markers_moves_nothing(rid):
    """Each checked line is its fixture line with only a trailing marker removed."""
    fx = _fixture(rid)
    raw = fx.path.read_text(encoding="utf-8").split("\n")
    for d in fx.docs:
        for k, ln in enumerate(d.lines):
            original = raw[d.first + k - 1]
            assert original.startswith(ln), (d.first + k, original)
            rest = original[len(ln):]
            assert rest.strip(" \t\u3000") == "" or rest.lstrip(" \t\u3000").startswith("⟦"), \
                (d.first + k, original)


# --- known wrong behaviour: non-strict xfails, XPASS once the rule is fixed ------------------

def _known():
    out = []
    for rid in FIXTURE_IDS:
        try:
            fx = _fixture(rid)
        except FixtureError:          # test_fixture reports it
            continue
        out += [(rid, m) for m in fx.marks if m.kind.startswith("known")]
    return out


KNOWN = _known()


@pytest.mark.parametrize("rid,mark", [
    pytest.param(rid, m, id=f"{rid}:{m.line}:{m.kind}",
                 marks=pytest.mark.xfail(strict=False, reason=f"{m.kind}: {m.note}"))
    for rid, m in KNOWN])
def test_known_wrong_behaviour(rid, mark):
    found = run(_fixture(rid))
    if mark.kind == "known-miss":
        assert (mark.line, mark.rule) in found, f"still missed: {mark.note}"
    else:
        assert (mark.line, mark.rule) not in found, f"still reported: {mark.note}"


# --- every rule's own explain examples ------------------------------------------------------
#
# `fzlint explain` shows a bad and a good example for each rule.  They are written for people,
# so they are read with these conventions before checking (read_example):
#   * a leading "（2023年度报告）" gives the report year, "（桐木漯瑶族乡的报告）" the reporting
#     body; other stage directions in full-width brackets ("（全文未提及第一责任人）", "（第 11 行）",
#     "（文末结束）") are not text of the draft; a good example without its own context shares
#     the bad example's;
#   * " …… " (with blanks), " / " and a blank before a heading ordinal (一、（一）1.) separate
#     paragraphs; "××" before 镇/乡/县/区/市 stands for the body's name (except in FZ605, whose
#     subject is placeholders);
#   * a first paragraph "关于2024年度……的报告" is the title (the body's name filled in);
#     FZ107's examples are titles themselves.
# The example then goes into a minimal report: the title, one neutral opening paragraph, the
# example's paragraphs.  FZ303 is checked against a neighbour's draft holding the bad example.

EXAMPLE_BODY = "青山镇人民政府"
OPENING = "　　{year}年，在县委、县政府的坚强领导下，各项工作有序推进。"
_HEAD = r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}）)"
_STAGE = r"[（(][^（）()]*(?:全文|文末|下面|中间|相同|未写|没有|报告)[^（）()]*[）)]"

# examples that do not behave as written: rule -> what happens (non-strict xfail)
EXPLAIN_KNOWN: dict[str, str] = {}


def read_example(text: str, context: dict | None = None) -> tuple[dict, list[str]]:
    """(context, paragraphs) of an explain example; context has year, body, title."""
    ctx = dict(context or {"year": 2024, "body": EXAMPLE_BODY, "title": None})
    ctx.pop("revisions", None)          # a document fact of the example itself, never shared
    t = text.strip()
    m = re.match(r"^[（(]文档中有\s*(\d+)\s*处未接受的修订[）)]", t)
    if m:                               # FZ911: the example is a Word file with tracked changes
        ctx["revisions"], t = int(m.group(1)), t[m.end():]
    m = re.match(r"^[（(][^（）()]*?((?:19|20)\d\d)年度报告[）)]", t)
    if m:
        ctx["year"], t = int(m.group(1)), t[m.end():]
    m = re.match(r"^[（(]([^（）()]{2,20}?)的报告[）)]", t)
    if m:
        ctx["body"], t = m.group(1), t[m.end():]
    t = re.sub(r"[（(]第\s*\d+\s*行[）)]", "\n", t)
    t = re.sub(r"^" + _STAGE, "", t)
    t = re.sub(r"\s+……\s+", "\n", t)
    t = re.sub(r"\s+(?=……)", "\n", t)
    t = re.sub(r"(?<=……)\s+", "\n", t)
    t = re.sub(r"\s+/\s+", "\n", t)
    t = re.sub(r"(?<=[^\s\-*+•])[ \u3000]+(?=%s)" % _HEAD, "\n", t)
    paras = []
    for line in t.split("\n"):
        line = re.sub(_STAGE + "$", "", line.strip())
        if line:
            paras.append(line)
    if paras and re.search(r"的?报告$", paras[0]) and not re.search(r"[，。；：]", paras[0]):
        title = paras.pop(0)
        ctx["title"] = title if not title.startswith("关于") else ctx["body"] + title
    return ctx, paras


def example_report(rid: str, text: str, context: dict | None = None) -> tuple[dict, str]:
    if rid != "FZ605":
        text = re.sub(r"××(?=[镇乡县区市])", "青山", text)
    if rid == "FZ100":            # the example is the whole file (a cover note, a title)
        return {}, text.strip() + "\n"
    if rid == "FZ107":            # the example is the title
        return {}, f"{text}\n{OPENING.format(year=2024)}\n"
    ctx, paras = read_example(text, context)
    title = ctx["title"] or f"{ctx['body']}关于{ctx['year']}年度法治政府建设情况的报告"
    return ctx, "\n".join([title, OPENING.format(year=ctx["year"]), *paras]) + "\n"


def _example_rules(rid: str, text: str, other: str | None = None, revisions: int = 0) -> list[str]:
    from checker.app.runner import Options, Runner
    rule = RULESET.rules[rid]
    select = [rid]
    if rule.kind == "unused-suppression":   # judged only for the rules that ran: run those too
        select += sorted(set(re.findall(r"FZ\d{3}", text)) - {rid})
    res = _check(Runner(Options(select=select, use_config=False)), text, "example.txt", revisions)
    if rule.kind != "duplicate-across":
        return [f.rule for f in res.findings if f.rule == rid]
    others = [Doc(first=1, lines=other.rstrip("\n").split("\n"))] if other else []
    return [rid for _ in _shared(res.doc, others, rule)]


@pytest.mark.parametrize("rid", [
    pytest.param(r, marks=pytest.mark.xfail(strict=False, reason=EXPLAIN_KNOWN[r]))
    if r in EXPLAIN_KNOWN else r for r in SHIPPED])
def test_explain_examples_behave(rid):
    """Each shipped rule reports its own bad example and not its good one."""
    ex = RULESET.rules[rid].explain
    assert ex.get("why") and ex.get("bad") and ex.get("good"), f"{rid}: explain is incomplete"
    ctx, bad = example_report(rid, ex["bad"])
    good_ctx, good = example_report(rid, ex["good"], ctx or None)
    other = None
    if RULESET.rules[rid].kind == "duplicate-across":   # a neighbour's draft holding the bad text
        _, paras = read_example(ex["bad"])
        other = "\n".join(["白集镇人民政府关于2024年度法治政府建设情况的报告", *paras]) + "\n"
    assert rid in _example_rules(rid, bad, other, ctx.get("revisions", 0)), \
        f"{rid}: bad example not reported:\n{bad}"
    assert _example_rules(rid, good, other, good_ctx.get("revisions", 0)) == [], \
        f"{rid}: good example reported:\n{good}"


# --- the parser itself ----------------------------------------------------------------------

def test_parser_reads_markers_directives_and_documents(tmp_path):
    p = tmp_path / "FZ404.txt"
    p.write_text("⟦year 2023⟧\n标题\n开展活动4余次。 ⟦FZ404⟧\n开展活动10余次。⟦ok FZ404⟧ ⟦ok FZ405⟧\n"
                 "⟦doc 第二份⟧\n\n做到1项均⟦known-false FZ405: 说明⟧\n⟦other⟧\n别的草稿\n",
                 encoding="utf-8")
    fx = parse(p)
    assert [d.lines for d in fx.docs] == [["", "标题", "开展活动4余次。", "开展活动10余次。"],
                                          ["", "做到1项均"], ["别的草稿"]]
    assert [d.first for d in fx.docs] == [1, 6, 9] and fx.docs[0].year == 2023
    assert fx.docs[2].other and fx.docs[1].fixture_line(2) == 7
    assert fx.of("expect") == {(3, "FZ404")}
    assert fx.of("ok") == {(4, "FZ404"), (4, "FZ405")}
    assert fx.of("known-false") == {(7, "FZ405")}
    assert fx.rules() == ["FZ404", "FZ405"]


@pytest.mark.parametrize("body,error", [
    ("开展活动 ⟦FZ40⟧\n", "should be"),
    ("开展⟦FZ404⟧活动\n", "end of the line"),
    ("开展活动 ⟦known-miss FZ404⟧\n", "needs a note"),
    ("开展活动 ⟦FZ999⟧\n", "not a shipped rule"),
    ("开展活动 ⟦FZ404⟧ ⟦ok FZ404⟧\n", "marked both"),
    ("⟦year 二〇二三⟧\n", "needs a year"),
    ("⟦other⟧\n别的 ⟦FZ404⟧\n", "inside an ⟦other⟧"),
])
def test_parser_rejects_malformed_markers(tmp_path, body, error):
    p = tmp_path / "FZ404.txt"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(FixtureError, match=error):
        parse(p)
