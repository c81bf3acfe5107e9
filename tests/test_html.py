"""--format html in a real browser: Debian's Chromium loads the report the CLI wrote, runs its
script, and the tests query the resulting DOM by CSS selector (lxml + cssselect).  One
screenshot is saved under the test's tmp dir for a person to look at.

The browser is installed by the session fixture when missing; if that is impossible the tests
fail, they are never skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

import browser
from util import SEEDS, cli_json, run_cli

from checker import __version__, reports
from checker.model.document import Document
from checker.model.findings import FileResult, Finding, Related

HOSTILE_LINE = ('附：<script>document.documentElement.setAttribute("data-pwned","script")</script>'
                '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\',\'img\')">'
                '"><b>加粗</b> & &amp; 结束')
HOSTILE_NAME = '草稿<svg onload=alert(1)>&"引号".txt'   # no "/": it is a file name


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    try:
        path = browser.ensure_chromium()
    except browser.BrowserUnavailable as err:
        pytest.fail(f"headless Chromium is needed for the HTML report tests: {err}")
    return browser.Chromium(path, tmp_path_factory.mktemp("chromium"))


def seed_files():
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def report(tmp_path_factory, chromium):
    """The five seeds plus a draft full of markup, checked by the real CLI into report.html,
    loaded in Chromium: (folder, report path, JSON of the same check, parsed DOM)."""
    base = tmp_path_factory.mktemp("report")
    drafts = base / "drafts"
    drafts.mkdir()
    for p in seed_files():
        shutil.copy(p, drafts / p.name)
    lines = seed_files()[2].read_text(encoding="utf-8").splitlines()
    lines.insert(5, HOSTILE_LINE)
    (drafts / HOSTILE_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = base / "report.html"
    proc = run_cli("check", drafts, "--format", "html", "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert "已生成审核报告" in proc.stderr and proc.stdout == ""
    data = cli_json(drafts)
    dom = lxml.html.document_fromstring(chromium.dump_dom(browser.file_url(out)))
    return drafts, out, data, dom


def section_of(dom, path: str):
    (sec,) = [s for s in dom.cssselect("section.draft") if s.get("data-path") == path]
    return sec


def segments(src):
    """The children of a line's text as (kind, text, element): plain text and highlights."""
    out = []
    if src.text:
        out.append(("text", src.text, None))
    for child in src:
        out.append(("hl", child.text_content(), child))
        if child.tail:
            out.append(("text", child.tail, None))
    return out


def test_browser_ran_the_page_script_under_its_security_policy(report):
    _, _, _, dom = report
    root = dom.getroottree().getroot()
    assert root.get("data-ready") == "1"          # our inline script ran (its CSP hash is right)
    (csp,) = dom.cssselect('meta[http-equiv="Content-Security-Policy"]')
    assert "default-src 'none'" in csp.get("content")


