"""Find and read the user's settings: `.fzlint.yaml` or `[tool.fzlint]` in `pyproject.toml`,
looked for from the checked file's folder upward (the nearest one wins).

Keys (both files): rules (pack files/folders, relative to the config file), builtin (false =
skip the shipped packs), select, ignore, extend-select, severity ({selector: level}),
per-path-ignores ({glob: [selectors]}, globs relative to the config file), year, fail-on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from checker.errors import OneLineError
from checker.model.findings import SEVERITIES

KEYS = {"rules", "builtin", "select", "ignore", "extend-select", "severity", "per-path-ignores",
        "year", "fail-on"}


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
        kw["rules"] = tuple(os.path.join(root, p) for p in _strs(data["rules"], path, "rules"))
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
    return Config(**kw)


def read(path: str) -> Config:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as err:
        raise ConfigError(f"{path}: 无法读取配置（{err.strerror or err}）") from None
    if path.endswith(".toml"):
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"{path}: TOML 错误：{err}") from None
        section = data.get("tool", {}).get("fzlint")
        return parse(section if section is not None else {}, path)
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(f"{path}: YAML 错误：{first}") from None
    return parse(data or {}, path)


def _has_tool_section(pyproject: str) -> bool:
    try:
        with open(pyproject, "rb") as fh:
            return b"[tool.fzlint" in fh.read()
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
