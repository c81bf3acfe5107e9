"""Readers and bad input: encodings, .docx, stdin, and every bad-input class through the real
CLI (one line on stderr, exit 2, input bytes unchanged)."""

import hashlib
import json
import zipfile

import pytest

from checker.readers import InputError, decode_text, read_path
from util import check_file, cli_json, run_cli, seed_path, seed_text


def sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_utf8_bom_and_gb18030_give_the_same_findings(tmp_path):
    text = seed_text("002")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "gb.md").write_bytes(text.encode("gb18030"))
    (tmp_path / "crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    base = [(f.rule, f.start) for f in check_file(seed_path("002")).findings]
    for name in ("bom.txt", "gb.md", "crlf.txt"):
        res = check_file(tmp_path / name)
        assert res.error is None
        assert [(f.rule, f.start) for f in res.findings] == base, name
    assert read_path(str(tmp_path / "gb.md")).encoding == "gb18030"
    assert read_path(str(tmp_path / "bom.txt")).encoding == "utf-8-sig"
    assert read_path(str(tmp_path / "crlf.txt")).newline == "\r\n"


def test_gbk_short_text_detected():
    src = decode_text("x.txt", "马楼乡人民政府关于二〇二四年度法治政府建设情况的报告".encode("gbk"))
    assert src.text.startswith("马楼乡") and src.encoding == "gb18030"


def make_docx(text, path):
    import docx
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(path)


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_docx_from_seed_gives_same_findings_as_txt(seed, tmp_path):
    path = tmp_path / f"{seed}.docx"
    make_docx(seed_text(seed), path)
    txt = json.loads(json.dumps(cli_json(seed_path(seed))))
    dx = cli_json(path)
    strip = lambda d: [(f["rule"], f["line"], f["column"], f["message"]) for f in d["files"][0]["findings"]]
    assert strip(dx) == strip(txt)
    assert strip(txt)  # the seeds do have findings


def test_stdin_is_read(tmp_path):
    proc = run_cli("check", "-", "--format", "json", "--stdin-filename", "draft.txt",
                   input=seed_path("002").read_bytes())
    data = json.loads(proc.stdout)
    assert data["files"][0]["path"] == "draft.txt"
    assert any(f["rule"] == "FZ201" for f in data["files"][0]["findings"])


def test_folder_is_walked_for_drafts_only(tmp_path):
    (tmp_path / "a.txt").write_text(seed_text("000"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(seed_text("001"), encoding="utf-8")
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x03\x04")     # not a draft format (.pdf now is)
    (tmp_path / "~$lock.docx").write_bytes(b"junk")
    data = cli_json(tmp_path)
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in data["files"]) == ["a.txt", "b.md"]


def _bad_inputs(tmp_path):
    cases = {}
    cases["missing"] = (tmp_path / "nope.txt", None)
    p = tmp_path / "binary.txt"; p.write_bytes(bytes(range(256)) * 10); cases["binary"] = (p, p)
    p = tmp_path / "empty.txt"; p.write_bytes(b""); cases["empty"] = (p, p)
    p = tmp_path / "blank.md"; p.write_bytes(b"  \n\n \n"); cases["blank"] = (p, p)
    p = tmp_path / "bad-encoding.txt"; p.write_bytes(b"\xff\xfe\xfd\x81\x30" * 50 + b"\x80\x80\x80"); cases["encoding"] = (p, p)
    p = tmp_path / "notdocx.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not word")
    cases["zip-not-docx"] = (p, p)
    p = tmp_path / "garbage.docx"; p.write_bytes(b"this is not a zip"); cases["garbage-docx"] = (p, p)
    p = tmp_path / "huge.txt"; p.write_bytes(("法治政府建设。" * 200000).encode("utf-8")); cases["huge"] = (p, p)
    return cases


def test_every_bad_input_class_exits_2_with_one_line(tmp_path):
    for name, (path, keep) in _bad_inputs(tmp_path).items():
        before = sha(keep) if keep else None
        proc = run_cli("check", path, "--max-size", "1")
        assert proc.returncode == 2, (name, proc.stdout, proc.stderr)
        err = proc.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("fzlint: 错误："), (name, proc.stderr)
        assert "Traceback" not in proc.stderr + proc.stdout
        if keep:
            assert sha(keep) == before, name


def test_bad_file_among_good_ones_still_reports_the_good_ones(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(seed_text("002"), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    proc = run_cli("check", good, bad, "--format", "json")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["files"][0]["findings"] and "空" in data["files"][1]["error"]
    assert data["summary"]["failed"] == 1


def test_reader_errors_are_input_errors(tmp_path):
    with pytest.raises(InputError):
        decode_text("x", b"\x00\x01\x02binary")
    with pytest.raises(InputError):
        read_path(str(tmp_path))
