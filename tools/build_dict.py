"""Build checker/data/dict.txt, fzlint's compact jieba dictionary.

jieba's bundled dictionary (349,046 words) takes 1.5–2 s to load; a cold
``fzlint check`` must finish in 0.5 s. This script keeps the TOP_N most
frequent words of that dictionary and adds the domain terms of 法治政府建设
reports (listed by hand below), then writes ``word freq tag`` lines, sorted by
word, so the output is byte-for-byte reproducible.

Usage (from the repository root)::

    .venv/bin/python tools/build_dict.py            # rewrite checker/data/dict.txt
    .venv/bin/python tools/build_dict.py --check    # exit 1 if the file is stale
    .venv/bin/python tools/build_dict.py --top 40000 --output /tmp/d.txt

See checker/data/README.md for how TOP_N was chosen.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "checker" / "data" / "dict.txt"

# Words kept from jieba's dictionary, most frequent first (ties broken by the
# word itself). Chosen by measurement: see checker/data/README.md.
TOP_N = 30000

# Frequency floor for a domain term. Multi-character terms win over any split
# into common words at far lower counts (a split costs one log-probability per
# piece), so the floor only has to lift them above the noise; a term that jieba
# already counts higher keeps jieba's count.
DOMAIN_FREQ = 2000

# The domain's own vocabulary: (word, POS tag). Tags follow jieba's set
# (n noun, nz proper noun, nt organisation, ns place, vn verbal noun, v verb,
# l set phrase, j abbreviation, b distinguishing word). Our tag replaces
# jieba's where jieba has one (jieba tags 法律顾问 as a person name, nr).
# Harvested by hand from the five seed reports and domain-notes.md.
DOMAIN_TERMS: list[tuple[str, str]] = [
    # guiding thought and party events
    ("习近平法治思想", "nz"),
    ("习近平新时代中国特色社会主义思想", "nz"),
    ("新时代中国特色社会主义思想", "nz"),
    ("中国特色社会主义", "nz"),
    ("社会主义法治理念", "nz"),
    ("习近平总书记", "nr"),
    ("党中央", "nt"),
    ("二十大", "j"),
    ("十九大", "j"),
    ("二十届", "m"),
    ("十九届", "m"),
    ("三中全会", "nz"),
    ("四中全会", "nz"),
    ("五中全会", "nz"),
    ("全面建成小康社会", "l"),
    ("小康社会", "n"),
    ("全面依法治国", "l"),
    ("依法治国", "l"),
    # the report and its legal basis
    ("法治政府", "n"),
    ("法治政府建设", "n"),
    ("数字法治政府", "n"),
    ("法治建设", "n"),
    ("法治社会", "n"),
    ("法治国家", "n"),
    ("法治政府建设实施纲要", "nz"),
    ("法治政府建设与责任落实督察工作规定", "nz"),
    ("党政主要负责人履行推进法治建设第一责任人职责规定", "nz"),
    ("年度报告", "n"),
    ("第一责任人", "n"),
    ("主要负责人", "n"),
    ("党政主要负责人", "n"),
    ("一岗双责", "l"),
    ("一票否决", "l"),
    ("职能科学", "l"),
    ("权责法定", "l"),
    ("执法严明", "l"),
    ("公开公正", "l"),
    ("廉洁高效", "l"),
    ("守法诚信", "l"),
    ("智能高效", "l"),
    ("廉洁诚信", "l"),
    ("人民满意", "l"),
    # legal education (普法)
    ("普法", "vn"),
    ("八五普法", "nz"),
    ("七五普法", "nz"),
    ("六五普法", "nz"),
    ("普法宣传", "vn"),
    ("普法教育", "vn"),
    ("全民普法", "vn"),
    ("精准普法", "vn"),
    ("法治宣传", "vn"),
    ("法治宣传教育", "vn"),
    ("法治教育", "vn"),
    ("法治文化", "n"),
    ("法治意识", "n"),
    ("法治思维", "n"),
    ("法治方式", "n"),
    ("法治观念", "n"),
    ("法治素养", "n"),
    ("法治氛围", "n"),
    ("法治保障", "n"),
    ("法治创建", "vn"),
    ("法治讲座", "n"),
    ("学法用法", "l"),
    ("尊法学法守法用法", "l"),
    ("述职述法", "l"),
    ("会前学法", "l"),
    ("理论学习中心组", "nt"),
    ("法律五进", "j"),
    ("法律明白人", "n"),
    ("民主法治示范村", "nz"),
    ("民主法制示范村", "nz"),
    ("国家宪法日", "nz"),
    ("宪法宣传周", "nz"),
    ("民法典宣传月", "nz"),
    ("国际禁毒日", "nz"),
    ("消费者权益保护日", "nz"),
    # laws and regulations
    ("宪法", "nz"),
    ("民法典", "nz"),
    ("行政处罚法", "nz"),
    ("行政许可法", "nz"),
    ("行政强制法", "nz"),
    ("行政复议法", "nz"),
    ("行政诉讼法", "nz"),
    ("国家安全法", "nz"),
    ("信访条例", "nz"),
    ("信访工作条例", "nz"),
    ("政府信息公开条例", "nz"),
    ("重大行政决策程序暂行条例", "nz"),
    # administration by law
    ("依法行政", "vn"),
    ("依法执政", "vn"),
    ("依法决策", "vn"),
    ("依法履职", "vn"),
    ("依法办事", "vn"),
    ("依法治县", "vn"),
    ("依法治乡", "vn"),
    ("依法治镇", "vn"),
    ("行政执法", "vn"),
    ("行政执法人员", "n"),
    ("执法人员", "n"),
    ("执法证", "n"),
    ("执法监督", "vn"),
    ("行政执法监督", "vn"),
    ("综合执法", "vn"),
    ("联合执法", "vn"),
    ("文明执法", "vn"),
    ("严格规范公正文明执法", "l"),
    ("三项制度", "n"),
    ("持证上岗", "l"),
    ("双随机", "j"),
    ("一公开", "j"),
    ("行政复议", "vn"),
    ("行政诉讼", "vn"),
    ("行政应诉", "vn"),
    ("出庭应诉", "vn"),
    ("行政争议", "n"),
    ("行政决策", "n"),
    ("重大行政决策", "n"),
    ("合法性审查", "vn"),
    ("公众参与", "vn"),
    ("专家论证", "vn"),
    ("风险评估", "vn"),
    ("集体讨论决定", "l"),
    ("规范性文件", "n"),
    ("备案审查", "vn"),
    ("权力清单", "n"),
    ("责任清单", "n"),
    ("政务公开", "vn"),
    ("政府信息公开", "vn"),
    ("信息公开", "vn"),
    ("政务服务", "n"),
    ("互联网+监管", "nz"),
    ("互联网+政务服务", "nz"),
    ("一体化在线政务服务平台", "nz"),
    # disputes, petitions, legal services
    ("人民调解", "vn"),
    ("人民调解员", "n"),
    ("人民调解委员会", "nt"),
    ("司法调解", "vn"),
    ("矛盾纠纷", "n"),
    ("多元化解", "vn"),
    ("排查调处", "vn"),
    ("信访", "vn"),
    ("信访积案", "n"),
    ("领导包案", "l"),
    ("接访下访", "l"),
    ("枫桥经验", "nz"),
    ("法律顾问", "n"),
    ("一村一法律顾问", "l"),
    ("公职律师", "n"),
    ("法律援助", "vn"),
    ("法律服务", "n"),
    ("公共法律服务", "n"),
    ("法律咨询", "vn"),
    ("合法权益", "n"),
    # bodies and places of local government
    ("党委", "n"),
    ("政府", "n"),
    ("党委政府", "n"),
    ("党政", "n"),
    ("党政办", "nt"),
    ("综治", "j"),
    ("综治办", "nt"),
    ("综治中心", "nt"),
    ("司法所", "nt"),
    ("检察室", "nt"),
    ("法制办", "nt"),
    ("法治办", "nt"),
    ("依法治县办", "nt"),
    ("矛盾调处中心", "nt"),
    ("党群服务中心", "nt"),
    ("便民服务中心", "nt"),
    ("网格员", "n"),
    ("网格管理员", "n"),
    ("网格化", "vn"),
    ("网格化管理", "vn"),
    ("村两委", "j"),
    ("村支两委", "j"),
    ("乡镇", "n"),
    ("乡级", "b"),
    ("镇级", "b"),
    ("村级", "b"),
    ("平安建设", "vn"),
    ("社会治安综合治理", "l"),
    ("乡村振兴", "vn"),
    ("扫黑除恶", "l"),
    ("反电诈", "j"),
    ("安全生产", "vn"),
    # everyday words of government reports that fall below TOP_N (or carry
    # a wrong tag in jieba) and split badly without them
    ("法律法规", "n"),
    ("干部职工", "n"),
    ("领导干部", "n"),
    ("领导小组", "n"),
    ("领导班子", "n"),
    ("班子成员", "n"),
    ("分管领导", "n"),
    ("组长", "n"),
    ("副组长", "n"),
    ("镇长", "n"),
    ("党委书记", "n"),
    ("人大代表", "n"),
    ("政协委员", "n"),
    ("齐抓共管", "l"),
    ("突发事件", "n"),
    ("群体性事件", "n"),
    ("实效性", "n"),
    ("专题会议", "n"),
    ("专题讲座", "n"),
    ("贯彻落实", "v"),
    ("建立健全", "v"),
    ("工作格局", "n"),
]

_WORD_RE = re.compile(r"^\S+$")
_TAG_RE = re.compile(r"^[a-z]+$")


def jieba_dict_path() -> Path:
    """Locate jieba's bundled dict.txt without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("build_dict: jieba is not installed in this Python")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