def test_page_is_self_contained(report):
    _, out, _, dom = report
    assert not dom.cssselect("link, img, iframe, object, embed, video, audio, source, base")
    assert not dom.cssselect("[src]")
    hrefs = [a.get("href") for a in dom.cssselect("a[href]")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    for style in dom.cssselect("style"):
        assert "url(" not in style.text and "@import" not in style.text
    assert "@font-face" not in out.read_text(encoding="utf-8")
    for script in dom.cssselect("script"):
        assert not re.search(r"https?:|fetch\(|XMLHttpRequest|WebSocket|import\(", script.text)


def test_summary_lists_every_draft_worst_first_and_links_to_it(report):
    drafts, _, data, dom = report
    rows = dom.cssselect("table#summary tbody tr")
    assert len(rows) == len(data["files"]) == 6
    counts = {f["path"]: Counter(x["severity"] for x in f["findings"]) for f in data["files"]}
    heads = [th.text_content() for th in dom.cssselect("table#summary thead th")]
    keys = []
    for row in rows:
        (link,) = row.cssselect("td.name a")
        target = dom.get_element_by_id(link.get("href")[1:])
        assert target.tag == "section" and target.get("data-path") == link.text_content()
        cells = dict(zip(heads, (td.text_content() for td in row.cssselect("td"))))
        c = counts[link.text_content()]
        assert [int(cells["错误"]), int(cells["警告"]), int(cells["提示"])] == \
            [c["error"], c["warning"], c["info"]]
        keys.append((-c["error"], -c["warning"], -c["info"]))
    assert keys == sorted(keys)
    assert len(dom.cssselect("section.draft")) == 6


def test_every_line_of_every_draft_is_shown_unchanged(report):
    drafts, _, data, dom = report
    for f in data["files"]:
        text = Path(f["path"]).read_text(encoding="utf-8")
        sec = section_of(dom, f["path"])
        shown = [ln.cssselect(".src")[0].text_content() for ln in sec.cssselect(".text .ln")]
        # (a zero-width finding's caret is drawn by CSS and adds no text)
        assert shown == text.split("\n"), f["path"]


def test_findings_are_highlighted_at_their_characters_and_listed_beside(report):
    _, _, data, dom = report
    checked = 0
    for f in data["files"]:
        lines = Path(f["path"]).read_text(encoding="utf-8").split("\n")
        sec = section_of(dom, f["path"])
        did = sec.get("id")
        items = sec.cssselect("aside li.finding")
        assert len(items) == len(f["findings"])
        for k, x in enumerate(f["findings"]):
            (li,) = [i for i in items if i.get("id") == f"{did}-f{k}"]
            assert li.get("data-cat") == x["category"] and f"sev-{x['severity']}" in li.classes
            assert x["rule"] in li.text_content() and x["message"] in li.text_content()
            fix = [d.text_content() for d in li.cssselect(".fix")]
            if x["fix"] is None:
                assert fix == []
            elif len(x["fixes"]) > 1:          # a grouped finding (common key `grouping`)
                assert fix == [f"{len(x['fixes'])} 处都可自动修正（--fix）"]
            else:
                rep = x["fix"]["replacement"]
                assert fix == ([f"建议改为“{rep}”"] if rep else ["建议删去"])
            suggest = [d.text_content() for d in li.cssselect(".suggest")]
            assert len(suggest) == (1 if x["suggestions"] else 0)
            for sg in x["suggestions"]:
                assert (f"“{sg['replacement']}”" if sg["replacement"] else "删去") in suggest[0]
            (where,) = li.cssselect("a.where")
            assert where.get("href") == f"#{did}-L{x['line']}"
            # the highlighted characters, line by line, are exactly the finding's span
            got, want = [], []
            for n in range(x["line"], x["end_line"] + 1):
                text = lines[n - 1]
                a = x["column"] - 1 if n == x["line"] else 0
                b = x["end_column"] - 1 if n == x["end_line"] else len(text)
                # a grouped finding is highlighted at its other places on the line too
                spans = sorted([(a, b)] + [(r["column"] - 1, r["end_column"] - 1)
                                           for r in x["related"] if "rule" in r
                                           and r["line"] == r["end_line"] == n])
                a = spans[0][0]
                want.append("".join(text[s:e] for s, e in spans))
                (src,) = sec.cssselect(f'[id="{did}-L{n}"] .src')
                pos, parts = 0, []
                for kind, s, el in segments(src):
                    if kind == "hl" and str(k) in el.get("data-f").split():
                        parts.append((pos, s))
                        assert "sev-" in el.get("class")
                        assert el.get("href").startswith(f"#{did}-f")
                    if not (el is not None and "pt" in el.classes):
                        pos += len(s)
                if parts:
                    assert parts[0][0] == a, (f["path"], x["rule"], n)
                got.append("".join(s for _, s in parts))
            if x["end_line"] == x["line"] and x["end_column"] == x["column"]:
                assert got == [""]   # a caret at the spot
            else:
                assert got == want, (f["path"], x["rule"])
            checked += 1
    assert checked > 10


def test_highlight_takes_the_colour_of_the_worst_finding_on_it(report):
    _, _, _, dom = report
    for el in dom.cssselect(".text .hl"):
        sec = el.getparent()
        while sec.tag != "section":
            sec = sec.getparent()
        sevs = [sec.get_element_by_id(f'{sec.get("id")}-f{k}').get("class")
                for k in el.get("data-f").split()]
        order = ["sev-info", "sev-warning", "sev-error"]
        worst = max((c for s in sevs for c in s.split() if c in order), key=order.index)
        assert worst in el.classes


def test_markup_in_a_draft_is_shown_as_text_and_never_runs(report):
    drafts, _, _, dom = report
    root = dom.getroottree().getroot()
    assert root.get("data-pwned") is None
    assert not dom.cssselect("img, b, svg")
    assert len(dom.cssselect("script")) == 1      # the report's own script only
    sec = section_of(dom, str(drafts / HOSTILE_NAME))
    shown = [ln.text_content() for ln in sec.cssselect(".src")]
    assert HOSTILE_LINE in shown
    assert sec.cssselect("h2 .path")[0].text_content() == str(drafts / HOSTILE_NAME)


def test_related_place_in_the_same_draft_links_to_its_line(report):
    _, _, data, dom = report
    links = 0
    for f in data["files"]:
        sec = section_of(dom, f["path"])
        did = sec.get("id")
        for k, x in enumerate(f["findings"]):
            li = sec.get_element_by_id(f"{did}-f{k}")
            rel_links = li.cssselect(".rel a")
            # the other places of a grouped finding are marked in the text, not linked
            related = [r for r in x["related"] if "rule" not in r]
            assert len(rel_links) == len(related)
            for a, r in zip(rel_links, related):
                assert a.get("href") == f"#{did}-L{r['line']}"
                assert sec.get_element_by_id(f"{did}-L{r['line']}") is not None
                links += 1
    assert links >= 1          # seed 002: （一） then （三） points back at （一）


def test_category_filter_from_the_address(report, chromium):
    _, out, data, _ = report
    cat = "numbering"
    want = sum(1 for f in data["files"] for x in f["findings"] if x["category"] == cat)
    with_cat = {f["path"] for f in data["files"] if any(x["category"] == cat for x in f["findings"])}
    assert want and 0 < len(with_cat) < len(data["files"])
    dom = lxml.html.document_fromstring(chromium.dump_dom(browser.file_url(out, "filter=" + cat)))
    items = dom.cssselect("li.finding")
    shown = [li for li in items if li.get("hidden") is None]
    assert len(shown) == want and all(li.get("data-cat") == cat for li in shown)
    assert all(li.get("hidden") is not None for li in items if li.get("data-cat") != cat)
    visible = {s.get("data-path") for s in dom.cssselect("section.draft") if s.get("hidden") is None}
    assert visible == with_cat
    rows = [r for r in dom.cssselect("#summary tbody tr") if r.get("hidden") is None]
    assert len(rows) == len(with_cat)
    for hl in dom.cssselect(".text .hl"):
        assert ("off" in hl.classes) == (cat not in hl.get("data-cats").split())
    status = dom.get_element_by_id("filter-status").text_content()
    assert f"{want} 个" in status and f"{len(with_cat)} 份草稿" in status
    (on,) = dom.cssselect("#filter a.on")
    assert on.get("data-cat") == cat


def test_output_errors_are_one_line(tmp_path):
    proc = run_cli("check", SEEDS, "--format", "html", "-o", tmp_path / "没有这个文件夹" / "r.html")
    assert proc.returncode == 2
    assert proc.stderr.startswith("fzlint: 错误：无法写入") and proc.stderr.count("\n") == 1


def test_html_to_a_terminal_asks_for_a_file():
    master, slave = os.openpty()
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "check", str(SEEDS), "--format", "html"],
                          stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                          timeout=120)
    os.close(slave)
    os.close(master)
    assert proc.returncode == 2
    assert "-o" in proc.stderr.decode("utf-8") and "Traceback" not in proc.stderr.decode("utf-8")
    piped = run_cli("check", SEEDS, "--format", "html")     # to a pipe: the page itself
    assert piped.stdout.startswith("<!DOCTYPE html>")


