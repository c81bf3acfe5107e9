"""Tests for checker.text.segment: words(), tagged(), lazy loading, the dictionary cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.text import segment

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def seed_text(prefix: str) -> str:
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_five_seeds_present():
    assert len(SEEDS) == 5


# --- offsets ---------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_words_offsets_map_back_to_text(path):
    text = path.read_text(encoding="utf-8")
    tokens = segment.words(text)
    assert tokens[0][1] == 0 and tokens[-1][2] == len(text)
    previous_end = 0
    for word, start, end in tokens:
        assert text[start:end] == word
        assert start == previous_end and end > start
        previous_end = end


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_tagged_offsets_map_back_to_text(path):
    text = path.read_text(encoding="utf-8")
    tokens = segment.tagged(text)
    assert tokens[0][2] == 0 and tokens[-1][3] == len(text)
    previous_end = 0
    for word, flag, start, end in tokens:
        assert text[start:end] == word
        assert start == previous_end and end > start
        assert flag
        previous_end = end


def test_offsets_are_code_points_outside_the_bmp():
    text = "𠀋镇开展普法宣传🙂，依法行政。"
    for word, start, end in segment.words(text):
        assert text[start:end] == word
    for word, _, start, end in segment.tagged(text):
        assert text[start:end] == word


def test_empty_text():
    assert segment.words("") == []
    assert segment.tagged("") == []


# --- domain terms ----------------------------------------------------------

DOMAIN_TERMS = [
    "习近平新时代中国特色社会主义思想",
    "习近平法治思想",
    "法治政府建设",
    "第一责任人",
    "重大行政决策",
    "合法性审查",
    "规范性文件",
    "依法行政",
    "行政复议",
    "行政诉讼",
    "人民调解",
    "矛盾纠纷",
    "法律顾问",
    "司法所",
    "综治办",
    "民法典",
    "信访工作条例",
]


def _covered_by_one_token(tokens, start, end):
    return any(s <= start and end <= e for _, s, e in tokens)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_domain_terms_are_never_split_in_seeds(path):
    text = path.read_text(encoding="utf-8")
    tokens = segment.words(text)
    found = 0
    for term in DOMAIN_TERMS:
        i = text.find(term)
        while i >= 0:
            found += 1
            assert _covered_by_one_token(tokens, i, i + len(term)), (term, text[i - 10 : i + 20])
            i = text.find(term, i + 1)
    assert found > 0


@pytest.mark.parametrize(
    "prefix, sentence_start, expected",
    [
        ("000", "2024 年,在上级党委", ["习近平新时代中国特色社会主义思想", "习近平法治思想", "法治政府建设"]),
        ("002", "落实第一责任人职责：", ["第一责任人", "法治政府建设"]),
        ("002", "严格执行重大行政决策程序：", ["重大行政决策", "合法性审查"]),
        ("004", "加强规范性文件管理", ["规范性文件"]),
        ("000", "- 2. 完善行政复议和行政诉讼应诉工作机制", ["行政复议", "行政诉讼"]),
    ],
)
def test_seed_sentences_keep_domain_terms_whole(prefix, sentence_start, expected):
    text = seed_text(prefix)
    start = text.index(sentence_start)
    sentence = text[start : text.index("\n", start)]
    got = [w for w, _, _ in segment.words(sentence)]
    for term in expected:
        assert term in got, (term, got)


def test_bracketed_village_community_is_one_word():
    # seed 002 writes 村（社区）, seed 000 村(社区) with ASCII brackets
    for prefix, compound in (("002", "村（社区）"), ("000", "村(社区)")):
        text = seed_text(prefix)
        assert compound in text
        assert compound in [w for w, _, _ in segment.words(text)]
        assert (compound, "n") in [(w, f) for w, f, _, _ in segment.tagged(text)]


def test_tagged_uses_the_compact_dictionary_tags():
    flags = {w: f for w, f, _, _ in segment.tagged("落实党政主要负责人履行推进法治建设第一责任人职责，深入学习习近平法治思想")}
    # neither term is in jieba's default dictionary; the tags come from ours
    assert flags["第一责任人"] == "n"
    assert flags["习近平法治思想"] == "nz"


# --- place names -----------------------------------------------------------

@pytest.mark.parametrize(
    "prefix, places",
    [
        ("000", ["大李集镇"]),
        ("001", ["桐木漯瑶族乡"]),
        ("002", ["杂色镇"]),
        ("003", ["北杨集镇", "沈丘县"]),
        ("004", ["鲁山县", "马楼乡"]),
    ],
)
def test_place_names_in_seed_titles(prefix, places):
    lines = seed_text(prefix).splitlines()
    head = "\n".join(lines[:5])  # title, possibly over two lines, and the addressee
    ns = [w for w, f, _, _ in segment.tagged(head) if f == "ns"]
    for place in places:
        assert place in ns, (place, segment.tagged(head))


@pytest.mark.parametrize(
    "sentence, place",
    [
        ("石桥镇人民政府关于2024年度法治政府建设情况的报告", "石桥镇"),
        ("王家营乡司法所开展普法宣传", "王家营乡"),
        ("黄集乡2023年度法治政府建设情况报告", "黄集乡"),
        ("现将马楼乡2024年法治政府建设情况汇报如下", "马楼乡"),
        ("杂色镇司法所荣获市级普法一等奖奖项", "杂色镇"),
    ],
)
def test_place_names_in_running_text(sentence, place):
    assert (place, "ns") in [(w, f) for w, f, _, _ in segment.tagged(sentence)]


@pytest.mark.parametrize(
    "sentence, places",
    [
        ("全年我镇共调解矛盾纠纷39件", []),  # 我镇: our town, not a name
        ("对涉及乡镇经济社会发展的重大事项", []),
        ("在县委县政府的正确领导下，马楼乡严格按照法治政府建设工作要点", ["马楼乡"]),
        ("根据2023年度乡理论学习中心组集中学习计划", []),
        ("在乡党委的统一领导下，谋划和落实好法治政府建设的各项任务", []),
        ("对重点村进行排查，规划修编、集镇管理等难点领域", []),
    ],
)
def test_phrases_with_a_suffix_are_not_place_names(sentence, places):
    assert [w for w, f, _, _ in segment.tagged(sentence) if f == "ns"] == places


def test_place_joining_keeps_the_rest_of_a_split_word():
    tokens = segment.tagged("中共沈丘县委、沈丘县人民政府：")
    text = "".join(w for w, _, _, _ in tokens)
    assert text == "中共沈丘县委、沈丘县人民政府："
    assert [w for w, f, _, _ in tokens if f == "ns"] == ["沈丘县", "沈丘县"]
    assert "委" in [w for w, _, _, _ in tokens]


def test_tagged_leaves_jiebas_default_tokenizer_alone():
    import jieba

    segment.tagged("法治政府建设")
    assert jieba.dt is not segment._get_tokenizer()
    assert jieba.dt.dictionary is None  # still jieba's own default dictionary


# --- loading and the cache -------------------------------------------------

def test_import_does_not_load_jieba():
    proc = run_python(
        "import sys, checker.text.segment\n"
        "print(sorted(m for m in sys.modules if m == 'jieba' or m.startswith('jieba.')))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_first_use_is_silent_and_writes_a_cache(tmp_path):
    code = (
        "import json\nfrom checker.text.segment import words, tagged\n"
        "print(json.dumps([words('法治政府建设'), tagged('杂色镇')], ensure_ascii=False))"
    )
    proc = run_python(code, FZLINT_CACHE_DIR=str(tmp_path))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    caches = list(tmp_path.glob("fzlint-jieba-*.cache"))
    assert len(caches) == 1
    first = json.loads(proc.stdout)
    # second run reads the cache and must give the same result
    again = run_python(code, FZLINT_CACHE_DIR=str(tmp_path))
    assert again.returncode == 0 and again.stderr == ""
    assert json.loads(again.stdout) == first
    assert list(tmp_path.glob("fzlint-jieba-*.cache")) == caches
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_unusable_cache_dir_means_no_cache(tmp_path, kind):
    if kind == "missing":
        cache_dir = tmp_path / "does" / "not" / "exist"
    else:
        (tmp_path / "plain").write_text("x")
        cache_dir = tmp_path / "plain" / "sub"
    proc = run_python(
        "from checker.text.segment import words\nprint(len(words('依法行政')))",
        FZLINT_CACHE_DIR=str(cache_dir),
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout.strip() == "1"


def test_read_only_cache_dir_means_no_cache(tmp_path):
    # /proc refuses new files even to root (CI runs as root, where chmod would not bite)
    if os.path.isdir("/proc") and sys.platform.startswith("linux"):
        ro, restore = "/proc", None
    else:
        tmp_path.chmod(0o500)
        ro, restore = str(tmp_path), tmp_path
    try:
        proc = run_python(
            "from checker.text.segment import words\nprint(len(words('依法行政')))",
            FZLINT_CACHE_DIR=ro,
        )
    finally:
        if restore is not None:
            restore.chmod(0o700)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout.strip() == "1"


def test_corrupt_cache_is_ignored_and_replaced(tmp_path):
    code = "from checker.text.segment import words\nprint(len(words('依法行政')))"
    assert run_python(code, FZLINT_CACHE_DIR=str(tmp_path)).returncode == 0
    (cache,) = tmp_path.glob("fzlint-jieba-*.cache")
    cache.write_bytes(b"not a marshal file")
    proc = run_python(code, FZLINT_CACHE_DIR=str(tmp_path))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout.strip() == "1"
    assert cache.read_bytes() != b"not a marshal file"


def test_cache_name_follows_the_dictionary_content(monkeypatch, tmp_path):
    import jieba

    monkeypatch.setenv("FZLINT_CACHE_DIR", str(tmp_path))
    data = segment.DICT_PATH.read_bytes()
    ours = segment._cache_path(jieba, data)
    assert ours == segment._cache_path(jieba, bytes(data))
    assert ours.parent == tmp_path
    assert segment._cache_path(jieba, data + "新词 3 n\n".encode()) != ours


def test_cache_holds_what_jieba_would_build(tmp_path, monkeypatch):
    import io

    import jieba

    monkeypatch.setenv("FZLINT_CACHE_DIR", str(tmp_path))
    data = segment.DICT_PATH.read_bytes()
    built = segment._prefix_dict(jieba, data)  # empty dir: builds and writes
    assert built == jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    assert segment._read_cache(segment._cache_path(jieba, data)) == built
