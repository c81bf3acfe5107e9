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
from checker.readers import (MAX_BYTES, MAX_TEXT, InputError, Source, prepare, read_path,
                             read_stdin, text_limit, walk)
from checker.readers.folders import DEFAULT_EXCLUDE, Exclude

NOT_REPORT_KIND = "not-report"   # a file it reports on is not checked as a report


@dataclass
class Options:
    """Choices made on the command line; they win over the config file."""
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)       # extra pack files/folders
    year: int | None = None
    max_bytes: int = MAX_BYTES
    max_text: int = MAX_TEXT                             # bytes of text read from a draft
    follow_symlinks: bool = False
    use_config: bool = True
    config_file: str | None = None
    exclude: list[str] | None = None      # --exclude: replaces the config's `exclude`
    extend_exclude: list[str] = field(default_factory=list)   # --extend-exclude
    force_exclude: bool = False           # exclude files named on the command line too
    grouping: bool = True      # False: every hit its own finding (the common key `grouping` off)


class Runner:
    def __init__(self, opts: Options | None = None, warn=None):
        self.opts = opts or Options()
        self.skipped: list[tuple[str, str]] = []   # (file, why) of files in folders not checked
        self.excluded: list[str] = []    # files named on the command line left out (--force-exclude)
        self.warn = warn or (lambda msg: None)
        self._engines: dict = {}
        self._gates: dict = {}     # per config: the not-report rule (FZ100), run first
        self._fixed_config = (config_mod.read(self.opts.config_file)
                              if self.opts.config_file else None)

    # --- which files -------------------------------------------------------------------
    def exclude_for(self, cfg: config_mod.Config) -> Exclude:
        """What to leave out under a config: its `exclude` (or the default list; --exclude
        replaces both), then its `extend-exclude` and --extend-exclude.  Config patterns are
        relative to the config file's folder, command-line ones to the current folder."""
        root = cfg.root if cfg.path else os.getcwd()
        if self.opts.exclude is not None:
            base = Exclude.of(self.opts.exclude, os.getcwd())
        else:
            base = Exclude.of(cfg.exclude if cfg.exclude is not None else DEFAULT_EXCLUDE, root)
        return (base + Exclude.of(cfg.extend_exclude, root)
                + Exclude.of(self.opts.extend_exclude, os.getcwd()))

    def expand(self, paths: list[str]) -> list[str]:
        """Files to check: explicit paths as given (unless --force-exclude and excluded),
        folders walked for drafts, leaving out what `exclude` matches."""
        out: list[str] = []
        for p in paths:
            if p != "-" and not os.path.isdir(p) and self.opts.force_exclude:
                if self.exclude_for(self.config_for(p)).matches(p):
                    self.excluded.append(p)
                    continue
            if p != "-" and os.path.isdir(p):
                exclude = self.exclude_for(self.config_for(os.path.join(p, "_")))
                if self.opts.force_exclude and exclude.matches(p):
                    self.excluded.append(p)
                    continue
                said: list[str] = []       # what was skipped, and why, in this folder

                def note(msg: str) -> None:
                    said.append(msg)
                    self.warn(msg)
                found = [f for f in walk(p, self.opts.follow_symlinks, note,
                                         on_skip=lambda f, why: self.skipped.append((f, why)),
                                         exclude=exclude)
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
            gate = [r for r in rules if r.kind == NOT_REPORT_KIND]
            self._engines[key] = Engine([r for r in rules if r.kind != NOT_REPORT_KIND],
                                        grouping=self.opts.grouping)
            self._gates[key] = Engine(gate)
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
            return read_stdin(stdin, stdin_name, self.opts.max_bytes, self.opts.max_text)
        return read_path(path, self.opts.max_bytes, self.opts.max_text)

    def check_source(self, src: Source) -> FileResult:
        text_limit(src, self.opts.max_text)   # every way in (--fix and --annotate read their own)
        cfg = self.config_for(src.path)
        year = self.opts.year or cfg.year
        doc = Document(src.text, src.path, src.format, year=year)
        doc.source = src
        engine = self.engine_for(cfg)
        per_path = {pat: list(sel) for pat, sel in cfg.per_path_ignores}
        gate = self._gates[cfg.path]
        if gate.rules:     # a cover note or a README: one finding, no report rules
            findings = gate.check(doc, per_path, os.path.abspath(src.path))
            if findings:
                return FileResult(src.path, findings, doc)
        findings = engine.check(doc, per_path, os.path.abspath(src.path))
        return FileResult(src.path, findings, doc, suppressed=getattr(doc, "suppressed", []))

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
