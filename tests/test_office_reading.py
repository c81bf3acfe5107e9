"""Office files in: every format a draft comes in gives the findings its text gives.

Each test builds office files from the seed reports (tests/office_files.py: raw
WordprocessingML written into a zip, LibreOffice conversions for .doc/.wps/.odt/.rtf/.pdf) and
checks them with the real CLI (`python -m checker check --format json`), next to a .txt holding
the text a correct reader sees; the findings (rule and excerpt) must be the same — for .pdf at
least 90 % of the non-format findings, and no wrap debris.

LibreOffice is installed by a session fixture when missing (apt-get, as tests/browser.py does
for Chromium); if that is impossible the tests fail, never skip.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import office_files as of
from office_files import br, dele, field, ins, p, t, text_box
from util import SEEDS, cli_json, run_cli

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def soffice():
    try:
        return of.ensure_libreoffice()
    except of.OfficeUnavailable as err:
        pytest.fail(f"LibreOffice is needed for the office reading tests: {err}")


def findings_of(folder: Path, *extra) -> dict[str, Counter]:
    """{file name: Counter((rule, excerpt))} for every file of a folder, through the CLI."""
    out = cli_json("--no-config", *extra, str(folder))
    res = {}
    for f in out["files"]:
        assert not f.get("error"), f
        res[Path(f["path"]).name] = Counter((x["rule"], x["excerpt"]) for x in f["findings"])
    return res


def cli_errors(*paths) -> dict[str, str]:
    proc = run_cli("check", "--format", "json", "--no-config", *map(str, paths))
    data = __import__("json").loads(proc.stdout)
    return {Path(f["path"]).name: f.get("error") for f in data["files"]}


def assert_same(got: Counter, want: Counter, what: str) -> None:
    missing, extra = want - got, got - want
    assert not missing and not extra, (f"{what}: findings differ\n  only in the .txt: "
                                       f"{sorted(missing)[:8]}\n  only in the office file: "
                                       f"{sorted(extra)[:8]}")


def write_pair(folder: Path, name: str, office_bytes: bytes, text: str, suffix=".docx"):
    (folder / f"{name}{suffix}").write_bytes(office_bytes)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


# --- numbering ------------------------------------------------------------------------------------
FORMATS = {   # value → text, as Word writes it (LibreOffice agrees, except where noted)
    "chineseCounting": {1: "一", 10: "十", 11: "十一", 20: "二十", 99: "九十九", 101: "一百零一",
                        110: "一百一十", 1001: "一千零一"},
    "chineseCountingThousand": {1: "一", 12: "十二", 100: "一百", 1010: "一千零一十",
                                10001: "一万零一"},
    "chineseLegalSimplified": {1: "壹", 10: "壹拾", 11: "壹拾壹", 20: "贰拾", 101: "壹佰零壹"},
    "ideographTraditional": {1: "甲", 10: "癸", 11: "11"},
    "ideographZodiac": {1: "子", 12: "亥"},
    "taiwaneseCountingThousand": {3: "三", 15: "十五", 10000: "一萬"},
    "decimal": {1: "1", 12: "12"},
    "decimalZero": {3: "03", 12: "12"},
    "decimalFullWidth": {3: "３", 12: "１２"},          # LibreOffice 7.4 writes ASCII digits
    "decimalEnclosedCircle": {1: "①", 20: "⑳", 21: "㉑", 51: "51"},
    "decimalEnclosedParen": {1: "⑴", 20: "⒇"},         # LibreOffice 7.4 writes plain digits
    "ideographDigital": {10: "一〇", 21: "二一"},        # digit by digit (LibreOffice: 十)
    "upperLetter": {1: "A", 26: "Z", 27: "AA", 30: "DD"},
    "lowerLetter": {2: "b", 28: "bb"},
    "upperRoman": {4: "IV", 9: "IX", 14: "XIV", 1990: "MCMXC"},
    "lowerRoman": {3: "iii", 40: "xl"},
    "ordinal": {1: "1st", 2: "2nd", 11: "11th", 23: "23rd"},
    "cardinalText": {21: "Twenty-one"},
}


def test_number_formats_as_word_writes_them():
    from checker.readers.wordml import format_number
    for fmt, cases in FORMATS.items():
        for value, text in cases.items():
            assert format_number(value, fmt) == text, (fmt, value)


_MARKERS = ((0, re.compile(r"^([一二三四五六七八九十]+)、")),
            (1, re.compile(r"^（([一二三四五六七八九十]+)）")),
            (2, re.compile(r"^(\d+)[.．]\s*(?=\D)")),
            (3, re.compile(r"^（(\d+)）")))
_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"


def _expected_label(level: int, n: int) -> str:
    """What Word shows for the levels built in numbered_docx (counting ≤ 10 only)."""
    cn = _CN[n - 1] if n <= 10 else "十" + _CN[n - 11]
    return (f"{cn}、", f"（{cn}）", f"{n}.", _CIRCLED[n - 1])[level]


def numbered_docx(lines: list[str]) -> tuple[bytes, str]:
    """The seed with its heading numbers made automatic: level 1 (一、, chineseCountingThousand)
    through the paragraph style 'Heading1', level 2 （一） chineseCounting, level 3 1. decimal,
    level 4 ① decimalEnclosedCircle.  Returns the .docx and the text a correct reader sees."""
    body, expected = [], []
    counters = [0, 0, 0, 0]
    for line in lines:
        for level, pattern in _MARKERS:
            m = pattern.match(line)
            if m:
                rest = line[m.end():]
                counters[level] += 1
                for k in range(level + 1, 4):
                    counters[k] = 0
                expected.append(_expected_label(level, counters[level]) + rest)
                if level == 0:
                    body.append(p(rest, style="Heading1"))
                else:
                    body.append(p(rest, num=1, ilvl=level))
                break
        else:
            expected.append(line)
            body.append(p(line) if line else "<w:p/>")
    numbering = of.numbering(
        of.abstract(0, of.lvl(0, "chineseCountingThousand", "%1、", pstyle="Heading1"),
                    of.lvl(1, "chineseCounting", "（%2）"), of.lvl(2, "decimal", "%3."),
                    of.lvl(3, "decimalEnclosedCircle", "%4")),
        of.num(1, 0))
    styles = of.styles(of.style("Heading1", "heading 1", num_id=1))
    return of.package("".join(body), numbering, styles), "\n".join(expected)


def test_automatic_numbering_in_three_formats(tmp_path, soffice):
    """Heading numbers made by Word's automatic numbering (four levels, four numFmts, level 1
    carried by a paragraph style) read as typed numbers would: same findings as the .txt; and
    LibreOffice renders the same numbers."""
    used = 0
    for seed in SEED_FILES:
        docx, text = numbered_docx(seed_lines(seed))
        used += text != seed.read_text(encoding="utf-8") or any(
            m.match(x) for x in seed_lines(seed) for _, m in _MARKERS)
        write_pair(tmp_path, seed.stem, docx, text)
    assert used >= 3
    got = findings_of(tmp_path)
    for seed in SEED_FILES:
        assert_same(got[seed.stem + ".docx"], got[seed.stem + ".txt"], seed.stem)
    # LibreOffice as a second reader of the same numbering
    lo = of.convert(soffice, [tmp_path / "002_1b8db11db821e11c.docx"], "txt:Text",
                    tmp_path / "lo")[0]
    lo_lines = [re.sub(r"\s+", "", x) for x in lo.read_text(encoding="utf-8-sig").split("\n")]
    ours = [re.sub(r"\s+", "", x) for x in (tmp_path / "002_1b8db11db821e11c.txt")
            .read_text(encoding="utf-8").split("\n")]
    assert [x for x in lo_lines if x] == [x for x in ours if x]


def test_numbering_details():
    """start, restarts of lower levels (and lvlRestart 0), two w:num of one abstractNum
    continuing, a startOverride restarting, numbering from a style's basedOn chain, numId 0."""
    from checker.readers.wordml import read_wordml
    a = of.abstract(0, of.lvl(0, "chineseCounting", "%1、"), of.lvl(1, "chineseCounting", "（%2）"),
                    of.lvl(2, "decimal", "%3.", restart=0), of.lvl(3, "upperLetter", "%4)"))
    b = of.abstract(1, of.lvl(0, "decimal", "%1.", start=3), of.lvl(1, "lowerRoman", "(%2)"))
    body = [p("甲", num=1), p("乙", num=1, ilvl=1), p("丙", num=1, ilvl=1),
            p("丁", num=1, ilvl=2), p("戊", num=1), p("己", num=1, ilvl=1), p("庚", num=1, ilvl=2),
            p("辛", num=2), p("壬", num=3), p("癸", num=3, ilvl=3),
            p("子", num=4), p("丑", num=4, ilvl=1), p("寅", style="Child"), p("卯", num=0),
            p("辰", style="Child", num=0)]
    nums = of.numbering(a, b, of.num(1, 0), of.num(2, 0), of.num(3, 0, {0: 1}), of.num(4, 1))
    styles = of.styles(of.style("Parent", "parent", num_id=4, ilvl=1),
                       of.style("Child", "child", based_on="Parent"))
    z = zipfile.ZipFile(io.BytesIO(of.package("".join(body), nums, styles)))
    assert read_wordml(z).paragraphs == [
        "一、甲", "（一）乙", "（二）丙", "1.丁", "二、戊", "（一）己", "2.庚",   # 3rd level never restarts
        "三、辛",                          # num 2 continues abstractNum 0
        "一、壬", "A)癸",                  # num 3's startOverride restarts it
        "3.子", "(i)丑", "(ii)寅",         # start 3; Child gets Parent's numbering
        "卯", "辰"]                        # numId 0: no number


