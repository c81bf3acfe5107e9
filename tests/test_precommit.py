"""The pre-commit hook, run by the real `pre-commit` tool as a user's repository would use it.

A snapshot of this checkout (its files as they are now, committed to a throwaway repository, much
as `pre-commit try-repo` does for uncommitted work) is named in a `.pre-commit-config.yaml` by path
and revision; pre-commit reads `.pre-commit-hooks.yaml` from it and pip-installs fzlint into its
own environment.  Then, in a second throwaway repository holding drafts, `git commit` runs the
hook: a clean draft commits, a broken .txt draft and a broken .docx draft are refused with their
findings printed.  One test, so the environment is built once (10–45 s, mostly pip).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml

from util import ROOT

CLEAN = """青山镇人民政府关于2024年度法治政府建设情况的报告

中共青山县委、青山县人民政府：
2024年，青山镇在县委、县政府的正确领导下，深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。
一、2024年度推进法治政府建设的主要举措和成效
（一）健全依法决策机制
严格执行《重大行政决策程序暂行条例》，全年作出重大行政决策3项，均经过合法性审查和集体讨论决定。
（二）规范行政执法行为
1.落实行政执法三项制度。在镇政府网站公示执法主体、权限和程序，执法全过程记录。
2.加强执法人员培训。组织执法人员集中培训4次，参训人员全部通过考试。
二、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记、镇长切实履行第一责任人职责，主持召开专题会议4次，研究解决法治建设重大问题。
三、存在的不足和原因
一是部分干部运用法治思维解决问题的能力不强；二是村级法治宣传阵地作用发挥不够。究其原因，主要是学法制度落实不够严格，基层法治工作力量不足。
四、2025年度推进法治政府建设的主要安排
（一）加强法治学习培训
完善领导干部学法制度，每季度至少组织一次集中学法。
（二）提升行政执法水平
严格落实行政执法责任制，开展执法案卷评查。

青山镇人民政府
2025年1月15日
"""

# The clean draft with its second sub-heading renumbered （三）: FZ201 on line 8.
BROKEN = CLEAN.replace("（二）规范行政执法行为", "（三）规范行政执法行为")


def _git(*args, cwd, env):
    # generous: the first commit builds the hook's environment (pip install of fzlint)
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


def _snapshot_of_checkout(dest, env) -> str:
    """This checkout's files as they are now (tracked and new, minus ignored: what the rest of
    the suite imports through the editable install), committed to a repository at dest; returns
    the commit id pre-commit should install."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    assert (dest / ".pre-commit-hooks.yaml").is_file()
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        assert _git(*args, cwd=dest, env=env).returncode == 0
    return _git("rev-parse", "HEAD", cwd=dest, env=env).stdout.strip()


def _docx(path, paragraphs):
    import docx
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(path)


def test_hook_lets_a_clean_draft_commit_and_stops_broken_drafts(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), NO_COLOR="1", PYTHONIOENCODING="utf-8",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid",
               GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path))
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "fzlint"]
    assert hook["entry"].split()[:2] == ["fzlint", "check"]

    tool = tmp_path / "fzlint-snapshot"
    tool.mkdir()
    rev = _snapshot_of_checkout(tool, env)

    repo = tmp_path / "drafts"
    repo.mkdir()
    assert _git("init", "-q", cwd=repo, env=env).returncode == 0
    config = {"repos": [{"repo": str(tool), "rev": rev, "hooks": [{"id": "fzlint"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    proc = subprocess.run([*pre_commit, "install"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # A clean draft commits, along with a file of another type that the hook must not read (it
    # holds the broken text, so reading it would fail the commit), the repository's README.md
    # (not draft-like: left out by the hook's `exclude`), an archive excluded by the drafts'
    # .fzlint.yaml (--force-exclude in the hook's entry) — both holding broken drafts too —,
    # and a cover note, which is no report: one FZ100 note, and the commit passes.
    (repo / "青山镇2024年报告.txt").write_text(CLEAN, encoding="utf-8")
    (repo / "摘录.csv").write_text(BROKEN, encoding="utf-8")
    (repo / "README.md").write_text(BROKEN, encoding="utf-8")
    (repo / "归档").mkdir()
    (repo / "归档" / "2023年报告.txt").write_text(BROKEN, encoding="utf-8")
    (repo / ".fzlint.yaml").write_text("extend-exclude: [归档]\n", encoding="utf-8")
    (repo / "报送说明.txt").write_text("关于报送年度报告的说明\n\n县司法局：\n现将我镇报告报送，请审阅。\n",
                                   encoding="utf-8")
    _git("add", ".", cwd=repo, env=env)
    proc = _git("commit", "-m", "清洁稿", cwd=repo, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "fzlint" in out and "Passed" in out
    assert "FZ201" not in out

    # Broken drafts, plain text and Word, are refused; the findings name file, line and rule.
    (repo / "青山镇2024年报告.txt").write_text(BROKEN, encoding="utf-8")
    _docx(repo / "二稿.docx", BROKEN.split("\n"))
    _git("add", ".", cwd=repo, env=env)
    proc = _git("commit", "-m", "二稿", cwd=repo, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Failed" in out
    assert "青山镇2024年报告.txt:8:1: FZ201 错误" in out
    assert "二稿.docx 第 8 段: FZ201 错误" in out     # Word shows no line numbers
    assert "（三）规范行政执法行为" in out  # the line itself is shown
    log = _git("log", "--format=%s", cwd=repo, env=env).stdout.split()
    assert log == ["清洁稿"]  # the broken drafts were not committed
