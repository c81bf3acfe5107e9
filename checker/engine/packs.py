"""Load YAML rule packs into Rules: safe YAML only, `extends`, and a schema check that names
the file, line and key of every mistake (PackError; the CLI prints it and exits 2).

Pack shape::

    pack: fazhi-annual-report          # the pack's name
    description: …
    extends: [other-pack]              # optional: built-in pack names or paths relative to this file
    rules:
      - id: FZ101                      # stable forever; letters then digits
        kind: required-section         # a module in checker/kinds/
        category: structure            # one of findings.CATEGORIES
        severity: error                # error | warning | info
        message: 缺少……                 # Chinese, may hold {placeholders} the kind fills (its
                                       # PLACEHOLDERS; checked here, as are the *_message
                                       # options and the entries' messages)
        name: 主要举措和成效            # optional short name
        enabled: true                  # optional; false = only with --select
        explain: {why: …, bad: …, good: …}
        …kind-specific keys (the kind module's OPTIONS)
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import regex
import yaml

from checker import kinds
from checker.model.findings import CATEGORIES, SEVERITIES
from checker.readers.source import FileTooLarge, NotRegularFile, read_regular
from checker.ruleset import context
from checker.ruleset.rule import Opt, Rule
from checker.ruleset.schema import (LineDict, PackError, check_template, convert, lazy_regexes,
                                    parse_group)
from checker.ruleset.schema import pack_error as _err

MAX_PACK_BYTES = 2 * 1024 * 1024
COMMON_KEYS = {"id", "kind", "category", "severity", "message", "name", "explain", "enabled",
               "scope", "unless", "match_on",   # these three: checker.ruleset.context
               "grouping"}                      # checker.ruleset.rule.Group
# kind options that the common keys replaced (checker.ruleset.context): a pack that still uses
# one is told what to write instead
RENAMED_KEYS = {"allow": "unless: {containing: […]}", "skip": "scope: {not: […]}",
                "prose_only": "scope: {not: [bare, title]}", "skip_title": "scope: {not: [title, …]}",
                "not_inside": "unless: {containing: […]}", "exclude_names": "unless: {hit: […]}",
                "skip_context": "unless: {sentence: […]}", "except": "unless: {clause: […]}"}
PACK_KEYS = {"pack", "description", "extends", "rules"}
ID_RE = regex.compile(r"^[A-Z]{1,6}[0-9]{2,5}$")


# libyaml's parser when PyYAML was built with it (10× faster on the shipped packs); the
# constructors stay the safe ones either way.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise PackError(f"{loader.name}:{key_node.start_mark.line + 1}: 键必须是文字") from None
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def builtin_dir():
    """The folder of the built-in packs.  Run from a source checkout (`python -m checker` in the
    repository), they are that checkout's own `rules/`, beside the `checker/` package imported;
    installed, they are the package data `checker.rules`.  Never another checkout's: an editable
    install elsewhere maps `checker.rules` to its own tree, so the import path is not asked
    first."""
    import checker

    package = Path(checker.__file__).resolve().parent
    inside = package / "rules"
    if inside.is_dir():
        return inside                       # an installed wheel: checker/rules/*.yaml
    beside = package.parent / "rules"
    if beside.is_dir() and (package.parent / "pyproject.toml").is_file():
        return beside                       # a source checkout: rules/ next to checker/
    return resources.files("checker.rules")


def builtin_packs() -> list[str]:
    """Paths of the packs shipped with fzlint, in name order."""
    root = builtin_dir()
    return sorted(str(p) for p in root.iterdir() if p.name.endswith((".yaml", ".yml")))


def _parse(path: str) -> LineDict:
    try:
        data = read_regular(path, MAX_PACK_BYTES)[0]
    except FileNotFoundError:
        raise PackError(f"{path}: 规则包文件不存在") from None
    except IsADirectoryError:
        raise PackError(f"{path}: 是文件夹，不是规则包文件") from None
    except NotRegularFile:
        raise PackError(f"{path}: 不是普通文件（管道、设备或套接字），不能作为规则包读取") from None
    except FileTooLarge:
        raise PackError(f"{path}: 规则包过大（超过 {MAX_PACK_BYTES // 1048576} MB）") from None
    except OSError as err:
        raise PackError(f"{path}: 无法读取规则包（{err.strerror or err}）") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackError(f"{path}: 规则包必须是 UTF-8 编码的 YAML") from None
    loader = _Loader(text)
    loader.name = path
    try:
        doc = loader.get_single_data()
    except PackError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        raise PackError(f"{path}:{line}: YAML 语法错误：{err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise PackError(f"{path}: YAML 错误：{str(err).splitlines()[0]}") from None
    except RecursionError:
        raise PackError(f"{path}: YAML 嵌套过深") from None
    finally:
        loader.dispose()
    if not isinstance(doc, dict):
        raise PackError(f"{path}:1: 规则包必须是一个映射（含 pack 与 rules 键）")
    return doc


def _rule(entry, path: str, pack_name: str) -> tuple[Rule, bool]:
    if not isinstance(entry, LineDict):
        raise PackError(f"{path}: rules 的每一项应为映射")
    line = entry.line
    for key in ("id", "kind", "category", "severity", "message"):
        if key not in entry:
            raise _err(path, line, key, "缺少必填键")
    rid = entry["id"]
    if not isinstance(rid, str) or not ID_RE.match(rid):
        raise _err(path, entry.line_of("id"), "id", f"规则编号 {rid!r} 应为大写字母加数字，如 FZ101")
    kind = entry["kind"]
    if not isinstance(kind, str):
        raise _err(path, entry.line_of("kind"), "kind", "应为规则类型的名字（文字）")
    try:
        module = kinds.load(kind)
    except KeyError:
        raise _err(path, entry.line_of("kind"), "kind",
                   f"未知的规则类型 {kind!r}（可用：{', '.join(kinds.available())}）") from None
    if entry["category"] not in CATEGORIES:
        raise _err(path, entry.line_of("category"), "category",
                   f"{entry['category']!r} 不是可用的类别（{', '.join(CATEGORIES)}）")
    if entry["severity"] not in SEVERITIES:
        raise _err(path, entry.line_of("severity"), "severity",
                   f"{entry['severity']!r} 应为 error、warning 或 info")
    for key in ("message", "name"):
        if key in entry and not isinstance(entry[key], str):
            raise _err(path, entry.line_of(key), key, "应为文字")
    if not entry["message"].strip():
        raise _err(path, entry.line_of("message"), "message", "提示信息不能为空")
    placeholders = frozenset(getattr(module, "PLACEHOLDERS", ()))
    check_template(entry["message"], placeholders, path, entry.line_of("message"))
    if "enabled" in entry and not isinstance(entry["enabled"], bool):
        raise _err(path, entry.line_of("enabled"), "enabled", "应为 true 或 false")
    explain = entry.get("explain", {})
    if not isinstance(explain, dict) or not all(isinstance(v, str) for v in explain.values()):
        raise _err(path, entry.line_of("explain"), "explain", "应为映射（why/bad/good: 文字）")
    unknown_explain = set(explain) - {"why", "bad", "good", "note", "fix"}
    if unknown_explain:
        raise _err(path, entry.line_of("explain"), "explain",
                   f"未知的键 {sorted(unknown_explain)[0]}（可用：why, bad, good, note, fix）")
    schema: dict[str, Opt] = getattr(module, "OPTIONS", {})
    options = {}
    for key in entry:
        if key in COMMON_KEYS:
            continue
        if key not in schema and key in RENAMED_KEYS:
            raise _err(path, entry.line_of(key), key, f"已改为通用键 {RENAMED_KEYS[key]}")
        if key not in schema:
            allowed = ", ".join(sorted(schema)) or "无"
            raise _err(path, entry.line_of(key), key, f"规则类型 {kind} 没有这个键（可用：{allowed}）")
        options[key] = convert(entry[key], schema[key], path, entry.line_of(key), key)
    for key, opt in schema.items():
        if key not in options:
            if opt.required:
                raise _err(path, line, key, f"规则类型 {kind} 需要这个键")
            options[key] = (None if opt.default is None
                            else convert(opt.default, opt, path, line, key))
    _check_messages(entry, options, placeholders, path)
    prepare = getattr(module, "prepare", None)
    if prepare:
        try:
            prepare(options)
        except (ValueError, TypeError, regex.error) as err:
            key, _, what = str(err).partition(": ")
            lineno = entry.line_of(key) if key in entry else line
            if getattr(err, "line", None):
                lineno = err.line                # the list item at fault, not its key
            raise _err(path, lineno, key if what else "rule", what or str(err)) from None
    common = _common_keys(entry, module, kind, path)
    return Rule(id=rid, kind=kind, category=entry["category"], severity=entry["severity"],
                message=entry["message"], name=entry.get("name", ""), explain=dict(explain),
                options=options, pack=pack_name, source=f"{path}:{line}",
                **common), entry.get("enabled", True)


def _common_keys(entry, module, kind: str, path: str) -> dict:
    """scope / unless / match_on / grouping of an entry (checker.ruleset), checked."""
    out = {}
    if "scope" in entry:
        out["scope"] = context.parse_scope(entry["scope"], path, entry.line_of("scope"))
    if "unless" in entry:
        out["unless"] = context.parse_unless(entry["unless"], path, entry.line_of("unless"))
    if "grouping" in entry:
        out["grouping"] = parse_group(entry["grouping"], path, entry.line_of("grouping"))
    views = getattr(module, "MATCH_ON", ("raw",))
    if "match_on" in entry:
        view = context.parse_match_on(entry["match_on"], path, entry.line_of("match_on"))
        if view not in views:
            raise _err(path, entry.line_of("match_on"), "match_on",
                       f"规则类型 {kind} 只能在{'、'.join(views)}文字上匹配")
        out["match_on"] = view
    else:
        out["match_on"] = views[0]
    return out


def _check_messages(entry: LineDict, options: dict, placeholders, path: str) -> None:
    """The other message templates of a rule: options named *_message (clash_message,
    body_message …, their defaults too) and the message of each entry of a list option
    (entries of substitution, existence, year-formulation, year-reference)."""
    for key, value in options.items():
        line = entry.line_of(key)
        if key.endswith("_message") and isinstance(value, str):
            check_template(value, placeholders, path, line, key)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("message"), str):
                    where = item.line_of("message") if isinstance(item, LineDict) else line
                    check_template(item["message"], placeholders, path, where)


def _resolve_extends(name: str, base_path: str) -> str:
    if os.sep in name or "/" in name or name.endswith((".yaml", ".yml")):
        cand = name if os.path.isabs(name) else os.path.join(os.path.dirname(base_path), name)
        return cand
    for p in builtin_packs():
        if os.path.splitext(os.path.basename(p))[0] == name:
            return p
    raise PackError(f"{base_path}: extends: 找不到规则包 {name!r}")


def expand(paths: list[str]) -> list[str]:
    """Pack files from files and folders (folders: every *.yaml / *.yml inside, sorted)."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            out.extend(sorted(os.path.join(p, n) for n in os.listdir(p)
                              if n.endswith((".yaml", ".yml"))))
        else:
            out.append(p)
    return out