def test_number_suffix_and_bullets():
    from checker.readers.wordml import read_wordml
    a = of.abstract(0, of.lvl(0, "decimal", "%1", suff="space"), of.lvl(1, "decimal", "%2"),
                    of.lvl(2, "bullet", "\uf0b7"), of.lvl(3, "decimal", "第%4条", suff="nothing"))
    body = [p("一", num=1), p("二", num=1, ilvl=1), p("三", num=1, ilvl=2), p("四", num=1, ilvl=3)]
    z = zipfile.ZipFile(io.BytesIO(of.package("".join(body), of.numbering(a, of.num(1, 0)))))
    assert read_wordml(z).paragraphs == ["1 一", "1 二", "• 三", "第1条四"]


# --- tracked changes, tables, text boxes, breaks, fields --------------------------------------------
def body_lines(lines):
    return [(i, x) for i, x in enumerate(lines) if len(x) > 60 and "。" in x]


def revised_docx(lines: list[str]) -> bytes:
    """The seed with unaccepted revisions that, accepted, give the seed back (8 revisions)."""
    long = body_lines(lines)
    (i1, a), (i2, b), (i3, c), (i4, d), (i5, e) = long[:5]
    out = []
    for i, line in enumerate(lines):
        if i == i1:             # a deletion and an insertion: 2
            k = len(a) // 3
            out.append(p(t(a[:k]), dele("草稿中删去的文字", 11), ins(t(a[k:2 * k]), 12), t(a[2 * k:])))
        elif i == i2:           # a paragraph mark deleted: the two paragraphs are one: 1
            k = len(b) // 2
            out.append(p(t(b[:k]), mark='<w:del w:id="13" w:author="审核人" w:date="2024-01-10T09:00:00Z"/>'))
            out.append(p(t(b[k:])))
        elif i == i3:           # moved away: 1; a paragraph deleted by two people: 2
            out.append(p(t(c), '<w:moveFrom w:id="14" w:author="审核人" w:date="2024-01-10T09:00:00Z">'
                         '<w:r><w:t>挪走的一句话。</w:t></w:r></w:moveFrom>'))
            out.append(p(dele("整段删除的文字。", 15),
                         mark='<w:del w:id="16" w:author="另一人" w:date="2024-01-10T09:00:00Z"/>'))
        elif i == i4:           # moved text arrives: 1 (another paragraph)
            k = len(d) // 2
            out.append(p(t(d[:k]), '<w:moveTo w:id="17" w:author="审核人" w:date="2024-01-10T09:00:00Z">'
                         f'<w:r><w:t>{d[k:]}</w:t></w:r></w:moveTo>'))
        elif i == i5:           # formatting changed: 1
            out.append(p('<w:r><w:rPr><w:b/><w:rPrChange w:id="18" w:author="审核人" '
                         'w:date="2024-01-10T09:00:00Z"><w:rPr/></w:rPrChange></w:rPr>'
                         f'<w:t>{e}</w:t></w:r>'))
        else:
            out.append(p(line) if line else "<w:p/>")
    return of.package("".join(out))


