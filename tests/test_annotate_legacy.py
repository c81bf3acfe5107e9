"""--annotate on Word 97 (.doc), WPS (.wps: a Word 97 file), OpenDocument and RTF drafts: the
annotated copy is a .docx — the one LibreOffice made of the draft when it was read (so the
draft's formatting is kept), with one comment per finding; the original is never written."""

from __future__ import annotations

import hashlib
import json

import docx
import pytest

import office
import office_files as of
from util import run_cli, seed_text


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    try:
        soffice = office.ensure_libreoffice()
    except office.OfficeUnavailable as err:
        pytest.fail(f"LibreOffice is needed for these tests: {err}")
    src = tmp_path_factory.mktemp("src")
    d = docx.Document()
    for i, line in enumerate(seed_text("004").split("\n")):
        p = d.add_paragraph()
        run = p.add_run(line)
        run.bold = i == 0                 # the title in bold: formatting the copy must keep
    d.save(src / "报告.docx")
    out = tmp_path_factory.mktemp("legacy")
    made = {}
    for fmt, ext in (('doc:MS Word 97', "doc"), ("odt", "odt"), ("rtf", "rtf")):
        path = of.convert(soffice, [src / "报告.docx"], fmt, out / ext)[0]
        made[ext] = path
    wps = made["doc"].with_name("报告.wps")
    wps.write_bytes(made["doc"].read_bytes())
    made["wps"] = wps
    return made


@pytest.mark.parametrize("ext", ["doc", "wps", "odt", "rtf"])
def test_the_copy_of_a_legacy_draft_is_its_docx_with_every_finding(legacy, ext):
    path = legacy[ext]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    found = json.loads(run_cli("check", "--no-config", "-f", "json", path,
                               timeout=300).stdout)["files"][0]["findings"]
    assert found
    proc = run_cli("check", "--no-config", "--annotate", path, timeout=300)
    assert proc.returncode == 1, proc.stderr
    copy = path.with_name("报告.fzlint.docx")
    assert f"已生成批注副本 {copy}" in proc.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    d = docx.Document(str(copy))
    mine = [c for c in d.comments if c.author == "fzlint"]
    assert len(mine) == len(found)
    # LibreOffice's .docx of the draft, not a text rebuild: the bold title is still bold
    title = next(p for p in d.paragraphs if p.text.strip())
    assert any(r.bold for r in title.runs), [(r.text, r.bold) for r in title.runs]
