"""Runner: from paths to FileResults.  Walks folders, reads each draft, finds its config, picks
the rules (packs + config + command-line choices) and runs the engine.  Shared by the CLI and
any other front end (editor integrations), so they all check the same way."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from checker.app import config as config_mod
from checker.engine import packs
from checker.model.document import Document
from checker.engine.apply import Engine, RuleError, choose
from checker.model.findings import FileResult
from checker.readers import MAX_BYTES, InputError, Source, prepare, read_path, read_stdin, walk


@dataclass
class Options:
    """Choices made on the command line; they win over the config file."""
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)       # extra pack files/folders
    year: int | None = None
    max_bytes: int = MAX_BYTES
    follow_symlinks: bool = False
    use_config: bool = True
    config_file: str | None = None
    grouping: bool = True      # False: every hit its own finding (the common key `grouping` off)


class Runner:
    def __init__(self, opts: Options | None = None, warn=None):
        self.opts = opts or Options()
        self.skipped: list[tuple[str, str]] = []   # (file, why) of files in folders not checked
        self.warn = warn or (lambda msg: None)
        self._engines: dict = {}
        self._fixed_config = (config_mod.read(self.opts.config_file)
                              if self.opts.config_file else None)

    # --- which files -------------------------------------------------------------------
    def expand(self, paths: list[str]) -> list[str]:
        """Files to check: explicit paths as given, folders walked for drafts."""
        out: list[str] = []
        for p in paths:
            if p != "-" and os.path.isdir(p):
                said: list[str] = []       # what was skipped, and why, in this folder

                def note(msg: str) -> None:
                    said.append(msg)
                    self.warn(msg)
                found = [f for f in walk(p, self.opts.follow_symlinks, note,
                                         on_skip=lambda f, why: self.skipped.append((f, why)))
                         if self._readable(f, note)]
                if not found and not said:
                    self.warn(f"{p}: 文件夹中没有草稿（.txt/.md/.docx/.doc/.wps/.odt/.rtf/.pdf）")
                out.extend(found)
            else:
                out.append(p)
        prepare(out)            # files read through LibreOffice: converted in one start
        return out

    def _readable(self, path: str, warn=None) -> bool:
        """A file found in a folder is checked only if it is a regular file we may read;
        a dangling link, a pipe, a device or a file without permission is skipped with a
        warning (a pipe would block the whole run)."""
        warn = warn or self.warn
        try:
            st = os.stat(path)
        except OSError:
            warn(f"{path}: 无法访问（链接指向的文件不存在或没有权限），已跳过")
            return False
        if not stat.S_ISREG(st.st_mode):
            warn(f"{path}: 不是普通文件，已跳过")
            return False
        if not os.access(path, os.R_OK):
            warn(f"{path}: 没有读取权限，已跳过")
            return False
        return True

    # --- which rules ----------------------------------------------------------------------
    def config_for(self, path: str) -> config_mod.Config:
        if self._fixed_config is not None:
            return self._fixed_config
        if not self.opts.use_config:
            return config_mod.Config()
        return config_mod.for_file(path)

    def engine_for(self, cfg: config_mod.Config) -> Engine:
        key = cfg.path
        if key not in self._engines:
            ruleset = packs.load(list(cfg.rules) + list(self.opts.rules), builtin=cfg.builtin)
            select = self.opts.select if self.opts.select is not None else (list(cfg.select) or None)
            rules = choose(ruleset.rules, ruleset.default_off, select=select,
                           ignore=list(cfg.ignore) + list(self.opts.ignore),
                           extend_select=list(cfg.extend_select) + list(self.opts.extend_select),
                           severity=dict(cfg.severity))
            self._warn_unknown(ruleset, [select or [], cfg.ignore, self.opts.ignore,
                                         cfg.extend_select, self.opts.extend_select])
            self._engines[key] = Engine(rules, grouping=self.opts.grouping)
        return self._engines[key]

    def _warn_unknown(self, ruleset: packs.RuleSet, selector_lists) -> None:
        from checker.engine.apply import selector_matches
        for sel in {s for lst in selector_lists for s in lst}:
            if not any(selector_matches(sel, r) for r in ruleset.rules.values()):
                self.warn(f"“{sel}”没有匹配任何规则（fzlint rules 列出全部规则）")

    def ruleset(self) -> packs.RuleSet:
        cfg = self.config_for(os.path.join(os.getcwd(), "x"))
        return packs.load(list(cfg.rules) + list(self.opts.rules), builtin=cfg.builtin)

    # --- checking -------------------------------------------------------------------------
    def read(self, path: str, stdin=None, stdin_name: str = "<stdin>") -> Source:
        """A draft's text: "-" is standard input; a .docx, file or stdin, goes through the
        readers' one Word-package guard (checker.readers.docx.check_package)."""
        if path == "-":
            return read_stdin(stdin, stdin_name, self.opts.max_bytes)
        return read_path(path, self.opts.max_bytes)

    def check_source(self, src: Source) -> FileResult:
        cfg = self.config_for(src.path)
        year = self.opts.year or cfg.year
        doc = Document(src.text, src.path, src.format, year=year)
        doc.source = src
        engine = self.engine_for(cfg)
        per_path = {pat: list(sel) for pat, sel in cfg.per_path_ignores}
        findings = engine.check(doc, per_path, os.path.abspath(src.path))
        return FileResult(src.path, findings, doc)

    def check_path(self, path: str, stdin=None, stdin_name: str = "<stdin>") -> FileResult:
        """Check one file; input problems become FileResult.error (rule errors too).  A bug
        met on one file (an exception from a rule kind) fails that file only, so a batch of
        drafts still reports the others; FZLINT_DEBUG=1 lets it through with its traceback."""
        name = path if path != "-" else stdin_name
        try:
            src = self.read(path, stdin, stdin_name)
            return self.check_source(src)
        except (InputError, RuleError) as err:
            return FileResult(name, error=str(err))
        except Exception as err:
            if os.environ.get("FZLINT_DEBUG"):
                raise
            return FileResult(name, error=f"{name}: 检查时出现内部错误（{type(err).__name__}: "
                                          f"{' '.join(str(err).split())[:200]}），请报告此问题")

    def check_text(self, text: str, path: str) -> FileResult:
        return self.check_source(Source(path, text, "text", "utf-8"))
