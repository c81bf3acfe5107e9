"""How two pieces of a draft are compared for duplicates: folding, shingles, sketches, similarity.

Folding keeps what a copy keeps and drops what a copier changes without rewriting:
- punctuation, spaces and symbols go (，vs , vs nothing makes no difference), full-width letters
  and digits become half-width, letters lower-case;
- every number becomes ``#`` (全年10次 and 全年12次 fold alike);
- the reporting body's own name becomes ``□`` (杂色镇, 我镇, 本乡 → □; 全镇, 全乡 → 全□), so a
  passage copied from a neighbour and renamed still folds alike;
- Word debris (``[bookmark: _GoBack]``) goes.
Each folded character remembers the offset of its original character (``Folded.orig``).

Stock phrases (a rule pack's ``ignore`` list, e.g. 习近平法治思想) are then *cut*: their
characters become ``|`` so that no shingle spans them and they do not count towards a passage's
length (``Shingled``).

Similarity of two pieces is the Dice coefficient of their word-bigram sets (jieba words, through
checker.segment), so a copy with a few words changed or its clauses reordered still scores high.
Words are only computed for pairs whose character-trigram Dice is already close to the
threshold, which keeps jieba off the path of drafts that have nothing similar; identical folded
texts score 1.0 without it.

Sketches (``sketch``) are the few smallest stable 32-bit hashes of a piece's 5-character
shingles: two pieces that share much text very likely share sketch hashes, which is what the
cross-draft index (checker.corpus) looks up.
"""

from __future__ import annotations

import zlib
from array import array
from dataclasses import dataclass, field
from functools import lru_cache

import regex as re

CUT = "|"      # a character that no folded text contains: marks cut-out stock phrases
BODY = "□"     # stands for the reporting body's own name
NUM = "#"      # stands for a number

GRAM = 3            # character shingles for the quick similarity
SKETCH_GRAM = 5     # character shingles hashed for the index
SKETCH_SIZE = 8     # hashes kept per piece
WORD_CHECK = 0.75   # words are compared when char Dice >= WORD_CHECK * threshold

# full-width ASCII → half-width, letters → lower case (one character for one: offsets stay)
_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},
          **{c: c + 32 for c in range(0x41, 0x5B)},
          **{c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)}}
# Word debris, numbers (a decimal point inside stays part of the number), runs of letters/Han
_TOKEN = re.compile(r"\[bookmark:[^\]]*\]|(?P<num>[0-9]+(?:\.[0-9]+)*)|(?P<word>[^\W_0-9]+)")
_TYPE_CHARS = {"乡": "乡", "镇": "镇", "街道": "街道", "县": "县", "区": "区", "市": "市"}
_ENUM = re.compile(r"^[一二三四五六七八九十]{1,3}是")


@dataclass
class Folded:
    """A folded text and, for each of its characters, the original offset."""
    text: str
    orig: array  # of ints (a list of ints works too)
    length: int  # length of the original text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded[start:end]."""
        if start >= end:
            off = self.orig[start] if start < len(self.orig) else self.length
            return off, off
        return self.orig[start], self.orig[end - 1] + 1


def _body_pattern(body: str | None, body_type: str | None):
    """Regex for the reporting body's own name in folded text (None when unknown)."""
    alts = []
    if body:
        name = fold_plain(body)
        if len(name) >= 2:
            alts.append(re.escape(name))
    kind = _TYPE_CHARS.get(body_type or "")
    if body_type == "部门" and body:
        kind = body[-1]
    if kind:
        alts.append(f"(?:我|本){re.escape(kind)}")
        alts.append(f"(?<=全){re.escape(kind)}")
    if not alts:
        return None
    return re.compile("|".join(sorted(alts, key=len, reverse=True)))


_WIDE = re.compile("[\uff01-\uff5eA-Z]+")   # the characters _WIDTH changes


def widen(text: str) -> str:
    """text.translate(_WIDTH), translating only the runs that change: a draft is mostly Han,
    which str.translate would look up one character at a time."""
    return _WIDE.sub(lambda m: m.group().translate(_WIDTH), text)


def fold_plain(text: str) -> str:
    """The folded form of a short text (a phrase from a pack), without body folding."""
    return fold(text).text


def fold(text: str, body: str | None = None, body_type: str | None = None) -> Folded:
    """Fold a whole text (see the module docstring)."""
    chars: list[str] = []
    orig = _offsets(len(text))   # machine ints: a list would cost 36 bytes per character
    add, extend, put = chars.append, orig.extend, orig.append
    for m in _TOKEN.finditer(widen(text)):
        kind = m.lastgroup
        if kind == "word":
            s, e = m.span()
            add(m.group())
            extend(range(s, e))
        elif kind == "num":
            add(NUM)
            put(m.start())
    folded = "".join(chars)
    pattern = _body_pattern(body, body_type)
    if pattern is not None and folded:
        out_chars: list[str] = []
        out_orig = _offsets(len(text))
        last = 0
        for m in pattern.finditer(folded):
            out_chars.append(folded[last:m.start()])
            out_orig.extend(orig[last:m.start()])
            out_chars.append(BODY)
            out_orig.append(orig[m.start()])
            last = m.end()
        out_chars.append(folded[last:])
        out_orig.extend(orig[last:])
        folded, orig = "".join(out_chars), out_orig
    return Folded(folded, orig, len(text))


def _offsets(n: int) -> array:
    """An empty array for offsets into a text of n characters."""
    return array("i" if n < 2**31 else "q")


def cut_phrases(text: str, phrases) -> str:
    """text with every occurrence of the (folded) phrases replaced by CUT characters."""
    if not phrases:
        return text
    for p in phrases:
        if p and p in text:
            text = text.replace(p, CUT * len(p))
    return text