def read_dict(path: Path) -> dict[str, tuple[int, str]]:
    """Parse a jieba dictionary: one ``word freq tag`` per line."""
    entries: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3:
                raise SystemExit(f"build_dict: {path}:{lineno}: expected 'word freq tag': {line!r}")
            word, freq, tag = parts
            entries[word] = (int(freq), tag)
    return entries


def top_words(entries: dict[str, tuple[int, str]], n: int) -> dict[str, tuple[int, str]]:
    """The n most frequent entries; equal counts are ordered by the word."""
    ranked = sorted(entries.items(), key=lambda item: (-item[1][0], item[0]))
    return dict(ranked[:n])


def add_domain_terms(
    kept: dict[str, tuple[int, str]],
    full: dict[str, tuple[int, str]],
    terms: list[tuple[str, str]],
    floor: int = DOMAIN_FREQ,
) -> dict[str, tuple[int, str]]:
    """Add each domain term at max(jieba's count, floor) with our POS tag."""
    out = dict(kept)
    seen: set[str] = set()
    for word, tag in terms:
        if not _WORD_RE.match(word) or not _TAG_RE.match(tag):
            raise SystemExit(f"build_dict: bad domain term {word!r} {tag!r}")
        if word in seen:
            raise SystemExit(f"build_dict: domain term listed twice: {word}")
        seen.add(word)
        jieba_freq = full.get(word, (0, ""))[0]
        out[word] = (max(jieba_freq, floor), tag)
    return out


def render(entries: dict[str, tuple[int, str]]) -> str:
    """jieba's format, sorted by word (code point order) for stable diffs."""
    return "".join(f"{word} {freq} {tag}\n" for word, (freq, tag) in sorted(entries.items()))


def build(source: Path, top: int) -> str:
    full = read_dict(source)
    return render(add_domain_terms(top_words(full, top), full, DOMAIN_TERMS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=TOP_N, help=f"words kept from jieba (default {TOP_N})")
    parser.add_argument("--source", type=Path, default=None, help="jieba dict.txt (default: the installed one)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="file to write")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the output is stale")
    args = parser.parse_args(argv)

    text = build(args.source or jieba_dict_path(), args.top)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is stale: run tools/build_dict.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # newline="\n": the same bytes on every platform.
    with args.output.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"wrote {args.output}: {text.count(chr(10))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
