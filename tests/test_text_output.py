"""--format text for a person: fitted to the terminal (run on a pseudo-terminal with COLUMNS),
one caret line, short quotes for whole-paragraph findings, 第 N 段 for office files, Chinese
severity words, the two tiers, repeated messages shown at most three times, the half-width
input method line, --statistics, and one line for a missing file."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import tempfile

import pytest

import office
from checker.reports.text import width
from util import ROOT, SEEDS, cli_json, run_cli, seed_path

TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告"
HEADER = re.compile(r"^(?P<where>\S+?(?::\d+:\d+| 第 \d+ 段)): (?P<rule>[A-Z]+\d+) "
                    r"(?P<sev>错误|警告|提示) (?P<message>.*)$")
SENTENCE = "全镇持续推进依法行政工作，健全完善行政执法公示制度，强化执法全过程记录，"  # 38 chars


def on_terminal(columns: int, *args, cwd=None) -> str:
    """stdout of the CLI on a pseudo-terminal that is `columns` wide (COLUMNS set)."""
    master, slave = os.openpty()
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", COLUMNS=str(columns))
    env.pop("FZLINT_DEBUG", None)
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)], stdout=slave,
                                stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd or ROOT)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:           # EIO: the child has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
        os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def blocks(out: str) -> list[list[str]]:
    """The lines of each finding: its header and what follows up to the next header."""
    found: list[list[str]] = []
    for line in out.split("\n"):
        if HEADER.match(line):
            found.append([line])
        elif found and line.startswith((" ", "\t")):
            found[-1].append(line)
        elif found and found[-1] is not None:
            found.append(None)       # a line of another kind ends a block
    return [b for b in found if b]


def terminal_lines(lines: list[str], columns: int) -> int:
    return sum(max(1, math.ceil(width(ln) / columns)) for ln in lines)


def long_paragraph(mark_at: int) -> str:
    text = (SENTENCE * 14)[:500]
    return text[:mark_at] + "," + text[mark_at + 1:]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("mark_at", [3, 250, 496])
def test_a_finding_on_a_500_character_paragraph_takes_three_lines(tmp_path, columns, mark_at):
    draft = tmp_path / "d.txt"
    para = long_paragraph(mark_at)
    assert len(para) == 500
    draft.write_text(f"{TITLE}\n{para}\n", encoding="utf-8")
    out = on_terminal(columns, "check", "--no-config", "--select", "FZ801", draft.name,
                      cwd=tmp_path)
    (block,) = blocks(out)
    assert terminal_lines(block, columns) <= 3, block
    assert len(block) == 3 and block[2].strip().startswith("| ") and "^" in block[2]
    assert all(width(ln) <= columns for ln in block[1:]), block
    # the caret is under the comma
    caret = block[2].index("^")
    shown = block[1]
    assert width(shown[:[i for i, ch in enumerate(shown) if ch == ","][0]]) == caret


def test_the_window_is_wider_on_a_wider_terminal(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(f"{TITLE}\n{long_paragraph(250)}\n", encoding="utf-8")
    narrow, wide = (blocks(on_terminal(c, "check", "--no-config", "--select", "FZ801",
                                       draft.name, cwd=tmp_path))[0][1] for c in (80, 120))
    assert 60 < width(narrow) <= 80 < width(wide) <= 120


def test_a_whole_paragraph_finding_is_a_short_quote_not_a_caret_block(tmp_path):
    # no 落款 and no 成文日期: the findings are about the last paragraph as a whole
    draft = tmp_path / "d.txt"
    last = SENTENCE * 8
    draft.write_text(f"{TITLE}\n一、主要举措和成效\n{last}\n", encoding="utf-8")
    out = on_terminal(80, "check", "--no-config", "--select", "FZ111,FZ112", draft.name,
                      cwd=tmp_path)
    found = blocks(out)
    assert {HEADER.match(b[0])["rule"] for b in found} == {"FZ111", "FZ112"}
    for b in found:
        assert len(b) == 2 and "^" not in b[1]
        quoted = b[1].split("| ", 1)[1]
        assert quoted.startswith("“" + SENTENCE[:10]) and quoted.endswith("…”")
        assert len(quoted) < 30


def test_severity_words_are_chinese_in_text_and_unchanged_in_json_and_sarif():
    seed = seed_path("002")
    text = run_cli("check", "--no-config", seed).stdout
    sevs = {HEADER.match(ln)["sev"] for ln in text.split("\n") if HEADER.match(ln)}
    assert sevs == {"错误", "警告", "提示"}
    assert " error " not in text and " warning " not in text
    data = cli_json(seed, "--no-config")
    assert {f["severity"] for f in data["files"][0]["findings"]} == {"error", "warning", "info"}
    sarif = json.loads(run_cli("check", "--no-config", "--format", "sarif", seed).stdout)
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"error", "warning", "note"}


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_no_message_more_than_three_times_in_a_draft_and_substance_first(seed):
    out = run_cli("check", "--no-config", SEEDS / seed).stdout
    heads = [HEADER.match(ln) for ln in out.split("\n") if HEADER.match(ln)]
    counts: dict = {}
    for h in heads:
        counts[h["message"]] = counts.get(h["message"], 0) + 1
    assert max(counts.values()) <= 3, counts
    # 实质问题 before 格式问题
    formal = {f["rule"] for f in cli_json(SEEDS / seed, "--no-config")["files"][0]["findings"]
              if f["category"] in ("punctuation", "format")}
    tiers = [h["rule"] in formal for h in heads]
    assert tiers == sorted(tiers)


def test_a_message_shown_three_times_names_the_lines_of_the_others(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(TITLE + "\n" + "".join(f"第{n}段只有一处,这里。\n" for n in range(1, 7)),
                     encoding="utf-8")
    out = run_cli("check", "--no-config", "--select", "FZ801", draft).stdout
    heads = [ln for ln in out.split("\n") if HEADER.match(ln)]
    assert len(heads) == 3
    assert "= 同样的问题还有 3 处：第 5、6、7 行" in out
    assert "发现 6 个问题" in out                         # the summary still counts them all


def test_the_tiers_are_headed_and_counted_in_the_summary():
    out = run_cli("check", "--no-config", seed_path("000")).stdout
    lines = out.split("\n")
    sub = [i for i, ln in enumerate(lines) if ln.startswith("── 实质问题")]
    fmt = [i for i, ln in enumerate(lines) if ln.startswith("── 格式问题")]
    assert len(sub) == len(fmt) == 1 and sub[0] < fmt[0]
    data = cli_json(seed_path("000"), "--no-config")["files"][0]["findings"]
    n_formal = sum(f["category"] in ("punctuation", "format") for f in data)
    assert f"实质问题 {len(data) - n_formal}，格式问题 {n_formal}；" in lines[-2]


def test_a_draft_typed_with_a_half_width_input_method_gets_one_line_first():
    out = run_cli("check", "--no-config", seed_path("001")).stdout
    first = out.split("\n")[0]
    assert "用了半角标点" in first and "半角输入法" in first and "--fix" in first
    # a draft with a stray half-width mark or two does not
    assert "半角输入法" not in run_cli("check", "--no-config", seed_path("003")).stdout


def test_office_files_say_paragraph_and_quote(tmp_path):
    path = office.build_docx(seed_path("002").read_text("utf-8"), tmp_path / "002.docx")
    out = run_cli("check", "--no-config", path).stdout
    heads = [HEADER.match(ln) for ln in out.split("\n") if HEADER.match(ln)]
    assert heads and all(h["where"].endswith("段") and h["where"].startswith(str(path))
                         for h in heads)
    assert f"{path}:" not in out
    # the place another finding points to is a paragraph, quoted
    assert re.search(r"= 另见 \S+ 第 11 段“[^”]+”", out)
    # JSON keeps the numbers (line = paragraph)
    data = cli_json(path, "--no-config")["files"][0]["findings"]
    assert all(isinstance(f["line"], int) and isinstance(f["column"], int) for f in data)


def test_a_missing_file_is_exactly_one_line(tmp_path):
    proc = run_cli("check", tmp_path / "没有这个.txt")
    assert proc.returncode == 2
    assert (proc.stdout + proc.stderr).strip().count("\n") == 0
    assert "文件不存在" in proc.stderr and proc.stdout == ""


def test_statistics_counts_every_place_per_rule_substance_first():
    proc = run_cli("check", "--no-config", "--statistics", SEEDS)
    assert proc.returncode == 1
    lines = proc.stdout.strip().split("\n")
    assert lines[0].startswith("实质问题") and any(ln.startswith("格式问题") for ln in lines)
    rows = {ln.split("\t")[1]: ln.split("\t") for ln in lines if "\t" in ln}
    expected: dict = {}
    for name, hits in json.loads((ROOT / "tests/fixtures/seed_hits.json").read_text("utf-8")).items():
        for h in hits:
            expected[h[0]] = expected.get(h[0], 0) + 1
    assert {rid: int(r[0]) for rid, r in rows.items()} == expected
    assert rows["FZ801"][2].startswith("[*]") and not rows["FZ106"][2].startswith("[*]")
    assert "FZ801" not in proc.stdout.split("格式问题")[0]     # a format rule, in the second part


# --- the other outputs a person reads ------------------------------------------------------------
def test_html_lists_substance_first_and_office_paragraphs(tmp_path):
    from lxml import html as lhtml
    path = office.build_docx(seed_path("000").read_text("utf-8"), tmp_path / "000.docx")
    out = tmp_path / "r.html"
    proc = run_cli("check", "--no-config", "--format", "html", "-o", out, path)
    assert proc.returncode == 1, proc.stderr
    dom = lhtml.fromstring(out.read_text("utf-8"))
    tiers = [h.text_content().split("（")[0] for h in dom.cssselect("aside h3.tier")]
    assert tiers == ["实质问题", "格式问题"]
    wheres = [a.text_content() for a in dom.cssselect("li.finding a.where")]
    assert wheres and all(re.fullmatch(r"第 \d+ 段", w) for w in wheres)
    assert "实质问题 2，格式问题 37" in dom.cssselect("p.meta")[0].text_content()


def test_word_comments_come_substance_first_and_say_their_tier(tmp_path):
    import docx
    path = office.build_docx(seed_path("000").read_text("utf-8"), tmp_path / "000.docx")
    proc = run_cli("check", "--no-config", "--annotate", path)
    assert proc.returncode == 1, proc.stderr
    comments = [c.text for c in docx.Document(tmp_path / "000.fzlint.docx").comments
                if c.author == "fzlint"]
    tiers = ["格式问题" in re.search(r"规则：\S+", c).group(0) for c in comments]
    assert tiers == sorted(tiers) and tiers[0] is False and tiers[-1] is True
    grouped = [c for c in comments if c.startswith("本段有 7 处半角标点")]
    assert grouped and "本条 7 处都可修正（7 处已标为修订" in grouped[0]
