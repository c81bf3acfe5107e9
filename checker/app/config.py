"""Find and read the user's settings: `.fzlint.yaml` or `[tool.fzlint]` in `pyproject.toml`,
looked for from the checked file's folder upward (the nearest one wins).

Keys (both files): rules (pack files/folders, relative to the config file), builtin (false =
skip the shipped packs), select, ignore, extend-select, severity ({selector: level}),
per-path-ignores ({glob: [selectors]}, globs relative to the config file), year, fail-on,
index (a cross-draft index, relative to the config file, that the language server compares each
draft with: FZ303 in the editor), exclude (glob patterns of files and folders not to check when a
folder is walked; replaces the default list checker.readers.folders.DEFAULT_EXCLUDE),
extend-exclude (patterns added to it; patterns are relative to the config file's folder),
verdict (the reviewer's pass/return rule of the summary sheet:
{return-on: error|warning|info|never, return-categories: [category…]}).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from checker.readers.source import FileTooLarge, NotRegularFile, read_regular
from checker.errors import OneLineError
from checker.model.findings import SEVERITIES

MAX_CONFIG_BYTES = 1024 * 1024
KEYS = {"rules", "builtin", "select", "ignore", "extend-select", "severity", "per-path-ignores",
        "year", "fail-on", "index", "exclude", "extend-exclude"}
KEYS |= {"verdict"}                  # the summary sheet's pass/return rule (_verdict below)


class ConfigError(OneLineError):
    """A broken config file; one-line message naming the file and key."""


@dataclass(frozen=True)
class Config:
    path: str | None = None          # the file it came from (None: no config found)
    root: str = "."                  # its folder; relative paths and globs are taken from here
    rules: tuple[str, ...] = ()
    builtin: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    year: int | None = None
    fail_on: str | None = None
    index: str | None = None         # a cross-draft index the language server compares with
    exclude: tuple[str, ...] | None = None    # None: the default list (DEFAULT_EXCLUDE)
    extend_exclude: tuple[str, ...] = ()
    # verdict: (return-on level, return-categories) of the summary sheet (checker.reports.sheet)
    verdict: tuple[str, tuple[str, ...]] = ("error", ())


def _strs(value, path, key) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key}: 应为文字列表")
    return tuple(value)


def parse(data: dict, path: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置应为映射（键: 值）")
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{path}: {sorted(map(str, unknown))[0]}: 未知的配置项（可用：{', '.join(sorted(KEYS))}）")
    root = os.path.dirname(os.path.abspath(path))
    kw: dict = {"path": path, "root": root}
    if "rules" in data:
        rules = _strs(data["rules"], path, "rules")
        if not all(p.strip() for p in rules):
            raise ConfigError(f"{path}: rules: 不能有空的路径（应为规则包文件或文件夹）")
        kw["rules"] = tuple(os.path.join(root, p) for p in rules)
    if "builtin" in data:
        if not isinstance(data["builtin"], bool):
            raise ConfigError(f"{path}: builtin: 应为 true 或 false")
        kw["builtin"] = data["builtin"]
    for key in ("select", "ignore", "extend-select"):
        if key in data:
            kw[key.replace("-", "_")] = _strs(data[key], path, key)
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict) or not all(v in SEVERITIES for v in sev.values()):
            raise ConfigError(f"{path}: severity: 应为 {{规则或类别: error|warning|info}}")
        kw["severity"] = tuple((str(k), v) for k, v in sev.items())
    if "per-path-ignores" in data:
        ppi = data["per-path-ignores"]
        if not isinstance(ppi, dict):
            raise ConfigError(f"{path}: per-path-ignores: 应为 {{路径通配符: [规则…]}}")
        kw["per_path_ignores"] = tuple((os.path.join(root, str(k)), _strs(v, path, "per-path-ignores"))
                                       for k, v in ppi.items())
    if "year" in data:
        if not isinstance(data["year"], int) or not 1990 <= data["year"] <= 2100:
            raise ConfigError(f"{path}: year: 应为四位年份")
        kw["year"] = data["year"]
    if "fail-on" in data:
        if data["fail-on"] not in SEVERITIES + ("never",):
            raise ConfigError(f"{path}: fail-on: 应为 error、warning、info 或 never")
        kw["fail_on"] = data["fail-on"]
    for key in ("exclude", "extend-exclude"):
        if key in data:
            globs = _strs(data[key], path, key)
            if not all(g.strip() for g in globs):
                raise ConfigError(f"{path}: {key}: 不能有空的通配符")
            kw[key.replace("-", "_")] = globs
    if "index" in data:
        if not isinstance(data["index"], str) or not data["index"].strip():
            raise ConfigError(f"{path}: index: 应为索引文件的路径（相对于配置文件）")
        kw["index"] = os.path.join(root, data["index"])
    if "verdict" in data:
        kw["verdict"] = _verdict(data["verdict"], path)
    return Config(**kw)


# --- verdict: the reviewer's pass/return rule --------------------------------------------------
VERDICT_KEYS = {"return-on", "return-categories"}


def _verdict(value, path) -> tuple[str, tuple[str, ...]]:
    """verdict: {return-on: error, return-categories: [structure, numbers]}: a draft is returned
    (退回修改) when it has a finding at or above return-on, or any in return-categories."""
    from checker.model.findings import CATEGORIES
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: verdict: 应为 {{return-on: 级别, return-categories: [类别…]}}")
    unknown = set(value) - VERDICT_KEYS
    if unknown:
        raise ConfigError(f"{path}: verdict.{sorted(map(str, unknown))[0]}: 未知的键"
                          f"（可用：{', '.join(sorted(VERDICT_KEYS))}）")
    level = value.get("return-on", "error")
    if level not in SEVERITIES + ("never",):
        raise ConfigError(f"{path}: verdict.return-on: 应为 error、warning、info 或 never")
    cats = _strs(value.get("return-categories", []), path, "verdict.return-categories")
    for c in cats:
        if c not in CATEGORIES:
            raise ConfigError(f"{path}: verdict.return-categories: 未知的类别“{c}”"
                              f"（可用：{', '.join(CATEGORIES)}）")
    return level, cats


def _read_bytes(path: str) -> bytes:
    """The file's bytes, read without blocking (a FIFO given as --config is refused, not
    waited on) and at most MAX_CONFIG_BYTES."""
    try:
        return read_regular(path, MAX_CONFIG_BYTES)[0]
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: 是文件夹，不是配置文件") from None
    except NotRegularFile:
        raise ConfigError(f"{path}: 不是普通文件（管道、设备或套接字），不能作为配置文件读取") from None
    except FileTooLarge:
        raise ConfigError(f"{path}: 配置文件过大（超过 {MAX_CONFIG_BYTES // 1048576} MB）") from None
    except OSError as err:
        raise ConfigError(f"{path}: 无法读取配置（{err.strerror or err}）") from None


def read(path: str) -> Config:
    raw = _read_bytes(path)
    if path.endswith(".toml"):
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"{path}: TOML 错误：{err}") from None
        except RecursionError:
            raise ConfigError(f"{path}: TOML 嵌套过深") from None
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: tool: 应为表（[tool.fzlint] 一节），不是 {type(tool).__name__}")
        section = tool.get("fzlint")
        return parse(section if section is not None else {}, path)
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(f"{path}: YAML 错误：{first}") from None
    except RecursionError:
        raise ConfigError(f"{path}: YAML 嵌套过深") from None
    return parse(data or {}, path)


def _has_tool_section(pyproject: str) -> bool:
    try:
        return b"[tool.fzlint" in read_regular(pyproject, MAX_CONFIG_BYTES)[0]
    except OSError:
        return False


@lru_cache(maxsize=None)
def find(directory: str) -> Config:
    """The nearest config at or above a folder (an empty Config when there is none)."""
    d = os.path.abspath(directory)
    while True:
        for name in (".fzlint.yaml", ".fzlint.yml"):
            cand = os.path.join(d, name)
            if os.path.isfile(cand):
                return read(cand)
        cand = os.path.join(d, "pyproject.toml")
        if os.path.isfile(cand) and _has_tool_section(cand):
            return read(cand)
        parent = os.path.dirname(d)
        if parent == d:
            return Config()
        d = parent


def for_file(path: str) -> Config:
    if path in ("-", "<stdin>"):
        return find(os.getcwd())
    return find(os.path.dirname(os.path.abspath(path)) or ".")
