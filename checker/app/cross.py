"""The cross-draft pass of `fzlint check --cross/--against/--index`: index the drafts to compare
with (the corpus), then let the engine run the cross-draft rules of each checked draft against
the others (Engine.check_others).  The corpus only stores and searches; which rules run and how
their findings are filtered is the engine's, as for every rule."""

from __future__ import annotations

import os
import sqlite3

from checker.app.parallel import lighten
from checker.corpus.index import Corpus, CorpusError
from checker.engine.apply import sort_findings
from checker.model.document import Document
from checker.readers import InputError


def _inside(path: str, folder: str) -> bool:
    try:
        return path == folder or os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def add_findings(runner, results, cross=(), against=(), index: str | None = None,
                 warn=None) -> None:
    """Index the drafts under --cross (already checked: results) and --against (read here), then
    add each checked draft's cross-draft findings to its FileResult, sorted in place.
    Raises CorpusError for an unusable index file, for `-` and for an --against file named on
    the command line that cannot be read (a file found in an --against folder is skipped with a
    warning instead); --against files are read through the runner (bounded, non-blocking)."""
    warn = warn or (lambda msg: None)
    if "-" in against:
        raise CorpusError("--against 不能读取标准输入（-），请给出往年草稿的文件或文件夹")
    named = {p for p in against if not os.path.isdir(p)}   # files named on the command line
    corpus = Corpus(index)
    try:
        cross_real = [os.path.realpath(p) for p in cross]
        for r in results:   # a file that is no report (FZ100) is neither indexed nor compared
            if r.error or r.doc is None or r.not_report or not os.path.isfile(r.path):
                continue
            real = os.path.realpath(r.path)
            if any(_inside(real, c) for c in cross_real) and not corpus.fresh(real):
                corpus.add(r.doc, real)
                r.doc = lighten(r).doc   # what indexing derived is dropped (rebuilt on demand)
        for path in runner.expand(list(against)):
            real = os.path.realpath(path)
            if corpus.fresh(real):
                continue
            try:
                src = runner.read(path)
            except InputError as err:
                if path in named:   # named by the user: refused like a draft to check (exit 2)
                    raise CorpusError(f"--against {err}") from None
                warn(f"{err}（未参与比对）")
                continue
            corpus.add(Document(src.text, path, src.format), real)
        corpus.commit()
        for r in results:
            if r.error or r.doc is None or r.not_report:
                continue
            cfg = runner.config_for(r.path)
            per_path = {pat: list(sel) for pat, sel in cfg.per_path_ignores}
            real = os.path.realpath(r.path) if os.path.isfile(r.path) else None
            found = runner.engine_for(cfg).check_others(r.doc, corpus.others_than(real), per_path,
                                                       os.path.abspath(r.path))
            if found:
                r.findings[:] = sort_findings(r.findings + found)
            r.doc = lighten(r).doc   # 3,000 drafts held to the end: text and findings only
    except sqlite3.DatabaseError as err:   # read-only folder, full disk, locked by another run
        raise CorpusError(f"{index or '索引'}: 无法读写索引文件（{err}）") from None
    finally:
        try:
            corpus.close()
        except sqlite3.DatabaseError:
            pass
