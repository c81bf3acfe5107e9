"""The HTML review page at county scale (issue 13 item 6), on the 42-draft folder of
tests/pairs_folder.py checked with --cross: the verdict column, the pair overview linking to the
first shared passage in both drafts, the page at 1400 px and at phone width (420 px: the tables
scroll inside their box, the page does not; names wrap in a few lines, not one character per
line), and a deep link to a draft (#d24) landing on it — looked at in headless Chromium through
the DevTools protocol (tests/cdp.py), screenshots written and checked not to be blank.

The browser is installed when missing (tests/browser.py); if that is impossible the tests fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

import browser
import cdp
import pairs_folder
from test_html import png_pixels_vary
from util import run_cli


@pytest.fixture(scope="module")
def chromium_path():
    try:
        return browser.ensure_chromium()
    except browser.BrowserUnavailable as err:
        pytest.fail(f"headless Chromium is needed for the HTML tests: {err}")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("county-html")
    paths = pairs_folder.build(root / "各乡镇")
    out = root / "审核报告.html"
    proc = run_cli("check", "--no-config", "--cross", "各乡镇", "--format", "html", "-o", out.name,
                   cwd=root, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(run_cli("check", "--no-config", "--cross", "各乡镇", "--format", "json",
                              cwd=root, timeout=600).stdout)
    dom = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    return root, paths, out, dom, data


def _draft_ids(dom) -> dict[str, str]:
    return {s.get("data-path"): s.get("id") for s in dom.cssselect("section.draft")}


def test_summary_has_a_verdict_for_every_draft(page):
    _, paths, _, dom, data = page
    rows = dom.cssselect("#summary tbody tr")
    assert len(rows) == len(paths)          # the cover note and README are listed apart
    errors = {e["path"]: sum(f["severity"] == "error" for f in e["findings"])
              for e in data["files"]}
    for tr in rows:
        name = tr.cssselect("td.name a")[0].text_content()
        verdict = tr.cssselect("td.verdict")[0].text_content()
        # the default verdict rule: returned when there is an error
        assert verdict == ("退回修改" if errors[name] else "通过"), name
    assert {"通过", "退回修改"} <= {td.text_content() for td in dom.cssselect("td.verdict")}
    apart = [li.text_content() for li in dom.cssselect("#not-report li")]
    assert sorted(Path(p).name for p in apart) == ["README.md", "说明.txt"]


def test_pair_section_links_to_the_first_shared_passage_in_both_drafts(page):
    _, paths, _, dom, data = page
    rows = dom.cssselect("#pair-table tbody tr")
    assert len(rows) == len(data["pairs"]) >= 7
    ids = {el.get("id") for el in dom.cssselect("[id]")}
    texts = {}
    for el in dom.cssselect(".ln"):
        texts[el.get("id")] = el.cssselect(".src")[0].text_content()
    first = rows[0]
    names = [a.text_content() for a in first.cssselect("td.name a")]
    assert {Path(n).name for n in names} == {paths[pairs_folder.COPY].name,
                                             paths[pairs_folder.COPIED_FROM].name}
    for tr in rows:
        a_link, b_link = tr.cssselect("td.go a")
        for link in (a_link, b_link):
            assert link.get("href")[1:] in ids
        # the two places hold the same text (a shared run of 10 characters at least)
        a_text, b_text = texts[a_link.get("href")[1:]], texts[b_link.get("href")[1:]]
        assert any(a_text[i:i + 10] in b_text for i in range(0, max(1, len(a_text) - 9))), (
            a_text[:40], b_text[:40])
    # the draft links of the section go to the drafts' sections
    draft_ids = _draft_ids(dom)
    for a in first.cssselect("td.name a"):
        assert a.get("href") == "#" + draft_ids[a.text_content()]
    assert dom.cssselect('header a[href="#pairs"]')


def test_findings_are_cards_substantive_first(page):
    _, _, _, dom, _ = page
    for sec in dom.cssselect("section.draft"):
        tiers = [h.text_content()[:4] for h in sec.cssselect("aside h3.tier")]
        assert tiers == sorted(tiers, key=["实质问题", "格式问题"].index)
        assert tiers, sec.get("id")


_NAME_LINES = ("Math.max.apply(null,[].slice.call(document.querySelectorAll("
               "'#summary td.name a,#pair-table td.name a')).map(function(a){"
               "return a.getClientRects().length;}))")
_BOX = ("(function(){var b=document.querySelector('#summary').parentNode;"
        "return [b.scrollWidth,b.clientWidth];})()")


@pytest.mark.parametrize("width", [1400, 420])
def test_page_top_at_desktop_and_phone_width(page, chromium_path, tmp_path, width):
    _, _, out, _, _ = page
    png = tmp_path / f"county-{width}.png"
    info = cdp.land(chromium_path, tmp_path, browser.file_url(out), png, width, 1200,
                    probe=f"[{_NAME_LINES},{_BOX}]")
    assert png_pixels_vary(png)
    print(f"\nscreenshot: {png}")
    name_lines, (box_scroll, box_client) = info["probe"]
    assert info["scroll_width"] == width           # the page itself never scrolls sideways
    assert name_lines <= 3                          # a file name in three lines at most
    if width == 420:
        assert box_scroll > box_client              # the wide table scrolls inside its box


@pytest.mark.parametrize("width", [1400, 420])
def test_deep_link_to_a_draft_lands_on_it(page, chromium_path, tmp_path, width):
    _, _, out, dom, _ = page
    assert dom.cssselect("section#d24")
    png = tmp_path / f"county-d24-{width}.png"
    probe = (f"(function(){{var e=document.elementFromPoint({width // 2},40);"
             "var s=e&&e.closest('section.draft');return s?s.id:null;})()")
    info = cdp.land(chromium_path, tmp_path, browser.file_url(out, "d24"), png, width, 1000,
                    probe=probe)
    assert png_pixels_vary(png)
    print(f"\nscreenshot: {png}")
    assert info["target_id"] == "d24"
    assert info["scroll_y"] > 5000                   # scrolled down past 23 drafts …
    assert -2 <= info["target_top"] <= 40            # … to the top of draft 24
    assert info["probe"] == "d24"                    # what is painted there is draft 24