def test_tracked_changes_read_as_accepted(tmp_path):
    from checker.readers import read_path
    for seed in SEED_FILES[:3]:
        lines = seed_lines(seed)
        docx = revised_docx(lines)
        write_pair(tmp_path, seed.stem, docx, "\n".join(lines))
        src = read_path(str(tmp_path / f"{seed.stem}.docx"))
        assert src.text == "\n".join(lines)
        assert src.revisions == 8
    got = findings_of(tmp_path)
    out = cli_json("--no-config", str(tmp_path))
    for seed in SEED_FILES[:3]:
        docx = got[seed.stem + ".docx"]
        # the one difference: the info finding that the Word file still holds 8 revisions (FZ911)
        notes = [f for f in next(f for f in out["files"] if f["path"].endswith(seed.stem + ".docx"))
                 ["findings"] if f["rule"] == "FZ911"]
        assert len(notes) == 1 and "8 处修订" in notes[0]["message"], notes
        assert notes[0]["severity"] == "info" and notes[0]["line"] == 1
        assert sum(n for (rule, _), n in docx.items() if rule == "FZ911") == 1
        docx = Counter({k: n for k, n in docx.items() if k[0] != "FZ911"})
        assert_same(docx, got[seed.stem + ".txt"], seed.stem)
        assert not any(rule == "FZ911" for rule, _ in got[seed.stem + ".txt"])