def strip_enum(text: str) -> str:
    """Cut a leading 一是/二是 (list markers differ between copies)."""
    m = _ENUM.match(text)
    return CUT * m.end() + text[m.end():] if m else text


@dataclass
class Shingled:
    """A piece of folded text ready for comparison (stock phrases cut)."""
    text: str                   # folded, with CUT where phrases were cut
    size: int                   # characters that count (not CUT)
    grams: frozenset            # character GRAM-shingles not spanning a cut
    _bigrams: frozenset | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return self.text.replace(CUT, "")

    def bigrams(self) -> frozenset:
        """Word bigrams (jieba), computed once; pieces of one word give the word itself."""
        if self._bigrams is None:
            self._bigrams = frozenset(_word_bigrams(self.text))
        return self._bigrams


def shingle(text: str, phrases=()) -> Shingled:
    """Cut the phrases out of a folded text and shingle it.  The last few thousand are
    remembered (with their word bigrams, once computed): the cross-draft search compares the
    same popular sentences of other drafts with every draft it checks."""
    try:
        return _recent(text, phrases)
    except TypeError:   # phrases given as a list
        return make_shingled(text, phrases)


def make_shingled(text: str, phrases=()) -> Shingled:
    """shingle() without the memory of recent pieces."""
    text = strip_enum(cut_phrases(text, phrases))
    if CUT in text:   # a shingle that spans no cut lies in one of the pieces between cuts
        grams = frozenset(p[i:i + GRAM] for p in text.split(CUT)
                          for i in range(len(p) - GRAM + 1))
        return Shingled(text, len(text) - text.count(CUT), grams)
    return Shingled(text, len(text), frozenset(text[i:i + GRAM]
                                               for i in range(len(text) - GRAM + 1)))


_recent = lru_cache(maxsize=4096)(make_shingled)


def _word_bigrams(text: str) -> set[str]:
    try:
        from checker.text.segment import words
    except ImportError:  # pragma: no cover - jieba is a dependency
        words = None
    out: set[str] = set()
    for piece in text.split(CUT):
        if not piece:
            continue
        if words is None:
            toks = [piece[i:i + 2] for i in range(0, len(piece), 2)]
        else:
            try:
                toks = [w for w, _, _ in words(piece)]
            except RuntimeError:  # segmenter unavailable (broken install): character pairs
                toks = [piece[i:i + 2] for i in range(0, len(piece), 2)]
        if len(toks) == 1:
            out.add(toks[0])
        out.update(a + "\x00" + b for a, b in zip(toks, toks[1:]))
    return out


def dice(a, b) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(a: Shingled, b: Shingled, threshold: float) -> float:
    """Similarity of two pieces in [0, 1]: 1.0 when their folded texts are equal, else the Dice
    of word bigrams; pairs far below threshold get their character Dice (also below it)
    without segmenting."""
    if a.key == b.key:
        return 1.0
    c = dice(a.grams, b.grams)
    if c < WORD_CHECK * threshold:
        return c
    return dice(a.bigrams(), b.bigrams())


def could_reach(a_size: int, b_size: int, threshold: float) -> bool:
    """Dice can reach threshold only if the shorter piece is long enough."""
    lo, hi = sorted((a_size, b_size))
    return hi == 0 or 2 * lo / (lo + hi) >= threshold * WORD_CHECK


def stable_hash(s: str) -> int:
    """A hash of a string that is the same in every process (32 bits)."""
    return zlib.crc32(s.encode("utf-8"))


def sketch(text: str, size: int = SKETCH_SIZE, k: int = SKETCH_GRAM) -> list[int]:
    """The `size` smallest distinct stable hashes of the k-character shingles of folded text
    (cut characters break shingles); short texts give what they have."""
    if len(text) < k:
        return [stable_hash(text)] if len(text) >= 2 and CUT not in text else []
    data = text.encode("utf-32-le")
    view = memoryview(data)
    crc = zlib.crc32
    if CUT in text:
        hashes = {crc(view[4 * i:4 * (i + k)]) for i in range(len(text) - k + 1)
                  if CUT not in text[i:i + k]}
    else:
        hashes = {crc(view[4 * i:4 * i + 4 * k]) for i in range(len(text) - k + 1)}
    if len(hashes) <= size:
        return sorted(hashes)
    import heapq
    return heapq.nsmallest(size, hashes)


@dataclass(frozen=True)
class Unit:
    """A sentence of a draft as compared for duplicates (headings, title and 落款 left out)."""
    start: int    # original offsets
    end: int
    line: int
    fstart: int   # span in the draft's folded text
    fend: int


def units(doc) -> tuple[Folded, list[Unit]]:
    """The folded text of a draft and its sentences, in order (memoized on the document)."""
    cached = doc.cache.get("fingerprint.units")
    if cached is not None:
        return cached
    import bisect
    folded = fold(doc.text, doc.body, doc.body_type)
    regions = doc.line_regions
    heads = {h.line: h for h in doc.headings}
    out = []
    text = doc.text
    for sent in doc.sentences:
        if "body" not in regions[sent.line - 1]:
            continue                            # title, 主送, 落款, 成文日期, page furniture
        start, end = sent.start, sent.end
        h = heads.get(sent.line)
        if h is not None and start < h.end + 1 and h.start < end:
            start = max(start, h.end)
            while start < end and not text[start].isalnum():
                start += 1
        while end > start and text[end - 1] in " \t\u3000":
            end -= 1
        if start >= end:
            continue
        fs = bisect.bisect_left(folded.orig, start)
        fe = bisect.bisect_left(folded.orig, end)
        if fe > fs:
            out.append(Unit(start, end, sent.line, fs, fe))
    doc.cache["fingerprint.units"] = (folded, out)
    return folded, out
