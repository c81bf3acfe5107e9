"""The option schema of pack entries: the error a broken pack gives (file:line: key: what), the
YAML mapping that remembers its lines, and the conversion of each option value to its declared
type (regexes compiled once here), and the check of message templates.  Used by the pack loader
and by kinds that check their own options in prepare()."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

import regex

from checker.errors import OneLineError
from checker.ruleset.rule import GROUP_BY, GROUP_FIELDS, Group, Opt, template_fields


class PackError(OneLineError):
    """A broken rule pack; str(err) is one line: file:line: key: what is wrong."""


class OptionError(ValueError):
    """A kind's prepare() refusing an option: "key: what", and the YAML line of the item at
    fault when it knows it (an entry in a list), so the error names that line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""
    line = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


def pack_error(path: str, line: int, key: str, what: str) -> PackError:
    return PackError(f"{path}:{line}: {key}: {what}")


def convert(value, opt: Opt, path: str, line: int, key: str):
    """Check one option value against its declared type and constraints; compile regexes."""
    out = _convert(value, opt, path, line, key)
    if opt.choices:
        for v in (out if isinstance(out, list) else [out]):
            if v not in opt.choices:
                raise pack_error(path, line, key, f"{v!r} 不是可用的值（可用：{'、'.join(map(str, opt.choices))}）")
    if opt.min is not None or opt.max is not None:
        if isinstance(out, (int, float)) and not isinstance(out, bool):
            if (opt.min is not None and out < opt.min) or (opt.max is not None and out > opt.max):
                raise pack_error(path, line, key, f"应在 {_num(opt.min)} 到 {_num(opt.max)} 之间")
    if opt.groups and out is not None:
        for rx in (out if isinstance(out, list) else [out]):
            missing = [g for g in opt.groups if g not in rx.groupindex]
            if missing:
                raise pack_error(path, line, key,
                                 f"正则须有命名组 {'、'.join(missing)}（如 (?P<{missing[0]}>…)）")
    return out


def _num(x) -> str:
    return "∞" if x is None else f"{x:g}"


def _records(value, opt: Opt, path: str, line: int, key: str) -> list[dict]:
    """A list of records, each field checked against opt.fields, errors on the record's line."""
    if not isinstance(value, list):
        raise pack_error(path, line, key, "应为列表，每项是一个映射")
    out = []
    for i, item in enumerate(value, 1):
        at = getattr(item, "line", line) or line
        if not isinstance(item, dict):
            raise pack_error(path, at, key, f"第{i}项应为映射")
        unknown = sorted(set(map(str, item)) - set(opt.fields))
        if unknown:
            raise pack_error(path, at, key, f"第{i}项有未知的键 {unknown[0]}（可用：{', '.join(opt.fields)}）")
        rec = {}
        for name, field_opt in opt.fields.items():
            field_line = item.line_of(name) if isinstance(item, LineDict) else at
            if name in item:
                rec[name] = convert(item[name], field_opt, path, field_line, f"{key}.{name}")
            elif field_opt.required:
                raise pack_error(path, at, key, f"第{i}项缺少 {name}")
            else:
                rec[name] = field_opt.default
        out.append(rec)
    return out


def _convert(value, opt: Opt, path: str, line: int, key: str):
    t = opt.type
    if t == "records":
        return _records(value, opt, path, line, key)
    if t == "any":
        return value
    if t == "str":
        if not isinstance(value, str):
            raise pack_error(path, line, key, "应为文字")
        return value
    if t == "strs":
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise pack_error(path, line, key, "应为文字或文字列表")
        return list(value)
    if t == "strlists":
        if not isinstance(value, list) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value):
            raise pack_error(path, line, key, "应为文字列表的列表，如 [[场, 场次]]")
        return [list(v) for v in value]
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise pack_error(path, line, key, "应为整数")
        return value
    if t == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise pack_error(path, line, key, "应为数字")
        return value
    if t == "bool":
        if not isinstance(value, bool):
            raise pack_error(path, line, key, "应为 true 或 false")
        return value
    if t == "regex":
        if not isinstance(value, str):
            raise pack_error(path, line, key, "应为正则表达式文字")
        return compile_regex(value, path, line, key)
    if t == "regexes":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise pack_error(path, line, key, "应为正则表达式或其列表")
        return [compile_regex(v, path, line, key) for v in values]
    if t == "map":
        if not isinstance(value, dict):
            raise pack_error(path, line, key, "应为映射（键: 值）")
        return value
    if t == "list":
        if not isinstance(value, list):
            raise pack_error(path, line, key, "应为列表")
        return value
    raise pack_error(path, line, key, f"未知的选项类型 {t}")