TABLE = [["指标", "2023年", "2024年"], ["行政复议案件（件）", "12", "9"],
         ["行政诉讼案件（件）", "3", "2"], ["调解成功率", "98%", "99%"]]


def test_table_cells_in_order_and_marked(tmp_path):
    from checker.app.runner import Options, Runner
    seed = SEED_FILES[2]
    lines = seed_lines(seed)
    at = body_lines(lines)[1][0] + 1
    body = [p(x) if x else "<w:p/>" for x in lines[:at]]
    body.append(of.table(TABLE[:2] + [[TABLE[2][0], [p("3"), p("（其中败诉0件）")], TABLE[2][2]]]
                         + TABLE[3:]))
    body += [p(x) if x else "<w:p/>" for x in lines[at:]]
    cells = [c for row in TABLE for c in row]
    cells.insert(cells.index("3") + 1, "（其中败诉0件）")
    write_pair(tmp_path, "table", of.package("".join(body)), "\n".join(lines[:at] + cells + lines[at:]))
    got = findings_of(tmp_path)
    assert_same(got["table.docx"], got["table.txt"], "table")
    res = Runner(Options(use_config=False)).check_path(str(tmp_path / "table.docx"))
    regions = res.doc.line_regions
    table_lines = [i + 1 for i, r in enumerate(regions) if "table" in r]
    assert table_lines == list(range(at + 1, at + 1 + len(cells)))


