"""Chinese word segmentation for rules that need words (jieba, loaded lazily).

Importing this module loads nothing: jieba and fzlint's compact dictionary
(checker/data/dict.txt, built by tools/build_dict.py) are loaded by the first
call to ``words()`` or ``tagged()`` and shared by the whole process.

    words(text)  -> [(word, start, end), ...]         jieba's tokenize
    tagged(text) -> [(word, flag, start, end), ...]   jieba.posseg flags

Offsets are code points into ``text``: ``text[start:end] == word`` always,
and the tokens cover the text from end to end (whitespace included).

``tagged()`` also joins place names that jieba splits (杂色/镇, 马/楼/乡,
大/李/集镇 → 杂色镇, 马楼乡, 大李集镇, flag ``ns``), and both functions keep
村（社区） together. Results for the last 256 distinct texts are remembered,
so several rules may segment the same paragraph at the cost of one.

Start-up cost, kept small on purpose (cold ``fzlint check`` ≤ 0.5 s):
- the prefix dictionary is cached as a marshal file named after a hash of
  the dictionary's bytes, in this user's own cache folder ($FZLINT_CACHE_DIR,
  else $XDG_CACHE_HOME/fzlint or ~/.cache/fzlint, else a 0700 folder of the
  user's in the temp dir — never a shared path another user can plant a file
  at); the file is opened with O_NOFOLLOW and O_NONBLOCK and used only if it
  is a regular file owned by the user; a cache dir that is missing or
  read-only, or a bad cache file, just means no cache;
- ``import jieba`` would import pkg_resources (≈70 ms) only to open its own
  files; we hide pkg_resources during that import so jieba uses plain open();
- ``import jieba.posseg`` builds a default POSTokenizer that reads jieba's
  full 349k-word dictionary (≈200 ms). We point ``jieba.dt`` at our compact
  tokenizer during that import, so jieba.posseg's module-level default
  (jieba.posseg.cut) ends up on fzlint's dictionary; ``jieba.cut`` is left
  untouched.
jieba's log output is silenced (its logger is set above CRITICAL).
"""

from __future__ import annotations

import os
import sys
import threading
from functools import lru_cache
from pathlib import Path

DICT_PATH = Path(__file__).resolve().parent.parent / "data" / "dict.txt"

_lock = threading.Lock()
_tokenizer = None  # jieba.Tokenizer on DICT_PATH, built on first use
_pos_tokenizer = None  # jieba.posseg.POSTokenizer over _tokenizer

# Compounds with brackets inside: jieba always cuts at punctuation.
_BRACKETED = ("村（社区）", "村(社区)")

# Place names: a name (1–5 characters, one to three tokens) followed by an
# administrative suffix.
_SUFFIXES = frozenset("省市县区旗盟州镇乡村") | {"街道"}
# jieba words made of a name's last character and the suffix (北杨|集镇).
_TAIL_CHARS = frozenset("集营店桥庄屯堡寨铺口湾坪坝岭岗沟园埠港坡台洼圩墩垸寺")
# jieba words made of the suffix and what follows it (沈丘|县委).
_SUFFIX_HEADS = frozenset(
    {"县委", "市委", "省委", "区委", "县政府", "市政府", "区政府", "乡政府", "镇政府"}
)
# Flags a piece of a place name may carry (jieba often tags such pieces as
# plain nouns, adjectives or person names).
_NAME_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "n", "ng", "a", "j", "zg", "x"})
# Words before a suffix that make a phrase, not a name (我镇, 全乡, 示范村).
_NOT_NAME = frozenset(
    "我 本 全 该 各 每 此 其 原 某 邻 外 两 多 几 一 乡 镇 村 县 市 区 "
    "中共 党委 政府 县委 市委 省委 区委 法治 示范 文明 重点 贫困 试点 中心 先进 平安 "
    "美丽 特色 旅游 生态 卫生 行政 自然 农业 工业 边境 民族 少数民族 城市 农村 社会 "
    "基层 周边 相关 所在 其他 全国 我们".split()
)
_PROPER_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz"})
_COMMON_FREQ = 3000  # dictionary count from which a noun is too common to be a name
_MAX_NAME = 5
# A name-like token that already ends with the suffix (张庄村/nr) → 'ns'.
_RETAG_FLAGS = frozenset({"nr", "nrt", "nrfg", "x"})


class SegmenterUnavailable(RuntimeError):
    """jieba or the dictionary is missing (a broken install)."""


def words(text: str) -> list[tuple[str, int, int]]:
    """Segment text: (word, start, end) in code points, jieba's default mode."""
    return list(_words(text))