# --- regexes: compiled at load (user packs) or on first use (fzlint's own packs) ---------------

REGEX_ERRORS = (regex.error, OverflowError, RecursionError, ValueError)
_lazy: ContextVar[bool] = ContextVar("fzlint_lazy_regex", default=False)


@contextmanager
def lazy_regexes(on: bool = True):
    """Inside this block, compile_regex (and the word-list entries' patterns) return a
    LazyRegex: compiled on first use, not now.  The pack loader turns it on for the packs
    shipped with fzlint only — their ~560 patterns are reviewed and tested (tests compile every
    one), and compiling them all took about half of a cold start, though a draft's check uses
    a fraction of them.  A user's pack is compiled, and so checked, while it is loaded: a bad
    pattern is one line naming its file and line, exit 2, before any draft is read."""
    token = _lazy.set(on)
    try:
        yield
    finally:
        _lazy.reset(token)


class LazyRegex:
    """A `regex` pattern compiled on first use.  Stands for the compiled pattern wherever a
    rule's options hold one: ``.pattern`` without compiling; every other attribute
    (``finditer``, ``search``, ``groupindex``, ``sub`` …) compiles it once and answers from the
    compiled pattern.  Pickles as its text (a worker process compiles it when it needs it);
    equal to an equal LazyRegex or compiled pattern."""

    __slots__ = ("pattern", "_rx")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._rx = None

    def compiled(self):
        rx = self._rx
        if rx is None:
            rx = self._rx = regex.compile(self.pattern)
        return rx

    @property
    def is_compiled(self) -> bool:
        return self._rx is not None

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self):
        return (LazyRegex, (self.pattern,))

    def __eq__(self, other):
        if isinstance(other, LazyRegex):
            return self.pattern == other.pattern
        return self.compiled() == other

    def __hash__(self):
        return hash(self.compiled())

    def __repr__(self):
        return f"LazyRegex({self.pattern!r})"


def new_regex(pattern: str):
    """The pattern compiled now, or a LazyRegex inside lazy_regexes().  Raises what
    regex.compile raises (REGEX_ERRORS) for a bad pattern compiled now."""
    if _lazy.get():
        return LazyRegex(pattern)
    return regex.compile(pattern)


def compile_regex(pattern: str, path: str = "", line: int = 0, key: str = "pattern"):
    try:
        return new_regex(pattern)
    except REGEX_ERRORS as err:
        raise pack_error(path, line, key, f"正则表达式无效（{err}）") from None


def check_template(text: str, allowed, path: str, line: int, key: str = "message") -> None:
    """A message template may hold only {name} placeholders that the rule's kind fills
    (``allowed``, the kind's PLACEHOLDERS), and {{ }} for braces.  Positional fields ({0}, {}),
    attributes and indexes ({found.x}, {found[0]}), conversions (!r) and format specs (:>9)
    are refused: a spec like {found:>2000000000} would build a huge string at run time."""
    fields = template_fields(text)
    if fields is None:
        raise pack_error(path, line, key, "花括号不成对（要写花括号本身，请写成 {{ 或 }}）")
    names = ", ".join(sorted(allowed)) or "无"
    for name, spec, conversion in fields:
        shown = ("{" + name + ("!" + conversion if conversion is not None else "")
                 + (":" + spec if spec else "") + "}")
        if name == "" or name.isdigit():
            raise pack_error(path, line, key, f"不能用位置占位符 {shown}，占位符要写名字"
                                              f"（可用：{names}）")
        if not name.isidentifier():
            raise pack_error(path, line, key, f"占位符 {shown} 只能是一个名字（可用：{names}）")
        if conversion is not None:
            raise pack_error(path, line, key, f"占位符 {shown} 不能带转换（!r、!s、!a），"
                                              f"请只写 {{{name}}}")
        if spec:
            raise pack_error(path, line, key, f"占位符 {shown} 不能带格式说明（冒号及其后），"
                                              f"请只写 {{{name}}}")
        if name not in allowed:
            raise pack_error(path, line, key, f"未知的占位符 {shown}（可用：{names}）")