def png_pixels_vary(path: Path) -> bool:
    """True if the PNG is not one flat colour (a blank render)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    return len(set(raw[:2_000_000])) > 20


def test_screenshot_for_a_person_to_look_at(report, chromium, tmp_path):
    _, out, _, _ = report
    png = chromium.screenshot(browser.file_url(out), tmp_path / "report.png", 1400, 2400)
    assert png_pixels_vary(png)
    print(f"\nscreenshot: {png}")


def test_duplicate_in_another_draft_links_to_that_draft_and_line(tmp_path, chromium):
    """A hand-made cross-draft finding (as the corpus check makes them): the Related names the
    other draft by path and line; the page links to that draft's line."""
    a_path, b_path = seed_files()[0], seed_files()[1]
    a_text = a_path.read_text(encoding="utf-8")
    b_text = b_path.read_text(encoding="utf-8")
    a_doc, b_doc = Document(a_text, str(a_path)), Document(b_text, str(b_path))
    para = a_doc.paragraphs[3]
    other = b_doc.paragraphs[4]
    b_line, b_col = b_doc.position(other.start)
    dup = Finding("FZ301", "duplicate", "warning", "与另一份草稿的段落雷同", para.start,
                  para.end, related=(
                      Related("另一份草稿中的相同段落", path=os.path.relpath(b_path),
                              line=b_line, column=b_col),
                      Related("不在本报告中的草稿", path="别处/其他.txt", line=3, column=1)))
    results = [FileResult(str(a_path), [dup], a_doc), FileResult(str(b_path), [], b_doc)]
    html = reports.get("html").render(results, reports.Context(version=__version__))
    page = tmp_path / "dup.html"
    page.write_text(html, encoding="utf-8")
    dom = lxml.html.document_fromstring(chromium.dump_dom(browser.file_url(page)))
    sec_a, sec_b = section_of(dom, str(a_path)), section_of(dom, str(b_path))
    (link,) = sec_a.cssselect("li.finding .rel a.xdraft")
    assert link.get("href") == f"#{sec_b.get('id')}-L{b_line}"
    target = dom.get_element_by_id(link.get("href")[1:])
    assert target.cssselect(".src")[0].text_content() == other.text
    assert target.getparent().getparent().getparent() is sec_b
    (elsewhere,) = sec_a.cssselect("li.finding .rel .elsewhere")
    assert "别处/其他.txt" in elsewhere.text_content()
    (hl,) = sec_a.cssselect(".text .hl")
    assert hl.text_content() == para.text and "sev-warning" in hl.classes
    # the draft with no findings says so
    assert "没有发现问题" in sec_b.cssselect("aside")[0].text_content()