class RuleSet:
    """All rules of the loaded packs, by id; `enabled` lists those on by default."""

    def __init__(self):
        self.rules: dict[str, Rule] = {}
        self.default_off: set[str] = set()
        self.packs: list[str] = []


_cache: dict[tuple, RuleSet] = {}


def load(paths: list[str] | None = None, builtin: bool = True) -> RuleSet:
    """Load the built-in packs (unless builtin=False) plus extra pack files/folders.
    Cached per process by the paths and their modification times."""
    files = (builtin_packs() if builtin else []) + expand(paths or [])
    key = tuple((os.path.abspath(f), _mtime(f)) for f in files)
    if key in _cache:
        return _cache[key]
    rs = RuleSet()
    seen: set[str] = set()
    stack: list[str] = []
    for f in files:
        _load_file(f, rs, seen, stack)
    _cache[key] = rs
    return rs


def _is_builtin(real: str) -> bool:
    """A pack shipped with fzlint (its patterns are compiled on first use, see
    checker.ruleset.schema.lazy_regexes): one of the files of builtin_dir(), by real path —
    also when a user's pack `extends` it, never a user's copy of it elsewhere."""
    return real in _builtin_reals()


_builtin_real_paths: dict[str, frozenset] = {}


def _builtin_reals() -> frozenset:
    root = str(builtin_dir())
    if root not in _builtin_real_paths:
        _builtin_real_paths[root] = frozenset(os.path.realpath(p) for p in builtin_packs())
    return _builtin_real_paths[root]


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


