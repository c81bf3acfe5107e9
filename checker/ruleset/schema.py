"""The option schema of pack entries: the error a broken pack gives (file:line: key: what), the
YAML mapping that remembers its lines, and the conversion of each option value to its declared
type (regexes compiled once here), and the check of message templates.  Used by the pack loader
and by kinds that check their own options in prepare()."""

from __future__ import annotations

import regex

from checker.errors import OneLineError
from checker.ruleset.rule import Opt, template_fields


class PackError(OneLineError):
    """A broken rule pack; str(err) is one line: file:line: key: what is wrong."""


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
    """Check one option value against its declared type; compile regexes."""
    t = opt.type
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


def compile_regex(pattern: str, path: str = "", line: int = 0, key: str = "pattern"):
    try:
        return regex.compile(pattern)
    except (regex.error, OverflowError, RecursionError, ValueError) as err:
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
