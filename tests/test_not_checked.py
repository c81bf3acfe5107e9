"""A checked folder never drops a file silently: files of other types are listed as not checked,
with the reason, in the text summary, JSON (`not_checked`) and the HTML page; Office lock files
and hidden files are skipped without a word; a picture named .docx is a draft that cannot be
read, with its reason."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from util import run_cli, seed_text


def _folder(tmp_path):
    folder = tmp_path / "本轮草稿"
    folder.mkdir()
    (folder / "青山镇.txt").write_text(seed_text("002"), encoding="utf-8")
    (folder / "统计表.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    (folder / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 40)
    (folder / "~$青山镇.docx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "图片.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    return folder


def test_json_lists_the_files_not_checked(tmp_path):
    folder = _folder(tmp_path)
    proc = run_cli("check", "--no-config", "--format", "json", folder)
    data = json.loads(proc.stdout)
    got = {e["path"].rsplit("/", 1)[-1]: e["reason"] for e in data["not_checked"]}
    assert set(got) == {"统计表.xlsx", "照片.jpg"}
    assert all(got.values())
    files = {e["path"].rsplit("/", 1)[-1]: e for e in data["files"]}
    assert set(files) == {"青山镇.txt", "图片.docx"}
    assert "PNG" in files["图片.docx"]["error"]


def test_text_output_names_every_file_it_did_not_check(tmp_path):
    folder = _folder(tmp_path)
    proc = run_cli("check", "--no-config", folder)
    assert "未检查 2 个文件（不是草稿格式）：" in proc.stdout
    assert "统计表.xlsx：" in proc.stdout and "照片.jpg：" in proc.stdout
    assert "~$" not in proc.stdout + proc.stderr and ".DS_Store" not in proc.stdout + proc.stderr


def test_html_has_a_section_of_files_not_checked(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "r.html"
    run_cli("check", "--no-config", "--format", "html", "-o", out, folder)
    dom = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    (sec,) = dom.cssselect("#not-checked")
    names = sorted(li.cssselect(".path")[0].text_content().rsplit("/", 1)[-1]
                   for li in sec.cssselect("li"))
    assert names == ["照片.jpg", "统计表.xlsx"]