def tagged(text: str) -> list[tuple[str, str, int, int]]:
    """Segment and POS-tag text: (word, flag, start, end).

    Flags are jieba.posseg's ('n', 'v', 'm', 'ns', …; 'x' for punctuation and
    whitespace); joined place names get 'ns'.
    """
    return list(_tagged(text))


# Several rules segment the same paragraphs: remember recent results.
@lru_cache(maxsize=256)
def _words(text):
    tokens = [(w, "", s, e) for w, s, e in _get_tokenizer().tokenize(text)]
    return tuple((w, s, e) for w, _, s, e in _join_bracketed(text, tokens))


@lru_cache(maxsize=256)
def _tagged(text):
    pos = _get_pos_tokenizer()
    tokens = []
    start = 0
    for word, flag in pos.cut(text):
        end = start + len(word)
        tokens.append((word, flag, start, end))
        start = end
    if start != len(text):
        # jieba.posseg keeps every character; if that ever changes, fail loudly
        # rather than report findings at wrong positions.
        raise RuntimeError("jieba.posseg did not preserve the text")
    tokens = _join_bracketed(text, tokens)
    return tuple(_join_place_names(text, tokens, pos.word_tag_tab, pos.tokenizer.FREQ))


# --- post-processing -------------------------------------------------------
# tokens are (word, flag, start, end), contiguous and covering the text.

def _join_bracketed(text, tokens):
    """Merge the tokens that exactly cover a bracketed compound into one."""
    ends = {}
    for compound in _BRACKETED:
        i = text.find(compound)
        while i >= 0:
            ends[i] = i + len(compound)
            i = text.find(compound, i + 1)
    if not ends:
        return tokens
    out = []
    i = 0
    while i < len(tokens):
        end = ends.get(tokens[i][2])
        j = i
        while end is not None and j < len(tokens) and tokens[j][3] < end:
            j += 1
        if end is not None and j < len(tokens) and tokens[j][3] == end:
            start = tokens[i][2]
            out.append((text[start:end], "n" if tokens[i][1] else "", start, end))
            i = j + 1
        else:
            out.append(tokens[i])
            i += 1
    return out


def _is_han(word):
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def _name_piece(token, freq):
    """Can this token be part of a place name's proper part?"""
    word, flag, _, _ = token
    if not _is_han(word) or word in _NOT_NAME or flag not in _NAME_FLAGS:
        return False
    if len(word) > 1 and word[-1] in _SUFFIXES and flag == "ns":
        return False  # a complete place (鲁山县 before 马楼乡) ends the name
    if flag in _PROPER_FLAGS or len(word) == 1:
        return True
    # a frequent common word (年度, 中心, 社会) is not part of a name
    return freq.get(word, 0) < _COMMON_FREQ


def _suffix_of(word):
    """How a token can close a place name: (characters of it that join the
    name, how many of those belong to the name proper), or None."""
    if word in _SUFFIXES:
        return len(word), 0  # 杂色|镇
    if len(word) == 2 and word[1] in "镇乡" and word[0] in _TAIL_CHARS:
        return 2, 1  # 北杨|集镇: 集 is the name's last character
    if word in _SUFFIX_HEADS:
        return 1, 0  # 沈丘|县委: only 县 joins the name
    return None


def _join_place_names(text, tokens, tag_of, freq):
    """Join name pieces + administrative suffix into one 'ns' token."""
    out = []
    for token in tokens:
        word, flag, start, end = token
        suffix = _suffix_of(word)
        if suffix is None:
            if len(word) >= 3 and word[-1] in "镇乡村" and flag in _RETAG_FLAGS and _is_han(word):
                token = (word, "ns", start, end)
            out.append(token)
            continue
        joined, proper = suffix
        # collect up to three name pieces leftwards, at most _MAX_NAME characters
        k = len(out)
        length = 0
        while k > 0 and len(out) - k < 3 and _name_piece(out[k - 1], freq):
            if length + len(out[k - 1][0]) > _MAX_NAME:
                break
            length += len(out[k - 1][0])
            k -= 1
        if length + proper < 2:
            out.append(token)
            continue
        name_start = out[k][2]
        split = start + joined
        del out[k:]
        out.append((text[name_start:split], "ns", name_start, split))
        if split < end:
            rest = word[joined:]
            out.append((rest, tag_of.get(rest, flag), split, end))
    return out


# --- loading ---------------------------------------------------------------

def _get_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build_tokenizer()
    return _tokenizer