# --- description and JSON Schema, from the same declarations ---------------------------------

_JSON_TYPES = {
    "str": {"type": "string"},
    "strs": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    "strlists": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "regex": {"type": "string", "format": "regex"},
    "regexes": {"anyOf": [{"type": "string", "format": "regex"},
                          {"type": "array", "items": {"type": "string", "format": "regex"}}]},
    "map": {"type": "object"},
    "list": {"type": "array"},
    "any": {},
}
_TYPE_ZH = {"str": "文字", "strs": "文字或文字列表", "strlists": "文字列表的列表", "int": "整数",
            "number": "数字", "bool": "true/false", "regex": "正则", "regexes": "正则或正则列表",
            "map": "映射", "list": "列表", "records": "映射的列表", "any": "任意"}


def describe(key: str, opt: Opt) -> str:
    """One line for `fzlint explain`: key（type, constraints, default）：help."""
    bits = [_TYPE_ZH.get(opt.type, opt.type)]
    if opt.choices:
        bits.append("可选 " + "/".join(map(str, opt.choices)))
    if opt.min is not None or opt.max is not None:
        bits.append(f"{_num(opt.min)}–{_num(opt.max)}")
    if opt.groups:
        bits.append("命名组 " + "、".join(opt.groups))
    if opt.fields:
        bits.append("每项：" + "、".join(opt.fields))
    if opt.required:
        bits.append("必填")
    elif opt.default not in (None, [], {}, ""):
        shown = str(opt.default if not hasattr(opt.default, "pattern") else opt.default.pattern)
        bits.append("默认 " + (shown if len(shown) <= 30 else shown[:29] + "…"))
    return f"{key}（{'，'.join(bits)}）" + (f"：{opt.help}" if opt.help else "")


def json_type(opt: Opt) -> dict:
    """The JSON Schema of one option."""
    if opt.type == "records":
        return {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "properties": {k: json_type(o) for k, o in (opt.fields or {}).items()},
            "required": [k for k, o in (opt.fields or {}).items() if o.required]}}
    out = dict(_JSON_TYPES.get(opt.type, {}))
    if opt.choices:
        out = {"enum": list(opt.choices)}
    if opt.min is not None:
        out["minimum"] = opt.min
    if opt.max is not None:
        out["maximum"] = opt.max
    if opt.help:
        out["description"] = opt.help
    return out


def parse_group(value, path: str, line: int) -> Group:
    """The common key `grouping`: `paragraph`, `document`, or {by, name, message} (rule.Group)."""
    if isinstance(value, str):
        value = {"by": value}
    if not isinstance(value, dict):
        raise pack_error(path, line, "grouping", "应为 paragraph、document 或 {by: …, name: …, message: …}")
    unknown = sorted(set(map(str, value)) - {"by", "name", "message"})
    if unknown:
        raise pack_error(path, line, "grouping", f"不认识的键 {'、'.join(unknown)}（可用：by、name、message）")
    by = value.get("by", "paragraph")
    if by not in GROUP_BY:
        raise pack_error(path, line, "grouping", f"by 应为 {' 或 '.join(GROUP_BY)}，不是 {by!r}")
    name, message = value.get("name", ""), value.get("message", "")
    for key, v in (("name", name), ("message", message)):
        if not isinstance(v, str):
            raise pack_error(path, line, "grouping", f"{key} 应为文字")
    if message:
        check_template(message, GROUP_FIELDS, path, line, "grouping.message")
    return Group(by=by, name=name, message=message)