def test_text_boxes_hold_the_signature_and_date(tmp_path):
    """落款 and 成文日期 in a floating text box (DrawingML with its VML fallback, as Word writes
    it), anchored in an empty paragraph at the end: read once, at the anchor."""
    for seed in (SEED_FILES[1], SEED_FILES[4]):
        lines = seed_lines(seed)
        while not lines[-1].strip():
            lines.pop()
        if seed == SEED_FILES[4]:
            lines += ["鲁山县马楼乡人民政府", "2025年1月10日"]
        body = [p(x) if x else "<w:p/>" for x in lines[:-2]]
        body.append(p(text_box([p(lines[-2], jc="right"), p(lines[-1], jc="right")])))
        write_pair(tmp_path, seed.stem, of.package("".join(body)), "\n".join(lines))
    got = findings_of(tmp_path)
    for seed in (SEED_FILES[1], SEED_FILES[4]):
        assert_same(got[seed.stem + ".docx"], got[seed.stem + ".txt"], seed.stem)
    text = (tmp_path / f"{SEED_FILES[4].stem}.txt").read_text(encoding="utf-8")
    from checker.readers import read_path
    assert read_path(str(tmp_path / f"{SEED_FILES[4].stem}.docx")).text == text
    assert text.endswith("\n鲁山县马楼乡人民政府\n2025年1月10日") and text.count("2025年1月10日") == 1


def test_soft_breaks_invent_no_space(tmp_path):
    from checker.readers.wordml import _BREAK, _join_breaks
    assert _join_breaks(f"合{_BREAK}法性") == "合法性"
    assert _join_breaks(f"rule of{_BREAK}law") == "rule of law"
    assert _join_breaks(f"2024{_BREAK}年") == "2024年"
    assert _join_breaks(f"政府，{_BREAK}x") == "政府，x"
    for seed in SEED_FILES:
        lines = seed_lines(seed)
        body = []
        for line in lines:
            k = next((k for k in range(20, len(line) - 1) if
                      "\u4e00" <= line[k - 1] <= "\u9fff" and "\u4e00" <= line[k] <= "\u9fff"), None)
            if k is None:
                body.append(p(line) if line else "<w:p/>")
            else:            # a line break (w:br) and a carriage return (w:cr) inside the line
                j = len(line) - 1 if len(line) - 1 > k + 1 else None
                cr = '<w:r><w:cr/></w:r>'
                body.append(p(t(line[:k]), br(), t(line[k:j]), *( [cr, t(line[j:])] if j else [])))
        write_pair(tmp_path, seed.stem, of.package("".join(body)), "\n".join(lines))
    got = findings_of(tmp_path)
    for seed in SEED_FILES:
        assert_same(got[seed.stem + ".docx"], got[seed.stem + ".txt"], seed.stem)


FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {of.NS}>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>脚注中的文字，，不是报告正文</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')
COMMENTS = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {of.NS}>'
            '<w:comment w:id="0" w:author="审核人"><w:p><w:r><w:t>批注：这里要改改改</w:t></w:r>'
            '</w:p></w:comment></w:comments>')