def test_real_cross_draft_duplicates_link_both_ways(tmp_path, chromium, monkeypatch):
    """Two drafts sharing a paragraph, compared by checker.corpus.index as `--cross` does: each
    draft's duplicate finding links to the shared line in the other draft."""
    from checker.app.cross import add_findings
    from checker.app.runner import Options, Runner

    monkeypatch.chdir(tmp_path)
    a_lines = seed_files()[2].read_text(encoding="utf-8").split("\n")
    b_lines = seed_files()[4].read_text(encoding="utf-8").split("\n")
    shared = a_lines[9]
    assert len(shared) > 60
    b_lines.insert(6, shared)                  # b's line 7 copies a's line 10
    os.mkdir("各乡镇")
    Path("各乡镇/甲镇.txt").write_text("\n".join(a_lines), encoding="utf-8")
    Path("各乡镇/乙乡.txt").write_text("\n".join(b_lines), encoding="utf-8")
    runner = Runner(Options(use_config=False))
    paths = runner.expand(["各乡镇"])
    results = [runner.check_path(p) for p in paths]
    add_findings(runner, results, cross=paths)
    html = reports.get("html").render(results, reports.Context(version=__version__))
    Path("report.html").write_text(html, encoding="utf-8")
    dom = lxml.html.document_fromstring(chromium.dump_dom(browser.file_url(Path("report.html"))))
    secs = {s.get("data-path"): s for s in dom.cssselect("section.draft")}
    pairs = {"各乡镇/甲镇.txt": ("各乡镇/乙乡.txt", 7), "各乡镇/乙乡.txt": ("各乡镇/甲镇.txt", 10)}
    for here, (there, line) in pairs.items():
        dups = [li for li in secs[here].cssselect("li.finding") if li.get("data-cat") == "duplicate"
                and li.cssselect(".rel a.xdraft")]
        assert dups, here
        hrefs = {a.get("href") for li in dups for a in li.cssselect(".rel a.xdraft")}
        assert f"#{secs[there].get('id')}-L{line}" in hrefs, (here, hrefs)
        target = secs[there].cssselect(f'[id="{secs[there].get("id")}-L{line}"] .src')[0]
        assert target.text_content() == shared


def make_drafts(folder: Path, n: int) -> None:
    """n drafts from the seeds: copies with one paragraph dropped (which moves headings and
    findings around) and the unit renamed, so no two are alike."""
    seeds = [p.read_text(encoding="utf-8").split("\n") for p in seed_files()]
    for i in range(n):
        lines = list(seeds[i % len(seeds)])
        drop = 3 + (i // len(seeds)) % (len(lines) - 4)
        del lines[drop]
        lines.append(f"（第 {i + 1} 份）")
        (folder / f"{i + 1:03d}_草稿.txt").write_text("\n".join(lines), encoding="utf-8")


def test_two_hundred_drafts(tmp_path, chromium):
    folder = tmp_path / "drafts"
    folder.mkdir()
    make_drafts(folder, 200)
    out = tmp_path / "report200.html"
    proc = run_cli("check", folder, "--format", "html", "-o", out, timeout=600)
    assert proc.returncode == 1, proc.stderr
    dom = lxml.html.document_fromstring(chromium.dump_dom(browser.file_url(out), timeout=300))
    assert dom.getroottree().getroot().get("data-ready") == "1"
    rows = dom.cssselect("table#summary tbody tr")
    sections = dom.cssselect("section.draft")
    assert len(rows) == len(sections) == 200
    by_id = {s.get("id"): s for s in sections}
    assert {r.cssselect("td.name a")[0].get("href")[1:] for r in rows} == set(by_id)
    # the table's totals agree with the findings listed under each draft
    n_findings = len(dom.cssselect("li.finding"))
    assert n_findings > 200
    for row in rows:
        sec = by_id[row.cssselect("td.name a")[0].get("href")[1:]]
        assert int(row.cssselect("td")[-1].text_content()) == len(sec.cssselect("li.finding"))
    # the page grows with the text and the findings, nothing more (no text copied per finding)
    text_bytes = sum(p.stat().st_size for p in folder.iterdir())
    size = out.stat().st_size
    assert size < 3 * text_bytes + 500 * n_findings + 100_000, (size, text_bytes, n_findings)