def _load_file(path: str, rs: RuleSet, seen: set, stack: list):
    real = os.path.realpath(path)
    if real in seen:
        return
    if real in stack:
        raise PackError(f"{path}: extends 形成了循环")
    stack.append(real)
    doc = _parse(path)
    unknown = set(doc) - PACK_KEYS
    if unknown:
        k = sorted(map(str, unknown))[0]
        raise _err(path, doc.line_of(k), k, f"规则包没有这个键（可用：{', '.join(sorted(PACK_KEYS))}）")
    name = doc.get("pack", os.path.splitext(os.path.basename(path))[0])
    if not isinstance(name, str):
        raise _err(path, doc.line_of("pack"), "pack", "应为文字")
    extends = doc.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        raise _err(path, doc.line_of("extends"), "extends", "应为规则包名或路径的列表")
    for parent in extends:
        _load_file(_resolve_extends(parent, path), rs, seen, stack)
    rules = doc.get("rules", [])
    if not isinstance(rules, list):
        raise _err(path, doc.line_of("rules"), "rules", "应为规则列表")
    with lazy_regexes(_is_builtin(real)):
        for entry in rules:
            rule, enabled = _rule(entry, path, name)
            if rule.id in rs.rules:
                raise _err(path, entry.line_of("id"), "id",
                           f"规则编号 {rule.id} 重复（已在 {rs.rules[rule.id].source} 定义）")
            rs.rules[rule.id] = rule
            if not enabled:
                rs.default_off.add(rule.id)
    rs.packs.append(path)
    stack.pop()
    seen.add(real)