def test_fields_content_controls_and_what_is_not_report_text(tmp_path):
    """Fields show their result (complex and simple), content controls their content,
    hyperlinks their text; tabs are spaces; headers, footers, footnotes and comments (and the
    marks pointing at them) are not read; hidden text is not shown."""
    seed = SEED_FILES[1]
    lines = seed_lines(seed)
    body = []
    for i, line in enumerate(lines):
        if i == 0:                      # the title inside a block content control
            body.append(f"<w:sdt><w:sdtPr><w:alias w:val=\"标题\"/></w:sdtPr><w:sdtContent>"
                        f"{p(line)}</w:sdtContent></w:sdt>")
        elif i == len(lines) - 1:       # the date as a DATE field's result
            body.append(p(field('DATE \\@ "yyyy年M月d日"', line)))
        elif i == 3:                    # a hyperlink, an inline content control, a footnote mark,
            k = len(line) // 3          # a comment mark, hidden text and a simple field
            body.append(p(
                f'<w:hyperlink r:id="rIdX"><w:r><w:t>{line[:k]}</w:t></w:r></w:hyperlink>',
                f"<w:sdt><w:sdtContent><w:r><w:t>{line[k:2 * k]}</w:t></w:r></w:sdtContent></w:sdt>",
                '<w:r><w:footnoteReference w:id="1"/></w:r>',
                '<w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
                '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的文字，，</w:t></w:r>',
                f'<w:fldSimple w:instr=" QUOTE x "><w:r><w:t>{line[2 * k:]}</w:t></w:r></w:fldSimple>'))
        else:
            body.append(p(line) if line else "<w:p/>")
    body.append(p(t("附件"), "<w:r><w:tab/></w:r>", t("共1页")))
    docx = of.package("".join(body), headers={"header": "页眉文字，，重复", "footer": "- 1 -"},
                      footnotes=FOOTNOTES, comments=COMMENTS)
    write_pair(tmp_path, "misc", docx, "\n".join(lines + ["附件 共1页"]))
    got = findings_of(tmp_path)
    assert_same(got["misc.docx"], got["misc.txt"], "misc")


def test_word_package_kinds(tmp_path):
    """.docm, .dotx and a package whose main part is not word/document.xml (as some
    generators and WPS write) read like a .docx."""
    from checker.readers import read_path
    lines = seed_lines(SEED_FILES[3])
    body = "".join(p(x) if x else "<w:p/>" for x in lines)
    (tmp_path / "a.docm").write_bytes(of.package(body, main_type=of.DOCM_TYPE))
    (tmp_path / "b.dotx").write_bytes(of.package(body, main_type=of.DOTX_TYPE))
    (tmp_path / "c.docx").write_bytes(of.package(body, main_path="word/document2.xml"))
    for name in ("a.docm", "b.dotx", "c.docx"):
        assert read_path(str(tmp_path / name)).text == "\n".join(lines)


# --- other formats through LibreOffice -------------------------------------------------------------
@pytest.fixture(scope="module")
def converted(tmp_path_factory, soffice):
    """Seeds 001 and 003 as 公文-layout .docx, converted by LibreOffice to .doc, .odt, .rtf;
    a .wps that is Word 97 inside (as WPS writes it) and a .doc renamed .docx."""
    root = tmp_path_factory.mktemp("converted")
    src = root / "src"
    src.mkdir()
    docs = []
    for seed in (SEED_FILES[1], SEED_FILES[3]):
        f = src / f"{seed.stem}.docx"
        f.write_bytes(of.gongwen(seed_lines(seed)))
        docs.append(f)
    out = root / "out"
    for fmt in ('doc:MS Word 97', "odt", "rtf"):
        of.convert(soffice, docs, fmt, out)
    for seed in (SEED_FILES[1], SEED_FILES[3]):
        shutil.copy(out / f"{seed.stem}.doc", out / f"{seed.stem}-wps.wps")
        shutil.copy(out / f"{seed.stem}.doc", out / f"{seed.stem}-renamed.docx")
        shutil.copy(seed, out / f"{seed.stem}.txt")
    return out


def test_doc_wps_odt_rtf_read_through_libreoffice(converted):
    got = findings_of(converted)
    for seed in (SEED_FILES[1], SEED_FILES[3]):
        want = got[seed.stem + ".txt"]
        for name in (".doc", "-wps.wps", ".odt", ".rtf", "-renamed.docx"):
            assert_same(got[seed.stem + name], want, seed.stem + name)