def _get_pos_tokenizer():
    global _pos_tokenizer
    if _pos_tokenizer is None:
        tok = _get_tokenizer()
        with _lock:
            if _pos_tokenizer is None:
                _pos_tokenizer = _build_pos_tokenizer(tok)
    return _pos_tokenizer


def _import_jieba():
    import logging

    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` fail fast
    try:
        import jieba
    except ImportError as exc:
        raise SegmenterUnavailable(f"缺少分词组件 jieba：{exc}") from None
    finally:
        if hide and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.CRITICAL + 1)
    return jieba


def _build_tokenizer():
    jieba = _import_jieba()
    try:
        data = DICT_PATH.read_bytes()
    except OSError as exc:
        raise SegmenterUnavailable(f"分词词典无法读取：{DICT_PATH}（{exc.strerror}）") from None
    tok = jieba.Tokenizer(str(DICT_PATH))
    tok.FREQ, tok.total = _prefix_dict(jieba, data)
    tok.initialized = True
    return tok


def _build_pos_tokenizer(tok):
    jieba = sys.modules["jieba"]
    if "jieba.posseg" not in sys.modules:
        saved = jieba.dt
        jieba.dt = tok
        try:
            import jieba.posseg
        finally:
            jieba.dt = saved
    posseg = sys.modules["jieba.posseg"]
    if posseg.dt.tokenizer is tok:
        return posseg.dt
    return posseg.POSTokenizer(tok)


def _prefix_dict(jieba, data: bytes):
    """jieba's (FREQ, total) for our dictionary, from the cache when possible."""
    import io

    cache = _cache_path(jieba, data)
    if cache is not None:
        loaded = _read_cache(cache)
        if loaded is not None:
            return loaded
    freq, total = jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    if cache is not None:
        _write_cache(cache, (freq, total))
    return freq, total


def _cache_dir():
    """This user's cache folder, or None.  $FZLINT_CACHE_DIR when set (used as is: a missing or
    read-only folder means no cache); else $XDG_CACHE_HOME/fzlint or ~/.cache/fzlint; else, with
    no usable home, a folder of this user's own in the temp dir (fzlint-cache-<uid>).  A folder
    fzlint creates is 0700; one found is used only if it is a real folder (not a symlink) owned
    by this user that nobody else may write to."""
    given = os.environ.get("FZLINT_CACHE_DIR")
    if given:
        return Path(given)
    candidates = []
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        candidates.append(Path(xdg) / "fzlint")
    home = os.path.expanduser("~")
    if home != "~" and os.path.isabs(home):
        candidates.append(Path(home) / ".cache" / "fzlint")
    try:
        import tempfile

        uid = os.getuid() if hasattr(os, "getuid") else 0
        candidates.append(Path(tempfile.gettempdir()) / f"fzlint-cache-{uid}")
    except OSError:  # no usable temp dir at all
        pass
    for directory in candidates:
        if _own_private_dir(directory):
            return directory
    return None


def _own_private_dir(directory: Path) -> bool:
    """directory exists (created 0700 if need be) as this user's own private folder."""
    import stat

    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        st = os.lstat(directory)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False  # a symlink or a file planted where the folder should be
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return st.st_mode & 0o022 == 0


def _cache_path(jieba, data: bytes):
    """Cache file for this dictionary content, jieba and Python; None if no usable dir."""
    import hashlib

    directory = _cache_dir()
    if directory is None:
        return None
    key = hashlib.sha1(data)
    key.update(f"|jieba {jieba.__version__}|python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    return directory / f"fzlint-jieba-{key.hexdigest()[:20]}.cache"


_CACHE_MAX = 64 * 1024 * 1024  # the real cache is about 3 MB; anything far larger is not ours


def _read_cache(path: Path):
    """The cached (FREQ, total), or None.  The file is opened without following a symlink and
    without blocking (a FIFO planted there never hangs the run), and used only if it is a
    regular file owned by this user, of a sane size; anything else is ignored, never fatal."""
    import marshal
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _CACHE_MAX:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None  # someone else's file: don't trust it
        with os.fdopen(fd, "rb", closefd=False) as fh:
            blob = fh.read(_CACHE_MAX + 1)
        if len(blob) > _CACHE_MAX:
            return None
        value = marshal.loads(blob)  # marshal.load(fh) is 4x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        os.close(fd)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], dict)
        and isinstance(value[1], int)
        and value[1] > 0
    ):
        return value
    return None


def _write_cache(path: Path, value) -> None:
    import marshal
    import tempfile

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(value, fh)
        os.replace(tmp, path)  # atomic: concurrent runs never see half a file
        tmp = None
    except (OSError, ValueError):
        pass  # read-only or missing dir, full disk: run without a cache
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