def test_one_libreoffice_start_for_a_batch(converted, monkeypatch):
    from checker.app.runner import Options, Runner
    from checker.readers import office
    calls = []
    real = office.convert_files

    def counting(soffice, jobs, outdir):
        calls.append(len(jobs))
        return real(soffice, jobs, outdir)

    monkeypatch.setattr(office, "convert_files", counting)
    monkeypatch.setattr(office, "_batch", office._Batch())
    runner = Runner(Options(use_config=False))
    files = runner.expand([str(converted)])
    results = [runner.check_path(f) for f in files]
    assert all(r.error is None for r in results), [r.error for r in results if r.error]
    assert calls == [10]     # 2 × (.doc, .wps, .odt, .rtf, .doc renamed .docx): one start


# --- PDF -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, soffice):
    """The five seeds as 公文-layout PDFs (LibreOffice), with a running header and page numbers
    "- N -" on every page, next to the seeds' .txt."""
    root = tmp_path_factory.mktemp("pdf")
    src = root / "src"
    src.mkdir()
    docs = []
    for seed in SEED_FILES:
        f = src / f"{seed.stem}.docx"
        f.write_bytes(of.gongwen(seed_lines(seed), header="法治政府建设年度报告（征求意见稿）"))
        docs.append(f)
    out = root / "out"
    of.convert(soffice, docs, "pdf", out)
    for seed in SEED_FILES:
        shutil.copy(seed, out / seed.name)
    return out


DEBRIS_RULES = ("FZ903", "FZ905")     # a space between Chinese characters, a broken paragraph


def test_pdf_findings_as_the_text_gives_them(pdfs):
    """At least 90 % of the non-format findings in common with the .txt, per report; no wrap
    debris made by the reader (inner spaces, paragraphs broken mid-sentence); no header or
    page number left in the text."""
    out = cli_json("--no-config", str(pdfs))
    by = {Path(f["path"]).name: f for f in out["files"]}
    from checker.readers import read_path
    for seed in SEED_FILES:
        txt, pdf = by[seed.name], by[seed.stem + ".pdf"]
        assert not pdf.get("error"), pdf

        def content(f):
            return Counter((x["rule"], x["excerpt"]) for x in f["findings"]
                           if x["category"] != "format")

        def debris(f):
            return Counter((x["rule"], x["excerpt"]) for x in f["findings"]
                           if x["rule"] in DEBRIS_RULES)

        a, b = content(txt), content(pdf)
        common = sum((a & b).values())
        assert common >= 0.9 * max(sum(a.values()), sum(b.values())), (
            seed.stem, sorted(a - b)[:6], sorted(b - a)[:6])
        assert not (debris(pdf) - debris(txt)), (seed.stem, debris(pdf) - debris(txt))
        text = read_path(str(pdfs / f"{seed.stem}.pdf")).text
        assert "征求意见稿" not in text and not re.search(r"^- ?\d+ ?-$", text, re.M)


def test_pdf_paragraphs_rebuilt():
    """Lines wrapped by the page join without a space; short lines, indents and centred or
    right-aligned lines end paragraphs; page numbers and running headers go."""
    from checker.readers.pdf import _Line, _paragraphs, _strip_furniture

    def ln(text, x0, x1, top, size=16.0):
        return _Line(text, x0, x1, top, top - size, size)

    page1 = [ln("法治政府建设年度报告", 80, 520, 800, 10), ln("关于2024年度法治政府建设情况", 150, 450, 760, 22),
             ln("一、主要举措", 112, 210, 700), ln("我镇坚持依法行政，推进合", 80, 520, 672),
             ln("法性审查全覆盖。", 80, 210, 644), ln("- 1 -", 280, 320, 60, 10)]
    page2 = [ln("法治政府建设年度报告", 80, 520, 800, 10), ln("全年办理案件12件，无", 112, 520, 700),
             ln("一起败诉。", 80, 160, 672), ln("第 2 页", 280, 320, 60, 10)]
    paras = _paragraphs(_strip_furniture([page1, page2]))
    assert paras == ["关于2024年度法治政府建设情况", "一、主要举措", "我镇坚持依法行政，推进合法性审查全覆盖。",
                     "全年办理案件12件，无一起败诉。"]


def test_scanned_pdf_and_broken_files(tmp_path):
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    (tmp_path / "扫描件.pdf").write_bytes(buf.getvalue())
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    (tmp_path / "图片.docx").write_bytes(png)
    (tmp_path / "表格.docx").write_bytes(_xlsx())
    (tmp_path / "坏的.pdf").write_bytes(b"%PDF-1.4\n garbage")
    errors = cli_errors(*sorted(tmp_path.iterdir()))
    assert "扫描件，没有文字，无法检查" in errors["扫描件.pdf"]
    assert "不是 Word 文件（是 PNG 图片）" in errors["图片.docx"]
    assert "不是 Word 文件（是 Excel 表格）" in errors["表格.docx"]
    assert "PDF" in errors["坏的.pdf"]
    assert all("\n" not in e for e in errors.values())


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def test_missing_libreoffice_is_one_line_for_that_file_only(tmp_path, converted):
    shutil.copy(converted / f"{SEED_FILES[1].stem}.doc", tmp_path / "a.doc")
    shutil.copy(SEED_FILES[1], tmp_path / "b.txt")
    proc = run_cli("check", "--no-config", str(tmp_path),
                   env={"FZLINT_SOFFICE": str(tmp_path / "no-soffice")})
    assert proc.returncode == 2
    lines = [x for x in proc.stderr.splitlines() if "a.doc" in x]
    assert len(lines) == 1, proc.stderr
    assert "LibreOffice" in lines[0] and "apt-get install libreoffice-writer-nogui" in lines[0]
    assert "另存为 .docx" in lines[0]
    assert "b.txt" in proc.stdout          # the other draft is still checked


def test_timeout_kills_libreoffice_and_its_children(tmp_path, converted):
    fake = tmp_path / "soffice"
    pidfile = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pidfile}\nsleep 300\n")
    fake.chmod(0o755)
    shutil.copy(converted / f"{SEED_FILES[1].stem}.doc", tmp_path / "a.doc")
    proc = run_cli("check", "--no-config", str(tmp_path / "a.doc"),
                   env={"FZLINT_SOFFICE": str(fake), "FZLINT_OFFICE_TIMEOUT": "2"}, timeout=60)
    assert proc.returncode == 2 and "超时" in proc.stderr
    child = int(pidfile.read_text())
    try:
        os.kill(child, 0)
        alive = not Path(f"/proc/{child}/stat").read_text().split()[2] == "Z"
    except ProcessLookupError:
        alive = False
    assert not alive


def test_folders_walk_every_format_and_say_what_they_leave(tmp_path):
    from checker.readers import walk
    for name in ("a.txt", "b.md", "c.docx", "d.doc", "e.wps", "f.wpt", "g.odt", "h.rtf", "i.pdf",
                 "j.docm", "k.dotx", "照片.png", "表.xlsx", "说明.pptx", "~$c.docx", ".隐藏.docx",
                 "归档.zip"):
        (tmp_path / name).write_bytes(b"x")
    skipped = []
    found = walk(str(tmp_path), on_skip=lambda path, reason: skipped.append((Path(path).name, reason)))
    assert [Path(f).name for f in found] == sorted(
        ["a.txt", "b.md", "c.docx", "d.doc", "e.wps", "f.wpt", "g.odt", "h.rtf", "i.pdf", "j.docm",
         "k.dotx"])
    assert sorted(n for n, _ in skipped) == sorted(["归档.zip", "表.xlsx", "照片.png", "说明.pptx"])
    assert all(reason for _, reason in skipped)
